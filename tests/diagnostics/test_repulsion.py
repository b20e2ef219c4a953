"""Tests of :mod:`pgdlib.diagnostics.repulsion`."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import ortho_group

import pgdlib as pg

from ._helpers import RotatedQuadratic


def test_repulsion_of_a_recorded_pair_equals_measure_repulsion():
    f = pg.QuadraticSaddle([1.0, -1.0])
    m = pg.measure_repulsion(f, np.zeros(2), eta=0.2, beta=0.01, steps=40)
    run = pg.gd(f, m.starts, eta=0.2, steps=40)
    again = pg.repulsion_of(f, run, np.zeros(2))
    np.testing.assert_allclose(again.distance, m.distance, rtol=1e-12)
    np.testing.assert_allclose(again.ratio, 1.0, rtol=1e-9)  # exact on a quadratic
    assert again.beta == pytest.approx(0.01) and again.delta == pytest.approx(1.0)
    exact = pg.repulsion_of(f, run, np.zeros(2), u=m.u, beta=m.beta)
    np.testing.assert_array_equal(exact.predicted, m.predicted)
    with pytest.raises(ValueError, match="two starts"):
        pg.repulsion_of(f, pg.gd(f, [0.0, 0.1], eta=0.2, steps=4), np.zeros(2))
    with pytest.raises(ValueError, match="negative curvature"):
        pg.repulsion_of(f, pg.gd(f, [[0.0, 0.0], [0.1, 0.0]], eta=0.2, steps=4), np.zeros(2))


# ---------------------------------------------------------------- Lemma 4, repulsion


def test_repulsion_exact_on_quadratic_saddle():
    f = pg.QuadraticSaddle([1.0, -0.5, 2.0])
    eta, beta, T = 0.4, 1e-3, 25
    m = pg.measure_repulsion(f, np.zeros(3), eta=eta, beta=beta, steps=T)
    assert m.delta == pytest.approx(0.5, abs=1e-12)
    assert abs(m.u[1]) == pytest.approx(1.0)
    expected = (1 + eta * 0.5) ** np.arange(T + 1) * beta
    np.testing.assert_allclose(m.distance, expected, rtol=1e-12)
    np.testing.assert_allclose(m.predicted, expected, rtol=1e-14)
    np.testing.assert_allclose(m.ratio, 1.0, rtol=1e-12)
    # errata item 6: the notes' (1 + eta beta delta)^t is a different (wrong) number
    assert not np.allclose(m.notes_formula[1:], m.distance[1:], rtol=1e-2)


def test_repulsion_rotated_hessian_and_given_start():
    rng = np.random.default_rng(8)
    d = 15
    Q = ortho_group.rvs(d, random_state=9)
    lam = np.concatenate([[-0.8], rng.uniform(0.1, 1.0, d - 1)])
    f = RotatedQuadratic(Q @ np.diag(lam) @ Q.T)
    start = rng.standard_normal(d)
    m = pg.measure_repulsion(f, np.zeros(d), eta=0.5, beta=0.01, steps=20, x0=start)
    assert m.delta == pytest.approx(0.8, abs=1e-9)
    np.testing.assert_allclose(m.starts[0], start)
    np.testing.assert_allclose(m.distance, 0.01 * 1.4 ** np.arange(21), rtol=1e-7)


def test_repulsion_on_double_well_is_approximate():
    f = pg.DoubleWell()
    m = pg.measure_repulsion(f, [0.0, 0.0], eta=0.1, beta=1e-4, steps=100)
    assert abs(m.ratio[10] - 1.0) < 1e-4  # linear regime
    assert m.ratio[-1] < 0.9  # the quartic term slows the copies down once far apart


def test_repulsion_needs_negative_curvature():
    with pytest.raises(ValueError, match="negative curvature"):
        pg.measure_repulsion(pg.DoubleWell(), [1.0, 0.0], eta=0.1, beta=1e-3, steps=10)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call",
    [
        lambda: pg.measure_repulsion(pg.DoubleWell(), [0.0, 0.0], eta=0.1, beta=0.0, steps=5),
        lambda: pg.measure_repulsion(pg.DoubleWell(), [0.0, 0.0], eta=0.1, beta=1e-3, steps=0),
        lambda: pg.measure_repulsion(pg.DoubleWell(), [0.0, 0.0], eta=0.1, beta=1e-3, steps=5, u=[0.0, 0.0]),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises((TypeError, ValueError)):  # TypeError for a wrong type (seed=None, T=2.5, f)
        call()
