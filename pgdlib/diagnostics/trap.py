r"""Lemma 2, "not going anywhere": gradient descent that makes little progress stays in a small ball.

Lecture section 6.2.2, Lemma 2. For
:math:`\eta \le 1/\ell` and :math:`\mathscr F = f(x_0) - f(x_T)`, every
:math:`t \le T` has

.. math:: \|x_t - x_0\| \;\le\; \sum_{\tau=1}^{t}\|x_\tau - x_{\tau-1}\|
          \;\le\; \sqrt{T \sum_{\tau=1}^{T}\|x_\tau - x_{\tau-1}\|^2}
          \;\le\; \sqrt{2\eta T \mathscr F},

by the triangle inequality (errata item 5: the notes write an equality),
Cauchy-Schwarz, and Corollary 1 summed over the steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import MAX_STEPS, as_points, check_int, check_objective, check_positive, check_work
from pgdlib.algorithms.gd import gd
from pgdlib.diagnostics._runs import check_run
from pgdlib.diagnostics.curvature import finite_value_at
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import Trajectory

__all__ = ["TrapMeasurement", "measure_trap", "trap_of"]



@dataclass(frozen=True)
class TrapMeasurement:
    r"""Largest distance travelled against the trap radius of Lemma 2, for each of ``n`` runs.

    Attributes
    ----------
    displacement : ndarray, shape (n,)
        Measured :math:`\max_{t \le T}\|x_t - x_0\|`.
    descent : ndarray, shape (n,)
        :math:`\mathscr F = f(x_0) - f(x_T)`.
    bound : ndarray, shape (n,)
        :math:`\sqrt{2\eta T \max(\mathscr F, 0)}`.
    eta : float
        Step size.
    steps : int
        Steps :math:`T`.
    smoothness : float
        :math:`\ell` of ``f`` (``nan`` if unknown).
    guaranteed : bool
        Whether :math:`\eta \le 1/\ell`, where the lemma applies.
    diverged : ndarray of bool, shape (n,)
        Runs that stopped before ``steps`` steps because they diverged or left the
        objective's domain; their numbers refer to the last iterate kept.
    """

    displacement: NDArray[np.float64]
    descent: NDArray[np.float64]
    bound: NDArray[np.float64]
    eta: float
    steps: int
    smoothness: float
    guaranteed: bool
    diverged: NDArray[np.bool_]

    @property
    def holds(self) -> NDArray[np.bool_]:
        """Per run: displacement <= bound (with a relative round-off slack of 1e-12)."""
        return self.displacement <= self.bound * (1.0 + 1e-12) + 1e-300

    @property
    def ratio(self) -> NDArray[np.float64]:
        """``displacement / bound`` (``inf`` where the bound is 0 but the run moved)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            r = self.displacement / self.bound
        return np.where((self.bound == 0) & (self.displacement == 0), 0.0, r)

    def __repr__(self) -> str:
        n = self.displacement.size
        where = "guaranteed" if self.guaranteed else "eta > 1/ell or ell unknown"
        return (
            f"TrapMeasurement({n} runs, steps={self.steps}, eta={self.eta:g} ({where}), "
            f"holds in {int(np.sum(self.holds))}/{n}, max ratio={float(np.max(self.ratio)):.3g}"
            + (f", diverged: {int(np.sum(self.diverged))}" if np.any(self.diverged) else "")
            + ")"
        )


class _Farthest:
    r"""The running :math:`\max_t \|x_t - x_0\|` of each run, fed one step at a time."""

    def __init__(self, X0: NDArray[np.float64]) -> None:
        self.X0 = X0
        self.distance = np.zeros(X0.shape[0])

    def update(self, X: NDArray[np.float64]) -> None:
        np.maximum(self.distance, np.sqrt(np.sum((X - self.X0) ** 2, axis=1)), out=self.distance)


def _measurement(f: Objective, X0: NDArray[np.float64], XT: NDArray[np.float64],
                 farthest: _Farthest, eta: float, T: int, diverged: NDArray[np.bool_]) -> TrapMeasurement:
    descent = f._value(X0) - f._value(XT)
    ell = float(f.smoothness)
    return TrapMeasurement(
        displacement=farthest.distance,
        descent=descent,
        bound=np.sqrt(2.0 * eta * T * np.maximum(descent, 0.0)),
        eta=eta,
        steps=T,
        smoothness=ell,
        guaranteed=bool(np.isfinite(ell) and eta * ell <= 1.0),
        diverged=diverged,
    )


