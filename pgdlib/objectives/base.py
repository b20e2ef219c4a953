"""The :class:`Objective` interface shared by every test function in the book.

An objective is a twice differentiable ``f : R^d -> R`` together with what the
lecture's analysis needs to know about it: the gradient-Lipschitz (smoothness)
constant ``ell`` and the Hessian-Lipschitz constant ``rho`` (Jin et al. 2017,
Definitions 1 and 2), on a stated region when they are not global.

Every public method accepts one point of shape ``(d,)`` or a batch of shape
``(n, d)`` and returns results that follow the batch: ``value`` gives a float or
``(n,)``, ``grad`` gives ``(d,)`` or ``(n, d)``, ``hess`` gives ``(d, d)`` or
``(n, d, d)``.

**The subclass protocol.** A new objective subclasses :class:`Objective`, sets the attributes ``dim``,
``smoothness``, ``hessian_lipschitz`` (``nan`` where unknown) and optionally
``f_min``, ``region``, ``name``, and implements, on batches only (``X`` a float64
array of shape ``(n, d)``, ``n >= 0``, already checked):

===========================  ==========================  =====================================
method                       returns                     needed by
===========================  ==========================  =====================================
``_value(X)``                ``(n,)``                    everything (required)
``_grad(X)``                 ``(n, d)``, a new array     every algorithm (required)
``_hess(X)``                 ``(n, d, d)``               ``hess``, the dense curvature tools
``_hvp(X, V)``               ``(n, d)``                  ``hvp``, ``min_eigen``; default: ``_hess``
``_outside_domain(X)``       ``(n,)`` bool               objectives with a domain (default: none)
===========================  ==========================  =====================================

Row ``i`` of each result must depend on row ``i`` of the input only, by the same
arithmetic whatever ``n`` is: the algorithms run a batch of starts as one array
and promise that each row equals the single run from that start. Where the value
is not finite inside the divergence bound (outside a domain), the gradient must not
be finite either (``nan``), so that a run stops there at the same step whether or
not its values are recorded. ``_grad`` may accept a keyword ``out`` (an ``(n, d)``
float64 array distinct from ``X``) and write the gradients into it, returning
``out``: the algorithms then reuse two buffers instead of allocating one array per
step (:class:`~pgdlib.objectives.quadratic.QuadraticSaddle` does). The engine calls
these methods directly; the public methods add the checks and the single-point shapes.

Closed forms are methods of the objective that has them, never a type test in the
caller: :meth:`Objective.gd_escape_steps` returns ``None`` here (no closed form: the
caller steps) and the exact answer on :class:`~pgdlib.objectives.quadratic.QuadraticSaddle`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import (
    MAX_STEPS,
    as_points,
    check_floats,
    check_int,
    check_positive,
    check_real,
)

__all__ = ["CriticalPoint", "Objective", "GD_DIVERGENCE_BOUND"]

#: The divergence bound of :func:`~pgdlib.algorithms.gd.gd` (``divergence_bound``'s default),
#: which closed forms of gradient descent reproduce.
GD_DIVERGENCE_BOUND = 1e10

POINT_TYPES = ("local minimum", "local maximum", "strict saddle", "degenerate")


@dataclass(frozen=True)
class CriticalPoint:
    """A known point with zero gradient.

    Attributes
    ----------
    x : ndarray of shape (d,)
        The location.
    kind : str
        One of ``'local minimum'``, ``'local maximum'``, ``'strict saddle'``,
        ``'degenerate'`` (the second-order test is inconclusive).
    is_global_min : bool
        Whether ``f(x)`` equals the global minimum value.
    """

    x: NDArray[np.float64]
    kind: str
    is_global_min: bool = False

    def __post_init__(self) -> None:
        if self.kind not in POINT_TYPES:
            raise ValueError(f"kind must be one of {POINT_TYPES}, got {self.kind!r}")


class Objective:
    """Base class: a smooth function with gradient, Hessian and constants.

    Attributes
    ----------
    dim : int
        The dimension ``d`` of the domain.
    smoothness : float
        ``ell``: ``||grad f(x) - grad f(y)|| <= ell ||x - y||`` on ``region``.
    hessian_lipschitz : float
        ``rho``: ``||hess f(x) - hess f(y)||_2 <= rho ||x - y||`` on ``region``.
    f_min : float or None
        The global minimum value where known (``-inf`` if unbounded below).
    region : str
        Where ``smoothness`` and ``hessian_lipschitz`` hold.
    name : str
        A short name for plots and tables.

    References
    ----------
    1. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Definitions 1 and 2 (the constants
       ell and rho).
    """

    dim: int
    smoothness: float
    hessian_lipschitz: float
    f_min: float | None = None
    region: str = "all of R^d"
    name: str = "objective"

    #: Whether ``_grad`` accepts ``out=`` (set for each subclass from its signature).
    _grad_takes_out: bool = False

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._grad_takes_out = "out" in inspect.signature(cls._grad).parameters

    # -- the subclass protocol (see the module docstring), on batches (n, d) ----
    def _value(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        """``f`` at each row of ``X``: shape ``(n,)``. Required."""
        raise NotImplementedError(f"{type(self).__name__} must implement _value(X)")

    def _grad(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        """The gradient at each row of ``X``: shape ``(n, d)``. Required.

        A subclass may take a keyword ``out=None`` and write into it (see the module
        docstring).
        """
        raise NotImplementedError(f"{type(self).__name__} must implement _grad(X)")

    def _hess(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        """The Hessian at each row of ``X``: shape ``(n, d, d)``."""
        raise NotImplementedError(f"{type(self).__name__} must implement _hess(X) for Hessians")

    def _hvp(self, X: NDArray[np.float64], V: NDArray[np.float64]) -> NDArray[np.float64]:
        """``hess f(X[i]) V[i]`` for each row: shape ``(n, d)``; by default from :meth:`_hess`."""
        return np.einsum("nij,nj->ni", self._hess(X), V)

    def _outside_domain(self, X: NDArray[np.float64]) -> NDArray[np.bool_]:
        r"""Which rows of ``X`` lie outside the domain on which ``f`` has a formula.

        Every point, for an objective defined on all of :math:`\mathbb{R}^d` (this
        default); the :class:`~pgdlib.objectives.octopus.Octopus` overrides it. The engine
        asks it of a run that ends on a non-finite value, to tell ``'left the domain'``
        from ``'diverged'``.
        """
        return np.zeros(X.shape[0], dtype=bool)

    # -- public interface ------------------------------------------------------
    # For a finite point every built-in objective returns a finite value, or +-inf where
    # the true value lies beyond the float range (an overflow, computed with the right
    # sign), never nan; the Octopus returns inf and nan outside its domain (see there).
    # Derivatives at points so large that their entries overflow (beyond about 1e150) may
    # hold inf or nan; a run reaching such a point stops with 'diverged'.
    def value(self, x: ArrayLike) -> float | NDArray[np.float64]:
        """``f(x)`` for one point (a float) or a batch (shape ``(n,)``).

        For a finite ``x`` the result is finite, or ``+-inf`` where ``|f(x)|`` exceeds
        the float range (an overflow, with the sign of the true value): never ``nan``
        (except where an objective documents it, e.g. outside the octopus's domain).
        """
        X, single = as_points("x", x, self.dim)
        out = self._value(X)
        return float(out[0]) if single else out

    def grad(self, x: ArrayLike, out: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        """``grad f(x)``, shape ``(d,)`` or ``(n, d)``.

        With ``out`` (a float64 array of that shape), the gradient is written into it
        and ``out`` is returned; objectives whose ``_grad`` takes ``out`` then allocate
        nothing.
        """
        X, single = as_points("x", x, self.dim)
        if out is None:
            G = self._grad(X)
            return G[0] if single else G
        if not isinstance(out, np.ndarray) or out.dtype != np.float64:
            raise TypeError(f"out must be a float64 numpy array or None, got {type(out).__name__}")
        if out.shape != np.shape(X[0] if single else X):
            raise ValueError(f"out must have the shape of the gradient, {np.shape(X[0] if single else X)}, "
                             f"got {out.shape}")
        target = out.reshape(X.shape)  # a view when out is contiguous
        if self._grad_takes_out and target.flags.c_contiguous and not np.shares_memory(target, X):
            G = self._grad(X, out=target)
        else:
            G = self._grad(X)
        if G is not target:
            out[...] = G.reshape(out.shape)
        return out

    def hess(self, x: ArrayLike) -> NDArray[np.float64]:
        """``hess f(x)``, shape ``(d, d)`` or ``(n, d, d)`` (at most ``MAX_FLOATS`` floats)."""
        X, single = as_points("x", x, self.dim)
        shape = (X.shape[0], self.dim, self.dim)
        check_floats("x", shape[0] * shape[1] * shape[2], f"Hessians of shape {shape}")
        out = self._hess(X)
        return out[0] if single else out

    def hvp(self, x: ArrayLike, v: ArrayLike) -> NDArray[np.float64]:
        """Hessian-vector product ``hess f(x) v``, shape of ``x``."""
        X, single = as_points("x", x, self.dim)
        V, single_v = as_points("v", v, self.dim)
        if single_v and not single:
            V = np.broadcast_to(V, X.shape)
        elif V.shape != X.shape:
            raise ValueError(f"v must have shape {X.shape[1:]} or {X.shape}, got {np.shape(v)}")
        out = self._hvp(X, V)
        return out[0] if single else out

    @property
    def critical_points(self) -> tuple[CriticalPoint, ...]:
        """Known critical points with their type (empty if none are known)."""
        return ()

    # -- closed forms (None where the objective has none) ----------------------
    def gd_escape_steps(
        self,
        x0: ArrayLike,
        *,
        eta: float,
        target: float,
        steps: int,
        divergence_bound: float = GD_DIVERGENCE_BOUND,
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_]] | None:
        r"""Gradient descent's first step with :math:`f(x_t) \le` ``target``, in closed form, or ``None``.

        For each start ``x0[i]``: the first :math:`t \in [0, \text{steps}]` with
        :math:`f(x_t) \le` ``target`` along
        ``gd(f, x0[i], eta=eta, steps=steps, target=target, divergence_bound=divergence_bound)``
        (its ``n_steps`` when its status is ``TARGET``), or ``-1`` if there is none; and
        whether the run diverged (or left the domain) before reaching it. An objective
        that overrides this must return exactly what stepping returns.

        Parameters
        ----------
        x0 : array_like, shape (d,) or (n, d)
            Starts.
        eta : float
            Step size, > 0.
        target : float
            The value to reach.
        steps : int
            Step budget, in ``[0, MAX_STEPS]``.
        divergence_bound : float, default 1e10
            As in :func:`~pgdlib.algorithms.gd.gd`.

        Returns
        -------
        (steps, diverged) : tuple of ndarray of shape (n,), or None
            ``None`` (this default) when the objective has no closed form for these
            arguments: the caller steps (:func:`~pgdlib.diagnostics.escape.escape_time`
            does).
        """
        self._escape_arguments(x0, eta, target, steps, divergence_bound)
        return None

    def _escape_arguments(self, x0: ArrayLike, eta: float, target: float, steps: int,
                          divergence_bound: float) -> tuple[NDArray[np.float64], float, float, int, float]:
        """The checked arguments of :meth:`gd_escape_steps` (``x0`` as ``(n, d)``)."""
        X, _ = as_points("x0", x0, self.dim)
        return (X, check_positive("eta", eta), check_real("target", target),
                check_int("steps", steps, minimum=0, maximum=MAX_STEPS),
                check_positive("divergence_bound", divergence_bound))

    def __call__(self, x: ArrayLike) -> float | NDArray[np.float64]:
        return self.value(x)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(dim={getattr(self, 'dim', None)})"

    # -- a user's own function ------------------------------------------------
    @classmethod
    def from_callables(
        cls,
        value: Callable[[NDArray[np.float64]], float],
        grad: Callable[[NDArray[np.float64]], NDArray[np.float64]],
        hess: Callable[[NDArray[np.float64]], NDArray[np.float64]] | None = None,
        *,
        dim: int,
        smoothness: float = np.nan,
        hessian_lipschitz: float = np.nan,
        f_min: float | None = None,
        name: str = "user objective",
        fd_step: float = 1e-5,
    ) -> Objective:
        """Wrap a user's single-point functions as an :class:`Objective`.

        Parameters
        ----------
        value, grad : callable
            ``value(x) -> float`` and ``grad(x) -> (d,)`` for one point ``x`` of shape ``(d,)``.
        hess : callable, optional
            ``hess(x) -> (d, d)``. Without it, Hessian-vector products use the
            central difference ``(grad(x + h v) - grad(x - h v)) / (2 h)`` with
            ``h = fd_step / ||v||`` and the Hessian is assembled column by column.
        dim : int
            The dimension ``d``.
        smoothness, hessian_lipschitz : float, optional
            ``ell`` and ``rho`` if known (``nan`` means unknown).

        Raises
        ------
        TypeError, ValueError
            If an argument has the wrong type or is out of its range, before any work.
        """
        from pgdlib.objectives.callables import CallableObjective

        return CallableObjective(
            value,
            grad,
            hess,
            dim=dim,
            smoothness=smoothness,
            hessian_lipschitz=hessian_lipschitz,
            f_min=f_min,
            name=name,
            fd_step=fd_step,
        )
