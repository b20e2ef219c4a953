r"""Symmetric low-rank matrix factorisation (PCA): ``f(U) = 1/4 ||U U^T - M||_F^2``."""

from __future__ import annotations

import math
from itertools import combinations
from math import comb

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import as_array, check_int, check_positive, finite_constant
from pgdlib.objectives.base import CriticalPoint, Objective

__all__ = ["MatrixFactorization"]


#: Largest absolute entry of ``M`` (its square, and ``f``, stay finite).
MAX_ENTRY = 1e150

#: Largest ``max_critical_points``.
MAX_CRITICAL_POINTS = 10**5


class MatrixFactorization(Objective):
    r"""Symmetric low-rank factorisation (PCA): :math:`f(U) = \tfrac14 \|UU^\top - M\|_F^2`.

    Here :math:`U \in \mathbb{R}^{m \times r}` and the point ``x`` is ``U``
    flattened row by row (``x = U.ravel()``, ``d = m r``; :meth:`to_matrix`
    undoes it). With the residual :math:`R = UU^\top - M`,

    .. math::
        \nabla f(U) = R\,U, \qquad
        \nabla^2 f(U)[V] = R\,V + U V^\top U + V U^\top U.

    Parameters
    ----------
    M : array_like of shape (m, m)
        A symmetric matrix (symmetric up to 1e-10 relative; it is symmetrised), not zero,
        with entries of at most 1e150 in absolute value.
    r : int
        The rank of the factor, ``1 <= r <= m``.
    radius : float, optional
        ``R`` for the constants; default :math:`2\sqrt{r\|M\|_2}`, which contains
        every critical point listed here (their norms are at most :math:`\sqrt{r\|M\|_2}`).
    max_critical_points : int, default 256
        How many critical points :attr:`critical_points` may enumerate, in ``[1, 10**5]``.

    Raises
    ------
    TypeError, ValueError
        If a constructor argument has the wrong type or is out of its range.

    Notes
    -----
    **Critical points** (Baldi and Hornik 1989 for PCA; Ge, Jin and Zheng 2017,
    *No spurious local minima in nonconvex low rank problems*, ICML, section 5).
    Let :math:`M = \sum_k \lambda_k v_k v_k^\top` with
    :math:`\lambda_1 \ge \lambda_2 \ge \dots`. For every set :math:`S` of at
    most ``r`` indices with :math:`\lambda_k > 0`, the matrix whose columns are
    :math:`\sqrt{\lambda_k} v_k` (:math:`k \in S`), padded with zero columns, is
    critical, and so is every :math:`U Q` with :math:`Q` orthogonal. It is a global
    minimum when :math:`S` holds the :math:`\min(r, p)` largest positive
    eigenvalues (:math:`p` = their number), with
    :math:`f_{\min} = \tfrac14\big(\|M\|_F^2 - \sum_{k \le \min(r,p)} \lambda_k^2\big)`;
    otherwise it is a **strict saddle**: some :math:`k \notin S` has
    :math:`\lambda_k > 0`, and moving in the direction :math:`v_k e_c^\top` gives
    curvature :math:`-\lambda_k` (through a zero column ``c``) or
    :math:`\lambda_j - \lambda_k < 0` (through the column ``c`` holding a smaller
    :math:`\lambda_j`), while the direction of a nonzero column gives curvature
    :math:`2\lambda_j > 0`. The exception is :math:`U = 0`, whose Hessian
    :math:`-M \otimes I_r` has eigenvalues :math:`-\lambda_k`: it is a **local
    maximum** when ``M`` is positive definite, and a strict saddle when ``M`` has
    positive and non-positive eigenvalues (along a null or negative direction
    of ``M``, ``f`` increases). So there are no spurious local minima: every
    local minimum is global.
    For ``r >= 2`` every critical point lies on a manifold of rotations
    :math:`UQ`, so its Hessian has zero eigenvalues besides its negative ones.

    :attr:`critical_points` lists the representatives above for every such
    :math:`S` while there are at most ``max_critical_points`` of them; beyond
    that, only :math:`U = 0`, the rank-one points :math:`\sqrt{\lambda_k} v_k`
    and the global minimum.

    **Constants** on the ball :math:`\|U\|_F \le R` (``radius``):
    :math:`\ell = 3R^2 + \|M\|_2` and :math:`\rho = 6R`, because
    :math:`|\langle V, \nabla^2 f(U)[V]\rangle| \le (3\|U\|_2^2 + \|M\|_2)\|V\|_F^2`
    and each of the six terms of the third derivative is at most
    :math:`\|U\|_2 \|W\|_2 \|V\|_F^2`.

    References
    ----------
    1. P. Baldi, K. Hornik, "Neural networks and principal component analysis: learning from
       examples without local minima", Neural Networks 2(1), 1989.
    2. R. Ge, C. Jin, Y. Zheng, "No spurious local minima in nonconvex low rank problems: a
       unified geometric analysis", ICML 2017. Section 5.

    Examples
    --------
    >>> f = MatrixFactorization(np.diag([3.0, 1.0]), r=1)
    >>> [p.kind for p in f.critical_points]
    ['local maximum', 'local minimum', 'strict saddle']
    >>> f.f_min
    0.25
    """

    name = "matrix factorisation"

    def __init__(
        self,
        M: ArrayLike,
        r: int,
        *,
        radius: float | None = None,
        max_critical_points: int = 256,
    ) -> None:
        M = as_array("M", M)
        if M.ndim != 2 or M.shape[0] != M.shape[1] or M.shape[0] == 0:
            raise ValueError(f"M must be a non-empty square matrix, got shape {M.shape}")
        if not np.all(np.isfinite(M)):
            raise ValueError("M must contain only finite numbers")
        scale = np.max(np.abs(M))
        if scale == 0.0:
            raise ValueError("M must not be the zero matrix")
        if scale > MAX_ENTRY:
            raise ValueError(f"M must have entries of at most {MAX_ENTRY:g} in absolute value "
                             f"(f = ||U U^T - M||^2 / 4 would overflow), got {scale:g}")
        if np.max(np.abs(M - M.T)) > 1e-10 * scale:
            raise ValueError("M must be symmetric")
        self.M = 0.5 * (M + M.T)
        self.m = M.shape[0]
        self.r = check_int("r", r, minimum=1)
        if self.r > self.m:
            raise ValueError(f"r must be an integer in [1, {self.m}], got {r}")
        self.max_critical_points = check_int("max_critical_points", max_critical_points, minimum=1,
                                             maximum=MAX_CRITICAL_POINTS)
        lam, vecs = np.linalg.eigh(self.M)
        order = np.argsort(lam)[::-1]
        self.eigenvalues = lam[order]
        self.eigenvectors = vecs[:, order]
        norm_m = float(np.max(np.abs(lam)))
        self.radius = 2.0 * np.sqrt(self.r * norm_m) if radius is None else check_positive("radius", radius)
        self.dim = self.m * self.r
        hint = f"radius = {self.radius!r} is too large for M of norm {norm_m:g}"
        try:
            ell = 3.0 * self.radius**2 + norm_m
        except OverflowError:
            ell = np.inf
        self.smoothness = finite_constant(ell, "smoothness 3 radius**2 + ||M||", hint)
        self.hessian_lipschitz = 6.0 * self.radius
        top = self.eigenvalues[: self._top_count]
        with np.errstate(over="ignore", invalid="ignore"):
            f_min = 0.25 * float(np.sum(self.eigenvalues**2) - np.sum(top**2))
        self.f_min = finite_constant(f_min, "minimum value f_min",
                                     f"M (largest entry {scale:g}) is too large")
        self.region = f"||U||_F <= {self.radius:g}"

    # -- flattening -------------------------------------------------------------------
    def to_matrix(self, x: ArrayLike) -> NDArray[np.float64]:
        """``U`` of shape ``(m, r)`` (or ``(n, m, r)`` for a batch) from the flat ``x``."""
        x = as_array("x", x)
        if x.ndim == 0 or x.shape[-1] != self.dim:
            raise ValueError(f"x must have shape (..., {self.dim}) (m * r entries last), got shape {x.shape}")
        if not np.all(np.isfinite(x)):
            raise ValueError("x must contain only finite numbers")
        return self._to_matrix(x)

    def _to_matrix(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return x.reshape(*x.shape[:-1], self.m, self.r)

    def _residual(self, U: NDArray[np.float64]) -> NDArray[np.float64]:
        return U @ np.swapaxes(U, 1, 2) - self.M

    # -- the interface -------------------------------------------------------------------
    def _value(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        R = self._residual(self._to_matrix(X))
        out = 0.25 * np.einsum("nij,nij->n", R, R)
        if not math.isfinite(np.add.reduce(out)):  # cheap test; f >= 0, so a nan is an overflow
            out[np.isnan(out)] = np.inf
        return out

    def _grad(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        U = self._to_matrix(X)
        return (self._residual(U) @ U).reshape(X.shape)

    def _hvp(self, X: NDArray[np.float64], V: NDArray[np.float64]) -> NDArray[np.float64]:
        U, W = self._to_matrix(X), self._to_matrix(V)
        Ut = np.swapaxes(U, 1, 2)
        out = self._residual(U) @ W + U @ (np.swapaxes(W, 1, 2) @ U) + W @ (Ut @ U)
        return out.reshape(X.shape)

    def _hess(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        # H[(a,b),(c,e)] = R_ac delta_be + U_ae U_cb + delta_ac (U^T U)_eb
        U = self._to_matrix(X)
        n, m, r = U.shape
        R = self._residual(U)
        G = np.swapaxes(U, 1, 2) @ U
        eye_m, eye_r = np.eye(m), np.eye(r)
        H = (
            np.einsum("nac,be->nabce", R, eye_r)
            + np.einsum("nae,ncb->nabce", U, U)
            + np.einsum("ac,neb->nabce", eye_m, G)
        )
        return H.reshape(n, m * r, m * r)

    # -- critical points -------------------------------------------------------------------
    @property
    def _top_count(self) -> int:
        """``min(r, p)``, with ``p`` the number of positive eigenvalues of ``M``."""
        return min(self.r, int(np.sum(self.eigenvalues > 0)))

    def _point(self, S: tuple[int, ...]) -> CriticalPoint:
        U = np.zeros((self.m, self.r))
        for column, k in enumerate(S):
            U[:, column] = np.sqrt(self.eigenvalues[k]) * self.eigenvectors[:, k]
        kept = np.sort(self.eigenvalues[list(S)])[::-1]
        best = self.eigenvalues[: self._top_count]
        is_min = len(S) == self._top_count and np.allclose(kept, best, rtol=1e-12, atol=0.0)
        if is_min:
            kind = "local minimum"
        elif not S and np.all(self.eigenvalues > 0):
            kind = "local maximum"  # Hessian -M (x) I_r, negative definite
        else:
            kind = "strict saddle"
        return CriticalPoint(U.ravel(), kind, is_global_min=bool(is_min))

    @property
    def critical_points(self) -> tuple[CriticalPoint, ...]:
        positive = [k for k in range(self.m) if self.eigenvalues[k] > 0]
        count = sum(comb(len(positive), size) for size in range(self.r + 1))
        subsets = []
        if count <= self.max_critical_points:  # never enumerate more than the cap
            subsets = [S for size in range(self.r + 1) for S in combinations(positive, size)]
        else:
            top = tuple(range(self._top_count))
            subsets = list(dict.fromkeys([(), *[(k,) for k in positive], top]))
        return tuple(self._point(S) for S in subsets)

    def __repr__(self) -> str:
        return f"MatrixFactorization(m={self.m}, r={self.r})"
