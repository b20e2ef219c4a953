"""The shared answer conversion of the checkers: a number, not solved, or "must be a number"."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import pgdlib.exercises.base as base
from pgdlib.exercises.base import NOT_SOLVED, CheckResult, as_number, call_answer, numeric_answer


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


@pytest.mark.parametrize(("answer", "message"), [
    ([1.0, 2.0], "the answer must be one number, got a list of shape (2,)"),
    (None, "the answer must be a number, got NoneType"),
    ({"a": 1}, "the answer must be a number, got dict"),
])
def test_numeric_answer_non_number_fails(answer: object, message: str) -> None:
    result = numeric_answer("ex-test", lambda: answer)
    assert isinstance(result, CheckResult) and not result.ok
    assert result.message == message


def test_numeric_answer_passes_arguments_and_returns_float() -> None:
    value = numeric_answer("ex-test", lambda a, b, c=0: np.float64(a * b + c), 2, 3)
    assert type(value) is float and value == 6.0
    assert numeric_answer("ex-test", lambda: 7) == 7.0


def test_numeric_answer_names_other_errors_instead_of_raising() -> None:
    def broken() -> float:
        raise ZeroDivisionError("division by zero")

    result = numeric_answer("ex-test", broken)
    assert isinstance(result, CheckResult) and not result.ok and result.solved
    assert result.message == "the function raised ZeroDivisionError: division by zero"


@pytest.mark.parametrize("answer", [3.0, None, "f", [lambda: 1]])
def test_call_answer_needs_a_function(answer: object) -> None:
    result = call_answer("ex-test", answer)
    assert isinstance(result, CheckResult) and not result.ok
    assert result.message == f"the answer must be a function, got {type(answer).__name__}"


def test_call_answer_silences_the_answers_warnings(capfd) -> None:
    import warnings

    def noisy() -> float:
        warnings.warn("overflow", RuntimeWarning, stacklevel=1)
        return 1.0

    assert call_answer("ex-test", noisy) == 1.0
    assert capfd.readouterr().err == ""  # nbgrader scores a test cell with stderr as failed


@pytest.mark.parametrize(("answer", "message"), [
    ("1.5", "the answer must be a number, got str"),
    ("abc", "the answer must be a number, got str"),
    (np.array([1.0, 2.0]), "the answer must be one number, got a ndarray of shape (2,)"),
    (np.array([1.0]), "the answer must be one number, got a ndarray of shape (1,)"),
    (float("nan"), "the answer must be a finite number, got nan"),
    (float("inf"), "the answer must be a finite number, got inf"),
    (1j, "the answer must be a number, got complex"),
])
def test_as_number_rejects(answer: object, message: str) -> None:
    result = as_number("ex-test", answer)
    assert isinstance(result, CheckResult) and result.message == message


def test_as_number_accepts_numbers() -> None:
    assert as_number("ex-test", np.float32(1.5)) == 1.5
    assert as_number("ex-test", np.array(2.0)) == 2.0
    assert as_number("ex-test", 3) == 3.0


def test_assert_correct_prints_and_fails_unless_correct(capsys) -> None:
    base.passed("ex-test", "checked").assert_correct()
    assert capsys.readouterr().out == "ex-test: correct: checked\n"
    for result in (base.failed("ex-test", "the factor 2 is missing"), base.not_solved("ex-test")):
        with pytest.raises(AssertionError) as err:
            result.assert_correct()
        assert capsys.readouterr().out == repr(result) + "\n"
        assert str(err.value) == repr(result)


def test_base_doctests() -> None:
    assert doctest.testmod(base).failed == 0
