"""Checker for chapter 4 (the trap): Lemma 2's radius."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pgdlib.exercises.base import CheckResult, failed, not_solved, numeric_answers, passed

__all__ = ["check_trap_radius"]

EXERCISE = "ex-trap-radius"

#: (eta, T, F) the checker tries; no two of eta, T, F equal, so a swapped argument shows
_CASES = [(0.1, 20, 0.3), (0.5, 3, 2.0), (0.02, 100, 0.01), (0.3, 1, 0.05)]


def check_trap_radius(trap_radius: Callable | None) -> CheckResult:
    r"""Check ``trap_radius(eta, T, F)`` against Lemma 2's :math:`\sqrt{2\eta T\mathscr F}`.

    It is called at four parameter sets; the usual slips (no root, no factor 2, no ``T``,
    ``T`` outside the root, ``eta`` in the denominator, a negative radius, a constant) are
    named.
    """
    if trap_radius is None or trap_radius is Ellipsis:
        return not_solved(EXERCISE)
    values = numeric_answers(EXERCISE, trap_radius, _CASES, _reference,
                             constant="for every eta, T, F: compute the radius from the arguments")
    if isinstance(values, CheckResult):
        return values
    for (eta, T, F), value in zip(_CASES, values, strict=True):
        expected = np.sqrt(2 * eta * T * F)
        if np.isclose(value, expected, rtol=1e-9, atol=0):
            continue
        mistakes = [
            (-expected, "a radius is not negative: take the positive square root"),
            (expected**2, "this is the square of the radius, 2 eta T F: take the square root"),
            (np.sqrt(eta * T * F), "the factor 2 under the root is missing"),
            (2 * np.sqrt(eta * T * F), "the 2 is under the root: sqrt(2 eta T F), not 2 sqrt(eta T F)"),
            (np.sqrt(2 * eta * F), "the number of steps T is missing: the bound grows like sqrt(T)"),
            (T * np.sqrt(2 * eta * F), "T multiplies outside the root: Cauchy-Schwarz gives sqrt(T), not T"),
            (np.sqrt(2 * T * F / eta), "eta is in the denominator: the displacement is eta times the "
             "gradients, so eta multiplies under the root"),
            (np.sqrt(2 * eta * T / F), "F is in the denominator: a larger decrease allows a larger "
             "displacement, so F multiplies under the root"),
        ]
        for wrong, message in mistakes:
            if np.isclose(value, wrong, rtol=1e-9, atol=0):
                return failed(EXERCISE, message)
        return failed(EXERCISE, f"for eta = {eta}, T = {T}, F = {F}: expected sqrt(2 eta T F) = "
                      f"{expected:.6g}, got {value:.6g}")
    return passed(EXERCISE, "sqrt(2 eta T F) at four parameter sets")


def _reference(eta: float, T: int, F: float) -> float:
    return float(np.sqrt(2 * eta * T * F))
