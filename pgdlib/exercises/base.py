"""What an answer checker returns: a verdict and, when wrong, what is wrong in words."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CheckResult", "NOT_SOLVED", "not_solved", "passed", "failed"]

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
