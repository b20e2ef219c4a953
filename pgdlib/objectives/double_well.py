"""The double well ``f(x, y) = x^4/4 - x^2/2 + y^2/2``."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from pgdlib._validation import check_positive, finite_constant
from pgdlib.objectives.base import CriticalPoint, Objective

__all__ = ["DoubleWell"]


class DoubleWell(Objective):
    r"""Two minima joined over a strict saddle: :math:`f(x, y) = x^4/4 - x^2/2 + y^2/2`.

    :math:`\nabla f = (x^3 - x,\ y)`, :math:`\nabla^2 f = \mathrm{diag}(3x^2 - 1,\ 1)`.
    Critical points: the strict saddle :math:`(0, 0)` with Hessian eigenvalues
    :math:`\{-1, 1\}` and the two global minima :math:`(\pm 1, 0)` with
    :math:`f = -1/4` and eigenvalues :math:`\{2, 1\}`.

    The constants hold on the strip :math:`|x| \le b` (``bound``):
    :math:`\ell = \max(3b^2 - 1, 1)` and :math:`\rho = 6b`, because the only
    non-constant Hessian entry is :math:`3x^2 - 1` with derivative :math:`6x`.

    Parameters
    ----------
    bound : float, default 1.5
        Half-width ``b`` of the strip on which ``smoothness`` and
        ``hessian_lipschitz`` hold (``3 b**2`` must be finite).

    Raises
    ------
    TypeError, ValueError
        If a constructor argument has the wrong type or is out of its range.

    Notes
    -----
    ``f >= -1/4`` everywhere, so a value whose formula overflows (``inf - inf``) is
    ``+inf``, never ``nan``.
    """

    name = "double well"

    def __init__(self, bound: float = 1.5) -> None:
        self.bound = check_positive("bound", bound)
        self.dim = 2
        try:
            ell = max(3.0 * self.bound**2 - 1.0, 1.0)
        except OverflowError:
            ell = np.inf
        self.smoothness = finite_constant(ell, "smoothness 3 bound**2 - 1", f"bound = {bound!r} is too large")
        self.hessian_lipschitz = 6.0 * self.bound
        self.f_min = -0.25
        self.region = f"|x_1| <= {self.bound:g}"

    def _value(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = X[:, 0], X[:, 1]
        out = 0.25 * x**4 - 0.5 * x**2 + 0.5 * y**2
        if not math.isfinite(np.add.reduce(out)):  # cheap test; inf - inf is an overflow of f >= -1/4
            out[np.isnan(out)] = np.inf
        return out

    def _grad(self, X: NDArray[np.float64], out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        x, y = X[:, 0], X[:, 1]
        G = np.empty_like(X) if out is None else out
        first = G[:, 0]
        np.power(x, 3, out=first)  # x**3 - x, written in place
        first -= x
        G[:, 1] = y
        return G

    def _hess(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        H = np.zeros((X.shape[0], 2, 2))
        H[:, 0, 0] = 3.0 * X[:, 0] ** 2 - 1.0
        H[:, 1, 1] = 1.0
        return H

    def _hvp(self, X: NDArray[np.float64], V: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.stack([(3.0 * X[:, 0] ** 2 - 1.0) * V[:, 0], V[:, 1]], axis=1)

    @property
    def critical_points(self) -> tuple[CriticalPoint, ...]:
        return (
            CriticalPoint(np.array([0.0, 0.0]), "strict saddle"),
            CriticalPoint(np.array([1.0, 0.0]), "local minimum", is_global_min=True),
            CriticalPoint(np.array([-1.0, 0.0]), "local minimum", is_global_min=True),
        )
