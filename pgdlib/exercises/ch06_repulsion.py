"""Checker for chapter 6 (the main lemma and the repulsion lemma)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pgdlib.exercises.base import CheckResult, failed, not_solved, numeric_answer, passed

__all__ = ["check_repulsion_gap"]

EXERCISE = "ex-repulsion-code"

_CASES = [(0.1, 1.0, 0.01, 20), (0.25, 0.5, 0.001, 7), (0.05, 2.0, 0.3, 1), (0.5, 0.2, 0.02, 0)]


def check_repulsion_gap(gap: Callable | None) -> CheckResult:
    r"""Check ``gap(eta, delta, beta, t)``: :math:`\|w_t\|` for two GD copies :math:`\beta u` apart.

    On a quadratic with :math:`H u = -\delta u`, :math:`w_{t+1} = (I - \eta H) w_t`, so
    :math:`\|w_t\| = (1 + \eta\delta)^t\beta` (Lemma 4, corrected: errata item 6).
    """
    if gap is None:
        return not_solved(EXERCISE)
    for eta, delta, beta, t in _CASES:
        value = numeric_answer(EXERCISE, gap, eta, delta, beta, t)
        if isinstance(value, CheckResult):
            return value
        expected = (1 + eta * delta) ** t * beta
        if np.isclose(value, expected, rtol=1e-9):
            continue
        notes = (1 + eta * beta * delta) ** t
        if np.isclose(value, notes) or np.isclose(value, notes * beta):
            return failed(EXERCISE, "this is the notes' (1 + eta*beta*delta)^t: beta scales w_0, it does not "
                          "enter the growth factor (errata item 6)")
        if t > 0 and (np.isclose(value, (1 + eta * delta) ** (t - 1) * beta)
                      or np.isclose(value, (1 + eta * delta) ** (t + 1) * beta)):
            return failed(EXERCISE, "off by one step: w_0 = beta*u, and each step multiplies "
                          "by (1 + eta*delta)")
        if np.isclose(value, (1 + eta * delta) ** t):
            return failed(EXERCISE, "the initial separation beta is missing")
        if np.isclose(value, (1 - eta * delta) ** t * beta):
            return failed(EXERCISE, "wrong sign: along u the Hessian is -delta, so I - eta*H "
                          "multiplies by 1 + eta*delta")
        return failed(EXERCISE, f"for eta={eta}, delta={delta}, beta={beta}, t={t}: expected {expected:.6g}, "
                      f"got {value:.6g}")
    return passed(EXERCISE, "(1 + eta*delta)^t * beta for several eta, delta, beta and t, including t = 0")
