"""Tests of :mod:`pgdlib.exercises.ch06_repulsion`."""

from __future__ import annotations

import numpy as np
import pytest

from pgdlib.exercises import check_repulsion_gap


def test_repulsion_gap_accepts_reference() -> None:
    assert check_repulsion_gap(lambda eta, delta, beta, t: (1 + eta * delta) ** t * beta).ok
    assert check_repulsion_gap(lambda eta, delta, beta, t: beta * np.prod([1 + eta * delta] * t)).ok


GAP_MISTAKES = {
    "notes": (lambda eta, delta, beta, t: (1 + eta * beta * delta) ** t, "the notes'"),
    "beta inside": (lambda eta, delta, beta, t: (1 + eta * beta * delta) ** t * beta, "beta is inside"),
    "off by one, late": (lambda eta, delta, beta, t: (1 + eta * delta) ** (t + 1) * beta, "off by one"),
    "off by one, early": (lambda eta, delta, beta, t: (1 + eta * delta) ** max(t - 1, 0) * beta,
                          "off by one"),
    "no beta": (lambda eta, delta, beta, t: (1 + eta * delta) ** t, "beta is missing"),
    "wrong sign": (lambda eta, delta, beta, t: (1 - eta * delta) ** t * beta, "wrong sign"),
    "negative": (lambda eta, delta, beta, t: -((1 + eta * delta) ** t) * beta, "not negative"),
    "linear in t": (lambda eta, delta, beta, t: (1 + eta * delta) * t * beta, "t multiplies"),
    "first order": (lambda eta, delta, beta, t: (1 + t * eta * delta) * beta, "first-order"),
    "gradient flow": (lambda eta, delta, beta, t: np.exp(eta * delta * t) * beta, "gradient flow"),
    "no eta": (lambda eta, delta, beta, t: (1 + delta) ** t * beta, "step size eta is missing"),
    "off by a factor": (lambda eta, delta, beta, t: 2 * (1 + eta * delta) ** t * beta, "expected"),
    "constant": (lambda eta, delta, beta, t: 0.0672749994932561, "the same value"),
    "raises": (lambda eta, delta, beta, t: [][0], "raised IndexError"),
    "string": (lambda eta, delta, beta, t: "big", "must be a number, got str"),
    "array of the steps": (lambda eta, delta, beta, t: (1 + eta * delta) ** np.arange(t + 1) * beta,
                           "must be one number"),
}


@pytest.mark.parametrize("name", list(GAP_MISTAKES))
def test_repulsion_gap_names_each_mistake(name: str) -> None:
    answer, phrase = GAP_MISTAKES[name]
    result = check_repulsion_gap(answer)
    assert not result.ok and result.solved, name
    assert phrase in result.message, (name, result.message)


def test_repulsion_gap_typed_in_number() -> None:
    result = check_repulsion_gap(0.0673)
    assert not result.ok and result.solved and "must be a function" in result.message
