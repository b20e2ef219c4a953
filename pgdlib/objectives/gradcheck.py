r"""Check an objective's derivatives against central finite differences.

The central difference :math:`(f(x + h e_k) - f(x - h e_k)) / (2h)` has error
:math:`O(h^2 \|\nabla^3 f\|) + O(\epsilon |f| / h)` (truncation plus rounding,
:math:`\epsilon \approx 2.2 \times 10^{-16}`), so with the default ``h = 1e-6``
a correct gradient typically agrees to 8 digits or more, and a wrong one (a
missing factor, a sign, a transposed index) shows up as an error of order one.
See Nocedal and Wright, *Numerical Optimization* (2006), section 8.1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import as_points, check_nonnegative, check_objective, check_positive
from pgdlib.objectives.base import Objective

__all__ = ["DerivativeCheck", "check_gradient", "check_hessian", "check_hvp"]


@dataclass(frozen=True)
class DerivativeCheck:
    r"""An analytic derivative compared with its finite-difference estimate.

    Attributes
    ----------
    quantity : str
        ``'grad'``, ``'hess'`` or ``'hvp'``.
    abs_error : float
        :math:`\|a - \hat a\|` (Euclidean, or Frobenius for a Hessian), with
        :math:`a` the analytic value and :math:`\hat a` the finite difference.
    rel_error : float
        :math:`\|a - \hat a\| / \max(\|a\|, \|\hat a\|)`; ``0`` when both vanish.
        Near a critical point both norms are tiny and ``abs_error`` is the one to read.
    norm : float
        :math:`\|a\|`.
    h : float
        The finite-difference step.
    """

    quantity: str
    abs_error: float
    rel_error: float
    norm: float
    h: float

    def ok(self, *, rtol: float = 1e-5, atol: float = 1e-7) -> bool:
        """Whether ``abs_error <= atol + rtol * norm`` (``rtol``, ``atol`` finite and >= 0)."""
        rtol, atol = check_nonnegative("rtol", rtol), check_nonnegative("atol", atol)
        return bool(self.abs_error <= atol + rtol * self.norm)

    def __repr__(self) -> str:
        return (
            f"DerivativeCheck({self.quantity}: rel_error={self.rel_error:.2e}, "
            f"abs_error={self.abs_error:.2e}, norm={self.norm:.3g}, h={self.h:g})"
        )


def _single_point(f: Objective, x: ArrayLike) -> NDArray[np.float64]:
    check_objective("f", f)
    X, single = as_points("x", x, f.dim)
    if not single:
        raise ValueError(f"x must be one point of shape ({f.dim},), got shape {np.shape(x)}")
    return X[0]


def _compare(
    quantity: str, analytic: NDArray[np.float64], fd: NDArray[np.float64], h: float
) -> DerivativeCheck:
    if not (np.all(np.isfinite(analytic)) and np.all(np.isfinite(fd))):
        more = " or v" if quantity == "hvp" else ""
        raise ValueError(
            f"{quantity} or its finite difference is not finite at x: x outside the domain, "
            f"or h = {h:g}{more} too large?"
        )
    err = float(np.linalg.norm(analytic - fd))
    scale = max(float(np.linalg.norm(analytic)), float(np.linalg.norm(fd)))
    rel = err / scale if scale > 0 else 0.0
    return DerivativeCheck(quantity, err, rel, float(np.linalg.norm(analytic)), h)


def check_gradient(f: Objective, x: ArrayLike, *, h: float = 1e-6) -> DerivativeCheck:
    r"""Compare ``f.grad(x)`` with central differences of ``f.value``.

    Parameters
    ----------
    f : Objective
    x : array_like of shape (d,)
        One finite point.
    h : float, default 1e-6
        The step, > 0.

    Returns
    -------
    DerivativeCheck

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    :math:`\hat g_k = (f(x + h e_k) - f(x - h e_k)) / (2h)`, for one point ``x`` of shape ``(d,)``.

    References
    ----------
    1. J. Nocedal, S. J. Wright, "Numerical Optimization", 2nd ed., Springer, 2006. Section
       8.1, finite-difference derivative approximations.

    Examples
    --------
    >>> from pgdlib import DoubleWell
    >>> check_gradient(DoubleWell(), [0.5, -1.0]).ok()
    True
    """
    x = _single_point(f, x)
    h = check_positive("h", h)
    steps = h * np.eye(f.dim)
    with np.errstate(invalid="ignore"):  # inf - inf outside a domain; reported below
        fd = (f.value(x + steps) - f.value(x - steps)) / (2.0 * h)
    return _compare("grad", f.grad(x), fd, h)


def check_hessian(f: Objective, x: ArrayLike, *, h: float = 1e-5) -> DerivativeCheck:
    r"""Compare ``f.hess(x)`` with central differences of ``f.grad``, column by column.

    Parameters
    ----------
    f : Objective
    x : array_like of shape (d,)
        One finite point.
    h : float, default 1e-5
        The step, > 0.

    Returns
    -------
    DerivativeCheck
        The error is in the Frobenius norm.

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    :math:`\hat H_{:,k} = (\nabla f(x + h e_k) - \nabla f(x - h e_k)) / (2h)`, one column
    per coordinate: dense, meant for small ``d``.

    References
    ----------
    1. J. Nocedal, S. J. Wright, "Numerical Optimization", 2nd ed., Springer, 2006.
       Section 8.1, finite-difference derivative approximations.

    Examples
    --------
    >>> from pgdlib import DoubleWell
    >>> check_hessian(DoubleWell(), [0.5, -1.0]).ok()
    True
    """
    x = _single_point(f, x)
    h = check_positive("h", h)
    steps = h * np.eye(f.dim)
    with np.errstate(invalid="ignore"):  # inf - inf outside a domain; reported below
        fd = ((f.grad(x + steps) - f.grad(x - steps)) / (2.0 * h)).T
    return _compare("hess", f.hess(x), fd, h)


def check_hvp(f: Objective, x: ArrayLike, v: ArrayLike, *, h: float = 1e-5) -> DerivativeCheck:
    r"""Compare ``f.hvp(x, v)`` with :math:`(\nabla f(x + hv) - \nabla f(x - hv)) / (2h)`.

    Parameters
    ----------
    f : Objective
    x : array_like of shape (d,)
        One finite point.
    v : array_like of shape (d,)
        The vector of the product.
    h : float, default 1e-5
        The step, > 0.

    Returns
    -------
    DerivativeCheck

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    Two gradient evaluations whatever ``d``, so it works in any dimension, unlike
    :func:`check_hessian`.

    References
    ----------
    1. J. Nocedal, S. J. Wright, "Numerical Optimization", 2nd ed., Springer, 2006.
       Section 8.1, finite-difference derivative approximations.

    Examples
    --------
    >>> from pgdlib import DoubleWell
    >>> check_hvp(DoubleWell(), [0.5, -1.0], [1.0, 2.0]).ok()
    True
    """
    x = _single_point(f, x)
    h = check_positive("h", h)
    V, single = as_points("v", v, f.dim)
    if not single:
        raise ValueError(f"v must be one vector of shape ({f.dim},), got shape {np.shape(v)}")
    v = V[0]
    with np.errstate(invalid="ignore"):  # inf - inf outside a domain; reported below
        fd = (f.grad(x + h * v) - f.grad(x - h * v)) / (2.0 * h)
    return _compare("hvp", f.hvp(x, v), fd, h)
