"""The monkey saddle ``f(x, y) = x^3 - 3 x y^2``."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from pgdlib._validation import check_positive
from pgdlib.objectives.base import CriticalPoint, Objective

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
        Radius ``R`` of the disc on which ``smoothness`` holds.
    """

    name = "monkey saddle"

    def __init__(self, radius: float = 1.0) -> None:
        self.radius = check_positive("radius", radius)
        self.dim = 2
        self.smoothness = 6.0 * self.radius
        self.hessian_lipschitz = 6.0
        self.f_min = -np.inf
        self.region = f"||(x, y)|| <= {self.radius:g}"

    def _value(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = X[:, 0], X[:, 1]
        return x**3 - 3.0 * x * y**2

    def _grad(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = X[:, 0], X[:, 1]
        return np.stack([3.0 * x**2 - 3.0 * y**2, -6.0 * x * y], axis=1)

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
