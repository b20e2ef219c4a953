"""Checker for chapter 4 (the trap): Lemma 2's radius."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pgdlib.exercises.base import CheckResult, failed, not_solved, passed

__all__ = ["check_trap_radius"]

EXERCISE = "ex-trap-radius"


def check_trap_radius(trap_radius: Callable | None) -> CheckResult:
    r"""Check ``trap_radius(eta, T, F)`` against Lemma 2's :math:`\sqrt{2\eta T\mathscr F}`."""
    if trap_radius is None:
        return not_solved(EXERCISE)
    for eta, T, F in [(0.1, 20, 0.3), (0.5, 3, 2.0), (0.02, 100, 0.01)]:
        try:
            value = float(trap_radius(eta, T, F))
        except NotImplementedError:
            return not_solved(EXERCISE)
        except (TypeError, ValueError) as err:
            return failed(EXERCISE, f"the answer must be a number: {err}")
        expected = np.sqrt(2 * eta * T * F)
        if np.isclose(value, expected, rtol=1e-9):
            continue
        if np.isclose(value, expected**2):
            return failed(EXERCISE, "this is the square of the radius: take the square root")
        if np.isclose(value, np.sqrt(eta * T * F)):
            return failed(EXERCISE, "the factor 2 under the root is missing")
        if np.isclose(value, np.sqrt(2 * eta * F)):
            return failed(EXERCISE, "the number of steps T is missing: the bound grows like sqrt(T)")
        if np.isclose(value, T * np.sqrt(2 * eta * F)):
            return failed(EXERCISE, "T multiplies outside the root: Cauchy-Schwarz gives sqrt(T), not T")
        return failed(EXERCISE, f"for eta = {eta}, T = {T}, F = {F}: "
                      f"expected {expected:.6g}, got {value:.6g}")
    return passed(EXERCISE, "sqrt(2 eta T F) at three parameter sets")
