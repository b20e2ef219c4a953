"""Plain gradient descent, the lecture's equation (6.1)."""

from __future__ import annotations

from collections.abc import Callable

from numpy.typing import ArrayLike

from pgdlib._validation import check_nonnegative
from pgdlib.algorithms._engine import (
    DEFAULT_DIVERGENCE_BOUND,
    RunState,
    StepRule,
    check_common,
    run,
    start_points,
    stop_rules,
)
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import RecordMode, Status, Trajectory

__all__ = ["gd", "DEFAULT_DIVERGENCE_BOUND"]


class GradientTolerance(StepRule):
    """Stop a run with ``'converged'`` once ``||grad f(x_t)|| <= tol``."""

    def __init__(self, tol: float) -> None:
        self.tol = tol

    def before_step(self, t: int, state: RunState, last: bool) -> None:
        state.stop(state.grad_norms() <= self.tol, Status.CONVERGED, t)


def gd(
    f: Objective,
    x0: ArrayLike,
    *,
    eta: float,
    steps: int,
    tol: float | None = None,
    target: float | None = None,
    until: Callable | None = None,
    record: RecordMode = "all",
    divergence_bound: float = DEFAULT_DIVERGENCE_BOUND,
) -> Trajectory:
    r"""Gradient descent :math:`x_{t+1} = x_t - \eta \nabla f(x_t)`.

    Parameters
    ----------
    f : Objective
        The function to minimise.
    x0 : array_like, shape (d,) or (n, d)
        Start, or ``n`` starts run as independent trajectories in one
        vectorised loop (each row gives exactly the single run from that row).
    eta : float
        Step size, > 0.
    steps : int
        Maximum number of steps, in ``[0, MAX_STEPS]`` (:data:`~pgdlib._validation.MAX_STEPS`;
        a run is also refused if its record would exceed ``MAX_FLOATS`` floats).
    tol : float, optional
        Stop a run when :math:`\|\nabla f(x_t)\| \le` ``tol`` (stop reason
        ``'converged'``).
    target : float, optional
        Stop a run at the first step ``t`` with :math:`f(x_t) \le` ``target`` (status
        ``TARGET``, stop reason ``'target reached'``); ``n_steps`` is then that step.
    until : callable, optional
        ``until(t, x) -> bool`` (one start, ``x`` of shape ``(d,)``) or a bool array of
        shape ``(n,)`` (``x`` of shape ``(n, d)``): stop the runs for which it is true at
        step ``t`` (status ``STOPPED``). ``x`` is read-only.
    record : {'all', 'values', 'final'} or int, default 'all'
        What to keep; see :class:`~pgdlib.trajectory.Recorder`.
    divergence_bound : float, default 1e10
        A run whose next iterate is not finite or has norm above this bound
        stops at the last finite iterate with stop reason ``'diverged'``.

    Returns
    -------
    Trajectory

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    The lecture's equation (6.1). For an :math:`\ell`-smooth ``f`` and
    :math:`\eta \le 1/\ell` every step decreases ``f`` by at least
    :math:`\tfrac{\eta}{2}\|\nabla f(x_t)\|^2`, the descent lemma (lecture,
    section 6.1.1; Nesterov 2004, section 1.2.3), proved in chapter 1 of the book.
    Started exactly at a critical point it never moves: it needs a perturbation to
    leave a saddle (:func:`~pgdlib.algorithms.perturbed.perturbed_gd`).

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.1, equation (6.1), Lemma 1 and Corollary 1.
    2. Y. Nesterov, "Introductory Lectures on Convex Optimization: A Basic Course", Kluwer,
       2004. Section 1.2.3, the gradient method.

    Examples
    --------
    >>> from pgdlib import QuadraticSaddle
    >>> f = QuadraticSaddle([1.0, 2.0])
    >>> str(gd(f, [1.0, 1.0], eta=0.25, steps=100, tol=1e-8).stop_reason)
    'converged'
    >>> int(gd(f, [1.0, 1.0], eta=0.25, steps=100, target=0.1, record="final").n_steps)
    4
    """
    X, single = start_points(f, x0)
    eta, steps, divergence_bound = check_common(eta, steps, divergence_bound)
    tol = None if tol is None else check_nonnegative("tol", tol)
    return run(
        f,
        X,
        eta,
        steps,
        rule=stop_rules(target, until, single) + ([] if tol is None else [GradientTolerance(tol)]),
        single=single,
        record=record,
        divergence_bound=divergence_bound,
        algorithm="gd",
        params={"eta": eta, "steps": steps, "tol": tol},
    )
