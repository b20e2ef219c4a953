r"""What kind of point is ``x``? The lecture's taxonomy of solution concepts (section 6.1.2).

A point with :math:`\nabla f(x) = 0` is classified by the second-order test on the
eigenvalues of :math:`\nabla^2 f(x)`; when one of them is zero (within ``tol``) and
the signs do not already decide, the test is inconclusive (``'degenerate'``): the
monkey saddle :math:`x^3 - 3xy^2` has zero gradient and zero Hessian at the origin
and is no minimum (errata item 8). A saddle with :math:`\lambda_{\min} < 0` is a
*strict* saddle (errata item 7: the notes' :math:`\nabla^2 f \prec 0` would be a
strict local maximum).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import check_nonnegative, check_objective, check_positive
from pgdlib.diagnostics.curvature import _one_point, hessian_spectrum, min_eigen
from pgdlib.objectives.base import Objective

__all__ = ["PointClassification", "VERDICTS", "classify_point", "is_second_order_stationary"]

VERDICTS = ("local minimum", "local maximum", "strict saddle", "degenerate", "not stationary")


@dataclass(frozen=True)
class PointClassification:
    r"""The verdict of :func:`classify_point` and the numbers behind it.

    Attributes
    ----------
    verdict : str
        One of ``'local minimum'``, ``'local maximum'``, ``'strict saddle'``,
        ``'degenerate'``, ``'not stationary'``.
    eigenvalues : ndarray of shape (d,)
        Hessian eigenvalues at ``x``, ascending.
    grad_norm : float
        :math:`\|\nabla f(x)\|`.
    tol : float
        The tolerance used for "zero".
    """

    verdict: str
    eigenvalues: NDArray[np.float64]
    grad_norm: float
    tol: float

    @property
    def min_eigenvalue(self) -> float:
        r""":math:`\lambda_{\min}(\nabla^2 f(x))`."""
        return float(self.eigenvalues[0])

    def __repr__(self) -> str:
        shown = np.array2string(self.eigenvalues[:6], precision=4, separator=", ")
        more = " ..." if self.eigenvalues.size > 6 else ""
        return (
            f"PointClassification({self.verdict!r}, grad_norm={self.grad_norm:.3g}, "
            f"eigenvalues={shown}{more})"
        )


def classify_point(f: Objective, x: ArrayLike, *, tol: float = 1e-8) -> PointClassification:
    r"""Classify ``x`` by the first- and second-order tests.

    Parameters
    ----------
    f : Objective
        The function.
    x : array_like of shape (d,)
        One point; the dense spectrum is computed, so ``d`` should be small.
    tol : float, default 1e-8
        Threshold (>= 0) for a zero gradient norm and a zero eigenvalue.

    Returns
    -------
    PointClassification

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    With :math:`g = \|\nabla f(x)\|` and :math:`\lambda_1 \le \dots \le \lambda_d`
    the Hessian's eigenvalues (section 6.1.2 of the lecture, corrected by errata
    items 7 and 8), the first rule that applies gives the verdict:

    1. :math:`g > \text{tol}`: ``'not stationary'``;
    2. :math:`\lambda_1 > \text{tol}`: ``'local minimum'``;
    3. :math:`\lambda_d < -\text{tol}`: ``'local maximum'``;
    4. :math:`\lambda_1 < -\text{tol}` and :math:`\lambda_d > \text{tol}`: ``'strict saddle'``;
    5. otherwise (some :math:`|\lambda_i| \le \text{tol}` and no two signs): ``'degenerate'``.

    A Hessian with eigenvalues of both signs proves a saddle whatever the zero
    eigenvalues; one with :math:`\lambda_1 < 0` and no positive eigenvalue could be
    a local maximum (:math:`-x^2 - y^4`) or a saddle (:math:`-x^2 + y^4`), so it is
    ``'degenerate'``: the second-order test cannot tell.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.1.2 (corrected: book errata, items 7 and 8).
    """
    X = _one_point(f, x)
    tol = check_nonnegative("tol", tol)
    grad_norm = float(np.linalg.norm(f._grad(X)[0]))
    lam = hessian_spectrum(f, X[0]).eigenvalues
    if grad_norm > tol:
        verdict = "not stationary"
    elif lam[0] > tol:
        verdict = "local minimum"
    elif lam[-1] < -tol:
        verdict = "local maximum"
    elif lam[0] < -tol and lam[-1] > tol:
        verdict = "strict saddle"
    else:
        verdict = "degenerate"
    return PointClassification(verdict, lam, grad_norm, tol)


def is_second_order_stationary(
    f: Objective, x: ArrayLike, *, eps: float, rho: float | None = None
) -> bool:
    r"""Whether ``x`` is an :math:`\epsilon`-second-order stationary point.

    Parameters
    ----------
    f : Objective
        The function.
    x : array_like of shape (d,)
        One point.
    eps : float
        :math:`\epsilon > 0`.
    rho : float, optional
        Hessian-Lipschitz constant :math:`\rho \ge 0`; defaults to
        ``f.hessian_lipschitz``.

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        If ``eps`` is not > 0, or ``rho`` is negative or unknown (``nan``).

    Notes
    -----
    Jin et al. 2017, Definition 4 (errata item 4):

    .. math:: \|\nabla f(x)\| \le \epsilon \quad\text{and}\quad
              \lambda_{\min}(\nabla^2 f(x)) \ge -\sqrt{\rho\,\epsilon}.

    :math:`\lambda_{\min}` comes from :func:`~pgdlib.diagnostics.curvature.min_eigen`,
    so this works in high dimension. With :math:`\rho = 0` (a quadratic) the
    curvature condition reads :math:`\lambda_{\min} \ge 0`, compared with a
    tolerance of :math:`10^{-9}\max(1, \ell)` for round-off.

    References
    ----------
    1. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Definition 4.
    """
    X = _one_point(f, x)
    eps, threshold = sosp_thresholds(f, eps, rho)
    if float(np.linalg.norm(f._grad(X)[0])) > eps:
        return False
    return min_eigen(f, X[0]).value >= threshold


def sosp_thresholds(f: Objective, eps: float, rho: float | None = None) -> tuple[float, float]:
    r"""The two tests of an :math:`\epsilon`-second-order stationary point, as numbers.

    A point passes when :math:`\|\nabla f\| \le \epsilon` and
    :math:`\lambda_{\min}(\nabla^2 f) \ge -\sqrt{\rho\epsilon}` (Jin et al. 2017,
    Definition 4), the latter up to the round-off allowance :math:`10^{-9}\max(1, \ell)`.

    Returns
    -------
    eps : float
        The validated gradient bound.
    curvature_threshold : float
        :math:`-\sqrt{\rho\epsilon} - 10^{-9}\max(1, \ell)`.

    Raises
    ------
    ValueError
        If ``eps`` is not > 0, or ``rho`` is negative or unknown (``nan``).
    """
    eps = check_positive("eps", eps)
    check_objective("f", f)
    if rho is None:
        rho = float(f.hessian_lipschitz)
        if not np.isfinite(rho):
            raise ValueError("rho must be given (finite and >= 0): f.hessian_lipschitz is unknown")
    rho = check_nonnegative("rho", rho)
    ell = float(f.smoothness)
    slack = 1e-9 * max(1.0, ell if np.isfinite(ell) else 1.0)
    return eps, -float(np.sqrt(rho * eps)) - slack
