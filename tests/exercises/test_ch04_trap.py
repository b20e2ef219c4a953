"""Tests of :mod:`pgdlib.exercises.ch04_trap`."""

from __future__ import annotations

import numpy as np
import pytest

from pgdlib.exercises import check_trap_radius


def test_trap_radius_accepts_reference():
    assert check_trap_radius(lambda eta, T, F: np.sqrt(2 * eta * T * F)).ok
    assert check_trap_radius(lambda eta, T, F: (2 * eta * T * F) ** 0.5).ok


TRAP_MISTAKES = {
    "squared": (lambda eta, T, F: 2 * eta * T * F, "square of the radius"),
    "no factor 2": (lambda eta, T, F: np.sqrt(eta * T * F), "factor 2 under the root is missing"),
    "2 outside the root": (lambda eta, T, F: 2 * np.sqrt(eta * T * F), "the 2 is under the root"),
    "no T": (lambda eta, T, F: np.sqrt(2 * eta * F), "T is missing"),
    "T outside": (lambda eta, T, F: T * np.sqrt(2 * eta * F), "T multiplies outside the root"),
    "wrong sign": (lambda eta, T, F: -np.sqrt(2 * eta * T * F), "not negative"),
    "eta divides": (lambda eta, T, F: np.sqrt(2 * T * F / eta), "eta is in the denominator"),
    "F divides": (lambda eta, T, F: np.sqrt(2 * eta * T / F), "F is in the denominator"),
    "constant": (lambda eta, T, F: 1.0954451150103321, "the same value"),
    "off by a factor": (lambda eta, T, F: 1.1 * np.sqrt(2 * eta * T * F), "expected sqrt(2 eta T F)"),
    "raises": (lambda eta, T, F: 1 / 0, "raised ZeroDivisionError"),
    "string": (lambda eta, T, F: "sqrt(2 eta T F)", "must be a number, got str"),
    "array": (lambda eta, T, F: np.array([eta, T, F]), "must be one number"),
    "nan": (lambda eta, T, F: np.sqrt(-1.0), "finite number"),
    "returns nothing": (lambda eta, T, F: None, "must be a number, got NoneType"),
}


@pytest.mark.parametrize("name", list(TRAP_MISTAKES))
def test_trap_radius_names_each_mistake(name):
    answer, phrase = TRAP_MISTAKES[name]
    res = check_trap_radius(answer)
    assert not res.ok and res.solved, name
    assert phrase in res.message, (name, res.message)


def test_trap_radius_not_solved_and_not_a_function():
    def stub(eta, T, F):
        raise NotImplementedError

    assert not check_trap_radius(stub).solved
    assert not check_trap_radius(None).solved
    res = check_trap_radius(1.0954)  # a typed-in number
    assert not res.ok and res.solved and "must be a function" in res.message
