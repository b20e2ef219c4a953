"""Noisy gradient descent, Ge, Huang, Jin, Yuan 2015: noise added to every step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import check_choice, check_nonnegative, make_rng
from pgdlib.algorithms._engine import (
    DEFAULT_DIVERGENCE_BOUND,
    RunState,
    StepRule,
    check_common,
    run,
    start_points,
    stop_rules,
)
from pgdlib.algorithms.sampling import sample_sphere
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import RecordMode, Trajectory

__all__ = ["noisy_gd", "NOISE_KINDS"]

NOISE_KINDS = ("sphere", "gaussian")


class NoiseRule(StepRule):
    """Add :math:`-\\eta n_t` to every active run's step."""

    def __init__(self, eta: float, sigma: float, noise: str, rng: np.random.Generator) -> None:
        self.eta, self.sigma, self.noise, self.rng = eta, sigma, noise, rng

    def adjust(self, t: int, state: RunState, candidate: NDArray[np.float64]) -> None:
        n, d = candidate.shape
        if self.noise == "sphere":
            N = sample_sphere(d, self.sigma, size=n, seed=self.rng)
        else:
            N = self.rng.standard_normal((n, d)) * (self.sigma / np.sqrt(d))
        candidate -= self.eta * N


def noisy_gd(
    f: Objective,
    x0: ArrayLike,
    *,
    eta: float,
    sigma: float,
    steps: int,
    seed: int | np.random.Generator,
    target: float | None = None,
    until: Callable | None = None,
    noise: Literal["sphere", "gaussian"] = "sphere",
    record: RecordMode = "all",
    divergence_bound: float = DEFAULT_DIVERGENCE_BOUND,
) -> Trajectory:
    r"""Noisy gradient descent :math:`x_{t+1} = x_t - \eta(\nabla f(x_t) + n_t)`.

    Parameters
    ----------
    f : Objective
        The function to minimise.
    x0 : array_like, shape (d,) or (n, d)
        Start, or ``n`` starts run together (each draws its own noise).
    eta : float
        Step size, > 0.
    sigma : float
        Noise size :math:`\sigma \ge 0` (``0`` gives plain gradient descent).
    steps : int
        Number of steps, >= 0.
    seed : int or numpy.random.Generator
        Source of the noise.
    noise : {'sphere', 'gaussian'}, default 'sphere'
        Noise distribution, see Notes.
    target : float, optional
        Stop a run at the first step ``t`` with :math:`f(x_t) \le` ``target`` (status
        ``TARGET``); see :func:`~pgdlib.algorithms.gd.gd`.
    until : callable, optional
        ``until(t, x) -> bool`` or a bool array of shape ``(n,)``: stop the runs for which
        it is true at step ``t`` (status ``STOPPED``); see :func:`~pgdlib.algorithms.gd.gd`.
        A stopped run draws nothing more, so in a batch (one stream) the later draws of
        the other runs differ from those of a batch run without the stop condition.
    record : {'all', 'values', 'final'} or int, default 'all'
        What to keep; see :class:`~pgdlib.trajectory.Recorder`.
    divergence_bound : float, default 1e10
        A run whose next iterate is not finite or has norm above this bound stops
        at the last finite iterate with stop reason ``'diverged'``.

    Returns
    -------
    Trajectory

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    Ge et al. 2015, Algorithm 1, with an exact gradient: fresh noise at *every*
    step, where the lecture's PGD and Jin et al. 2017 (Algorithm 2) perturb only when
    progress stalls. A comparator for them.

    Noise :math:`n_t`, independent across steps and runs:

    * ``'sphere'`` (default, as in Ge et al.): uniform on the sphere of radius
      :math:`\sigma`, so :math:`\|n_t\| = \sigma`;
    * ``'gaussian'``: :math:`N(0, \tfrac{\sigma^2}{d} I_d)`, scaled so that
      :math:`E\|n_t\|^2 = \sigma^2` as for the sphere.

    No step is a jump, so ``perturbation_steps`` is empty: every step is noisy.

    References
    ----------
    1. R. Ge, F. Huang, C. Jin, Y. Yuan, "Escaping from saddle points: online stochastic
       gradient for tensor decomposition", COLT 2015. Algorithm 1 (with an exact gradient in
       place of a stochastic one).
    2. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Algorithm 2, for the comparison.
    """
    X, single = start_points(f, x0)
    eta, steps, divergence_bound = check_common(eta, steps, divergence_bound)
    sigma = check_nonnegative("sigma", sigma)
    noise = check_choice("noise", noise, NOISE_KINDS)
    rng = make_rng(seed)
    return run(
        f,
        X,
        eta,
        steps,
        rule=stop_rules(target, until, single) + [NoiseRule(eta, sigma, noise, rng)],
        single=single,
        record=record,
        divergence_bound=divergence_bound,
        algorithm="noisy_gd",
        params={"eta": eta, "sigma": sigma, "noise": noise, "steps": steps},
    )
