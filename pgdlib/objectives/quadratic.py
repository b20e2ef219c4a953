"""The quadratic saddle ``f(x) = 1/2 x^T diag(lambda) x``."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import as_array
from pgdlib.objectives.base import CriticalPoint, Objective
from pgdlib.objectives.scaling import power_of_two_scale

__all__ = ["QuadraticSaddle"]


class QuadraticSaddle(Objective):
    r"""Separable quadratic :math:`f(x) = \tfrac12 \sum_i \lambda_i x_i^2`.

    The Hessian is :math:`\mathrm{diag}(\lambda)` everywhere, so the smoothness is
    :math:`\ell = \max_i |\lambda_i|` and the Hessian is constant
    (:math:`\rho = 0`). With one negative eigenvalue the origin is a strict saddle,
    the model case of the lecture's section 6.2.3 on which the repulsion lemma
    (Lemma 4) is exact rather than approximate.

    Parameters
    ----------
    eigenvalues : array_like of shape (d,)
        The Hessian's eigenvalues ``lambda_i``; finite, at least one nonzero.

    Notes
    -----
    ``value`` at a finite point is finite, or ``+-inf`` when :math:`|f(x)|` exceeds the
    float range: a row whose direct sum overflows (``inf - inf`` would give ``nan``)
    is recomputed as :math:`s^2 f(x/s)` with ``s`` a power of two near
    :math:`\max_i |x_i|`, so ``QuadraticSaddle([1, -0.5]).value([1e300, 1e300])`` is
    ``inf`` (the true value is :math:`2.5 \times 10^{599}`) and
    ``QuadraticSaddle([1, -1]).value([1e300, 1e300])`` is ``0``.

    Examples
    --------
    >>> f = QuadraticSaddle([1.0, -0.5])
    >>> f.value([1.0, 2.0])
    -0.5
    """

    name = "quadratic"

    def __init__(self, eigenvalues: ArrayLike) -> None:
        lam = as_array("eigenvalues", eigenvalues)
        if lam.ndim != 1 or lam.size == 0:
            raise ValueError(f"eigenvalues must be a non-empty 1-D array, got shape {lam.shape}")
        if not np.all(np.isfinite(lam)):
            raise ValueError("eigenvalues must be finite")
        if not np.any(lam != 0):
            raise ValueError("eigenvalues must contain at least one nonzero value")
        self.eigenvalues = lam
        self.dim = lam.size
        self.smoothness = float(np.max(np.abs(lam)))
        self.hessian_lipschitz = 0.0
        self.f_min = 0.0 if np.all(lam >= 0) else -np.inf

    def _value(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        out = 0.5 * np.einsum("ni,i,ni->n", X, self.eigenvalues, X)
        if math.isfinite(np.add.reduce(out)):  # the cheap test of the common case
            return out
        bad = ~np.isfinite(out)
        if bad.any():  # overflow: inf - inf; recompute those rows scaled (s^2 f(x / s))
            rows = X[bad]
            scale = power_of_two_scale(rows)
            Y = rows / scale[:, np.newaxis]
            with np.errstate(over="ignore"):
                out[bad] = 0.5 * scale * (scale * np.einsum("ni,i,ni->n", Y, self.eigenvalues, Y))
        return out

    def _grad(self, X: NDArray[np.float64], out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        return np.multiply(X, self.eigenvalues, out=out)

    def _hess(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.broadcast_to(np.diag(self.eigenvalues), (X.shape[0], self.dim, self.dim)).copy()

    def _hvp(self, X: NDArray[np.float64], V: NDArray[np.float64]) -> NDArray[np.float64]:
        return V * self.eigenvalues

    @property
    def critical_points(self) -> tuple[CriticalPoint, ...]:
        # The labels follow pgdlib.diagnostics.classify_point: a negative and a positive
        # eigenvalue make a strict saddle whatever else the spectrum holds; otherwise a
        # zero eigenvalue leaves the second-order test inconclusive.
        lam = self.eigenvalues
        if np.any(lam < 0) and np.any(lam > 0):
            kind = "strict saddle"
        elif np.any(lam == 0):
            kind = "degenerate"
        elif np.all(lam > 0):
            kind = "local minimum"
        else:
            kind = "local maximum"
        return (CriticalPoint(np.zeros(self.dim), kind, is_global_min=kind == "local minimum"),)

    def __repr__(self) -> str:
        return f"QuadraticSaddle(dim={self.dim}, min eigenvalue={self.eigenvalues.min():g})"
