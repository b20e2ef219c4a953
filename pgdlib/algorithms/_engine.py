r"""The batched loop shared by gradient descent and its perturbed variants.

Every method of :mod:`pgdlib.algorithms` is the gradient step
:math:`x_{t+1} = x_t - \eta \nabla f(x_t)` plus a rule that, before each step,
may stop runs (converged, terminated), perturb them, or change their next
iterate. :func:`run` owns what they share: ``n`` runs advanced together as one
``(n, d)`` array, divergence detection, and recording; a :class:`StepRule`
holds what differs.

Order of one iteration at step ``t`` (``x_t`` known, with ``grad f(x_t)`` and,
when needed, ``f(x_t)`` and ``||grad f(x_t)||``):

1. record step ``t``;
2. ``rule.before_step``: may stop runs at ``t`` or change ``x_t`` in place
   (Algorithm 2 of Jin et al. perturbs ``x_t`` before its gradient step);
3. if ``t = steps`` or no run is active, stop;
4. candidate ``x_{t+1} = x_t - eta grad f(x_t)``, then ``rule.adjust`` may
   change rows of it (a random jump, added noise);
5. a run whose candidate is not finite or has norm above the bound stops at
   ``t`` with ``'diverged'``; the others move to ``x_{t+1}``.

After the last step, a run whose final ``f`` or gradient norm is not finite is
stopped there too: ``'left the domain'`` when the objective says the point lies
outside its domain (:meth:`~pgdlib.objectives.base.Objective._outside_domain`),
``'diverged'`` otherwise (an overflow). So no run ends on a non-finite number
under another stop reason.

Only elementwise operations touch a row, so each row of a batch follows exactly
the arithmetic of a single run started from it.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import (
    MAX_STEPS,
    as_points,
    check_floats,
    check_int,
    check_objective,
    check_positive,
    check_work,
)
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import Recorder, RecordMode, Trajectory, record_floats

__all__ = [
    "DEFAULT_DIVERGENCE_BOUND",
    "RunState",
    "StepRule",
    "check_common",
    "row_sq_norms",
    "run",
    "start_points",
]

DEFAULT_DIVERGENCE_BOUND = 1e10


#: Larger divergence bounds are capped here, so that squared norms stay finite.
MAX_DIVERGENCE_BOUND = 1e150

#: Steps between divergence checks on the fast path of :func:`_loop_plain`.
CHECK_EVERY = 16

#: From this dimension on, row norms are one 1-D dot product per row (no temporary).
ROW_LOOP_DIM = 4096


def row_sq_norms(A: NDArray[np.float64]) -> NDArray[np.float64]:
    """Squared Euclidean norm of each row of ``A`` (non-finite if a row is).

    Each row's sum is computed by the same code whatever the number of rows, so a
    row of a batch gets the bit-identical norm of a single run (a 2-D ``einsum``
    does not: it sums in a different order for one row than for several). Small
    ``d``: ``sum(A * A, axis=1)`` (pairwise summation along each row); large ``d``:
    a 1-D ``einsum`` dot per row, which avoids the ``(n, d)`` temporary.
    """
    if A.shape[1] < ROW_LOOP_DIM:
        return np.add.reduce(A * A, axis=1)
    return np.array([np.einsum("i,i->", a, a) for a in A])


def row_norms(A: NDArray[np.float64]) -> NDArray[np.float64]:
    """Euclidean norm of each row of ``A``, without overflow for large finite rows.

    ``sqrt(row_sq_norms(A))``; a row whose squares overflow (entries above about
    1e154) is rescaled by its largest entry first, so a gradient of norm 7.5e199 is
    reported as such, not as ``inf``. Rows holding ``inf`` or ``nan`` stay non-finite.
    """
    out = np.sqrt(row_sq_norms(A))
    if math.isfinite(np.add.reduce(out)):  # the cheap test of the common case
        return out
    big = np.isinf(out)
    if big.any():
        rows = A[big]
        scale = np.max(np.abs(rows), axis=1)
        with np.errstate(invalid="ignore"):
            out[big] = scale * np.sqrt(np.sum((rows / scale[:, np.newaxis]) ** 2, axis=1))
    return out


def check_common(
    eta: float, steps: int, divergence_bound: float, *, steps_name: str = "steps"
) -> tuple[float, int, float]:
    """Validate the arguments every gradient method shares (``steps`` at most :data:`MAX_STEPS`)."""
    return (
        check_positive("eta", eta),
        check_int(steps_name, steps, minimum=0, maximum=MAX_STEPS),
        check_positive("divergence_bound", divergence_bound),
    )


def start_points(f: Objective, x0: ArrayLike) -> tuple[NDArray[np.float64], bool]:
    """``x0`` as an owned ``(n, d)`` array (``n >= 1``) and whether it was one point."""
    check_objective("f", f)
    X, single = as_points("x0", x0, f.dim, min_rows=1)
    return X.copy(), single


class RunState:
    """The state of ``n`` runs at the current step, shared with the rule.

    Attributes
    ----------
    X, G : ndarray of shape (n, d)
        Current iterates and their gradients.
    fx, gnorm : ndarray of shape (n,) or None
        ``f(x_t)`` and ``||grad f(x_t)||`` when the rule or the recorder needs them.
    active : ndarray of bool, shape (n,)
        Runs still moving.
    reason : list of str
        Stop reason of each run (``'max steps'`` until another applies).
    n_steps : ndarray of int, shape (n,)
        Step at which each run stopped.
    perturbations : list of list of int
        Steps at which each run was perturbed.
    x_out : dict of int to ndarray
        Rows whose reported final point is not their last iterate (Algorithm 2
        returns the point before its last perturbation).
    """

    def __init__(self, X: NDArray[np.float64], steps: int) -> None:
        n = X.shape[0]
        self.X = X
        self.G: NDArray[np.float64] = np.empty_like(X)
        self.fx: NDArray[np.float64] | None = None
        self.gnorm: NDArray[np.float64] | None = None
        self.active = np.ones(n, dtype=bool)
        self.reason = ["max steps"] * n
        self.n_steps = np.full(n, steps, dtype=np.int64)
        self.perturbations: list[list[int]] = [[] for _ in range(n)]
        self.x_out: dict[int, NDArray[np.float64]] = {}

    def stop(self, mask: NDArray[np.bool_], why: str, t: int) -> None:
        """Stop the active runs in ``mask`` at step ``t`` for reason ``why``."""
        for i in np.flatnonzero(mask & self.active):
            self.reason[i] = why
            self.n_steps[i] = t
        self.active &= ~mask


class StepRule:
    """What a method adds to the gradient step; the base class adds nothing.

    Attributes
    ----------
    needs_values, needs_grad_norms : bool
        Whether ``state.fx`` / ``state.gnorm`` must be computed at every step.
    """

    needs_values: bool = False
    needs_grad_norms: bool = False

    def before_step(self, t: int, state: RunState, last: bool) -> None:
        """Called at every step ``t`` after recording it; ``last`` if no step follows."""

    def adjust(self, t: int, state: RunState, candidate: NDArray[np.float64]) -> None:
        """Change rows of the candidate ``x_{t+1}`` in place."""


def _refresh(f: Objective, state: RunState, need_fx: bool, need_gn: bool) -> None:
    """Gradient, and value and gradient norm when needed, at ``state.X``."""
    state.G = f._grad(state.X)
    if need_gn:
        state.gnorm = row_norms(state.G)
    if need_fx:
        state.fx = f._value(state.X)


def _step(
    state: RunState,
    buffer: NDArray[np.float64],
    neg_eta: float,
    rule: StepRule | None,
    t: int,
    bound_sq: float | None,
) -> NDArray[np.float64]:
    """Move the active runs from ``x_t`` to ``x_{t+1}``; return the spare buffer.

    With ``bound_sq`` (squared divergence bound), runs whose candidate is not
    finite or too long stop at ``t`` and keep ``x_t``; with ``None`` nothing is
    checked (the caller checks later).
    """
    np.multiply(state.G, neg_eta, out=buffer)
    buffer += state.X
    if rule is not None:
        rule.adjust(t, state, buffer)
    active = state.active
    if bound_sq is not None:
        bad = ~(row_sq_norms(buffer) <= bound_sq)
        if bad.any():
            state.stop(bad, "diverged", t)
    if active.all():
        return_buffer, state.X = state.X, buffer
        return return_buffer
    if active.any():
        state.X[active] = buffer[active]
    return buffer


def _loop(
    f: Objective,
    state: RunState,
    rec: Recorder,
    rule: StepRule | None,
    neg_eta: float,
    steps: int,
    bound_sq: float,
    need_fx: bool,
    need_gn: bool,
) -> int:
    """The general loop: record, rule, step, divergence check, every step. Returns the last step."""
    keep_values = rec.keeps_values()
    buffer = np.empty_like(state.X)
    active = state.active
    t = 0
    while True:
        if keep_values:
            rec.add(t, state.X, state.fx, state.gnorm)
        if rule is not None:
            rule.before_step(t, state, t >= steps)
        if t >= steps or not active.any():
            return t
        buffer = _step(state, buffer, neg_eta, rule, t, bound_sq)
        if not active.any():
            return t
        t += 1
        _refresh(f, state, need_fx, need_gn)
        if need_fx and not math.isfinite(np.add.reduce(state.fx)):
            bad = active & ~np.isfinite(state.fx)  # f overflowed or the run left the domain:
            if bad.any():  # stop at x_t, the status says why
                _stop_non_finite(f, state, bad, t)


def _loop_plain(f: Objective, state: RunState, neg_eta: float, steps: int, bound_sq: float) -> int:
    """Plain gradient descent recording nothing per step: divergence checked every
    :data:`CHECK_EVERY` steps.

    Each window of steps starts from a saved copy of the iterates; if a run is
    then found non-finite or past the bound, the window is replayed from the copy
    with a check at every step (gradient descent is deterministic, so the replay
    repeats the same arithmetic) and the run stops at the exact step. This saves
    all but two passes over the iterates per window. (A run that left the bound
    and came back within one window is not caught.) Each step's gradient is written
    over the previous one where the objective allows (:meth:`Objective._grad_into`).
    """
    buffer = np.empty_like(state.X)
    saved = np.empty_like(state.X)
    active = state.active
    t = 0
    while t < steps and active.any():
        k = min(CHECK_EVERY, steps - t)
        np.copyto(saved, state.X)
        for j in range(k):
            buffer = _step(state, buffer, neg_eta, None, t + j, None)
            state.G = f._grad_into(state.X, state.G)  # the old gradient is spent
        sq = row_sq_norms(state.X)
        if np.all(sq[active] <= bound_sq):
            t += k
            continue
        state.X, saved = saved, state.X
        state.G = f._grad(state.X)
        for _ in range(k):
            buffer = _step(state, buffer, neg_eta, None, t, bound_sq)
            if not active.any():
                return t
            t += 1
            state.G = f._grad(state.X)
    return t


def _stop_non_finite(f: Objective, state: RunState, bad: NDArray[np.bool_], t: int | None) -> None:
    """Stop the runs in ``bad`` (at step ``t``, or where they are if ``None``) with the reason why.

    ``'left the domain'`` where the objective says the point lies outside its domain,
    ``'diverged'`` otherwise (an overflow). The run keeps that point.
    """
    rows = np.flatnonzero(bad)
    outside = f._outside_domain(state.X[rows])
    for i, out in zip(rows, outside, strict=True):
        if state.active[i] and t is not None:
            state.n_steps[i] = t
        state.active[i] = False
        state.reason[i] = "left the domain" if out else "diverged"


def _flag_non_finite(f: Objective, state: RunState) -> None:
    """Give every run that ends on a non-finite ``f`` or gradient norm a stop reason saying why."""
    bad = ~(np.isfinite(state.fx) & np.isfinite(state.gnorm))
    if bad.any():
        _stop_non_finite(f, state, bad, None)


def run(
    f: Objective,
    X: NDArray[np.float64],
    eta: float,
    steps: int,
    *,
    rule: StepRule | None,
    single: bool,
    record: RecordMode,
    divergence_bound: float,
    algorithm: str,
    params: dict,
    steps_name: str = "steps",
) -> Trajectory:
    """Advance the ``n`` rows of ``X`` (owned, modified) and build the :class:`Trajectory`.

    See the module docstring for the order of one iteration. ``rule=None`` with
    ``record='final'`` is plain gradient descent with no per-step work beyond the
    update (:func:`_loop_plain`, the path the ``d = 10^6`` benchmark measures).
    Overflow inside a diverging run raises no warning: it is reported as the stop
    reason ``'diverged'``. ``divergence_bound`` is capped at
    :data:`MAX_DIVERGENCE_BOUND` (1e150).

    Before any step, the run is refused (ValueError naming ``steps_name``) if what it
    records could exceed :data:`~pgdlib._validation.MAX_FLOATS` floats or its work
    :data:`~pgdlib._validation.MAX_WORK` coordinate updates.
    """
    rec = Recorder(record)
    n, d = X.shape
    check_floats(steps_name, record_floats(rec.record, steps, n, d), f"a record={rec.record!r} trajectory")
    check_work(steps_name, steps, n, d)
    keep_values = rec.keeps_values()
    hooks = rule if rule is not None else StepRule()
    need_fx = keep_values or hooks.needs_values
    need_gn = keep_values or hooks.needs_grad_norms
    bound_sq = min(divergence_bound, MAX_DIVERGENCE_BOUND) ** 2
    state = RunState(X, steps)
    with np.errstate(over="ignore", invalid="ignore"):
        _refresh(f, state, need_fx, need_gn)
        if rule is None and not keep_values:
            t = _loop_plain(f, state, -eta, steps, bound_sq)
        else:
            t = _loop(f, state, rec, rule, -eta, steps, bound_sq, need_fx, need_gn)
        if state.fx is None:
            state.fx = f._value(state.X)
        if state.gnorm is None:
            state.gnorm = row_norms(state.G)
        _flag_non_finite(f, state)
    x_final = None
    if state.x_out:
        x_final = state.X.copy()
        for i, x in state.x_out.items():
            x_final[i] = x
    return rec.finish(
        t,
        state.X,
        state.fx,
        state.gnorm,
        single=single,
        perturbations=state.perturbations,
        stop_reason=state.reason,
        n_steps=state.n_steps,
        algorithm=algorithm,
        params=params,
        x_final=x_final,
    )
