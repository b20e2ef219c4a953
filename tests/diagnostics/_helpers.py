"""Helpers shared by the test modules of tests/diagnostics/."""

from __future__ import annotations

import numpy as np

from pgdlib.objectives.base import Objective


class RotatedQuadratic(Objective):
    """Test-only ``f(x) = 1/2 x^T A x`` for a symmetric ``A``; Hessian-vector products only."""

    name = "rotated quadratic"

    def __init__(self, A: np.ndarray) -> None:
        self.A = 0.5 * (A + A.T)
        self.dim = A.shape[0]
        self.smoothness = float(np.max(np.abs(np.linalg.eigvalsh(self.A))))
        self.hessian_lipschitz = 0.0

    def _value(self, X):
        return 0.5 * np.einsum("ni,ij,nj->n", X, self.A, X)

    def _grad(self, X):
        return X @ self.A

    def _hvp(self, X, V):
        return V @ self.A


def quadratic_iterates(lam, x0, eta, T):
    """Closed-form gradient descent on 1/2 sum lam_i x_i^2: x_t = (1 - eta lam)^t x0, shape (T+1, ..., d)."""
    t = np.arange(T + 1).reshape((-1,) + (1,) * np.ndim(x0))
    return (1.0 - eta * lam) ** t * x0
