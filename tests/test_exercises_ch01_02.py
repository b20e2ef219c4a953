"""Checkers of chapters 1-2 accept the reference answer and reject plausible mistakes."""

from __future__ import annotations

import numpy as np
import pytest

from pgdlib.exercises import check_critical_points, check_descent_guarantee


def reference_guarantee(f, x, eta):
    g = f.grad(x)
    return eta / 2 * float(g @ g)


def test_descent_guarantee_accepts_reference_and_rejects_mistakes() -> None:
    assert check_descent_guarantee(reference_guarantee).ok
    wrong_factor = check_descent_guarantee(lambda f, x, eta: eta * float(f.grad(x) @ f.grad(x)))
    assert not wrong_factor.ok and "twice" in wrong_factor.message
    unsquared = check_descent_guarantee(lambda f, x, eta: eta / 2 * float(np.linalg.norm(f.grad(x))))
    assert not unsquared.ok and "squared" in unsquared.message
    measured = check_descent_guarantee(lambda f, x, eta: float(f.value(x) - f.value(x - eta * f.grad(x))))
    assert not measured.ok and "measured decrease" in measured.message


def test_descent_guarantee_not_yet_solved() -> None:
    def stub(f, x, eta):
        raise NotImplementedError

    for answer in (None, stub):
        result = check_descent_guarantee(answer)
        assert not result.ok and not result.solved and "not yet solved" in repr(result)


GUARANTEE_MISTAKES = {
    "factor 2": (lambda f, x, eta: eta * float(f.grad(x) @ f.grad(x)), "twice"),
    "not squared": (lambda f, x, eta: eta / 2 * float(np.linalg.norm(f.grad(x))), "squared"),
    "measured": (lambda f, x, eta: float(f.value(x) - f.value(x - eta * f.grad(x))), "measured decrease"),
    "wrong sign": (lambda f, x, eta: -eta / 2 * float(f.grad(x) @ f.grad(x)), "wrong sign"),
    "eta squared": (lambda f, x, eta: eta**2 / 2 * float(f.grad(x) @ f.grad(x)), "eta is squared"),
    "1/ell": (lambda f, x, eta: float(f.grad(x) @ f.grad(x)) / (2 * f.smoothness), "eta = 1/ell"),
    "unsimplified": (lambda f, x, eta: eta * (1 - f.smoothness * eta / 2) * float(f.grad(x) @ f.grad(x)),
                     "before simplifying"),
    "constant": (lambda f, x, eta: 0.1953125, "the same value"),
    "off by a factor": (lambda f, x, eta: 0.4 * eta * float(f.grad(x) @ f.grad(x)), "expected eta/2"),
    "raises": (lambda f, x, eta: f.gradient(x), "raised AttributeError"),
    "the gradient": (lambda f, x, eta: f.grad(x), "must be one number"),
    "string": (lambda f, x, eta: "eta/2 |g|^2", "must be a number, got str"),
}


@pytest.mark.parametrize("name", list(GUARANTEE_MISTAKES))
def test_descent_guarantee_names_each_mistake(name: str) -> None:
    answer, phrase = GUARANTEE_MISTAKES[name]
    result = check_descent_guarantee(answer)
    assert not result.ok and result.solved, name
    assert phrase in result.message, (name, result.message)


def test_descent_guarantee_typed_in_number() -> None:
    result = check_descent_guarantee(0.1953125)
    assert not result.ok and result.solved and "must be a function" in result.message


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
