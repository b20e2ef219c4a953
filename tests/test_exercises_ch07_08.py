"""Checkers of chapters 7 and 8 accept the reference answers and name plausible wrong ones."""

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.exercises import check_escape_slope, check_mf_saddle_spectrum


def escape_slope(times):
    d = np.array(list(times), dtype=float)
    return np.polyfit(np.log(d), [np.median(times[k]) for k in times], 1)[0]


def _fit(x_of_d, y_of_steps):
    def answer(times):
        d = np.array(list(times), dtype=float)
        return np.polyfit(x_of_d(d), [y_of_steps(times[k]) for k in times], 1)[0]

    return answer


def test_escape_slope_accepts_reference():
    result = check_escape_slope(escape_slope)
    assert result.ok, result.message
    assert "against the predicted 1.233" in result.message
    # sorted keys, scipy's least squares: the same slope
    from scipy import stats
    assert check_escape_slope(lambda t: stats.linregress(np.log(sorted(t)),
                                                        [np.median(t[k]) for k in sorted(t)]).slope).ok


def _raise(times):
    raise ValueError("no data")


SLOPE_MISTAKES = {
    "mean": (_fit(np.log, np.mean), "slope of the mean"),
    "log10": (_fit(np.log10, np.median), "log10"),
    "against d": (_fit(lambda d: d, np.median), "against d itself"),
    "intercept": (lambda t: np.polyfit(np.log(list(t)), [np.median(t[k]) for k in t], 1)[1], "intercept"),
    "x and y swapped": (lambda t: np.polyfit([np.median(t[k]) for k in t], np.log(list(t)), 1)[0],
                        "slope of log d against the median"),
    "end points": (lambda t: (np.median(t[max(t)]) - np.median(t[min(t)])) / np.log(max(t) / min(t)),
                   "first and last"),
    "wrong sign": (lambda t: -escape_slope(t), "wrong sign"),
    "the prediction typed in": (lambda t: 1 / (2 * np.log(1.5)), "(the prediction)"),
    "the measured slope typed in": (lambda t: 1.3462, "(the chapter's measured slope)"),
    "another constant": (lambda t: 2.0, "the same slope 2"),
    "fixed dims": (lambda t: escape_slope({d: t[d] for d in (10, 100, 1000, 10000)}), "from a fixed list"),
    "off by a factor": (lambda t: 2 * escape_slope(t), "the least-squares slope"),
    "raises": (_raise, "raised ValueError: no data"),
    "both coefficients": (lambda t: np.polyfit(np.log(list(t)), [np.median(t[k]) for k in t], 1),
                          "must be one number"),
    "string": (lambda t: "1.23", "must be a number, got str"),
}


@pytest.mark.parametrize("name", list(SLOPE_MISTAKES))
def test_escape_slope_names_each_mistake(name):
    answer, phrase = SLOPE_MISTAKES[name]
    result = check_escape_slope(answer)
    assert not result.ok and result.solved, name
    assert phrase in result.message, (name, result.message)


def test_escape_slope_not_solved_or_a_number():
    def stub(times):
        raise NotImplementedError

    assert not check_escape_slope(None).solved
    assert not check_escape_slope(stub).solved
    result = check_escape_slope(1.233)
    assert not result.ok and result.solved and "typed-in number" in result.message


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
