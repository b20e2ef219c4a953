"""The monkey saddle ``f(x, y) = x^3 - 3 x y^2``."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from pgdlib._validation import check_positive, finite_constant
from pgdlib.objectives.base import CriticalPoint, Objective
from pgdlib.objectives.scaling import power_of_two_scale

__all__ = ["MonkeySaddle"]


class MonkeySaddle(Objective):
    r"""A degenerate saddle: :math:`f(x, y) = x^3 - 3xy^2`.

    :math:`\nabla f = (3x^2 - 3y^2,\ -6xy)` and
    :math:`\nabla^2 f = \begin{pmatrix} 6x & -6y \\ -6y & -6x \end{pmatrix}`,
    whose eigenvalues are :math:`\pm 6\|(x, y)\|`. At the origin gradient and
    Hessian both vanish: the origin is second-order stationary, yet ``f`` takes
    negative values arbitrarily close to it (``f(-t, 0) = -t^3``), so it is not a
    local minimum (errata item 8). ``f`` is unbounded below.

    The Hessian is linear in ``(x, y)`` with :math:`\|\nabla^2 f(p) - \nabla^2 f(q)\|_2
    = 6\|p - q\|`, so :math:`\rho = 6` globally; the smoothness
    :math:`\ell = 6R` holds on the disc of radius :math:`R` (``radius``).

    Parameters
    ----------
    radius : float, default 1.0
        Radius ``R`` of the disc on which ``smoothness`` holds (``6 R`` must be finite).

    Raises
    ------
    TypeError, ValueError
        If a constructor argument has the wrong type or is out of its range.

    Notes
    -----
    ``f`` and its gradient are homogeneous (of degrees 3 and 2); where the direct
    formula overflows (``inf - inf``) a row is recomputed as :math:`s^3 f(x/s)`
    (:math:`s^2 \nabla f(x/s)`), so a finite point never gives ``nan``, only the
    true value or ``+-inf``.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.1.2 (corrected: book errata, item 8).
    """

    name = "monkey saddle"

    def __init__(self, radius: float = 1.0) -> None:
        self.radius = check_positive("radius", radius)
        self.dim = 2
        self.smoothness = finite_constant(6.0 * self.radius, "smoothness 6 * radius",
                                          f"radius = {radius!r} is too large")
        self.hessian_lipschitz = 6.0
        self.f_min = -np.inf
        self.region = f"||(x, y)|| <= {self.radius:g}"

    @staticmethod
    def _value_formula(X: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = X[:, 0], X[:, 1]
        return x**3 - 3.0 * x * y**2

    @staticmethod
    def _grad_formula(X: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = X[:, 0], X[:, 1]
        return np.stack([3.0 * x**2 - 3.0 * y**2, -6.0 * x * y], axis=1)

    def _value(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        out = self._value_formula(X)
        if math.isfinite(np.add.reduce(out)):  # the cheap test of the common case
            return out
        bad = np.isnan(out)
        if bad.any():  # overflow (inf - inf): s^3 f(x / s)
            s = power_of_two_scale(X[bad])
            with np.errstate(over="ignore", invalid="ignore"):
                out[bad] = s * (s * (s * self._value_formula(X[bad] / s[:, np.newaxis])))
        return out

    def _grad(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        out = self._grad_formula(X)
        if math.isfinite(np.add.reduce(out, axis=None)):
            return out
        bad = np.isnan(out).any(axis=1)
        if bad.any():  # overflow (inf - inf): s^2 grad f(x / s)
            s = power_of_two_scale(X[bad])[:, np.newaxis]
            with np.errstate(over="ignore", invalid="ignore"):
                out[bad] = s * (s * self._grad_formula(X[bad] / s))
        return out

    def _hess(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = X[:, 0], X[:, 1]
        H = np.empty((X.shape[0], 2, 2))
        H[:, 0, 0] = 6.0 * x
        H[:, 0, 1] = H[:, 1, 0] = -6.0 * y
        H[:, 1, 1] = -6.0 * x
        return H

    @property
    def critical_points(self) -> tuple[CriticalPoint, ...]:
        return (CriticalPoint(np.array([0.0, 0.0]), "degenerate"),)
