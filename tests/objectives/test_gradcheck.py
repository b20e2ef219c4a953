"""Tests of :mod:`pgdlib.objectives.gradcheck`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.objectives import (
    DerivativeCheck,
    Octopus,
    check_gradient,
    check_hessian,
    check_hvp,
)

from ._helpers import _wavy_grad, _wavy_hess, _wavy_value


# -- the derivative checks --------------------------------------------------------------------------
def test_check_gradient_catches_a_wrong_gradient():
    wrong = pg.Objective.from_callables(_wavy_value, lambda x: 1.1 * _wavy_grad(x), dim=3)
    check = check_gradient(wrong, [0.3, -0.7, 1.1])
    assert isinstance(check, DerivativeCheck) and not check.ok()
    assert check.rel_error > 0.05
    bad_hess = pg.Objective.from_callables(_wavy_value, _wavy_grad, lambda x: _wavy_hess(x).T * 0.5, dim=3)
    assert not check_hessian(bad_hess, [0.3, -0.7, 1.1]).ok()
    assert not check_hvp(bad_hess, [0.3, -0.7, 1.1], [1.0, 0.0, 0.0]).ok()


def test_derivative_check_repr_and_zero_gradient():
    check = check_gradient(pg.DoubleWell(), [0.0, 0.0])
    assert check.rel_error == 0.0 and check.abs_error == 0.0 and check.ok()
    text = repr(check_gradient(pg.DoubleWell(), [0.5, 1.0]))
    assert text.startswith("DerivativeCheck(grad: rel_error=") and "h=1e-06" in text
    with pytest.raises(Exception):  # noqa: B017 - frozen dataclass
        check.h = 1.0  # type: ignore[misc]


def test_derivative_checks_reject_bad_input():
    f = pg.DoubleWell()
    with pytest.raises(ValueError, match="one point"):
        check_gradient(f, np.zeros((3, 2)))
    with pytest.raises(ValueError, match="h"):
        check_gradient(f, [0.0, 0.0], h=0.0)
    with pytest.raises(ValueError, match="h"):
        check_hessian(f, [0.0, 0.0], h=-1.0)
    with pytest.raises(ValueError, match="v"):
        check_hvp(f, [0.0, 0.0], np.ones((2, 2)))
    with pytest.raises(TypeError, match="Objective"):
        check_gradient(lambda x: x, [0.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not finite"):
        check_gradient(Octopus(2), [0.0, 1.5 * np.e])  # outside the octopus
