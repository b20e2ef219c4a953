"""Checker for chapter 1 (gradient descent and the descent lemma)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pgdlib.exercises.base import CheckResult, failed, not_solved, numeric_answer, passed
from pgdlib.objectives import DoubleWell, QuadraticSaddle

__all__ = ["check_descent_guarantee"]

EXERCISE = "ex-descent-code"


def _reference(f, x: np.ndarray, eta: float) -> float:
    g = f.grad(x)
    return 0.5 * eta * float(g @ g)


def check_descent_guarantee(descent_guarantee: Callable | None) -> CheckResult:
    """Check ``descent_guarantee(f, x, eta)``: the decrease the descent lemma promises.

    The lemma (chapter 1): for ``eta <= 1/ell``, one GD step from ``x`` decreases ``f`` by at
    least ``eta / 2 * ||grad f(x)||^2``. The answer is compared with this value on a quadratic
    and on the double well, at several points and step sizes.
    """
    if descent_guarantee is None or descent_guarantee is Ellipsis:
        return not_solved(EXERCISE)
    cases = [(QuadraticSaddle([1.0, 4.0]), np.array([1.0, -0.5]), 0.25),
             (QuadraticSaddle([1.0, 4.0]), np.array([0.3, 0.2]), 0.1),
             (DoubleWell(), np.array([0.7, 0.4]), 0.2)]
    values = []
    for f, x, eta in cases:
        value = numeric_answer(EXERCISE, descent_guarantee, f, x.copy(), eta)
        if isinstance(value, CheckResult):
            return value
        values.append(value)
    if np.ptp(values) == 0:
        return failed(EXERCISE, f"the same value {values[0]:.6g} for every f, x and eta: compute it "
                      "from the gradient of f at x")
    for (f, x, eta), value in zip(cases, values, strict=True):
        expected = _reference(f, x, eta)
        if np.isclose(value, expected, rtol=1e-9, atol=1e-12):
            continue
        g = float(np.linalg.norm(f.grad(x)))
        mistakes = [
            (2 * expected, "twice the lemma's value: the guarantee is eta/2 ||grad f||^2, not "
             "eta ||grad f||^2"),
            (-expected, "wrong sign: the lemma promises a decrease f(x) - f(x_next) >= eta/2 ||grad f||^2, "
             "a positive number"),
            (0.5 * eta * g, "the gradient norm must be squared"),
            (0.5 * eta**2 * g**2, "eta is squared: the guarantee is eta/2 ||grad f||^2 (eta^2 ||grad f||^2 "
             "is the squared length of the step)"),
            (0.5 * g**2 / f.smoothness, "this is the guarantee at eta = 1/ell: use the step size eta "
             "passed in"),
            (f.value(x) - f.value(x - eta * f.grad(x)), "this is the measured decrease of one step, not "
             "the lemma's lower bound"),
            (eta * (1 - f.smoothness * eta / 2) * g**2, "this is the descent lemma before simplifying "
             "with eta <= 1/ell: the exercise asks for eta/2 ||grad f||^2"),
        ]
        for wrong, message in mistakes:
            if np.isclose(value, wrong, rtol=1e-9, atol=1e-12):
                return failed(EXERCISE, message)
        return failed(EXERCISE, f"at x = {x}, eta = {eta} on {f.name}: expected eta/2 ||grad f(x)||^2 = "
                      f"{expected:.6g}, got {value:.6g}")
    return passed(EXERCISE, "eta/2 ||grad f(x)||^2 on a quadratic and the double well")
