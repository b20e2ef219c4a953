r"""The batched loop shared by gradient descent and its perturbed variants.

Every method of :mod:`pgdlib.algorithms` is the gradient step
:math:`x_{t+1} = x_t - \eta \nabla f(x_t)` plus rules that, before each step,
may stop runs (converged, terminated, a stop condition), perturb them, or change
their next iterate. :func:`run` owns what they share: ``n`` runs advanced together
as one ``(n, d)`` array, divergence detection, and recording; a :class:`StepRule`
holds what differs.

Order of one iteration at step ``t`` (``x_t`` and ``grad f(x_t)`` known):

1. record step ``t`` (this evaluates ``f(x_t)`` and ``||grad f(x_t)||`` when the
   record keeps values);
2. each rule's ``before_step``, in order (the stop conditions ``target`` and ``until``
   first, then the method's rule): may stop runs at ``t``, or replace ``x_t`` by
   another point (Algorithm 2 of Jin et al. perturbs ``x_t`` before its gradient step);
3. if ``t = steps`` or no run is active, stop;
4. candidate ``x_{t+1} = x_t - eta grad f(x_t)``, then each rule's ``adjust`` may
   change rows of it (a random jump, added noise);
5. divergence, checked at every step in every record mode: a run whose candidate is
   not finite or has norm above the bound stops at ``t`` (keeping ``x_t``) with
   status ``LEFT_DOMAIN`` when ``x_t`` lies outside the objective's domain
   (:meth:`~pgdlib.objectives.base.Objective._outside_domain`: its gradient there is
   ``nan``), ``DIVERGED`` otherwise. This judges the iterate and the gradient (a
   non-finite or huge gradient gives a non-finite or far candidate); it costs one
   dot product over the batch (a screen: if the sum of all squared norms is below
   the bound, every row is), and a per-row norm only when the screen fails;
6. the active runs move to ``x_{t+1}``, and the gradient there is evaluated.

``f`` is evaluated only where it is needed: at recorded steps, on the rows a rule
asks for (:meth:`RunState.values`), and at the end. Wherever it is evaluated, a
non-finite ``f(x_t)`` stops the run at ``t`` (``LEFT_DOMAIN`` or ``DIVERGED`` as
above), and after the last step a run whose final ``f`` or gradient norm is not
finite gets one of these two statuses too, so no run ends on a non-finite number
under another status. (Built-in objectives have a non-finite gradient wherever their
value is non-finite within the divergence bound, so the stopping step does not depend
on the record mode.)

Only elementwise operations touch a row, so each row of a batch follows exactly
the arithmetic of a single run started from it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import (
    MAX_STEPS,
    as_points,
    check_floats,
    check_int,
    check_objective,
    check_positive,
    check_real,
    check_work,
)
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import Recorder, RecordMode, Status, Trajectory, pad_perturbations, record_floats

__all__ = [
    "DEFAULT_DIVERGENCE_BOUND",
    "RunState",
    "StepRule",
    "TargetRule",
    "UntilRule",
    "check_common",
    "row_norms",
    "row_sq_norms",
    "run",
    "start_points",
    "stop_rules",
]

DEFAULT_DIVERGENCE_BOUND = 1e10


#: Larger divergence bounds are capped here, so that squared norms stay finite.
MAX_DIVERGENCE_BOUND = 1e150

#: From this dimension on, row norms are one 1-D dot product per row (no temporary).
ROW_LOOP_DIM = 4096

#: The divergence screen passes when the batch's total squared norm is below
#: ``bound**2 * (1 - SCREEN_SLACK)``: the slack covers the screen's own round-off, so a
#: row the exact per-row check would stop never passes it.
SCREEN_SLACK = 1e-6

#: Batches of at most this many floats are screened with one dot product.
SCREEN_DOT_SIZE = 8192


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
    """``x0`` as an owned C-contiguous ``(n, d)`` array (``n >= 1``) and whether it was one point."""
    check_objective("f", f)
    X, single = as_points("x0", x0, f.dim, min_rows=1)
    return np.array(X, dtype=np.float64, order="C"), single


class RunState:
    """The state of ``n`` runs at the current step ``t``, shared with the rules.

    Rules read ``X``, ``G``, ``active`` and ``t``, ask for ``f`` and gradient norms
    through :meth:`values` and :meth:`grad_norms` (evaluated only when asked, once per
    step), and act through :meth:`stop`, :meth:`replace` and :meth:`record_perturbation`.

    Attributes
    ----------
    f : Objective
        The objective.
    X, G : ndarray of shape (n, d)
        Current iterates ``x_t`` and their gradients (read-only for rules).
    t : int
        The current step.
    active : ndarray of bool, shape (n,)
        Runs still moving.
    status : ndarray of int, shape (n,)
        The :class:`~pgdlib.trajectory.Status` of each run (``MAX_STEPS`` until another applies).
    n_steps : ndarray of int, shape (n,)
        Step at which each run stopped.
    """

    def __init__(self, f: Objective, X: NDArray[np.float64], steps: int) -> None:
        n = X.shape[0]
        self.f = f
        self.X = X
        self.G: NDArray[np.float64] = np.empty_like(X)
        self.t = 0
        self.active = np.ones(n, dtype=bool)
        self.n_active = n  # kept equal to active.sum() by stop and _stop_rows
        self.status = np.full(n, int(Status.MAX_STEPS), dtype=np.int64)
        self.n_steps = np.full(n, steps, dtype=np.int64)
        self._pert_rows: list[NDArray[np.intp]] = []
        self._pert_steps: list[int] = []
        self._fx: NDArray[np.float64] | None = None
        self._gn: NDArray[np.float64] | None = None

    # -- what rules ask --------------------------------------------------------
    def values(self, rows: NDArray[np.intp] | None = None) -> NDArray[np.float64]:
        """``f(x_t)`` of every run, or of the runs ``rows`` (an index array).

        Evaluated once per step for all runs (or only on ``rows``); a run whose value
        is not finite is stopped at ``t`` (``LEFT_DOMAIN`` or ``DIVERGED``).
        """
        if self._fx is None and rows is not None:
            fx = self.f._value(self.X[rows])
            if not math.isfinite(np.add.reduce(fx)):
                self._stop_rows(rows[~np.isfinite(fx)], self.t)
            return fx
        if self._fx is None:
            self._fx = self.f._value(self.X)
            if not math.isfinite(np.add.reduce(self._fx)):
                self._stop_rows(np.flatnonzero(~np.isfinite(self._fx)), self.t)
        return self._fx if rows is None else self._fx[rows]

    def grad_norms(self, rows: NDArray[np.intp] | None = None) -> NDArray[np.float64]:
        """``||grad f(x_t)||`` of every run, or of the runs ``rows`` (an index array)."""
        if self._gn is None and rows is not None:
            return row_norms(self.G[rows])
        if self._gn is None:
            self._gn = row_norms(self.G)
        return self._gn if rows is None else self._gn[rows]

    # -- what rules do ---------------------------------------------------------
    def stop(self, which: NDArray[np.bool_] | NDArray[np.intp], status: Status, t: int) -> None:
        """Stop the active runs ``which`` (a boolean mask of shape ``(n,)`` or an index array)
        at step ``t`` with ``status``."""
        which = np.asarray(which)
        if which.dtype != bool:
            mask = np.zeros(self.active.size, dtype=bool)
            mask[which] = True
            which = mask
        m = which & self.active
        k = int(np.count_nonzero(m))
        if k:
            self.status[m] = int(status)
            self.n_steps[m] = t
            self.active &= ~m
            self.n_active -= k

    def replace(self, rows: NDArray[np.intp], points: NDArray[np.float64]) -> None:
        """Replace ``x_t`` of the runs ``rows`` by ``points`` (and their gradients)."""
        self.X[rows] = points
        self.G[rows] = self.f._grad(self.X[rows])
        self._fx = self._gn = None

    def record_perturbation(self, rows: NDArray[np.intp], t: int) -> None:
        """Note that the runs ``rows`` were perturbed at step ``t`` (``perturbation_steps``)."""
        self._pert_rows.append(np.array(rows, dtype=np.int64))
        self._pert_steps.append(t)

    # -- the engine's own ------------------------------------------------------
    def _stop_rows(self, rows: NDArray[np.intp], t: int | None) -> None:
        """Stop the runs ``rows`` (at ``t``, or where they are if ``None``) with the status why.

        ``LEFT_DOMAIN`` where the objective says the point lies outside its domain,
        ``DIVERGED`` otherwise (an overflow). The run keeps that point.
        """
        if rows.size == 0:
            return
        outside = np.asarray(self.f._outside_domain(self.X[rows]), dtype=bool)
        codes = np.where(outside, int(Status.LEFT_DOMAIN), int(Status.DIVERGED))
        moving = self.active[rows]
        if t is not None:
            self.n_steps[rows[moving]] = t
        self.n_active -= int(np.count_nonzero(moving))
        self.active[rows] = False
        self.status[rows] = codes

    def _new_step(self, t: int) -> None:
        self.t = t
        self._fx = self._gn = None

    def perturbations(self) -> NDArray[np.int64]:
        """The ``(n, p)`` padded array of jump steps (:func:`~pgdlib.trajectory.pad_perturbations`)."""
        rows = self._pert_rows
        runs = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
        steps = np.repeat(np.array(self._pert_steps, dtype=np.int64), [r.size for r in rows])
        return pad_perturbations(runs, steps, self.X.shape[0])


class StepRule:
    """What a method adds to the gradient step; the base class adds nothing."""

    def before_step(self, t: int, state: RunState, last: bool) -> None:
        """Called at every step ``t`` after recording it; ``last`` if no step follows."""

    def adjust(self, t: int, state: RunState, candidate: NDArray[np.float64]) -> None:
        """Change rows of the candidate ``x_{t+1}`` in place."""

    def result(self, state: RunState) -> NDArray[np.float64]:
        """The point each run reports (``Trajectory.x``): by default its last iterate."""
        return state.X


class TargetRule(StepRule):
    """Stop a run with ``TARGET`` at the first step ``t`` with ``f(x_t) <= target``."""

    def __init__(self, target: float) -> None:
        self.target = target

    def before_step(self, t: int, state: RunState, last: bool) -> None:
        active = state.active
        if state.n_active == active.size:
            state.stop(state.values() <= self.target, Status.TARGET, t)
            return
        rows = np.flatnonzero(active)
        if rows.size:
            state.stop(rows[state.values(rows) <= self.target], Status.TARGET, t)


class UntilRule(StepRule):
    """Stop a run with ``STOPPED`` at the first step ``t`` at which ``until(t, x_t)`` is true."""

    def __init__(self, until: Callable, single: bool) -> None:
        self.until, self.single = until, single

    def before_step(self, t: int, state: RunState, last: bool) -> None:
        view = state.X[0] if self.single else state.X
        view = view.view()
        view.flags.writeable = False
        answer = np.asarray(self.until(t, view))
        n = state.X.shape[0]
        if answer.dtype != bool or answer.shape not in ((), (n,)) or (answer.shape == () and not self.single):
            raise ValueError(
                "until must return a bool (one start) or a bool array of shape (n,) (n starts), "
                f"got {answer.dtype} of shape {answer.shape}"
            )
        state.stop(np.broadcast_to(answer, (n,)), Status.STOPPED, t)


def stop_rules(target: float | None, until: Callable | None, single: bool) -> list[StepRule]:
    """Validate the stop conditions ``target`` and ``until`` and give their rules."""
    rules: list[StepRule] = []
    if target is not None:
        rules.append(TargetRule(check_real("target", target)))
    if until is not None:
        if not callable(until):
            raise TypeError(f"until must be a callable until(t, x) -> bool or None, got {until!r}")
        rules.append(UntilRule(until, single))
    return rules


def _screen(cand: NDArray[np.float64], screen_sq: float, screen_abs: float) -> bool:
    """True if every row of ``cand`` is surely finite and within the bound (one or two passes).

    Small batches: the total squared norm, one ``vdot`` (below OpenBLAS's threading
    threshold, so no thread wake-up). Large ones: the largest entry in absolute value
    against ``bound / sqrt(d)`` (numpy's own reductions, no BLAS threads). ``nan``
    fails both tests. A False only means that the exact per-row check must decide.
    """
    if cand.size <= SCREEN_DOT_SIZE:
        flat = cand.reshape(-1)
        return bool(np.vdot(flat, flat) <= screen_sq)
    return bool(cand.max() <= screen_abs and cand.min() >= -screen_abs)


def _loop(state: RunState, rec: Recorder, rules: Sequence[StepRule], neg_eta: float, steps: int,
          bound_sq: float) -> int:
    """Record, rules, step, divergence check, every step. Returns the last step."""
    f = state.f
    keep_values = rec.keeps_values()
    adjusting = [r for r in rules if type(r).adjust is not StepRule.adjust]
    # With an objective whose _grad writes into out=, the candidate is formed in the
    # gradient's buffer (the gradient is spent by then) and the next gradient goes into
    # the old iterate's: two (n, d) arrays in all, as few as a bare numpy loop touches.
    own_g = bool(getattr(f, "_grad_takes_out", False))
    spare = None if own_g else np.empty_like(state.X)
    screen_sq = bound_sq * (1.0 - SCREEN_SLACK)
    screen_abs = math.sqrt(screen_sq / state.X.shape[1])
    active = state.active
    n = active.size
    dot_screen = state.X.size <= SCREEN_DOT_SIZE
    t = 0
    while True:
        state._new_step(t)
        if keep_values:
            rec.add(t, state.X, state.values(), state.grad_norms())
        last = t >= steps
        for rule in rules:
            rule.before_step(t, state, last)
        if last or not state.n_active:
            return t
        cand = np.multiply(state.G, neg_eta, out=state.G if own_g else spare)
        cand += state.X
        for rule in adjusting:
            rule.adjust(t, state, cand)
        if dot_screen:  # the screen of _screen, inlined for small batches
            flat = cand.reshape(-1)
            ok = np.vdot(flat, flat) <= screen_sq
        else:
            ok = _screen(cand, screen_sq, screen_abs)
        if not ok:  # a row may be too far or not finite
            bad = active & ~(row_sq_norms(cand) <= bound_sq)
            if bad.any():
                state._stop_rows(np.flatnonzero(bad), t)
                if not state.n_active:
                    if own_g:  # the gradient's buffer holds the candidate
                        state.G = f._grad(state.X)
                    return t
        if state.n_active == n:
            free, state.X = state.X, cand
        else:
            np.copyto(state.X, cand, where=active[:, np.newaxis])
            free = cand
        t += 1
        if own_g:
            G = f._grad(state.X, out=free)
            if G is not free:  # the objective ignored out: allocate from now on
                own_g, spare = False, free
            state.G = G
        else:
            if free is not cand:
                spare = free
            state.G = f._grad(state.X)


def run(
    f: Objective,
    X: NDArray[np.float64],
    eta: float,
    steps: int,
    *,
    rule: StepRule | Sequence[StepRule] | None,
    single: bool,
    record: RecordMode,
    divergence_bound: float,
    algorithm: str,
    params: dict,
    steps_name: str = "steps",
) -> Trajectory:
    """Advance the ``n`` rows of ``X`` (owned, modified) and build the :class:`Trajectory`.

    See the module docstring for the order of one iteration; ``rule`` is one rule or a
    sequence of them, applied in order. Overflow inside a diverging run raises no
    warning: it is reported as the status ``DIVERGED``. ``divergence_bound`` is capped
    at :data:`MAX_DIVERGENCE_BOUND` (1e150).

    Before any step, the run is refused (ValueError naming ``steps_name``) if what it
    records could exceed :data:`~pgdlib._validation.MAX_FLOATS` floats or its work
    :data:`~pgdlib._validation.MAX_WORK` coordinate updates.
    """
    rec = Recorder(record)
    n, d = X.shape
    check_floats(steps_name, record_floats(rec.record, steps, n, d), f"a record={rec.record!r} trajectory")
    check_work(steps_name, steps, n, d)
    rules: list[StepRule] = [] if rule is None else [rule] if isinstance(rule, StepRule) else list(rule)
    bound_sq = min(divergence_bound, MAX_DIVERGENCE_BOUND) ** 2
    state = RunState(f, X, steps)
    with np.errstate(over="ignore", invalid="ignore"):
        state.G = f._grad(state.X)
        t = _loop(state, rec, rules, -eta, steps, bound_sq)
        fx = state._fx if state._fx is not None else f._value(state.X)
        gnorm = state.grad_norms()
        bad = ~(np.isfinite(fx) & np.isfinite(gnorm))
        if bad.any():  # every run that ends on a non-finite number says why
            state._stop_rows(np.flatnonzero(bad), None)
    result = state.X
    for r in rules:
        out = r.result(state)
        if out is not state.X:
            result = out
    return rec.finish(
        t,
        state.X,
        fx,
        gnorm,
        single=single,
        result=result,
        perturbations=state.perturbations(),
        status=state.status,
        n_steps=state.n_steps,
        algorithm=algorithm,
        params=params,
    )
