"""Tests of :mod:`pgdlib.exercises.ch02_concepts`."""

from __future__ import annotations

import numpy as np
import pytest

from pgdlib.exercises import check_critical_points

REFERENCE_POINTS = {(1.0, 0.0): "local minimum", (-1.0, 0.0): "strict saddle"}


def test_critical_points_accepts_reference() -> None:
    assert check_critical_points(lambda: dict(REFERENCE_POINTS)).ok
    assert check_critical_points(lambda: {(1, 0): "local minimum", (-1, 0): "strict saddle"}).ok
    assert check_critical_points(lambda: {(np.float64(-1.0), np.float64(0.0)): "strict saddle",
                                          (np.float64(1.0), 0): "local minimum"}).ok
    assert check_critical_points(dict(REFERENCE_POINTS)).ok  # the dict itself


def _raises():
    raise KeyError("x")


CRITICAL_POINT_MISTAKES = {
    "swapped verdicts": ({(1, 0): "strict saddle", (-1, 0): "local minimum"}, "is a local minimum, not"),
    "a maximum": ({(1, 0): "local minimum", (-1, 0): "local maximum"}, "is a strict saddle, not"),
    "one missing": ({(1, 0): "local minimum"}, "1 critical point(s) missing"),
    "empty": ({}, "2 critical point(s) missing"),
    "not critical": ({(0, 0): "strict saddle"}, "not a critical point"),
    "transposed (y, x)": ({(0, 1): "local minimum", (0, -1): "strict saddle"}, "not (y, x)"),
    "wrong sign of x": ({(1, 0): "strict saddle", (-1, 0): "local minimum"}, "not a strict saddle"),
    "verdict typo": ({(1, 0): "minimum", (-1, 0): "strict saddle"}, "use one of"),
    "verdict not a string": ({(1, 0): 1, (-1, 0): -1}, "use one of"),
    "point twice": ({(1, 0): "local minimum", (1.0, 0.0 + 1e-12): "local minimum",
                     (-1, 0): "strict saddle"}, "appears twice"),
    "point of three numbers": ({(1, 0, 0): "local minimum"}, "is not a point"),
    "point as a string": ({"(1, 0)": "local minimum"}, "is not a point"),
    "a list": ([(1, 0), (-1, 0)], "return a dict"),
    "a number": (2, "return a dict"),
}


@pytest.mark.parametrize("name", list(CRITICAL_POINT_MISTAKES))
def test_critical_points_names_each_mistake(name: str) -> None:
    answer, phrase = CRITICAL_POINT_MISTAKES[name]
    result = check_critical_points(lambda: answer)
    assert not result.ok and result.solved, name
    assert phrase in result.message, (name, result.message)


def test_critical_points_answer_that_raises_or_is_missing() -> None:
    result = check_critical_points(_raises)
    assert not result.ok and result.solved and "raised KeyError" in result.message

    def stub():
        raise NotImplementedError

    for answer in (None, stub):
        assert not check_critical_points(answer).solved
