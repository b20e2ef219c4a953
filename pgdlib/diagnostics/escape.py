r"""Escape time: how many gradient-descent steps after a random jump until ``f`` has dropped.

The release step of the lecture's proof (section 6.2.1, idea 4; section 6.2.2.1): after
a jump to :math:`x_0 \sim U(B(\tilde x, r))` from a stuck point :math:`\tilde x`,
gradient descent should decrease ``f`` by a prescribed amount within a bounded number
of steps with high probability (Jin et al. 2017, proof of Theorem 3: by
:math:`f_{\text{thres}}` within :math:`t_{\text{thres}}` steps). This module measures the distribution of

.. math:: \tau = \min\{\, t \ge 0 : f(x_t) \le f(\tilde x) - \mathscr F \,\}

over many random starts, all run together as one batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import (
    MAX_RUNS,
    MAX_STEPS,
    check_floats,
    check_int,
    check_positive,
    check_real,
    check_work,
    make_rng,
)
from pgdlib.algorithms.gd import gd
from pgdlib.algorithms.sampling import sample_ball
from pgdlib.diagnostics.curvature import _one_point
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import Status, Trajectory

__all__ = ["EscapeTimes", "escape_time", "escape_steps", "first_step_below", "NOT_ESCAPED"]

NOT_ESCAPED = -1
"""Marker in :attr:`EscapeTimes.steps` for a run that did not escape within the step budget."""



@dataclass(frozen=True)
class EscapeTimes:
    r"""Per-run escape steps and their summary.

    Attributes
    ----------
    steps : ndarray of int, shape (n_runs,)
        :math:`\tau` for each run, or ``NOT_ESCAPED`` (-1) if ``f`` had not dropped
        by ``threshold`` within ``budget`` steps (or the run diverged first).
    escaped : ndarray of bool, shape (n_runs,)
        ``steps != NOT_ESCAPED``.
    starts : ndarray of shape (n_runs, d)
        The random starts.
    diverged : ndarray of bool, shape (n_runs,)
        Runs stopped by divergence before escaping (also counted as not escaped).
    f_center : float
        :math:`f(\tilde x)`.
    threshold, radius, eta : float
        Required decrease :math:`\mathscr F` (the ``threshold`` argument), jump radius, step size.
    budget : int
        Step budget per run (the ``steps`` argument; ``steps`` here are the escape steps).

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Sections 6.2.1 and 6.2.2.1.
    2. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Proof of Theorem 3.
    """

    steps: NDArray[np.int64]
    escaped: NDArray[np.bool_]
    starts: NDArray[np.float64]
    diverged: NDArray[np.bool_]
    f_center: float
    threshold: float
    radius: float
    eta: float
    budget: int

    @property
    def n_runs(self) -> int:
        """Number of runs."""
        return int(self.steps.size)

    @property
    def n_escaped(self) -> int:
        """Runs that escaped within the step budget."""
        return int(np.sum(self.escaped))

    @property
    def n_not_escaped(self) -> int:
        """Runs that did not escape within ``budget`` (censored)."""
        return self.n_runs - self.n_escaped

    @property
    def fraction_escaped(self) -> float:
        """``n_escaped / n_runs``."""
        return self.n_escaped / self.n_runs

    @property
    def mean(self) -> float | None:
        """Mean escape step over the runs that escaped (``None`` if none did)."""
        return float(np.mean(self.steps[self.escaped])) if self.n_escaped else None

    def quantile(self, q: float) -> float | None:
        r"""The ``q``-quantile of :math:`\tau` over all runs, non-escaped counted as :math:`+\infty`.

        ``None`` when it falls among the non-escaped runs (it exceeds ``budget``).
        """
        q = check_real("q", q, low=0.0, high=1.0)
        tau = np.where(self.escaped, self.steps, np.inf).astype(np.float64)
        value = float(np.quantile(tau, q, method="inverted_cdf"))
        return value if np.isfinite(value) else None

    @property
    def median(self) -> float | None:
        """Median escape step over all runs (``None`` if half or more did not escape)."""
        return self.quantile(0.5)

    @property
    def max(self) -> int | None:
        """Largest escape step among the runs that escaped (``None`` if none did)."""
        return int(np.max(self.steps[self.escaped])) if self.n_escaped else None

    def __repr__(self) -> str:
        median = "> budget" if self.median is None else f"{self.median:g}"
        mean = "n/a" if self.mean is None else f"{self.mean:.4g}"
        text = (
            f"EscapeTimes({self.n_runs} runs, escaped {self.n_escaped}, "
            f"not escaped within {self.budget} steps: {self.n_not_escaped}, "
            f"median={median}, mean over escaped={mean}, max over escaped={self.max}"
        )
        if np.any(self.diverged):
            text += f", diverged before escaping: {int(np.sum(self.diverged))}"
        return text + ")"


def escape_time(
    f: Objective,
    x: ArrayLike,
    *,
    radius: float,
    threshold: float,
    eta: float,
    steps: int,
    n_runs: int,
    seed: int | np.random.Generator,
) -> EscapeTimes:
    r"""Steps of gradient descent until :math:`f(x_t) \le f(\tilde x) - \mathscr{F}`, from random starts.

    Each run starts at :math:`x_0 = \tilde x + \xi`, :math:`\xi` uniform in
    :math:`B(0, r)` (the lecture's random jump, section 6.2.1), and follows
    :func:`~pgdlib.algorithms.gd.gd`. Its escape step is the first
    :math:`t \ge 0` with :math:`f(x_t) \le f(\tilde x) - \mathscr{F}` (0 if the jump
    itself lands that low). The steps are those of
    ``gd(f, starts, eta=eta, steps=steps, target=f(x) - threshold, record='final')``
    (:func:`escape_steps`): memory :math:`O(n d)` whatever ``steps`` is. Runs that never
    escape within ``steps`` are marked ``NOT_ESCAPED`` and counted, never dropped.

    Parameters
    ----------
    f : Objective
        The function.
    x : array_like of shape (d,)
        :math:`\tilde x`, the stuck point.
    radius : float
        Jump radius :math:`r > 0`.
    threshold : float
        Required decrease :math:`\mathscr{F}` below :math:`f(\tilde x)`, > 0.
    eta : float
        Step size, > 0.
    steps : int
        Step budget per run, in ``[0, MAX_STEPS]``.
    n_runs : int
        Number of random starts, in ``[1, MAX_RUNS]`` (and ``n_runs * d <= MAX_FLOATS``).
    seed : int or numpy.random.Generator
        Seeds the starts.

    Returns
    -------
    EscapeTimes

    Raises
    ------
    TypeError, ValueError
        On a bad argument (named), or if ``f(x)`` is not finite (outside the domain).

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.2.1 (idea 4) and section 6.2.2.1.
    2. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Proof of Theorem 3.
    """
    Xc = _one_point(f, x, "x")
    radius = check_positive("radius", radius)
    threshold = check_positive("threshold", threshold)
    eta = check_positive("eta", eta)
    budget = check_int("steps", steps, minimum=0, maximum=MAX_STEPS)
    n_runs = check_int("n_runs", n_runs, minimum=1, maximum=MAX_RUNS)
    check_floats("n_runs", n_runs * f.dim, f"{n_runs} starts in dimension {f.dim}")
    rng = make_rng(seed)
    f_center = float(f._value(Xc)[0])
    if not np.isfinite(f_center):
        raise ValueError(
            f"x must be a point where f is finite (inside the objective's domain), got f = {f_center}"
        )
    starts = Xc + sample_ball(f.dim, radius, size=n_runs, seed=rng)
    if not np.all(np.isfinite(starts)):
        raise ValueError(f"radius = {radius!r} is too large: starts x + xi overflow")
    target = f_center - threshold
    # All runs advance together as one batch, each stopped at its escape step by the target, with
    # nothing stored per step; the batch ends once every run has escaped, diverged or used the
    # budget. Where the objective has a closed form (Objective.gd_escape_steps: a QuadraticSaddle
    # whose positive eigenvalues have eta * lambda < 2) the steps come from it, one pass over each
    # start instead of one per step; the tests check that they equal the stepped ones.
    closed = f.gd_escape_steps(starts, eta=eta, target=target, steps=budget)  # None: no closed form, step
    if closed is None:
        check_work("steps", budget, n_runs, f.dim)
        steps, diverged = escape_steps(gd(f, starts, eta=eta, steps=budget, target=target, record="final"))
    else:
        steps, diverged = closed
    return EscapeTimes(
        steps=steps,
        escaped=steps != NOT_ESCAPED,
        starts=starts,
        diverged=diverged,
        f_center=f_center,
        threshold=threshold,
        radius=radius,
        eta=eta,
        budget=budget,
    )


def escape_steps(traj: Trajectory) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    r"""Each run's escape step, from a run stopped at a target: ``gd(..., target=...)``.

    The step is ``n_steps`` for a run whose status is ``TARGET`` (the first :math:`t`
    with :math:`f(x_t) \le` ``target``), ``NOT_ESCAPED`` otherwise; ``diverged`` marks
    the runs that diverged or left the domain first.

    Parameters
    ----------
    traj : Trajectory
        A run with a ``target`` stop condition (any record mode).

    Returns
    -------
    (steps, diverged) : ndarrays of int and bool, the shape of ``traj.status``

    Raises
    ------
    TypeError
        If ``traj`` is not a Trajectory.
    """
    if not isinstance(traj, Trajectory):
        raise TypeError(f"traj must be a Trajectory, got {type(traj).__name__}")
    reached = traj.status == Status.TARGET
    return np.where(reached, traj.n_steps, NOT_ESCAPED).astype(np.int64), traj.stopped_early & ~reached


def first_step_below(traj: Trajectory, *, target: float) -> NDArray[np.int64]:
    r"""First recorded step with :math:`f(x_t) \le` ``target`` of each run, or ``NOT_ESCAPED``.

    Read from ``traj.values`` (``record='all'``, ``'values'`` or an integer: every step
    has a value), up to each run's ``n_steps``. For a run that should stop there, give
    ``target=`` to the algorithm instead (:func:`escape_steps`): nothing is recorded.

    Parameters
    ----------
    traj : Trajectory
        A run whose values were recorded at every step.
    target : float
        The level.

    Returns
    -------
    ndarray of int, the shape of ``traj.status``

    Raises
    ------
    TypeError, ValueError
        If ``traj`` is not a Trajectory, or its values were not recorded at every step.
    """
    if not isinstance(traj, Trajectory):
        raise TypeError(f"traj must be a Trajectory, got {type(traj).__name__}")
    target = check_real("target", target)
    steps = traj.value_steps
    if steps.size == 0 or not np.array_equal(steps, np.arange(steps.size)):
        raise ValueError("traj must have its values recorded at every step "
                         "(record='all', 'values' or an int)")
    values = traj.values.reshape(steps.size, -1)
    below = (values <= target) & (steps[:, None] <= np.atleast_1d(traj.n_steps)[None, :])
    first = np.where(below.any(axis=0), np.argmax(below, axis=0), NOT_ESCAPED).astype(np.int64)
    return first.reshape(traj.status.shape)
