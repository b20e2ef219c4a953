r"""The descent lemma and Corollary 1, measured step by step along a gradient-descent run.

Lecture section 6.1.1. For an :math:`\ell`-smooth ``f`` and :math:`\eta \le 1/\ell`
every step :math:`x_{t+1} = x_t - \eta \nabla f(x_t)` satisfies

.. math:: f(x_t) - f(x_{t+1}) \;\ge\; \frac{\eta}{2}\|\nabla f(x_t)\|^2
          \;=\; \frac{1}{2\eta}\|x_{t+1} - x_t\|^2 ,

the first inequality being the descent lemma (Lemma 1, stated there for
:math:`\eta = 1/\beta`) and the second form Corollary 1. Both are right for
:math:`\eta \le 1/\ell` (errata, closing note). For gradient descent the two bounds
are equal in exact arithmetic; both are measured, from the gradient and from the
iterates, so that a notebook can show them side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import MAX_STEPS, as_points, check_int, check_objective, check_positive
from pgdlib.algorithms.gd import gd
from pgdlib.diagnostics._runs import check_run
from pgdlib.diagnostics.curvature import finite_value_at
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import Trajectory

__all__ = ["DescentMeasurement", "measure_descent", "descent_of"]

ROUNDOFF = 1e-12
"""Relative slack for comparing a difference of ``f`` values with a bound."""


@dataclass(frozen=True)
class DescentMeasurement:
    r"""Per-step decrease of ``f`` against the descent-lemma bounds.

    Attributes
    ----------
    steps : ndarray of int, shape (k,)
        Step indices ``t = 0, ..., k-1``; entry ``t`` is about the step from
        :math:`x_t` to :math:`x_{t+1}`.
    decrease : ndarray, shape (k,)
        Measured :math:`f(x_t) - f(x_{t+1})`.
    grad_bound : ndarray, shape (k,)
        :math:`\frac{\eta}{2}\|\nabla f(x_t)\|^2` (descent lemma).
    step_bound : ndarray, shape (k,)
        :math:`\frac{1}{2\eta}\|x_{t+1} - x_t\|^2` (Corollary 1).
    eta : float
        Step size.
    smoothness : float
        :math:`\ell` of ``f`` (``nan`` if unknown); it holds on ``f.region``.
    guaranteed : bool
        Whether :math:`\eta \le 1/\ell`, where the lemma promises the bounds.
    diverged : bool
        Whether the run stopped early because it diverged or left the objective's
        domain (then ``k`` is less than the steps asked for).
    """

    steps: NDArray[np.int64]
    decrease: NDArray[np.float64]
    grad_bound: NDArray[np.float64]
    step_bound: NDArray[np.float64]
    eta: float
    smoothness: float
    guaranteed: bool
    diverged: bool

    @property
    def slack(self) -> NDArray[np.float64]:
        """Round-off allowance used by ``holds_grad`` and ``holds_step``, per step."""
        return ROUNDOFF * (np.abs(self.decrease) + self.grad_bound + self.step_bound)

    @property
    def holds_grad(self) -> NDArray[np.bool_]:
        r"""Per step: :math:`f(x_t) - f(x_{t+1}) \ge \frac{\eta}{2}\|\nabla f(x_t)\|^2`."""
        return self.decrease >= self.grad_bound - self.slack

    @property
    def holds_step(self) -> NDArray[np.bool_]:
        r"""Per step: :math:`f(x_t) - f(x_{t+1}) \ge \frac{1}{2\eta}\|x_{t+1} - x_t\|^2`."""
        return self.decrease >= self.step_bound - self.slack

    @property
    def holds(self) -> bool:
        """Whether both bounds hold at every measured step."""
        return bool(np.all(self.holds_grad) and np.all(self.holds_step))

    def __repr__(self) -> str:
        eta_ell = self.eta * self.smoothness
        where = "eta <= 1/ell: guaranteed" if self.guaranteed else "eta > 1/ell or ell unknown"
        fails = int(np.sum(~(self.holds_grad & self.holds_step)))
        return (
            f"DescentMeasurement({self.steps.size} steps, eta*ell={eta_ell:.3g} ({where}), "
            f"bounds hold: {self.holds} ({fails} failing steps)"
            + (", diverged" if self.diverged else "")
            + ")"
        )


def measure_descent(f: Objective, x0: ArrayLike, *, eta: float, steps: int) -> DescentMeasurement:
    r"""Run gradient descent from ``x0`` and measure each step's decrease against its bounds.

    Parameters
    ----------
    f : Objective
        The function; ``f.smoothness`` is :math:`\ell`.
    x0 : array_like of shape (d,)
        Start.
    eta : float
        Step size, > 0.
    steps : int
        Number of steps ``T`` >= 1.

    Returns
    -------
    DescentMeasurement

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    For :math:`t = 0, \dots, T-1` with :math:`x_{t+1} = x_t - \eta\nabla f(x_t)`
    (:func:`~pgdlib.algorithms.gd.gd`), records

    * :math:`f(x_t) - f(x_{t+1})`,
    * :math:`\frac{\eta}{2}\|\nabla f(x_t)\|^2` (descent lemma, Lemma 1 of the lecture;
      Nesterov 2004, eq. 1.2.12),
    * :math:`\frac{1}{2\eta}\|x_{t+1} - x_t\|^2` (Corollary 1).

    The proof (lecture, Corollary 1) is :math:`f(x_{t+1}) \le f(x_t) - \eta(1 -
    \eta\ell/2)\|\nabla f(x_t)\|^2 \le f(x_t) - \frac{\eta}{2}\|\nabla f(x_t)\|^2` for
    :math:`\eta \le 1/\ell`. For larger :math:`\eta` the bounds may fail, and the
    measurement shows where (``guaranteed`` is then False).

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.1.1, Lemma 1 and Corollary 1.
    2. Y. Nesterov, "Introductory Lectures on Convex Optimization: A Basic Course", Kluwer,
       2004. Section 1.2.3, equation (1.2.12).
    """
    check_objective("f", f)
    X0, single = as_points("x0", x0, f.dim)
    if not single:
        raise ValueError(f"x0 must be one point of shape ({f.dim},), got shape {np.shape(x0)}")
    eta = check_positive("eta", eta)
    steps = check_int("steps", steps, minimum=1, maximum=MAX_STEPS)
    finite_value_at(f, X0, "x0")
    return descent_of(f, gd(f, X0[0], eta=eta, steps=steps, record="all"))


def descent_of(f: Objective, traj: Trajectory) -> DescentMeasurement:
    r"""The descent lemma and Corollary 1 measured on each gradient step of a recorded run.

    For each step :math:`t < ` ``n_steps`` of ``traj`` that is a gradient step
    :math:`x_{t+1} = x_t - \eta\nabla f(x_t)` (every step of ``gd``; the steps of
    ``perturbed_gd`` and ``pgd_jin`` other than their ``perturbation_steps``):
    :math:`f(x_t) - f(x_{t+1})` against :math:`\frac{\eta}{2}\|\nabla f(x_t)\|^2` and
    :math:`\frac{1}{2\eta}\|x_{t+1} - x_t\|^2`, with :math:`\eta` = ``traj.params['eta']``.

    Parameters
    ----------
    f : Objective
        The function the run minimised; ``f.smoothness`` is :math:`\ell`.
    traj : Trajectory
        One run (from one start) of ``gd``, ``perturbed_gd`` or ``pgd_jin`` with every
        iterate recorded (``record='all'``).

    Returns
    -------
    DescentMeasurement
        ``steps`` lists the gradient steps measured.

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range; if ``traj`` is not a run of
        ``gd``, ``perturbed_gd`` or ``pgd_jin`` on ``f`` (same dimension) with every iterate
        recorded (``record='all'``).
        ValueError also if ``traj`` has more than one start.

    Notes
    -----
    The bounds are those of :func:`measure_descent`: the descent lemma and Corollary 1
    of the lecture (section 6.1.1), proved in chapter 1 of the book.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.1.1, Lemma 1 and Corollary 1.
    """
    X = check_run(f, traj)
    if traj.batched:
        raise ValueError("traj must be a run from one start; take one with traj.run(i)")
    eta = float(traj.params["eta"])
    k = int(traj.n_steps)
    X = X[: k + 1, 0]
    fx = traj.values[: k + 1]
    g = traj.grad_norms[:k]
    t = np.arange(k, dtype=np.int64)
    ell = float(f.smoothness)
    decrease = fx[:-1] - fx[1:]
    grad_bound = 0.5 * eta * g**2
    step_bound = np.sum(np.diff(X, axis=0) ** 2, axis=1) / (2.0 * eta)
    if traj.perturbation_steps.size:
        keep = ~np.isin(t, traj.perturbation_steps)
        t, decrease, grad_bound, step_bound = t[keep], decrease[keep], grad_bound[keep], step_bound[keep]
    return DescentMeasurement(
        steps=t,
        decrease=decrease,
        grad_bound=grad_bound,
        step_bound=step_bound,
        eta=eta,
        smoothness=ell,
        guaranteed=bool(np.isfinite(ell) and eta * ell <= 1.0),
        diverged=bool(traj.stopped_early),
    )
