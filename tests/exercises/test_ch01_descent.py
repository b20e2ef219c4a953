"""Tests of :mod:`pgdlib.exercises.ch01_descent`."""

from __future__ import annotations

import numpy as np
import pytest

from pgdlib.exercises import check_descent_guarantee


def reference_guarantee(f, x, eta):
    g = f.grad(x)
    return eta / 2 * float(g @ g)


def test_descent_guarantee_accepts_reference_and_rejects_mistakes() -> None:
    assert check_descent_guarantee(reference_guarantee).ok
    wrong_factor = check_descent_guarantee(lambda f, x, eta: eta * float(f.grad(x) @ f.grad(x)))
    assert not wrong_factor.ok and "twice" in wrong_factor.message
    unsquared = check_descent_guarantee(lambda f, x, eta: eta / 2 * float(np.linalg.norm(f.grad(x))))
    assert not unsquared.ok and "squared" in unsquared.message
    measured = check_descent_guarantee(lambda f, x, eta: float(f.value(x) - f.value(x - eta * f.grad(x))))
    assert not measured.ok and "measured decrease" in measured.message


def test_descent_guarantee_not_yet_solved() -> None:
    def stub(f, x, eta):
        raise NotImplementedError

    for answer in (None, stub):
        result = check_descent_guarantee(answer)
        assert not result.ok and not result.solved and "not yet solved" in repr(result)


GUARANTEE_MISTAKES = {
    "factor 2": (lambda f, x, eta: eta * float(f.grad(x) @ f.grad(x)), "twice"),
    "not squared": (lambda f, x, eta: eta / 2 * float(np.linalg.norm(f.grad(x))), "squared"),
    "measured": (lambda f, x, eta: float(f.value(x) - f.value(x - eta * f.grad(x))), "measured decrease"),
    "wrong sign": (lambda f, x, eta: -eta / 2 * float(f.grad(x) @ f.grad(x)), "wrong sign"),
    "eta squared": (lambda f, x, eta: eta**2 / 2 * float(f.grad(x) @ f.grad(x)), "eta is squared"),
    "1/ell": (lambda f, x, eta: float(f.grad(x) @ f.grad(x)) / (2 * f.smoothness), "eta = 1/ell"),
    "unsimplified": (lambda f, x, eta: eta * (1 - f.smoothness * eta / 2) * float(f.grad(x) @ f.grad(x)),
                     "before simplifying"),
    "constant": (lambda f, x, eta: 0.1953125, "the same value"),
    "off by a factor": (lambda f, x, eta: 0.4 * eta * float(f.grad(x) @ f.grad(x)), "expected eta/2"),
    "raises": (lambda f, x, eta: f.gradient(x), "raised AttributeError"),
    "the gradient": (lambda f, x, eta: f.grad(x), "must be one number"),
    "string": (lambda f, x, eta: "eta/2 |g|^2", "must be a number, got str"),
}


@pytest.mark.parametrize("name", list(GUARANTEE_MISTAKES))
def test_descent_guarantee_names_each_mistake(name: str) -> None:
    answer, phrase = GUARANTEE_MISTAKES[name]
    result = check_descent_guarantee(answer)
    assert not result.ok and result.solved, name
    assert phrase in result.message, (name, result.message)


def test_descent_guarantee_typed_in_number() -> None:
    result = check_descent_guarantee(0.1953125)
    assert not result.ok and result.solved and "must be a function" in result.message
