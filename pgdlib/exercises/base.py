"""What an answer checker returns: a verdict and, when wrong, what is wrong in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["CheckResult", "NOT_SOLVED", "not_solved", "passed", "failed", "as_number", "numeric_answer"]

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
    try:
        return float(answer)
    except (TypeError, ValueError):
        return failed(exercise, f"the answer must be a number, got {type(answer).__name__}")


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
        (the stub); the failure of :func:`as_number` when the result is not a number. Other
        exceptions raised by ``fn`` propagate.

    Examples
    --------
    >>> value = numeric_answer("ex", lambda x: 2 * x, 3)
    >>> value
    6.0
    >>> numeric_answer("ex", lambda x: f"about {x}", 3)
    ex: not correct: the answer must be a number, got str
    """
    try:
        answer = fn(*args)
    except NotImplementedError:
        return not_solved(exercise)
    return as_number(exercise, answer)
