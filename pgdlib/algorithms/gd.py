"""Plain gradient descent, the lecture's equation (6.1)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import as_points, check_int, check_nonnegative, check_positive
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import Recorder, RecordMode, Trajectory

__all__ = ["gd", "DEFAULT_DIVERGENCE_BOUND"]

DEFAULT_DIVERGENCE_BOUND = 1e10


def row_sq_norms(A: NDArray[np.float64]) -> NDArray[np.float64]:
    """Squared Euclidean norm of each row of ``A`` (non-finite if a row is)."""
    return np.einsum("ij,ij->i", A, A)


def gd(
    f: Objective,
    x0: ArrayLike,
    eta: float,
    steps: int,
    tol: float | None = None,
    *,
    record: RecordMode = "all",
    divergence_bound: float = DEFAULT_DIVERGENCE_BOUND,
) -> Trajectory:
    r"""Gradient descent :math:`x_{t+1} = x_t - \eta \nabla f(x_t)`.

    The lecture's equation (6.1). For an :math:`\ell`-smooth ``f`` and
    :math:`\eta \le 1/\ell` every step decreases ``f`` by at least
    :math:`\tfrac{\eta}{2}\|\nabla f(x_t)\|^2` (the descent lemma).

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
        Maximum number of steps, >= 0.
    tol : float, optional
        Stop a run when :math:`\|\nabla f(x_t)\| \le` ``tol`` (stop reason
        ``'converged'``).
    record : {'all', 'values', 'final'} or int, default 'all'
        What to keep; see :class:`~pgdlib.trajectory.Recorder`.
    divergence_bound : float, default 1e10
        A run whose next iterate is not finite or has norm above this bound
        stops at the last finite iterate with stop reason ``'diverged'``.

    Returns
    -------
    Trajectory
    """
    eta = check_positive("eta", eta)
    steps = check_int("steps", steps, minimum=0)
    tol = None if tol is None else check_nonnegative("tol", tol)
    bound_sq = check_positive("divergence_bound", divergence_bound) ** 2
    X, single = as_points("x0", x0, f.dim)
    X = X.copy()
    n = X.shape[0]
    rec = Recorder(record)
    keep_values = rec.keeps_values()

    active = np.ones(n, dtype=bool)
    reason = ["max steps"] * n
    n_steps = np.full(n, steps, dtype=np.int64)
    buffer = np.empty_like(X)

    G = f._grad(X)
    gnorm = np.sqrt(row_sq_norms(G))
    fx = f._value(X) if keep_values else None
    if tol is not None:
        _stop(gnorm <= tol, active, reason, n_steps, "converged", 0)
    if keep_values:
        rec.add(0, X, fx, gnorm)

    t = 0
    while t < steps and active.any():
        t += 1
        np.multiply(G, -eta, out=buffer)
        buffer += X
        sq = row_sq_norms(buffer)
        bad = active & ~(sq <= bound_sq)
        if bad.any():
            _stop(bad, active, reason, n_steps, "diverged", t - 1)
        if active.all():
            X, buffer = buffer, X
        else:
            X[active] = buffer[active]
        G = f._grad(X)
        gnorm_sq = row_sq_norms(G)
        if keep_values or tol is not None:
            gnorm = np.sqrt(gnorm_sq)
        if keep_values:
            fx = f._value(X)
        if tol is not None:
            _stop(active & (gnorm <= tol), active, reason, n_steps, "converged", t)
        if keep_values:
            rec.add(t, X, fx, gnorm)

    if not keep_values:
        gnorm = np.sqrt(row_sq_norms(G))
        fx = f._value(X)
    return rec.finish(
        t,
        X,
        fx,
        gnorm,
        single=single,
        perturbations=[[] for _ in range(n)],
        stop_reason=reason,
        n_steps=n_steps,
        algorithm="gd",
        params={"eta": eta, "steps": steps, "tol": tol},
    )


def _stop(
    mask: NDArray[np.bool_],
    active: NDArray[np.bool_],
    reason: list[str],
    n_steps: NDArray[np.int64],
    why: str,
    t: int,
) -> None:
    """Mark the runs in ``mask`` as stopped at step ``t`` for reason ``why``."""
    for i in np.flatnonzero(mask & active):
        reason[i] = why
        n_steps[i] = t
    active &= ~mask