def trap_of(f: Objective, traj: Trajectory, *, start: int = 0, steps: int | None = None) -> TrapMeasurement:
    r"""Lemma 2 measured on steps ``start, ..., start + steps`` of a recorded run.

    With :math:`x_0` the iterate at ``start``: :math:`\max_{t \le T}\|x_{start+t} - x_{start}\|`
    against :math:`\sqrt{2\eta T\mathscr F}`, :math:`\mathscr F = f(x_{start}) - f(x_{start+T})`,
    for each run of ``traj``. Lemma 2 speaks of gradient steps: on a
    :func:`~pgdlib.algorithms.perturbed.perturbed_gd` run, take an epoch (``start`` just
    after a jump, ``steps`` the epoch length) to measure the lemma the algorithm relies on.
    :math:`T` is ``steps``.

    Parameters
    ----------
    f : Objective
        The function the run minimised.
    traj : Trajectory
        A run of ``gd``, ``perturbed_gd`` or ``pgd_jin`` with every iterate recorded
        (``record='all'``); ``eta`` is ``traj.params['eta']``.
    start : int, default 0
        First step of the window (a step index, not a point).
    steps : int, optional
        Its length :math:`T`; by default up to the last recorded step.

    Returns
    -------
    TrapMeasurement
        Arrays of shape ``(n,)`` (``(1,)`` for a run from one start). ``diverged`` marks
        the runs that diverged or left the domain before ``start + steps``.

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range; if ``traj`` is not a run of
        ``gd``, ``perturbed_gd`` or ``pgd_jin`` on ``f`` (same dimension) with every iterate
        recorded (``record='all'``).
        ValueError also if ``start + steps`` is beyond the last recorded step.

    Notes
    -----
    Lemma 2: for :math:`\eta \le 1/\ell`, :math:`\max_{t \le T}\|x_t - x_0\| \le
    \sqrt{2\eta T\mathscr F}` with :math:`\mathscr F = f(x_0) - f(x_T)`; proved in
    chapter 4 of the book.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.2.2, Lemma 2.
    """
    X = check_run(f, traj)
    last = X.shape[0] - 1
    start = check_int("start", start, minimum=0, maximum=last)
    T = last - start if steps is None else check_int("steps", steps, minimum=0, maximum=last)
    if start + T > last:
        raise ValueError(f"start + steps must be at most the last recorded step, {last}; "
                         f"got start = {start}, steps = {T}")
    farthest = _Farthest(X[start])
    for t in range(start, start + T + 1):
        farthest.update(X[t])
    early = np.atleast_1d(traj.stopped_early) & (np.atleast_1d(traj.n_steps) < start + T)
    return _measurement(f, X[start], X[start + T], farthest, float(traj.params["eta"]), T, early)


def measure_trap(f: Objective, x0: ArrayLike, *, eta: float, steps: int) -> TrapMeasurement:
    r"""Measure :math:`\max_{t\le T}\|x_t - x_0\|` and the trap radius :math:`\sqrt{2\eta T\mathscr F}`.

    Runs :func:`~pgdlib.algorithms.gd.gd` for ``steps`` :math:`= T` steps from every start
    (memory :math:`O(n d)`; :func:`trap_of` measures a recorded run instead), with
    :math:`\mathscr F = f(x_0) - f(x_T)` the descent actually achieved, the smallest
    :math:`\mathscr F` for which Lemma 2's hypothesis :math:`f(x_T) - f(x_0) \ge -\mathscr F`
    holds, hence its tightest bound.

    Parameters
    ----------
    f : Objective
        The function.
    x0 : array_like, shape (d,) or (n, d)
        One start or ``n`` starts.
    eta : float
        Step size, > 0.
    steps : int
        Steps :math:`T`, in ``[0, MAX_STEPS]`` (:data:`~pgdlib._validation.MAX_STEPS`).

    Returns
    -------
    TrapMeasurement
        Arrays of shape ``(n,)`` (``(1,)`` for one start).

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    The bound is Lemma 2's, as in :func:`trap_of`; proved in chapter 4 of the book.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.2.2, Lemma 2.
    """
    check_objective("f", f)
    X0, _ = as_points("x0", x0, f.dim, min_rows=1)
    eta = check_positive("eta", eta)
    T = check_int("steps", steps, minimum=0, maximum=MAX_STEPS)
    n, d = X0.shape
    check_work("steps", T, n, d)
    finite_value_at(f, X0, "x0")
    # One run, nothing stored per step: the farthest distance is updated as the run goes.
    farthest = _Farthest(X0)
    keep_going = np.zeros(n, dtype=bool)

    def observe(t: int, X: NDArray[np.float64]) -> NDArray[np.bool_]:
        farthest.update(X)
        return keep_going

    traj = gd(f, X0, eta=eta, steps=T, record="final", until=observe)
    return _measurement(f, X0, traj.x, farthest, eta, T, traj.stopped_early)
