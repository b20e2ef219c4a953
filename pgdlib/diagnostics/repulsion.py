r"""Lemma 4, repulsion: two gradient-descent copies a little apart along ``u`` separate geometrically.

Lecture section 6.2.3, equations (6.4)-(6.5). Let ``x`` have Hessian ``H`` with
bottom eigenpair :math:`H u = -\delta u`, :math:`\delta > 0`, :math:`\|u\| = 1`. Start
two copies of gradient descent at :math:`x_0` and :math:`x_0' = x_0 + \beta u`. With
:math:`w_t = x_t' - x_t` and the linearisation
:math:`\nabla f(x_t') - \nabla f(x_t) \approx H w_t`,

.. math:: w_{t+1} = (I - \eta H)\, w_t
          \quad\Longrightarrow\quad
          w_t = (I - \eta H)^t \beta u = (1 + \eta\delta)^t\, \beta u ,

so :math:`\|w_t\| = (1 + \eta\delta)^t \beta`. On a quadratic the linearisation is
exact and so is this identity. Errata item 6: the notes' last line
:math:`(1 + \eta\beta\delta)^t u` puts :math:`\beta` inside the power; it is
reported here as ``notes_formula`` so that the errata page can show it is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import MAX_STEPS, as_points, check_int, check_positive
from pgdlib.algorithms.gd import gd
from pgdlib.diagnostics._runs import check_run
from pgdlib.diagnostics.curvature import _one_point, finite_value_at, min_eigen
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import Trajectory

__all__ = ["RepulsionMeasurement", "measure_repulsion", "repulsion_of"]


@dataclass(frozen=True)
class RepulsionMeasurement:
    r"""Separation of two gradient-descent copies against :math:`(1 + \eta\delta)^t \beta`.

    Attributes
    ----------
    steps : ndarray of int, shape (k + 1,)
        ``t = 0, ..., k``.
    distance : ndarray, shape (k + 1,)
        Measured :math:`\|w_t\| = \|x_t' - x_t\|`.
    predicted : ndarray, shape (k + 1,)
        :math:`(1 + \eta\delta)^t \beta`, Lemma 4 corrected (errata item 6).
    notes_formula : ndarray, shape (k + 1,)
        :math:`(1 + \eta\beta\delta)^t`, the norm of the notes' equation (6.5).
    delta : float
        :math:`\delta = -u^\top H u`.
    beta : float
        Initial separation.
    eta : float
        Step size.
    u : ndarray of shape (d,)
        The unit direction of the initial separation.
    starts : ndarray of shape (2, d)
        :math:`x_0` and :math:`x_0'`.
    diverged : bool
        Whether a copy diverged before the requested number of steps (the
        arrays then stop at the last step where both copies were finite).
    """

    steps: NDArray[np.int64]
    distance: NDArray[np.float64]
    predicted: NDArray[np.float64]
    notes_formula: NDArray[np.float64]
    delta: float
    beta: float
    eta: float
    u: NDArray[np.float64]
    starts: NDArray[np.float64]
    diverged: bool

    @property
    def ratio(self) -> NDArray[np.float64]:
        """``distance / predicted``: identically 1 on a quadratic."""
        return self.distance / self.predicted

    def __repr__(self) -> str:
        k = int(self.steps[-1])
        return (
            f"RepulsionMeasurement({k} steps, delta={self.delta:.4g}, beta={self.beta:.3g}, "
            f"eta={self.eta:.3g}: distance {self.distance[-1]:.4g} vs predicted "
            f"(1+eta*delta)^t*beta = {self.predicted[-1]:.4g}"
            + (", diverged" if self.diverged else "")
            + ")"
        )


def unit_direction(f: Objective, u: ArrayLike) -> NDArray[np.float64]:
    """``u / ||u||`` for one finite nonzero vector ``u`` of shape ``(d,)`` (norm taken without overflow)."""
    U, single = as_points("u", u, f.dim)
    if not single:
        raise ValueError(f"u must be one nonzero vector of shape ({f.dim},), got shape {np.shape(u)}")
    scale = float(np.max(np.abs(U[0])))
    if scale == 0.0:
        raise ValueError(f"u must be one nonzero vector of shape ({f.dim},), got the zero vector")
    norm = float(np.linalg.norm(U[0]))
    if not (np.isfinite(norm) and norm > 0.0):  # a huge or tiny u: its squares over/underflow
        V = U[0] / scale
        return V / np.linalg.norm(V)
    return U[0] / norm


def measure_repulsion(
    f: Objective,
    x: ArrayLike,
    *,
    eta: float,
    beta: float,
    steps: int,
    u: ArrayLike | None = None,
    x0: ArrayLike | None = None,
) -> RepulsionMeasurement:
    r"""Run two gradient-descent copies :math:`\beta u` apart and measure their separation.

    The copies start at :math:`x_0` and :math:`x_0' = x_0 + \beta u`, by default
    symmetric about ``x``: :math:`x_0 = x - \tfrac{\beta}{2}u`. ``u`` defaults to the
    bottom eigenvector of :math:`\nabla^2 f(x)` (:func:`~pgdlib.diagnostics.curvature.min_eigen`)
    and :math:`\delta = -u^\top \nabla^2 f(x)\, u` must be positive.

    Parameters
    ----------
    f : Objective
        The function.
    x : array_like of shape (d,)
        The point whose Hessian defines ``u`` and :math:`\delta` (a saddle).
    eta : float
        Step size, > 0.
    beta : float
        Initial separation :math:`\beta > 0`.
    steps : int
        Steps :math:`T`, >= 1.
    u : array_like of shape (d,), optional
        Direction of separation (normalised here).
    x0 : array_like of shape (d,), optional
        The first copy's start :math:`x_0`; by default :math:`x - \tfrac{\beta}{2}u`.

    Returns
    -------
    RepulsionMeasurement

    Raises
    ------
    ValueError
        On a bad argument, if :math:`u^\top \nabla^2 f(x)\, u \ge 0` (no repulsion), or if the
        predicted separations would overflow a float within ``steps`` steps.

    Notes
    -----
    With :math:`w_t = x_t' - x_t`, Lemma 4 (corrected, book errata item 6) predicts
    :math:`\|w_t\| = (1 + \eta\delta)^t\beta`, exactly on a quadratic; proved in
    chapter 6 of the book.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.2.3, Lemma 4, equations (6.4)-(6.5).
    """
    X = _one_point(f, x)
    eta = check_positive("eta", eta)
    beta = check_positive("beta", beta)
    T = check_int("steps", steps, minimum=1, maximum=MAX_STEPS)
    finite_value_at(f, X, "x")
    x1 = None if x0 is None else _one_point(f, x0, "x0")[0]
    if u is None:
        u_vec = min_eigen(f, X[0]).vector
    else:
        u_vec = unit_direction(f, u)
    curvature = float(u_vec @ f._hvp(X, u_vec[np.newaxis, :])[0])
    if not np.isfinite(curvature):
        raise ValueError("x must be a point where the Hessian of f is finite (inside the objective's domain)")
    if not curvature < 0.0:
        raise ValueError(
            f"x must have negative curvature along u (u^T H u < 0), got u^T H u = {curvature:.3g}"
        )
    delta = -curvature
    # The two predictions grow geometrically; refuse a step count for which they leave the float range
    # rather than report inf as a prediction.
    log_growth = max(np.log1p(eta * delta) + np.log(beta) / T, np.log1p(eta * beta * delta))
    if T * log_growth > np.log(np.finfo(float).max):
        raise ValueError(f"steps must keep the predicted separation (1+eta*delta)^T*beta and "
                         f"(1+eta*beta*delta)^T within the float range; steps = {T} with "
                         f"eta*delta = {eta * delta:.3g} does not")
    if x1 is None:
        x1 = X[0] - 0.5 * beta * u_vec
    starts = np.stack([x1, x1 + beta * u_vec])
    return _measure(f, gd(f, starts, eta=eta, steps=T, record="all"), u_vec, beta, delta)


def repulsion_of(
    f: Objective,
    traj: Trajectory,
    x: ArrayLike,
    *,
    u: ArrayLike | None = None,
    beta: float | None = None,
) -> RepulsionMeasurement:
    r"""Lemma 4 on a recorded run of two copies: :math:`\|x_t' - x_t\|` against :math:`(1+\eta\delta)^t\beta`.

    The two runs of ``traj`` start at :math:`x_0` and :math:`x_0'`; by default
    :math:`\beta = \|x_0' - x_0\|` and :math:`u = (x_0' - x_0)/\beta`, and
    :math:`\delta = -u^\top\nabla^2 f(x)\,u` must be positive. The arrays stop at the
    last step both copies reached.

    Parameters
    ----------
    f : Objective
        The function the run minimised.
    traj : Trajectory
        A run of ``gd`` from two starts (shape ``(2, d)``) with every iterate recorded;
        ``eta`` is ``traj.params['eta']``.
    x : array_like of shape (d,)
        The point whose Hessian defines :math:`\delta` (a saddle).
    u : array_like of shape (d,), optional
        The unit direction of the separation (normalised here), if known exactly.
    beta : float, optional
        The initial separation, if known exactly.

    Returns
    -------
    RepulsionMeasurement

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range; if ``traj`` is not a run of
        ``gd``, ``perturbed_gd`` or ``pgd_jin`` on ``f`` (same dimension) with every iterate
        recorded (``record='all'``).
        ValueError also if ``traj`` does not have two starts, or if
        :math:`u^\top \nabla^2 f(x)\, u \ge 0` (no repulsion).

    Notes
    -----
    As :func:`measure_repulsion`: :math:`\|x_t' - x_t\|` against
    :math:`(1 + \eta\delta)^t\beta` (Lemma 4, corrected).

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.2.3, Lemma 4.
    """
    W = check_run(f, traj)
    if traj.n_runs != 2:
        raise ValueError(f"traj must be a run from two starts, got {traj.n_runs}")
    X = _one_point(f, x)
    starts = W[0]
    diff = starts[1] - starts[0]
    beta = float(np.linalg.norm(diff)) if beta is None else check_positive("beta", beta)
    if not beta > 0.0:
        raise ValueError("traj must start its two copies at different points")
    u_vec = unit_direction(f, diff if u is None else u)
    curvature = float(u_vec @ f._hvp(X, u_vec[np.newaxis, :])[0])
    if not np.isfinite(curvature):
        raise ValueError("x must be a point where the Hessian of f is finite (inside the objective's domain)")
    if not curvature < 0.0:
        raise ValueError(
            f"x must have negative curvature along u (u^T H u < 0), got u^T H u = {curvature:.3g}"
        )
    return _measure(f, traj, u_vec, beta, -curvature)


def _measure(f: Objective, traj: Trajectory, u_vec: NDArray[np.float64], beta: float,
             delta: float) -> RepulsionMeasurement:
    """The measurement on a checked two-copy run, with ``u``, ``beta`` and ``delta`` known."""
    W = check_run(f, traj)
    eta = float(traj.params["eta"])
    T = int(traj.params["steps"])
    k = int(np.min(traj.n_steps))
    sep = W[: k + 1, 1] - W[: k + 1, 0]
    t = np.arange(k + 1, dtype=np.int64)
    with np.errstate(over="ignore"):
        predicted = (1.0 + eta * delta) ** t * beta
        notes = (1.0 + eta * beta * delta) ** t
    if not (np.all(np.isfinite(predicted)) and np.all(np.isfinite(notes))):
        raise ValueError("traj is too long: the predicted separations (1+eta*delta)^t*beta "
                         "leave the float range")
    return RepulsionMeasurement(
        steps=t,
        distance=np.linalg.norm(sep, axis=1),
        predicted=predicted,
        notes_formula=notes,
        delta=delta,
        beta=beta,
        eta=eta,
        u=u_vec,
        starts=W[0].copy(),
        diverged=k < T,
    )
