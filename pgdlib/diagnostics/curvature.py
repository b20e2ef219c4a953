r"""Curvature at a point: the Hessian's spectrum, dense or from Hessian-vector products.

The lecture's analysis turns on :math:`\lambda_{\min}(\nabla^2 f(x))`: a point is an
approximate second-order stationary point when it is not very negative (section
6.2.1; Jin et al. 2017, Definition 4), and its eigenvector ``u`` is the "bad
direction" of the repulsion lemma (Lemma 4). For small ``d`` the whole spectrum is
computed densely; for large ``d`` only the smallest eigenpair, by Lanczos iteration
on Hessian-vector products, without ever forming the ``d x d`` Hessian.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.linalg import ArpackError, ArpackNoConvergence, LinearOperator, eigsh

from pgdlib._validation import (
    as_points,
    check_choice,
    check_int,
    check_objective,
    check_positive,
    check_real,
    make_rng,
)
from pgdlib.objectives.base import Objective

__all__ = ["HessianSpectrum", "MinEigen", "hessian_spectrum", "min_eigen", "DENSE_MAX_DIM"]

DENSE_MAX_DIM = 4096
"""Largest dimension for which :func:`hessian_spectrum` forms the dense Hessian."""

MAX_ARPACK_ITER = 10**7
"""Largest ``maxiter`` of :func:`min_eigen` (ARPACK counts in a C int)."""

LANCZOS_MIN_DIM = 11
"""Below this dimension :func:`min_eigen` with ``method='auto'`` uses the dense spectrum."""


@dataclass(frozen=True)
class HessianSpectrum:
    r"""Eigen-decomposition of :math:`\nabla^2 f(x)`.

    Attributes
    ----------
    eigenvalues : ndarray of shape (d,)
        In ascending order.
    eigenvectors : ndarray of shape (d, d)
        Column ``i`` is the unit eigenvector of ``eigenvalues[i]``.
    """

    eigenvalues: NDArray[np.float64]
    eigenvectors: NDArray[np.float64]

    @property
    def min(self) -> float:
        r""":math:`\lambda_{\min}`."""
        return float(self.eigenvalues[0])

    @property
    def max(self) -> float:
        r""":math:`\lambda_{\max}`."""
        return float(self.eigenvalues[-1])

    @property
    def bottom_vector(self) -> NDArray[np.float64]:
        r"""Unit eigenvector of :math:`\lambda_{\min}` (the lecture's ``u``)."""
        return self.eigenvectors[:, 0]

    def __repr__(self) -> str:
        d = self.eigenvalues.size
        shown = np.array2string(self.eigenvalues[:6], precision=4, separator=", ")
        more = f" ... ({d} in all)" if d > 6 else ""
        return f"HessianSpectrum(eigenvalues={shown}{more})"


@dataclass(frozen=True)
class MinEigen:
    r"""Smallest Hessian eigenvalue and its eigenvector.

    Attributes
    ----------
    value : float
        :math:`\lambda_{\min}(\nabla^2 f(x))`, the Rayleigh quotient
        :math:`u^\top \nabla^2 f(x)\, u` of ``vector``.
    vector : ndarray of shape (d,)
        Unit eigenvector ``u`` (sign arbitrary).
    residual : float
        :math:`\|\nabla^2 f(x) u - \lambda u\|`, an a-posteriori accuracy check:
        the true eigenvalue nearest ``value`` is within ``residual`` of it.
    method : str
        ``'dense'`` or ``'lanczos'``.
    n_hvp : int
        Hessian-vector products used.
    """

    value: float
    vector: NDArray[np.float64]
    residual: float
    method: str
    n_hvp: int

    def __repr__(self) -> str:
        return (
            f"MinEigen(value={self.value:.8g}, residual={self.residual:.2g}, "
            f"method={self.method!r}, d={self.vector.size}, n_hvp={self.n_hvp})"
        )


def _hessian_matrix(f: Objective, X: NDArray[np.float64]) -> NDArray[np.float64]:
    """Dense symmetrised Hessian at the single point ``X`` of shape (1, d).

    Uses ``f._hess`` and falls back to ``d`` Hessian-vector products for an
    objective that implements only ``_hvp``.
    """
    try:
        H = f._hess(X)[0]
    except NotImplementedError:
        eye = np.eye(f.dim)
        H = np.stack([f._hvp(X, e[np.newaxis, :])[0] for e in eye], axis=1)
    H = np.asarray(H, dtype=np.float64)
    if not np.all(np.isfinite(H)):
        raise ValueError(
            "x must be a point where the Hessian of f is finite (inside the objective's domain), "
            f"got a non-finite Hessian at x = {X[0]}"
        )
    return 0.5 * (H + H.T)


def hessian_spectrum(f: Objective, x: ArrayLike) -> HessianSpectrum:
    r"""All eigenvalues and eigenvectors of :math:`\nabla^2 f(x)`, densely.

    Parameters
    ----------
    f : Objective
        The function.
    x : array_like of shape (d,)
        One point.

    Returns
    -------
    HessianSpectrum

    Raises
    ------
    ValueError
        If ``x`` is not one point of shape ``(d,)`` or ``d > DENSE_MAX_DIM``.

    Notes
    -----
    Forms the ``d x d`` Hessian, symmetrises it as :math:`(H + H^\top)/2` and
    calls :func:`numpy.linalg.eigh`: :math:`O(d^3)` time, :math:`O(d^2)` memory.
    For large ``d`` use :func:`min_eigen`.
    """
    X = _one_point(f, x)
    if f.dim > DENSE_MAX_DIM:
        raise ValueError(
            f"f.dim must be <= {DENSE_MAX_DIM} for a dense spectrum, got {f.dim}; use min_eigen"
        )
    w, V = np.linalg.eigh(_hessian_matrix(f, X))
    return HessianSpectrum(eigenvalues=w, eigenvectors=V)


def min_eigen(
    f: Objective,
    x: ArrayLike,
    *,
    tol: float = 1e-10,
    method: Literal["auto", "lanczos", "dense"] = "auto",
    shift: float | None = None,
    maxiter: int | None = None,
    seed: int | np.random.Generator = 0,
) -> MinEigen:
    r"""Smallest eigenvalue of :math:`\nabla^2 f(x)` and its eigenvector.

    Parameters
    ----------
    f : Objective
        The function.
    x : array_like of shape (d,)
        One point.
    tol : float, default 1e-10
        Relative tolerance passed to ARPACK (> 0).
    method : {'auto', 'lanczos', 'dense'}, default 'auto'
        ``'auto'`` uses the dense spectrum for ``d < 11`` (ARPACK needs a Krylov
        space smaller than ``d``) and Lanczos otherwise.
    shift : float, optional
        :math:`\sigma`; by default ``f.smoothness`` if finite, else 0.
    maxiter : int, optional
        ARPACK's iteration limit, in ``[1, 10**7]`` (default ``max(1000, 10 d)``).
    seed : int or numpy.random.Generator, default 0
        Seeds ARPACK's start vector, so results are reproducible.

    Returns
    -------
    MinEigen

    Raises
    ------
    ValueError
        On a bad argument, or if Lanczos does not converge within ``maxiter``.

    Notes
    -----
    With ``method='lanczos'`` only Hessian-vector products
    :math:`v \mapsto \nabla^2 f(x) v` are used (``f.hvp``), so memory is
    :math:`O(d)` and the Hessian is never formed. ARPACK's implicitly restarted
    Lanczos (:func:`scipy.sparse.linalg.eigsh`) is run on the shifted operator

    .. math:: B = \sigma I - \nabla^2 f(x), \qquad
              \lambda_{\min}(\nabla^2 f(x)) = \sigma - \lambda_{\max}(B),

    with :math:`\sigma = \ell` (``f.smoothness``) when it is finite and positive,
    so that ARPACK's relative tolerance refers to a number of size :math:`\ell`
    and stays meaningful when :math:`\lambda_{\min} \approx 0` (a degenerate
    point); otherwise :math:`\sigma = 0`. Lanczos is shift-invariant, so the shift
    changes the stopping rule, not the Krylov space. The eigenvalue returned is the
    Rayleigh quotient :math:`u^\top \nabla^2 f(x) u` of the computed vector, whose
    error is quadratic in the vector's error; ``residual`` reports
    :math:`\|\nabla^2 f(x) u - \lambda u\|`.

    References
    ----------
    1. R. B. Lehoucq, D. C. Sorensen, C. Yang, "ARPACK Users' Guide: Solution of Large-Scale
       Eigenvalue Problems with Implicitly Restarted Arnoldi Methods", SIAM, 1998.
    2. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Definition 4, for the use of the
       smallest eigenvalue.
    """
    X = _one_point(f, x)
    tol = check_positive("tol", tol)
    method = check_choice("method", method, ("auto", "lanczos", "dense"))
    d = f.dim
    if method == "auto":
        method = "dense" if d < LANCZOS_MIN_DIM else "lanczos"
    if method == "dense":
        if d > DENSE_MAX_DIM:
            raise ValueError(f"method='dense' needs f.dim <= {DENSE_MAX_DIM}, got {d}")
        H = _hessian_matrix(f, X)
        w, V = np.linalg.eigh(H)
        u = V[:, 0]
        return MinEigen(float(w[0]), u, float(np.linalg.norm(H @ u - w[0] * u)), "dense", 0)
    if d < 3:
        raise ValueError(f"method='lanczos' needs f.dim >= 3, got {d}; use method='dense'")

    if shift is None:
        ell = float(f.smoothness)
        sigma = ell if np.isfinite(ell) and ell > 0 else 0.0
    else:
        sigma = check_real("shift", shift)
    maxiter = max(1000, 10 * d) if maxiter is None else check_int("maxiter", maxiter, minimum=1,
                                                                   maximum=MAX_ARPACK_ITER)
    rng = make_rng(seed)
    probe = f._hvp(X, np.ones((1, d)))  # not counted in n_hvp: a finiteness check
    if not np.all(np.isfinite(probe)):
        raise ValueError(
            "x must be a point where the Hessian of f is finite (inside the objective's domain), "
            "got a non-finite Hessian-vector product"
        )

    count = [0]

    def hvp(v: NDArray[np.float64]) -> NDArray[np.float64]:
        count[0] += 1
        return f._hvp(X, np.asarray(v, dtype=np.float64).reshape(1, d))[0]

    def matvec(v: NDArray[np.float64]) -> NDArray[np.float64]:
        v = np.asarray(v, dtype=np.float64).reshape(d)
        return sigma * v - hvp(v)

    op = LinearOperator((d, d), matvec=matvec, dtype=np.float64)
    v0 = rng.standard_normal(d)
    ncv = min(d - 1, 20)
    try:
        _, vecs = eigsh(op, k=1, which="LA", tol=tol, maxiter=maxiter, ncv=ncv, v0=v0)
    except ArpackNoConvergence as err:
        raise ValueError(
            f"Lanczos did not converge in maxiter={maxiter} iterations; raise maxiter or tol"
        ) from err
    except ArpackError as err:
        raise ValueError(
            f"Lanczos failed at x with shift = {sigma:g} and tol = {tol:g} (ARPACK: {err}); "
            "try another shift or tol, or method='dense'"
        ) from err
    u = vecs[:, 0]
    u = u / np.linalg.norm(u)
    Hu = hvp(u)
    lam = float(u @ Hu)
    return MinEigen(lam, u, float(np.linalg.norm(Hu - lam * u)), "lanczos", count[0])


def finite_value_at(f: Objective, X: NDArray[np.float64], name: str) -> NDArray[np.float64]:
    """``f`` at the rows of ``X``, or ValueError naming ``name`` where it is not finite."""
    with np.errstate(over="ignore", invalid="ignore"):
        values = f._value(X)
    if not np.all(np.isfinite(values)):
        bad = float(values[~np.isfinite(values)][0])
        raise ValueError(
            f"{name} must be a point where f is finite (inside the objective's domain, no overflow), "
            f"got f = {bad}"
        )
    return values


def _one_point(f: Objective, x: ArrayLike, name: str = "x") -> NDArray[np.float64]:
    """``x`` as an array of shape (1, d), refusing batches; ``f`` checked first."""
    check_objective("f", f)
    X, single = as_points(name, x, f.dim)
    if not single:
        raise ValueError(f"{name} must be one point of shape ({f.dim},), got shape {np.shape(x)}")
    return X
