"""Checker for chapter 8 (saddles in machine-learning objectives)."""

from __future__ import annotations

import numpy as np

from pgdlib.exercises.base import CheckResult, failed, not_solved, passed

__all__ = ["check_mf_saddle_spectrum"]

EXERCISE = "ex-ml-spectrum"
EXPECTED = np.array([-2.0, 2.0, 6.0])


def check_mf_saddle_spectrum(eigenvalues) -> CheckResult:
    r"""Check the Hessian eigenvalues of :math:`\tfrac14\|uu^\top - M\|_F^2`,
    :math:`M = \mathrm{diag}(5, 3, 1)`, at the saddle :math:`u = \sqrt3\, e_2`.

    By the formula of :class:`~pgdlib.MatrixFactorization` they are
    :math:`\lambda_2 - \lambda_1 = -2`,
    :math:`\lambda_2 - \lambda_3 = 2` and :math:`2\lambda_2 = 6`.
    """
    if eigenvalues is None or eigenvalues is Ellipsis:
        return not_solved(EXERCISE)
    try:
        value = np.sort(np.asarray(eigenvalues, dtype=float).ravel())
    except (TypeError, ValueError):
        return failed(EXERCISE, "the answer must be an array of three numbers")
    if value.shape != (3,):
        return failed(EXERCISE, f"expected 3 eigenvalues (u has 3 entries), got {value.size}")
    if np.allclose(value, EXPECTED, atol=1e-6):
        return passed(EXERCISE, "eigenvalues -2, 2, 6: one negative direction, a strict saddle")
    if np.allclose(value, np.sort(-EXPECTED), atol=1e-6):
        return failed(EXERCISE, "the signs are flipped: check the sign of the residual UU^T - M")
    if np.allclose(value, [-5.0, -3.0, -1.0], atol=1e-6):
        return failed(EXERCISE, "these are the eigenvalues at U = 0, not at the saddle sqrt(3) e_2")
    return failed(EXERCISE, f"expected eigenvalues {EXPECTED.tolist()}, got {np.round(value, 4).tolist()}")
