"""The lecture's perturbed gradient descent (section 6.2.1): epochs and random jumps."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import MAX_STEPS, check_int, check_nonnegative, make_rng
from pgdlib.algorithms._engine import (
    DEFAULT_DIVERGENCE_BOUND,
    RunState,
    StepRule,
    check_common,
    run,
    start_points,
    stop_rules,
)
from pgdlib.algorithms.sampling import ball_points
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import RecordMode, Status, Trajectory

__all__ = ["perturbed_gd"]


class EpochRule(StepRule):
    """Per-run epoch clocks: after ``T`` gradient steps, jump if ``f`` fell by less than ``F``.

    ``start[i]`` is the step at which run ``i``'s current epoch began and
    ``f_start[i]`` the value there; ``after_jump[i]`` says whether that epoch
    began with a jump. ``due[t]`` lists the runs whose epoch ends at step ``t``, so a
    step at which no epoch ends costs nothing, and ``f`` is evaluated only on the runs
    at an epoch's end or start.
    """

    def __init__(
        self,
        n: int,
        d: int,
        T: int,
        threshold: float,
        radius: float,
        rng: np.random.Generator,
        tol: float | None,
    ) -> None:
        self.d, self.T, self.threshold, self.radius, self.rng, self.tol = d, T, threshold, radius, rng, tol
        self.start = np.zeros(n, dtype=np.int64)
        self.f_start = np.full(n, np.nan)
        self.after_jump = np.zeros(n, dtype=bool)
        self.jump_rows = np.empty(0, dtype=np.int64)
        self.begin_rows: NDArray[np.intp] | None = None  # epochs that start at the next step
        self.due: dict[int, list[NDArray[np.intp]]] = {T: [np.arange(n)]}

    def before_step(self, t: int, state: RunState, last: bool) -> None:
        if self.jump_rows.size:
            self.jump_rows = np.empty(0, dtype=np.int64)
        active = state.active
        if t == 0:
            self.f_start[:] = state.values()
        if self.begin_rows is not None:  # epochs begun with a jump at t - 1 start here
            rows = self.begin_rows
            if state.n_active < active.size:
                rows = rows[active[rows]]
            self.f_start[rows] = state.values(rows)
            self.begin_rows = None
        due = self.due.pop(t, None)
        if due is None:
            return
        end = due[0] if len(due) == 1 else np.sort(np.concatenate(due))
        if state.n_active < active.size:
            end = end[active[end]]
            if end.size == 0:
                return
        n_active = state.n_active
        fx = state.values(end)
        if state.n_active < n_active:  # f(x_t) stopped a run
            keep = active[end]
            end, fx = end[keep], fx[keep]
        stuck = self.f_start[end] - fx < self.threshold
        if self.tol is not None:
            maybe = stuck & self.after_jump[end]
            if maybe.any():
                done = np.zeros(end.size, dtype=bool)
                done[maybe] = state.grad_norms(end[maybe]) <= self.tol
                state.stop(end[done], Status.CONVERGED, t)
                fx, end, stuck = fx[~done], end[~done], stuck[~done]
        moved, jumped = end[~stuck], end[stuck]
        if moved.size:
            self.start[moved] = t
            self.after_jump[moved] = False
            self.f_start[moved] = fx[~stuck]
            self.due.setdefault(t + self.T, []).append(moved)
        if jumped.size:
            self.start[jumped] = t + 1
            self.after_jump[jumped] = True
            self.due.setdefault(t + 1 + self.T, []).append(jumped)
            if not last:
                self.jump_rows = jumped
                self.begin_rows = jumped

    def adjust(self, t: int, state: RunState, candidate: NDArray[np.float64]) -> None:
        rows = self.jump_rows
        if rows.size == 0:
            return
        candidate[rows] = state.X[rows] + ball_points(self.rng, (rows.size,), self.d, self.radius)
        state.record_perturbation(rows, t)


def perturbed_gd(
    f: Objective,
    x0: ArrayLike,
    *,
    eta: float,
    radius: float,
    epoch: int,
    threshold: float,
    steps: int,
    seed: int | np.random.Generator,
    target: float | None = None,
    until: Callable | None = None,
    record: RecordMode = "all",
    tol: float | None = None,
    divergence_bound: float = DEFAULT_DIVERGENCE_BOUND,
) -> Trajectory:
    r"""The lecture's perturbed gradient descent (section 6.2.1).

    1. Do ``epoch`` steps of gradient descent :math:`x_{t+1} = x_t - \eta\nabla f(x_t)`.
    2. If they decreased ``f`` by less than ``threshold`` :math:`\mathscr{F}`, take
       one random step :math:`x_{t+1} = x_t + \xi_t`, :math:`\xi_t` uniform in the
       ball :math:`B(0, r)` (:func:`~pgdlib.algorithms.sampling.sample_ball`).

    Parameters
    ----------
    f : Objective
        The function to minimise.
    x0 : array_like, shape (d,) or (n, d)
        Start, or ``n`` starts run as independent trajectories in one loop.
    eta : float
        Step size, > 0 (the analysis takes :math:`\eta = 1/\ell`).
    radius : float
        Jump radius ``r >= 0``.
    epoch : int
        Epoch length :math:`T`, an integer >= 1 (gradient steps per epoch).
    threshold : float
        Sufficient decrease :math:`\mathscr{F} \ge 0` over an epoch.
    steps : int
        Maximum number of steps (gradient steps and jumps), >= 0.
    seed : int or numpy.random.Generator
        Source of the jumps. A batch draws its jumps from one stream, so row
        ``i`` of a batch is distributed as, but not equal to, a single run.
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
    tol : float, optional
        With a tolerance, a run stops (``'converged'``) instead of jumping again
        when an epoch that *began with a jump* still decreased ``f`` by less than
        :math:`\mathscr{F}` and ends with :math:`\|\nabla f(x_t)\| \le` ``tol``: the
        jump did not release it, the lecture's sign of a second-order stationary
        point. Without it, runs take ``steps`` steps and may end just after a jump.
    divergence_bound : float, default 1e10
        A run whose next iterate is not finite or has norm above this bound stops
        at the last finite iterate with stop reason ``'diverged'``.

    Returns
    -------
    Trajectory
        ``perturbation_steps`` holds the jump steps ``t`` (:math:`x_{t+1} = x_t + \xi_t`).

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    Conventions, per run (each row of a batch keeps its own clock):

    * An *epoch* starts at step ``s`` (first ``s = 0``) and ends at ``t = s + epoch``
      after ``epoch`` gradient steps. Its decrease is :math:`f(x_s) - f(x_{s+T})`.
    * If the decrease is :math:`\ge \mathscr{F}`, the next epoch starts at ``t``
      with no jump. Otherwise step ``t`` is the jump
      :math:`x_{t+1} = x_t + \xi_t` (no gradient term), ``t`` is added to
      ``perturbation_steps``, and the next epoch starts at ``t + 1``, after the
      jump, measuring its decrease from :math:`f(x_{t+1})`.
    * The jump is a step: it counts towards ``steps``. No jump is taken at the
      final step ``t = steps``.
    * A start exactly at a saddle makes no progress in the first epoch, so the
      first jump is at step ``epoch``.

    Lemma 2 of the lecture (not going anywhere) is what makes step 2 sound: an
    epoch that decreases ``f`` by less than :math:`\mathscr{F}` never left the ball
    of radius :math:`\sqrt{2\eta T\mathscr{F}}` around its start (proved in
    chapter 4 of the book). The rule is the lecture's (section 6.2.1); Jin et al.
    2017 (Algorithm 2) perturb on a small gradient instead, see
    :func:`~pgdlib.algorithms.jin.pgd_jin`.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by
       P. Manocha and M. T. Islam), section 6.2.1 and Lemma 2.
    2. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887.

    Examples
    --------
    A start at the saddle of :math:`\tfrac12(x_2^2 - x_1^2)` makes no progress in its
    first epoch, jumps at step ``epoch``, and then leaves the saddle:

    >>> from pgdlib import QuadraticSaddle
    >>> f = QuadraticSaddle([-1.0, 1.0])
    >>> traj = perturbed_gd(f, [0.0, 0.0], eta=0.5, radius=0.1, epoch=10, threshold=0.01,
    ...                     steps=40, seed=0, record="final")
    >>> traj.perturbation_steps.tolist()
    [10]
    >>> bool(traj.final_value < -0.01)
    True
    """
    X, single = start_points(f, x0)
    eta, steps, divergence_bound = check_common(eta, steps, divergence_bound)
    radius = check_nonnegative("radius", radius)
    epoch = check_int("epoch", epoch, minimum=1, maximum=MAX_STEPS)
    threshold = check_nonnegative("threshold", threshold)
    tol = None if tol is None else check_nonnegative("tol", tol)
    rng = make_rng(seed)
    n, d = X.shape
    return run(
        f,
        X,
        eta,
        steps,
        rule=stop_rules(target, until, single) + [EpochRule(n, d, epoch, threshold, radius, rng, tol)],
        single=single,
        record=record,
        divergence_bound=divergence_bound,
        algorithm="perturbed_gd",
        params={"eta": eta, "radius": radius, "epoch": epoch, "threshold": threshold, "steps": steps,
                "tol": tol},
    )
