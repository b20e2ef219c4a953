"""The quadratic saddle ``f(x) = 1/2 x^T diag(lambda) x``."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import as_array
from pgdlib.objectives.base import GD_DIVERGENCE_BOUND, CriticalPoint, Objective
from pgdlib.objectives.scaling import power_of_two_scale

__all__ = ["QuadraticSaddle"]

#: Values held in memory at once by :meth:`QuadraticSaddle.gd_escape_steps` (steps x runs x
#: distinct eigenvalues): it checks steps in blocks that double in length.
BLOCK_FLOATS = 2**22

#: Divergence bounds above this are capped, as in the algorithms' engine.
_MAX_BOUND = 1e150


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

    Raises
    ------
    TypeError, ValueError
        If a constructor argument has the wrong type or is out of its range.

    Notes
    -----
    ``value`` at a finite point is finite, or ``+-inf`` when :math:`|f(x)|` exceeds the
    float range: a row whose direct sum overflows (``inf - inf`` would give ``nan``)
    is recomputed as :math:`s^2 f(x/s)` with ``s`` a power of two near
    :math:`\max_i |x_i|`, so ``QuadraticSaddle([1, -0.5]).value([1e300, 1e300])`` is
    ``inf`` (the true value is :math:`2.5 \times 10^{599}`) and
    ``QuadraticSaddle([1, -1]).value([1e300, 1e300])`` is ``0``.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.2.3, Lemma 4.

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

    def gd_escape_steps(
        self,
        x0: ArrayLike,
        *,
        eta: float,
        target: float,
        steps: int,
        divergence_bound: float = GD_DIVERGENCE_BOUND,
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_]] | None:
        r"""First step of gradient descent with :math:`f(x_t) \le` ``target``, in closed form.

        Gradient descent multiplies coordinate :math:`i` by :math:`1 - \eta\lambda_i` at
        every step, so

        .. math:: f(x_t) = \tfrac12 \sum_k \mu_k (1 - \eta\mu_k)^{2t} \, c_k,
                  \qquad \|x_t\|^2 = \sum_k (1 - \eta\mu_k)^{2t} c_k,

        .. math:: c_k = \sum_{i:\lambda_i = \mu_k} x_{0,i}^2,

        over the distinct eigenvalues :math:`\mu_k`. As in the stepped run, a start
        whose :math:`\|x_s\|` exceeds ``divergence_bound`` (or overflows) at a step
        :math:`s` before its escape step diverged.

        ``None`` (step instead) unless :math:`\eta\lambda_i < 2` for every positive
        eigenvalue (then the positive directions contract and the closed form is
        accurate). Otherwise it returns what ``gd(..., target=target)`` returns, up to
        rounding: a run whose :math:`f(x_t)` lies within a few ulps of ``target`` (or
        whose norm within a few ulps of the bound) may differ by one step. The
        parameters and results are those of
        :meth:`~pgdlib.objectives.base.Objective.gd_escape_steps`.

        Examples
        --------
        >>> f = QuadraticSaddle([1.0, -1.0])
        >>> steps, diverged = f.gd_escape_steps([[1e-3, 1e-3]], eta=0.5, target=-1.0, steps=100)
        >>> int(steps[0]), bool(diverged[0])  # 1e-6 * 1.5**(2t) / 2 >= 1 from t = 18
        (18, False)
        """
        X, eta, target, budget, bound = self._escape_arguments(x0, eta, target, steps,
                                                                  divergence_bound)
        if not eta * float(np.max(self.eigenvalues, initial=0.0)) < 2.0:
            return None
        n = X.shape[0]
        mu, which = np.unique(self.eigenvalues, return_inverse=True)
        c = np.zeros((n, mu.size))
        np.add.at(c.T, which, (X**2).T)
        steps = np.full(n, -1, dtype=np.int64)
        diverged = np.zeros(n, dtype=bool)
        bound_sq = min(bound, _MAX_BOUND) ** 2
        steps[self._value(X) <= target] = 0
        pending = np.flatnonzero(steps < 0)
        # One pass over each start's d coordinates (the sums c_k) instead of one per step; the
        # steps are then checked in blocks that double in length, each at most BLOCK_FLOATS values.
        t0, block = 0, 16
        with np.errstate(over="ignore", invalid="ignore"):
            while t0 < budget and pending.size:
                k = min(block, budget - t0, max(1, BLOCK_FLOATS // (pending.size * mu.size)))
                t = np.arange(t0 + 1, t0 + k + 1)
                decay = (1.0 - eta * mu)[None, :] ** (2.0 * t[:, None])  # (k, K)
                values = 0.5 * c[pending] @ (mu[:, None] * decay.T)  # (m, k)
                below = values <= target
                far = ~(c[pending] @ decay.T <= bound_sq)  # ||x_t||^2 past the bound (or not finite)
                hit, gone = below.any(axis=1), far.any(axis=1)
                first_hit, first_far = np.argmax(below, axis=1), np.argmax(far, axis=1)
                escaped = hit & (~gone | (first_hit < first_far))
                steps[pending[escaped]] = t[first_hit[escaped]]
                diverged[pending[gone & ~escaped]] = True
                pending = pending[~(escaped | gone)]
                t0, block = int(t[-1]), 2 * block
        return steps, diverged

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
