r"""Exponential-time gradient descent: steps of GD and PGD to the octopus's minimum.

Du, Jin, Lee, Jordan, Poczos, Singh (2017), Theorem 4.1: on the octopus
(:class:`~pgdlib.objectives.octopus.Octopus`), gradient descent from uniform starts in
:math:`[-1, 1]^d` meets its :math:`d` saddles one after the other and needs
:math:`e^{\Omega(d)}` steps, perturbed gradient descent polynomially many. This module
counts, for each run, the first step :math:`t` with :math:`f(x_t) \le f_{\min} + 10^{-3}`.

References
----------
S. S. Du, C. Jin, J. D. Lee, M. I. Jordan, B. Poczos, A. Singh, "Gradient Descent Can
Take Exponential Time to Escape Saddle Points", NeurIPS 2017.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pgdlib._validation import MAX_RUNS, MAX_STEPS, check_dims, check_int, check_positive
from pgdlib.algorithms.gd import gd
from pgdlib.algorithms.perturbed import perturbed_gd
from pgdlib.diagnostics.escape import escape_steps, first_step_below
from pgdlib.objectives.octopus import Octopus

__all__ = ["OctopusRace", "octopus_race"]

#: the octopus's minimum counts as reached at :math:`f \le f_{\min} +` this gap
REACHED_GAP = 1e-3


@dataclass(frozen=True)
class OctopusRace:
    r"""Steps of GD and PGD to reach the octopus's minimum, per dimension and seed.

    Attributes
    ----------
    dims : tuple of int
        The dimensions :math:`d`.
    gd_steps, pgd_steps : ndarray of int, shape (len(dims), n_seeds)
        First step with :math:`f(x_t) \le f_{\min} + 10^{-3}`; -1 if not reached within ``steps``.
    gd_subnormal : ndarray of bool, shape (len(dims), n_seeds)
        Whether some coordinate of a GD iterate became a nonzero subnormal float
        (:math:`0 < |x_j| < 2.2\times 10^{-308}`), or exactly zero after starting nonzero.
    steps : int
        The step budget of every run.
    threshold : float
        The epoch decrease threshold :math:`\mathscr F` that PGD used.
    """

    dims: tuple[int, ...]
    gd_steps: NDArray[np.int64]
    pgd_steps: NDArray[np.int64]
    gd_subnormal: NDArray[np.bool_]
    steps: int
    threshold: float


def octopus_race(
    *,
    dims: tuple[int, ...] | list[int] = (2, 3, 4, 5),
    n_seeds: int = 3,
    steps: int = 20000,
    seed: int = 0,
    radius: float = 0.01,
    epoch: int = 20,
    g_thres: float = 0.1,
) -> OctopusRace:
    r"""GD against PGD on the octopus from uniform starts in :math:`[-1, 1]^d`: steps to the minimum.

    Both take the step :math:`\eta = 1/(2\ell)`. GD is :func:`~pgdlib.algorithms.gd.gd`,
    stopped at the target :math:`f_{\min} + 10^{-3}`; PGD is the lecture's rule,
    :func:`~pgdlib.algorithms.perturbed.perturbed_gd`: epochs of ``epoch`` :math:`= T`
    gradient steps, and after an epoch that lowered ``f`` by less than :math:`\mathscr F`
    one jump uniform in the ball of radius ``radius``, with :math:`\mathscr F` set by
    ``g_thres`` (see Notes). Runs stop at ``steps`` steps. Dimension ``dims[k]`` draws
    its starts, and seeds its jumps, with ``seed + k``.

    Parameters
    ----------
    dims : sequence of int
        Dimensions :math:`d \ge 1`.
    n_seeds : int
        Starts per dimension, >= 1.
    steps : int
        Step budget of every run.
    seed : int
        Seed of the first dimension.
    radius : float
        PGD's jump radius :math:`r > 0`.
    epoch : int
        PGD's epoch length :math:`T \ge 1`.
    g_thres : float
        The gradient threshold :math:`g > 0` that sets :math:`\mathscr F`.

    Returns
    -------
    OctopusRace

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    The decrease threshold is the one that a gradient threshold :math:`g` = ``g_thres``
    gives: by the descent lemma each step with :math:`\eta \le 1/\ell` lowers ``f`` by at least
    :math:`\tfrac\eta2\|\nabla f(x_t)\|^2`, so an epoch whose gradients all have norm at
    least :math:`g` lowers it by at least

    .. math:: \mathscr F = \frac{\eta\, T\, g^2}{2},

    and an epoch that lowered it by less passed a point with :math:`\|\nabla f\| < g`.

    References
    ----------
    1. S. S. Du, C. Jin, J. D. Lee, M. I. Jordan, B. Poczos, A. Singh, "Gradient descent can
       take exponential time to escape saddle points", NeurIPS 2017, arXiv:1705.10412.
       Section 4 and Theorem 4.1.
    2. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.2.1, PGD.
    """
    dims = tuple(int(d) for d in check_dims("dims", dims))
    n_seeds = check_int("n_seeds", n_seeds, minimum=1, maximum=MAX_RUNS)
    steps = check_int("steps", steps, minimum=0, maximum=MAX_STEPS)
    seed = check_int("seed", seed)
    radius = check_positive("radius", radius)
    epoch = check_int("epoch", epoch, minimum=1, maximum=MAX_STEPS)
    g_thres = check_positive("g_thres", g_thres)
    tiny = np.finfo(float).tiny
    gd_steps = np.full((len(dims), n_seeds), -1, dtype=np.int64)
    pgd_steps = np.full((len(dims), n_seeds), -1, dtype=np.int64)
    sub = np.zeros((len(dims), n_seeds), dtype=bool)
    threshold = float("nan")
    for k, d in enumerate(dims):
        f = Octopus(d)
        x0 = np.random.default_rng(seed + k).uniform(-1.0, 1.0, (n_seeds, d))
        eta = 1.0 / (2.0 * f.smoothness)
        with np.errstate(over="ignore"):
            threshold = float(np.float64(eta) * epoch * (g_thres * g_thres) / 2.0)
        if not np.isfinite(threshold):
            raise ValueError(f"g_thres must keep the threshold eta * epoch * g_thres**2 / 2 finite, "
                             f"got {g_thres}")
        target = f.f_min + REACHED_GAP
        started = x0 != 0

        def underflow(t: int, x: NDArray[np.float64], k: int = k, started=started) -> NDArray[np.bool_]:
            sub[k] |= ((np.abs(x) < tiny) & started).any(axis=1)
            return np.zeros(x.shape[0], dtype=bool)

        gd_run = gd(f, x0, eta=eta, steps=steps, target=target, until=underflow, record="final")
        gd_steps[k] = escape_steps(gd_run)[0]
        run = perturbed_gd(f, x0, eta=eta, radius=radius, epoch=epoch, threshold=threshold, steps=steps,
                           seed=seed + k, record="values")
        pgd_steps[k] = first_step_below(run, target=target)
    return OctopusRace(dims, gd_steps, pgd_steps, sub, steps, threshold)
