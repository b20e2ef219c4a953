"""Checker for chapter 7 (the theorem in practice)."""

from __future__ import annotations

import numpy as np

from pgdlib.exercises.base import CheckResult, as_number, failed, not_solved, passed

__all__ = ["check_escape_slope"]

EXERCISE = "ex-practice-slope"
ETA = 0.5


def check_escape_slope(slope: float | None) -> CheckResult:
    r"""Check the fitted slope of the median escape step against :math:`\log d` (natural log).

    With :math:`\eta = 0.5` the prediction of chapter 7 is :math:`1/(2\log(1+\eta)) \approx 1.233`;
    a least-squares fit on the measured medians lands within 15 % of it.
    """
    if slope is None or slope is Ellipsis:
        return not_solved(EXERCISE)
    value = as_number(EXERCISE, slope)
    if isinstance(value, CheckResult):
        return value
    expected = 1.0 / (2.0 * np.log1p(ETA))
    if abs(value - expected) <= 0.15 * expected:
        return passed(EXERCISE, f"slope {value:.3f} against the predicted {expected:.3f} per unit of log d")
    if abs(value - 2 * expected) <= 0.15 * 2 * expected:
        return failed(EXERCISE, "about twice the prediction: |x_1| scales like r/sqrt(d), so log d "
                      "enters with a factor 1/2")
    if abs(value - expected * np.log(10)) <= 0.15 * expected * np.log(10):
        return failed(EXERCISE, "this is the slope against log10 d; fit against the natural log np.log(d)")
    if abs(value) < 0.05:
        return failed(EXERCISE, "a slope near 0: did you fit against d itself instead of log d?")
    return failed(EXERCISE, f"expected about {expected:.2f} steps per unit of log d, got {value:.3g}")
