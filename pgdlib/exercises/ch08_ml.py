"""Checker for chapter 8 (saddles in machine-learning objectives)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pgdlib.diagnostics import hessian_spectrum
from pgdlib.exercises.base import CheckResult, call_answer, failed, not_solved, passed
from pgdlib.objectives import MatrixFactorization

__all__ = ["check_mf_saddle_spectrum"]

EXERCISE = "ex-ml-spectrum"


def _rotation(m: int, seed: int) -> np.ndarray:
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((m, m)))
    return q


#: the matrices M the answer is called with: the book's diag(5, 3, 1), and two that are not diagonal
_CASES = [np.diag([5.0, 3.0, 1.0])]
_CASES += [q @ np.diag(lam) @ q.T for q, lam in [(_rotation(3, 1), [4.0, 2.5, 0.5]),
                                                  (_rotation(4, 2), [6.0, 3.5, 2.0, 1.0])]]


def _expected(M: np.ndarray) -> np.ndarray:
    """Eigenvalues at u = sqrt(lambda_2) v_2: lambda_2 - lambda_j (j != 2) and 2 lambda_2."""
    lam = np.sort(np.linalg.eigvalsh(M))[::-1]
    return np.sort(np.r_[lam[1] - np.delete(lam, 1), 2 * lam[1]])


def check_mf_saddle_spectrum(saddle_spectrum: Callable | None) -> CheckResult:
    r"""Check ``saddle_spectrum(M)``: the Hessian eigenvalues of :math:`\tfrac14\|uu^\top - M\|_F^2`
    (``pg.MatrixFactorization(M, 1)``) at the saddle :math:`u = \sqrt{\lambda_2}\, v_2`, where
    :math:`\lambda_2` is the second-largest eigenvalue of ``M`` and :math:`v_2` its unit eigenvector.

    By the formula of :class:`~pgdlib.MatrixFactorization` (chapter 8's exercise) they are
    :math:`\lambda_2 - \lambda_j` for :math:`j \ne 2` and :math:`2\lambda_2`; for
    ``M = diag(5, 3, 1)``: -2, 2, 6. The answer is called with that ``M`` and with two
    symmetric matrices that are not diagonal (3 x 3 and 4 x 4); the eigenvalues may come in
    any order.
    """
    if saddle_spectrum is None or saddle_spectrum is Ellipsis:
        return not_solved(EXERCISE)
    if not callable(saddle_spectrum):
        return failed(EXERCISE, f"the answer is a function saddle_spectrum(M), got "
                      f"{type(saddle_spectrum).__name__}: typed-in numbers cannot follow M")
    first = None
    for k, M in enumerate(_CASES):
        where = "M = diag(5, 3, 1)" if k == 0 else f"a {len(M)} x {len(M)} M that is not diagonal"
        answer = call_answer(EXERCISE, saddle_spectrum, M.copy())
        if isinstance(answer, CheckResult):
            return answer
        try:
            value = np.asarray(answer, dtype=float)
        except Exception:  # noqa: BLE001 - anything numpy cannot read as numbers
            return failed(EXERCISE, f"for {where}: return an array of {len(M)} numbers, "
                          f"got {type(answer).__name__}")
        if value.shape == (len(M), len(M)):
            return failed(EXERCISE, f"for {where}: this is a {len(M)} x {len(M)} matrix (the Hessian?): "
                          "return its eigenvalues")
        value = value.ravel()
        if value.size != len(M):
            return failed(EXERCISE, f"for {where}: expected {len(M)} eigenvalues (u has {len(M)} "
                          f"entries), got {value.size}")
        if not np.all(np.isfinite(value)):
            return failed(EXERCISE, f"for {where}: the eigenvalues must be finite, got {value.tolist()}")
        value = np.sort(value)
        expected = _expected(M)
        if first is None:
            first = value
        if np.allclose(value, expected, rtol=0, atol=1e-6):
            continue
        lam = np.sort(np.linalg.eigvalsh(M))[::-1]
        u_e2 = np.sqrt(3.0) * np.eye(len(M))[1]
        mistakes = [
            (np.sort(-expected), "the signs are flipped: check the sign of the residual uu^T - M"),
            (np.sort(-lam), "these are the eigenvalues at u = 0 (the Hessian there is -M), not at the "
             "saddle sqrt(lambda_2) v_2"),
            (np.sort(np.r_[lam[0] - lam[1:], 2 * lam[0]]), "these are the eigenvalues at the global "
             "minimum sqrt(lambda_1) v_1: the saddle uses the second-largest eigenvalue"),
            (np.sort(2 * expected), "twice the eigenvalues: pgdlib's objective is 1/4 ||uu^T - M||^2"),
            (np.sort(hessian_spectrum(MatrixFactorization(M, 1), u_e2).eigenvalues)
             if len(M) == 3 else None, "this is the Hessian at sqrt(3) e_2, which is the saddle only for "
             "the diagonal M: use the eigenvector v_2 of M and sqrt of its eigenvalue"),
            (np.sort(lam), "these are the eigenvalues of M itself, not of the Hessian at the saddle"),
        ]
        for wrong, message in mistakes:
            if wrong is not None and np.allclose(value, wrong, rtol=0, atol=1e-6):
                return failed(EXERCISE, f"for {where}: {message}")
        if k > 0 and np.allclose(value, first, atol=1e-9):
            return failed(EXERCISE, f"for {where}: the same eigenvalues {np.round(value, 4).tolist()} as "
                          "for diag(5, 3, 1): compute them from M")
        return failed(EXERCISE, f"for {where}: expected eigenvalues {np.round(expected, 4).tolist()}, "
                      f"got {np.round(value, 4).tolist()}")
    return passed(EXERCISE, "eigenvalues -2, 2, 6 for diag(5, 3, 1): one negative direction, a strict "
                  "saddle; and lambda_2 - lambda_j, 2 lambda_2 for two matrices that are not diagonal")
