"""Tests of :mod:`pgdlib.exercises.ch07_practice`."""

from __future__ import annotations

import numpy as np
import pytest

from pgdlib.exercises import check_escape_slope


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
