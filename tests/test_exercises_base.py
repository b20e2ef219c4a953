"""The shared answer conversion of the checkers: a number, not solved, or "must be a number"."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import pgdlib.exercises.base as base
from pgdlib.exercises.base import NOT_SOLVED, CheckResult, as_number, numeric_answer


def test_numeric_answer_stub_is_not_solved() -> None:
    def stub(x: float) -> float:
        raise NotImplementedError

    result = numeric_answer("ex-test", stub, 1.0)
    assert isinstance(result, CheckResult)
    assert not result.ok and not result.solved and result.message == NOT_SOLVED
    assert result.exercise == "ex-test"


def test_numeric_answer_string_fails_with_its_type() -> None:
    result = numeric_answer("ex-test", lambda x: f"about {x}", 1.0)
    assert isinstance(result, CheckResult)
    assert not result.ok and result.solved
    assert result.message == "the answer must be a number, got str"


@pytest.mark.parametrize("answer", [[1.0, 2.0], None, {"a": 1}])
def test_numeric_answer_non_number_fails(answer: object) -> None:
    result = numeric_answer("ex-test", lambda: answer)
    assert isinstance(result, CheckResult) and not result.ok
    assert result.message == f"the answer must be a number, got {type(answer).__name__}"


def test_numeric_answer_passes_arguments_and_returns_float() -> None:
    value = numeric_answer("ex-test", lambda a, b, c=0: np.float64(a * b + c), 2, 3)
    assert type(value) is float and value == 6.0
    assert numeric_answer("ex-test", lambda: 7) == 7.0


def test_numeric_answer_lets_other_errors_through() -> None:
    def broken() -> float:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        numeric_answer("ex-test", broken)


def test_as_number() -> None:
    assert as_number("ex-test", "1.5") == 1.5
    result = as_number("ex-test", "abc")
    assert isinstance(result, CheckResult)
    assert result.message == "the answer must be a number, got str"


def test_base_doctests() -> None:
    assert doctest.testmod(base).failed == 0
