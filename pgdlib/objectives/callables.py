"""A user's own function as an :class:`~pgdlib.objectives.base.Objective`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from pgdlib._validation import check_int, check_positive, check_real
from pgdlib.objectives.base import Objective

__all__ = ["CallableObjective", "MAX_DIM"]

#: Largest dimension of a user objective (its Hessian is assembled from ``d`` products).
MAX_DIM = 10**8


def _constant(name: str, value: float) -> float:
    """A known constant (finite, >= 0) or ``nan`` for unknown."""
    try:
        return check_real(name, value, low=0.0)
    except ValueError:
        if isinstance(value, (float, np.floating)) and np.isnan(value):
            return float("nan")
        raise ValueError(f"{name} must be a finite number >= 0 or nan (unknown), got {value!r}") from None


class CallableObjective(Objective):
    """Objective built by :meth:`~pgdlib.objectives.base.Objective.from_callables`; loops over a batch."""

    def __init__(
        self,
        value: Callable[[NDArray[np.float64]], float],
        grad: Callable[[NDArray[np.float64]], NDArray[np.float64]],
        hess: Callable[[NDArray[np.float64]], NDArray[np.float64]] | None,
        *,
        dim: int,
        smoothness: float,
        hessian_lipschitz: float,
        f_min: float | None,
        name: str,
        fd_step: float,
    ) -> None:
        for arg, fn in (("value", value), ("grad", grad), ("hess", hess)):
            if not callable(fn) and not (arg == "hess" and fn is None):
                raise TypeError(f"{arg} must be a callable{' or None' if arg == 'hess' else ''}, got {fn!r}")
        self.dim = check_int("dim", dim, minimum=1, maximum=MAX_DIM)
        self.smoothness = _constant("smoothness", smoothness)
        self.hessian_lipschitz = _constant("hessian_lipschitz", hessian_lipschitz)
        self.f_min = None if f_min is None else check_real("f_min", f_min, finite=False)
        if f_min is not None and self.f_min == np.inf:
            raise ValueError("f_min must be None, a finite number or -inf, got inf")
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {name!r}")
        self.name = name
        self.region = "as given by the user"
        self._fd_step = check_positive("fd_step", fd_step)
        self._value_fn = value
        self._grad_fn = grad
        self._hess_fn = hess

    def _value(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.array([self._one_value(x) for x in X], dtype=np.float64)

    def _one_value(self, x: NDArray[np.float64]) -> float:
        out = self._value_fn(x)
        try:
            return float(out)
        except (TypeError, ValueError):
            raise TypeError(f"value must return one real number for a point of shape ({self.dim},), "
                            f"got {type(out).__name__} {np.shape(out)}") from None

    def _grad(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        if X.shape[0] == 0:
            return np.empty_like(X)
        out = np.array([np.asarray(self._grad_fn(x), dtype=np.float64) for x in X])
        if out.shape != X.shape:
            raise ValueError(f"grad must return shape ({self.dim},), got {out.shape[1:]}")
        return out

    def _hvp(self, X: NDArray[np.float64], V: NDArray[np.float64]) -> NDArray[np.float64]:
        if self._hess_fn is not None:
            return np.einsum("nij,nj->ni", self._hess(X), V)
        norms = np.linalg.norm(V, axis=1, keepdims=True)
        safe = np.where(norms > 0, norms, 1.0)
        h = self._fd_step / safe
        diff = self._grad(X + h * V) - self._grad(X - h * V)
        return np.where(norms > 0, diff / (2.0 * h), 0.0)

    def _hess(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        if X.shape[0] == 0:
            return np.empty((0, self.dim, self.dim))
        if self._hess_fn is not None:
            out = np.array([np.asarray(self._hess_fn(x), dtype=np.float64) for x in X])
            if out.shape[1:] != (self.dim, self.dim):
                raise ValueError(f"hess must return shape ({self.dim}, {self.dim}), got {out.shape[1:]}")
            return out
        eye = np.eye(self.dim)
        cols = [self._hvp(X, np.broadcast_to(e, X.shape)) for e in eye]
        H = np.stack(cols, axis=2)
        return 0.5 * (H + np.transpose(H, (0, 2, 1)))
