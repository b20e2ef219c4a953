"""Checker for chapter 6 (the main lemma and the repulsion lemma)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pgdlib.exercises.base import CheckResult, failed, not_solved, numeric_answers, passed

__all__ = ["check_repulsion_gap"]

EXERCISE = "ex-repulsion-code"

#: (eta, delta, beta, t); beta differs from 1 and t from 1 in most, so a missing factor shows
_CASES = [(0.1, 1.0, 0.01, 20), (0.25, 0.5, 0.001, 7), (0.05, 2.0, 0.3, 1), (0.5, 0.2, 0.02, 0),
          (0.2, 3.0, 0.05, 12)]


def check_repulsion_gap(gap: Callable | None) -> CheckResult:
    r"""Check ``gap(eta, delta, beta, t)``: :math:`\|w_t\|` for two GD copies :math:`\beta u` apart.

    On a quadratic with :math:`H u = -\delta u`, :math:`w_{t+1} = (I - \eta H) w_t`, so
    :math:`\|w_t\| = (1 + \eta\delta)^t\beta` (Lemma 4, corrected: errata item 6). It is called at
    five parameter sets, ``t = 0`` included; the usual slips are named.
    """
    if gap is None or gap is Ellipsis:
        return not_solved(EXERCISE)
    values = numeric_answers(EXERCISE, gap, _CASES, _reference,
                             constant=("for every eta, delta, beta, t: compute the gap from eta, "
                                       "delta, beta and t"))
    if isinstance(values, CheckResult):
        return values
    for (eta, delta, beta, t), value in zip(_CASES, values, strict=True):
        expected = (1 + eta * delta) ** t * beta
        if np.isclose(value, expected, rtol=1e-9, atol=0):
            continue
        notes = (1 + eta * beta * delta) ** t
        mistakes = [
            (notes, "this is the notes' (1 + eta*beta*delta)^t: beta scales w_0, it does not enter "
             "the growth factor (errata item 6)"),
            (notes * beta, "beta is inside the growth factor, (1 + eta*beta*delta)^t: beta scales "
             "w_0, it does not enter the factor (errata item 6)"),
            ((1 + eta * delta) ** t, "the initial separation beta is missing: w_0 = beta*u"),
            ((1 - eta * delta) ** t * beta, "wrong sign: along u the Hessian is -delta, so I - eta*H "
             "multiplies by 1 + eta*delta"),
            (-expected, "a distance is not negative"),
            ((1 + eta * delta) * t * beta, "t multiplies instead of being an exponent: each step "
             "multiplies the gap by (1 + eta*delta)"),
            ((1 + t * eta * delta) * beta, "this is the first-order expansion 1 + t*eta*delta: each "
             "step multiplies the gap by (1 + eta*delta), so it is the t-th power"),
            (np.exp(eta * delta * t) * beta, "exp(eta*delta*t) is the gradient flow's growth: "
             "gradient descent multiplies by (1 + eta*delta) per step"),
            ((1 + delta) ** t * beta, "the step size eta is missing from the growth factor"),
        ]
        if t > 0:
            mistakes += [((1 + eta * delta) ** (t - 1) * beta, "off by one step: w_0 = beta*u, and "
                          "each of the t steps multiplies by (1 + eta*delta)"),
                         ((1 + eta * delta) ** (t + 1) * beta, "off by one step: w_0 = beta*u, and "
                          "each of the t steps multiplies by (1 + eta*delta)")]
        for wrong, message in mistakes:
            if np.isclose(value, wrong, rtol=1e-9, atol=0):
                return failed(EXERCISE, message)
        return failed(EXERCISE, f"for eta={eta}, delta={delta}, beta={beta}, t={t}: expected "
                      f"(1 + eta*delta)^t * beta = {expected:.6g}, got {value:.6g}")
    return passed(EXERCISE, "(1 + eta*delta)^t * beta for five eta, delta, beta and t, including t = 0")


def _reference(eta: float, delta: float, beta: float, t: int) -> float:
    return (1 + eta * delta) ** t * beta
