"""What an answer checker returns: a verdict and, when wrong, what is wrong in words."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["CheckResult", "NOT_SOLVED", "not_solved", "passed", "failed", "as_number", "call_answer",
           "numeric_answer", "numeric_answers"]

NOT_SOLVED = "not yet solved"


@dataclass(frozen=True)
class CheckResult:
    """The verdict of an answer checker.

    Attributes
    ----------
    exercise : str
        Label of the exercise (as in the book, e.g. ``"ex-trap-radius"``).
    ok : bool
        Whether the answer is accepted.
    message : str
        What was checked when accepted; what is wrong, in words, when not;
        ``"not yet solved"`` when the answer is still missing.
    """

    exercise: str
    ok: bool
    message: str

    @property
    def solved(self) -> bool:
        """False while the student has not given an answer yet."""
        return self.message != NOT_SOLVED

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        mark = "correct" if self.ok else ("not yet solved" if not self.solved else "not correct")
        text = "" if self.message == NOT_SOLVED else f": {self.message}"
        return f"{self.exercise}: {mark}{text}"

    def _repr_markdown_(self) -> str:
        return ("**" + repr(self).replace(": ", ":** ", 1)) if ": " in repr(self) else repr(self)

    def assert_correct(self) -> None:
        """Print the verdict; raise ``AssertionError`` with it unless the answer is accepted.

        This is what a graded (nbgrader) test cell calls: the cell fails, and scores 0, when
        the answer is missing or wrong, and the student reads the checker's explanation in
        the cell's output either way.

        Examples
        --------
        >>> passed("ex", "checked on three cases").assert_correct()
        ex: correct: checked on three cases
        >>> not_solved("ex").assert_correct()
        Traceback (most recent call last):
            ...
        AssertionError: ex: not yet solved
        """
        print(repr(self))
        if not self.ok:
            raise AssertionError(repr(self))


def not_solved(exercise: str) -> CheckResult:
    """The answer is missing (``None``, ``...`` or a ``NotImplementedError`` stub)."""
    return CheckResult(exercise, False, NOT_SOLVED)


def passed(exercise: str, message: str) -> CheckResult:
    """The answer is accepted; ``message`` says what was checked."""
    return CheckResult(exercise, True, message)


def failed(exercise: str, message: str) -> CheckResult:
    """The answer is rejected; ``message`` says what is wrong."""
    return CheckResult(exercise, False, message)


def as_number(exercise: str, answer: object) -> float | CheckResult:
    """Convert an answer with ``float()``; a failure when it is not a number.

    Parameters
    ----------
    exercise : str
        Label of the exercise, for the failure.
    answer : object
        The student's answer.

    Returns
    -------
    float or CheckResult
        ``float(answer)``, or, when that raises ``TypeError`` or ``ValueError``, the failure
        ``"the answer must be a number, got <type>"`` that ends the check.
    """
    if isinstance(answer, (str, bytes)):
        return failed(exercise, f"the answer must be a number, got {type(answer).__name__}")
    try:
        shape = np.shape(answer)
    except Exception:  # noqa: BLE001 - an object numpy cannot look at is no number either
        shape = ()
    if shape != ():
        return failed(exercise, f"the answer must be one number, got a {type(answer).__name__} "
                      f"of shape {shape}")
    try:
        value = float(answer)
    except Exception:  # noqa: BLE001 - TypeError, ValueError, or whatever a strange __float__ raises
        return failed(exercise, f"the answer must be a number, got {type(answer).__name__}")
    if not np.isfinite(value):
        return failed(exercise, f"the answer must be a finite number, got {value}")
    return value


def call_answer(exercise: str, fn: object, *args: object) -> object:
    """Call the student's function; its result, or the :class:`CheckResult` that ends the check.

    Parameters
    ----------
    exercise : str
        Label of the exercise, for the verdict.
    fn : object
        The student's answer, which should be a function.
    *args
        Passed on to ``fn``.

    Returns
    -------
    object or CheckResult
        ``fn(*args)``; :func:`not_solved` when ``fn`` raises ``NotImplementedError`` (the stub
        nbgrader and the student edition leave); a failure naming the exception when ``fn``
        raises anything else, or when ``fn`` is not callable. The checker itself never raises.

    Examples
    --------
    >>> call_answer("ex", lambda x: 1 / x, 0)
    ex: not correct: the function raised ZeroDivisionError: division by zero
    >>> call_answer("ex", 3.0)
    ex: not correct: the answer must be a function, got float
    """
    if not callable(fn):
        return failed(exercise, f"the answer must be a function, got {type(fn).__name__}")
    try:
        # Warnings would go to stderr, which nbgrader scores as a failed test cell.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args)
    except NotImplementedError:
        return not_solved(exercise)
    except Exception as err:  # noqa: BLE001 - the student's code may raise anything
        return failed(exercise, f"the function raised {type(err).__name__}: {err}")


def numeric_answer(exercise: str, fn: Callable[..., object], *args: object) -> float | CheckResult:
    """Call the student's function; a float, or the :class:`CheckResult` that ends the check.

    Parameters
    ----------
    exercise : str
        Label of the exercise, for the verdict.
    fn : callable
        The student's function.
    *args
        Passed on to ``fn``.

    Returns
    -------
    float or CheckResult
        ``float(fn(*args))``; :func:`not_solved` when ``fn`` raises ``NotImplementedError``
        (the stub); a failure when ``fn`` raises anything else (see :func:`call_answer`) or
        when the result is not a finite number (see :func:`as_number`).

    Examples
    --------
    >>> value = numeric_answer("ex", lambda x: 2 * x, 3)
    >>> value
    6.0
    >>> numeric_answer("ex", lambda x: f"about {x}", 3)
    ex: not correct: the answer must be a number, got str
    """
    answer = call_answer(exercise, fn, *args)
    if isinstance(answer, CheckResult):
        return answer
    return as_number(exercise, answer)


def numeric_answers(exercise: str, fn: Callable[..., object], cases: list[tuple],
                    reference: Callable[..., float], *, constant: str) -> list[float] | CheckResult:
    """Call the student's function at every case; the floats, or the :class:`CheckResult` that ends
    the check.

    Parameters
    ----------
    exercise : str
        Label of the exercise, for the verdict.
    fn : callable
        The student's function.
    cases : list of tuple
        The argument tuples it is called with.
    reference : callable
        The right answer, called with the same arguments.
    constant : str
        What the failure says when every case gives the same wrong value (the answer ignores its
        arguments), after "the same value ... ".

    Returns
    -------
    list of float or CheckResult
        The values, in the order of ``cases``; the first :func:`numeric_answer` failure; or a
        failure when all values are equal and not all of them right.

    Examples
    --------
    >>> numeric_answers("ex", lambda a: 1.0, [(1,), (2,)], lambda a: a, constant="for every a")
    ex: not correct: the same value 1 for every a
    >>> numeric_answers("ex", lambda a: a, [(1,), (2,)], lambda a: a, constant="for every a")
    [1.0, 2.0]
    """
    values = []
    for case in cases:
        value = numeric_answer(exercise, fn, *case)
        if isinstance(value, CheckResult):
            return value
        values.append(value)
    if np.ptp(values) == 0 and not all(np.isclose(v, reference(*c), rtol=1e-9, atol=0)
                                       for v, c in zip(values, cases, strict=True)):
        return failed(exercise, f"the same value {values[0]:.6g} {constant}")
    return values
