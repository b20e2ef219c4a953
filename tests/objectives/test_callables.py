"""Tests of :mod:`pgdlib.objectives.callables`."""

from __future__ import annotations

import numpy as np

import pgdlib as pg

from ._helpers import _wavy_grad, _wavy_hess, _wavy_value


def test_finite_difference_hessian_of_callables_matches_the_true_one():
    f = pg.Objective.from_callables(_wavy_value, _wavy_grad, dim=3)
    for x in np.random.default_rng(0).normal(size=(5, 3)):
        np.testing.assert_allclose(f.hess(x), _wavy_hess(x), atol=1e-7)
