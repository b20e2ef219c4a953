"""Tests of :mod:`pgdlib.exercises.ch08_ml`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.exercises import check_mf_saddle_spectrum


def saddle_spectrum(M):
    lam, v = np.linalg.eigh(M)
    return pg.hessian_spectrum(pg.MatrixFactorization(M, 1), np.sqrt(lam[-2]) * v[:, -2]).eigenvalues


def _at(u_of):
    return lambda M: pg.hessian_spectrum(pg.MatrixFactorization(M, 1), u_of(M)).eigenvalues


def test_mf_spectrum_accepts_reference():
    assert check_mf_saddle_spectrum(saddle_spectrum).ok
    assert check_mf_saddle_spectrum(lambda M: saddle_spectrum(M)[::-1].tolist()).ok  # any order

    def by_formula(M):
        lam = np.sort(np.linalg.eigvalsh(M))[::-1]
        return np.r_[lam[1] - lam[0], lam[1] - lam[2:], 2 * lam[1]]

    assert check_mf_saddle_spectrum(by_formula).ok


def _top(M):
    lam, v = np.linalg.eigh(M)
    return np.sqrt(lam[-1]) * v[:, -1]


SPECTRUM_MISTAKES = {
    "typed in": (lambda M: [-2.0, 2.0, 6.0], "compute them from M"),
    "signs flipped": (lambda M: -saddle_spectrum(M), "signs are flipped"),
    "at u = 0": (_at(lambda M: np.zeros(len(M))), "at u = 0"),
    "at the minimum": (_at(_top), "global minimum"),
    "sqrt(3) e_2 always": (_at(lambda M: np.sqrt(3.0) * np.eye(len(M))[1]), "only for the diagonal M"),
    "doubled": (lambda M: 2 * saddle_spectrum(M), "twice the eigenvalues"),
    "eigenvalues of M": (lambda M: np.linalg.eigvalsh(M), "eigenvalues of M itself"),
    "the Hessian": (lambda M: pg.MatrixFactorization(M, 1).hess(_top(M)), "return its eigenvalues"),
    "too few": (lambda M: saddle_spectrum(M)[:2], "expected 3 eigenvalues"),
    "strings": (lambda M: ["-2", "two", "6"], "return an array"),
    "nan": (lambda M: np.full(len(M), np.nan), "must be finite"),
    "raises": (lambda M: np.linalg.cholesky(-np.eye(len(M))), "raised LinAlgError"),
    "off by a factor": (lambda M: 1.5 * saddle_spectrum(M), "expected eigenvalues"),
}


@pytest.mark.parametrize("name", list(SPECTRUM_MISTAKES))
def test_mf_spectrum_names_each_mistake(name):
    answer, phrase = SPECTRUM_MISTAKES[name]
    result = check_mf_saddle_spectrum(answer)
    assert not result.ok and result.solved, name
    assert phrase in result.message, (name, result.message)


def test_mf_spectrum_not_solved_or_typed_in():
    def stub(M):
        raise NotImplementedError

    assert not check_mf_saddle_spectrum(None).solved
    assert not check_mf_saddle_spectrum(stub).solved
    result = check_mf_saddle_spectrum([-2.0, 2.0, 6.0])
    assert not result.ok and result.solved and "typed-in numbers" in result.message
