r"""The scalar deep linear network ``f(w) = 1/2 (w_1 w_2 ... w_L - y)^2``."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import as_points, check_int, check_positive, check_real, finite_constant
from pgdlib.objectives.base import CriticalPoint, Objective

__all__ = ["DeepLinear"]


#: Largest depth (the Hessian is ``depth x depth`` per point).
MAX_DEPTH = 10**4


class DeepLinear(Objective):
    r"""A deep linear network of width one: :math:`f(w) = \tfrac12\,(w_1 w_2 \cdots w_L - y)^2`.

    One input, one output, one weight per layer, fitted to the target ``y`` with the
    square loss: the smallest case of the deep linear networks of Kawaguchi (2016),
    *Deep learning without poor local minima*, NeurIPS, where every local minimum is
    global and every other critical point is a saddle.

    Parameters
    ----------
    depth : int
        The number of layers ``L``, in ``[2, 10**4]``; with ``bound`` it must keep the
        constants below finite (``bound = 1.5`` allows ``L <= 862``).
    target : float, default 1.0
        The target ``y``, finite and nonzero (with ``y = 0`` the origin would be a minimum).
    bound : float, default 1.5
        Half-width ``R`` of the cube on which ``smoothness`` and ``hessian_lipschitz`` hold.

    Raises
    ------
    TypeError, ValueError
        If a constructor argument has the wrong type or is out of its range.

    Notes
    -----
    **Derivatives.** With the end-to-end product :math:`p = \prod_k w_k` and the
    leave-one-out products :math:`q_i = \prod_{k \ne i} w_k = \partial_i p`,

    .. math::
        \nabla f(w) = (p - y)\, q, \qquad
        \nabla^2 f(w) = q q^\top + (p - y)\, S,

        S_{ij} = \begin{cases} \prod_{k \ne i, j} w_k & i \ne j \\ 0 & i = j. \end{cases}

    **Critical points.** :math:`\nabla f = 0` when :math:`p = y` or when every :math:`q_i = 0`,
    that is when at least two weights vanish (one zero weight leaves the other
    :math:`q_i` nonzero). So, for :math:`y \ne 0`:

    * the **global minima** form the set :math:`\{w : w_1 \cdots w_L = y\}`, where :math:`f = 0`;
      its Hessian :math:`q q^\top` has rank one, so the second-order test is inconclusive there
      (:func:`~pgdlib.diagnostics.classify.classify_point` says ``'degenerate'``): the minima are
      not isolated but form an :math:`(L-1)`-dimensional surface;
    * with **exactly two** zero weights :math:`w_i = w_j = 0`, the Hessian is :math:`-y\,S` with
      only :math:`S_{ij} = \prod_{k \ne i, j} w_k \ne 0`: eigenvalues
      :math:`\pm |y \prod_{k \ne i,j} w_k|` and zeros, a **strict saddle**. For :math:`L = 2` this
      is the origin, with Hessian :math:`\begin{pmatrix} 0 & -y \\ -y & 0 \end{pmatrix}`;
    * with **three or more** zero weights (the origin when :math:`L \ge 3`) every entry of the
      Hessian keeps a zero factor: :math:`\nabla^2 f = 0`, a **degenerate saddle**. It is no minimum:
      along :math:`w = t\,(\operatorname{sign} y, 1, \ldots, 1)`,
      :math:`f = \tfrac12 (t^L - |y|)^2 < \tfrac12 y^2` for small :math:`t > 0`.

    No critical point is a local maximum (moving :math:`p` away from :math:`y` raises ``f``).
    :attr:`critical_points` lists the origin, for :math:`L \ge 3` the strict saddle
    :math:`(0, 0, 1, \ldots, 1)`, and the global minimum
    :math:`|y|^{1/L}(\operatorname{sign} y, 1, \ldots, 1)`.

    **Constants** on the cube :math:`\max_k |w_k| \le R` (``bound``). Along a line
    :math:`w + t u` with :math:`\|u\| = 1`, :math:`P(t) = \prod_k (w_k + t u_k)` has
    :math:`|P'| \le \sqrt L R^{L-1}`, :math:`|P''| \le (L-1) R^{L-2}` and
    :math:`|P'''| \le (L-1)(L-2) R^{L-3}/\sqrt L` (Maclaurin's inequality for the elementary
    symmetric polynomials of :math:`|u_k|`). From :math:`f'' = P'^2 + (P - y) P''` and
    :math:`f''' = 3 P' P'' + (P - y) P'''`:

    .. math::
        \ell = L R^{2L-2} + (R^L + |y|)(L-1) R^{L-2},

        \rho = 3\sqrt L (L-1) R^{2L-3} + (R^L + |y|)\frac{(L-1)(L-2)}{\sqrt L} R^{L-3}.

    References
    ----------
    1. K. Kawaguchi, "Deep learning without poor local minima", NeurIPS 2016.

    Examples
    --------
    >>> f = DeepLinear(2)
    >>> f.hess([0.0, 0.0])
    array([[ 0., -1.],
           [-1.,  0.]])
    >>> [p.kind for p in DeepLinear(3).critical_points]
    ['degenerate', 'strict saddle', 'local minimum']
    """

    name = "deep linear"

    # ``f >= 0``: a value whose formula overflows is +inf, and a product with a zero
    # weight is 0 even when the other factors overflow (inf * 0 would give nan).

    def __init__(self, depth: int, target: float = 1.0, *, bound: float = 1.5) -> None:
        self.depth = check_int("depth", depth, minimum=2, maximum=MAX_DEPTH)
        self.target = check_real("target", target)
        if self.target == 0.0:
            raise ValueError(f"target must be a finite nonzero number, got {target!r}")
        self.bound = check_positive("bound", bound)
        L, R, y = self.depth, self.bound, abs(self.target)
        self.dim = L
        hint = f"depth = {L} and bound = {R!r} are too large (target = {self.target!r})"
        with np.errstate(over="ignore", invalid="ignore"):
            try:
                residual = R**L + y  # the largest |p - y| on the cube
                ell = float(L * R ** (2 * L - 2) + residual * (L - 1) * R ** (L - 2))
            except OverflowError:
                ell = np.inf
            self.smoothness = finite_constant(ell, "smoothness", hint)
            try:
                rho = float(
                    3.0 * np.sqrt(L) * (L - 1) * R ** (2 * L - 3)
                    + residual * (L - 1) * (L - 2) / np.sqrt(L) * R ** float(L - 3)
                )
            except OverflowError:
                rho = np.inf
            self.hessian_lipschitz = finite_constant(rho, "hessian_lipschitz", hint)
        self.f_min = 0.0
        self.region = f"max_k |w_k| <= {self.bound:g}"
        self.name = f"deep linear, depth {L}"

    # -- products ------------------------------------------------------------------------
    def product(self, x: ArrayLike) -> float | NDArray[np.float64]:
        r"""The end-to-end weight :math:`p = w_1 w_2 \cdots w_L` (a float or shape ``(n,)``)."""
        X, single = as_points("x", x, self.dim)
        p = np.prod(X, axis=1)
        return float(p[0]) if single else p

    # q and S come from prefix and suffix products, q_i = (prod_{k<i} w_k)(prod_{k>i} w_k) and
    # S_ij = (prod_{k<i} w_k)(prod_{i<k<j} w_k)(prod_{k>j} w_k) for i < j, never from p / w_i, so
    # zero weights (the origin) are exact: O(L) work for the gradient, O(L^2) for the Hessian.
    @staticmethod
    def _prefix_suffix(X: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """``pre[:, i] = prod_{k < i} w_k`` and ``suf[:, i] = prod_{k >= i} w_k``, both ``(n, L + 1)``."""
        ones = np.ones((X.shape[0], 1))
        pre = np.concatenate([ones, np.cumprod(X, axis=1)], axis=1)
        suf = np.concatenate([np.cumprod(X[:, ::-1], axis=1)[:, ::-1], ones], axis=1)
        return pre, suf

    @classmethod
    def _leave_one_out(cls, X: NDArray[np.float64]) -> NDArray[np.float64]:
        r""":math:`q_i = \prod_{k \ne i} w_k`, shape ``(n, L)``."""
        pre, suf = cls._prefix_suffix(X)
        return pre[:, :-1] * suf[:, 1:]

    # -- the interface -----------------------------------------------------------------------
    @staticmethod
    def _product(X: NDArray[np.float64]) -> NDArray[np.float64]:
        r""":math:`p = \prod_k w_k` per row: 0 when a weight is 0, even if the others overflow."""
        p = np.prod(X, axis=1)
        if math.isfinite(np.add.reduce(p)):
            return p
        bad = np.isnan(p)
        if bad.any():
            p[bad] = np.where(np.any(X[bad] == 0.0, axis=1), 0.0, np.nan)
        return p

    def _value(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        out = 0.5 * (self._product(X) - self.target) ** 2
        if not math.isfinite(np.add.reduce(out)):  # f >= 0: a nan is an overflow
            out[np.isnan(out)] = np.inf
        return out

    def _grad(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        residual = self._product(X) - self.target
        return residual[:, None] * self._leave_one_out(X)

    def _hess(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        n, L = X.shape
        pre, suf = self._prefix_suffix(X)
        q = pre[:, :-1] * suf[:, 1:]
        # C[:, i, j] = prod_{i < k <= j} w_k: cumulative products of the rows of
        # A[:, i, k] = w_k for k > i and 1 otherwise.
        upper = np.triu(np.ones((L, L), dtype=bool), k=1)
        A = np.where(upper, X[:, None, :], 1.0)
        C = np.cumprod(A, axis=2)
        i, j = np.triu_indices(L, k=1)
        S = np.zeros((n, L, L))
        # S_ij = prod_{k < i} w_k * prod_{i < k < j} w_k * prod_{k > j} w_k, for i < j
        S[:, i, j] = pre[:, i] * C[:, i, j - 1] * suf[:, j + 1]
        S[:, j, i] = S[:, i, j]
        residual = self._product(X) - self.target
        return q[:, :, None] * q[:, None, :] + residual[:, None, None] * S

    # -- critical points -------------------------------------------------------------------
    @property
    def critical_points(self) -> tuple[CriticalPoint, ...]:
        L, y = self.depth, self.target
        origin = CriticalPoint(np.zeros(L), "strict saddle" if L == 2 else "degenerate")
        points = [origin]
        if L >= 3:
            points.append(CriticalPoint(np.r_[0.0, 0.0, np.ones(L - 2)], "strict saddle"))
        w_min = np.full(L, abs(y) ** (1.0 / L))
        w_min[0] *= np.sign(y)
        points.append(CriticalPoint(w_min, "local minimum", is_global_min=True))
        return tuple(points)

    def __repr__(self) -> str:
        return f"DeepLinear(depth={self.depth}, target={self.target:g})"
