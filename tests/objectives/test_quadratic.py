"""Tests of :mod:`pgdlib.objectives.quadratic`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg


@pytest.mark.parametrize("seed", range(12))
def test_quadratic_closed_form_escape_steps_equal_the_stepped_path(seed):
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 6))
    lam = np.r_[-rng.uniform(0.05, 3.0), rng.choice([0.0, 0.5, 1.0, 1.5], size=d)]
    f = pg.QuadraticSaddle(lam)
    eta = float(rng.choice([0.05, 0.2, 0.5])) if lam.max() * 0.5 < 2 else 0.5 / lam.max()
    X = rng.normal(size=(40, lam.size)) * 10.0 ** rng.uniform(-6, 0, size=(40, 1))
    for target, bound in ((-0.5, 1e10), (-1e3, 1e10), (-1e25, 1e10), (-2.0, 30.0), (0.1, 1e10)):
        closed = f.gd_escape_steps(X, eta=eta, target=target, steps=400, divergence_bound=bound)
        run = pg.gd(f, X, eta=eta, steps=400, target=target, record="final", divergence_bound=bound)
        steps, diverged = pg.escape_steps(run)
        assert np.array_equal(closed[0], steps), (target, bound)
        assert np.array_equal(closed[1], diverged), (target, bound)


def test_closed_forms_are_none_where_the_objective_has_none():
    assert pg.DoubleWell().gd_escape_steps([[0.1, 0.1]], eta=0.1, target=-0.1, steps=10) is None
    f = pg.QuadraticSaddle([-1.0, 3.0])
    assert f.gd_escape_steps([[0.1, 0.1]], eta=0.7, target=-0.1,
                             steps=10) is None  # eta * 3 >= 2: step instead
    with pytest.raises(ValueError, match="steps"):
        f.gd_escape_steps([[0.1, 0.1]], eta=0.1, target=-0.1, steps=-1)
