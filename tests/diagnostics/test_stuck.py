"""Tests of :mod:`pgdlib.diagnostics.stuck`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg

# ---------------------------------------------------------------- stuck region


def test_ball_slab_fraction_closed_forms():
    for s in (0.0, 0.1, 0.5, 0.9, 1.0):
        assert pg.ball_slab_fraction(1, 2.0, half_width=2 * s) == pytest.approx(s, abs=1e-14)
        assert pg.ball_slab_fraction(2, 1.0, half_width=s) == pytest.approx(
            2 / np.pi * (np.arcsin(s) + s * np.sqrt(1 - s * s)), abs=1e-14
        )
        assert pg.ball_slab_fraction(3, 1.0, half_width=s) == pytest.approx(1.5 * s - 0.5 * s**3, abs=1e-14)
    assert pg.ball_slab_fraction(4, 1.0, half_width=5.0) == 1.0
    rng = np.random.default_rng(10)
    P = pg.sample_ball(7, 1.0, size=200_000, seed=rng)
    frac = np.mean(np.abs(P[:, 0]) < 0.2)
    assert frac == pytest.approx(pg.ball_slab_fraction(7, 1.0, half_width=0.2), abs=4e-3)


def test_quadratic_stuck_region_closed_form_numbers():
    f = pg.QuadraticSaddle([-1.0, 0.0])
    q = pg.quadratic_stuck_region(f, radius=1.0, steps=10, threshold=0.01, eta=0.1)
    c_u = 0.5 * (1.1**20 - 1.0)
    assert q.shape == "slab"
    assert q.half_width == pytest.approx(np.sqrt(0.01 / c_u), rel=1e-14)
    assert q.width == pytest.approx(2 * np.sqrt(0.02 / (1.1**20 - 1.0)), rel=1e-14)
    assert q.fraction == pytest.approx(pg.ball_slab_fraction(2, 1.0, half_width=q.half_width), rel=1e-14)
    # the slab cut by a small ball: width is the ball's diameter, all of it is stuck
    q = pg.quadratic_stuck_region(f, radius=0.01, steps=10, threshold=0.01, eta=0.1)
    assert q.width == 0.02 and q.fraction == 1.0


@pytest.mark.parametrize("d", [2, 5])
def test_stuck_region_monte_carlo_matches_slab(d):
    f = pg.QuadraticSaddle([-1.0] + [0.0] * (d - 1))
    r, T, F, eta = 1.0, 10, 0.01, 0.1
    exact = pg.quadratic_stuck_region(f, radius=r, steps=T, threshold=F, eta=eta)
    est = pg.stuck_region(f, np.zeros(d), radius=r, steps=T, threshold=F, eta=eta, n_samples=20_000, seed=11)
    for res in (exact, est):  # the settings under the argument names
        assert (res.radius, res.steps, res.threshold, res.eta) == (r, T, F, eta)
        assert f"steps={T}, threshold={F:.3g}" in repr(res)
    assert abs(est.fraction - exact.fraction) < 4 * est.stderr + 1e-3
    assert est.width == pytest.approx(exact.width, rel=1e-9)
    assert est.interval[0] == pytest.approx(-exact.half_width, rel=1e-9)
    # pointwise: the simulated stuck set is the exact one (up to round-off at the boundary)
    disagree = est.stuck != exact.is_stuck(est.starts)
    margin = np.abs(est.starts**2 @ exact.coefficients - F)
    assert np.all(margin[disagree] < 1e-12)
    assert est.n_diverged == 0 and est.n_samples == 20_000


def test_stuck_region_ellipsoid_when_positive_directions_contribute():
    f = pg.QuadraticSaddle([-1.0, 0.5])
    r, T, F, eta = 1.0, 10, 0.05, 0.2
    exact = pg.quadratic_stuck_region(f, radius=r, steps=T, threshold=F, eta=eta)
    assert exact.shape == "ellipsoid"
    c = exact.coefficients
    assert exact.fraction == pytest.approx(np.sqrt(F / c[0]) * np.sqrt(F / c[1]) / r**2, rel=1e-14)
    est = pg.stuck_region(f, [0.0, 0.0], radius=r, steps=T, threshold=F, eta=eta, n_samples=20_000, seed=12)
    assert abs(est.fraction - exact.fraction) < 4 * est.stderr + 1e-3
    assert est.width == pytest.approx(exact.width, rel=1e-9)
    # shift the ball off the saddle: the width is the chord through the new centre
    x = np.array([0.0, 0.3])
    est = pg.stuck_region(f, x, radius=r, steps=T, threshold=F, eta=eta, n_samples=100, seed=13)
    expected = 2 * np.sqrt((F - c[1] * 0.3**2) / c[0])
    assert est.width == pytest.approx(expected, rel=1e-9)
    # general case: no closed-form fraction
    q = pg.quadratic_stuck_region(pg.QuadraticSaddle([-1.0, 0.5, 0.0]), radius=r, steps=T, threshold=F,
                                  eta=eta)
    assert q.shape == "other" and q.fraction is None


def test_stuck_width_is_zero_when_centre_is_not_stuck():
    f = pg.DoubleWell()
    est = pg.stuck_region(f, [0.8, 0.5], radius=0.05, steps=20, threshold=1e-6, eta=0.1, n_samples=200,
                          seed=14)
    assert est.width == 0.0 and est.fraction == 0.0


def test_stuck_region_on_double_well_shrinks_with_steps():
    f = pg.DoubleWell()
    fr = [pg.stuck_region(f, [0.0, 0.0], radius=0.1, steps=T, threshold=1e-3, eta=0.1, n_samples=4000,
                          seed=15) for T in (10, 40)]
    assert fr[1].width < fr[0].width and fr[1].fraction < fr[0].fraction


def test_error_messages_name_the_argument():
    with pytest.raises(ValueError, match="radius"):
        pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=-1.0, steps=10, threshold=0.1, eta=0.1,
                        n_samples=10, seed=0)
    with pytest.raises(ValueError, match="n_runs"):
        pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=10, n_runs=0,
                       seed=0)
    with pytest.raises(ValueError, match="rho"):
        pg.is_second_order_stationary(pg.DoubleWell(), [0.0, 0.0], eps=0.1, rho=-2.0)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call",
    [
        lambda: pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=0.0, steps=10, threshold=0.1, eta=0.1,
                                n_samples=10, seed=0),
        lambda: pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=0.1, steps=10, threshold=0.0, eta=0.1,
                                n_samples=10, seed=0),
        lambda: pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=0.1, steps=10, threshold=0.1, eta=0.1,
                                n_samples=0, seed=0),
        lambda: pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=0.1, steps=10, threshold=0.1, eta=0.1,
                                n_samples=10, seed=None),
        lambda: pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=0.1, steps=2.5, threshold=0.1, eta=0.1,
                                n_samples=10, seed=0),
        lambda: pg.quadratic_stuck_region(pg.DoubleWell(), radius=1.0, steps=10, threshold=0.1, eta=0.1),
        lambda: pg.quadratic_stuck_region(pg.QuadraticSaddle([1.0, 2.0]), radius=1.0, steps=10,
                                          threshold=0.1, eta=0.1),
        lambda: pg.ball_slab_fraction(0, 1.0, half_width=0.5),
        lambda: pg.ball_slab_fraction(2, 1.0, half_width=-0.5),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises((TypeError, ValueError)):  # TypeError for a wrong type (seed=None, T=2.5, f)
        call()
