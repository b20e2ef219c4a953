"""Tests of :mod:`pgdlib.diagnostics.descent`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg

from ._helpers import quadratic_iterates

# ---------------------------------------------------------------- descent lemma, Corollary 1


def test_descent_lemma_closed_form_on_quadratic():
    lam = np.array([2.0, -0.5, 1.0])
    f = pg.QuadraticSaddle(lam)
    x0 = np.array([1.0, 0.01, -2.0])
    eta, T = 0.5, 15  # eta = 1/ell
    m = pg.measure_descent(f, x0, eta=eta, steps=T)
    X = quadratic_iterates(lam, x0, eta, T)
    fx = 0.5 * np.sum(lam * X**2, axis=1)
    np.testing.assert_allclose(m.decrease, fx[:-1] - fx[1:], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(m.grad_bound, 0.5 * eta * np.sum((lam * X[:-1]) ** 2, axis=1), rtol=1e-12)
    np.testing.assert_allclose(m.step_bound, m.grad_bound, rtol=1e-10)  # x_{t+1} - x_t = -eta grad
    assert m.guaranteed and m.holds and not m.diverged
    assert m.steps.tolist() == list(range(T))


def test_descent_lemma_fails_beyond_one_over_ell():
    f = pg.QuadraticSaddle([1.0, -0.1])
    m = pg.measure_descent(f, [1.0, 0.0], eta=1.9, steps=5)
    # decrease / bound = 2 - eta * lambda = 0.1 along the positive direction
    np.testing.assert_allclose(m.decrease / m.grad_bound, 0.1, rtol=1e-9)
    assert not m.guaranteed
    assert not m.holds and not m.holds_grad.any()
    assert "failing" in repr(m)


def test_descent_measurement_reports_divergence():
    f = pg.QuadraticSaddle([1.0, -1.0])
    m = pg.measure_descent(f, [0.0, 1.0], eta=1.0, steps=100)  # x_2 doubles each step
    assert m.diverged and m.steps.size < 100
    assert np.all(np.isfinite(m.decrease))


def test_descent_of_skips_the_jumps_of_a_pgd_run():
    f = pg.DoubleWell()
    eta = 1.0 / f.smoothness
    run = pg.perturbed_gd(f, [0.0, 0.0], eta=eta, radius=0.05, epoch=10, threshold=1e-4, steps=150, seed=3,
                          record="all")
    m = pg.descent_of(f, run)
    assert run.perturbation_steps.size and not np.isin(run.perturbation_steps, m.steps).any()
    assert m.steps.size == int(run.n_steps) - run.perturbation_steps.size
    assert m.guaranteed and m.holds
    single = pg.measure_descent(f, [0.3, 1.0], eta=eta, steps=30)
    again = pg.descent_of(f, pg.gd(f, [0.3, 1.0], eta=eta, steps=30))
    for name in ("steps", "decrease", "grad_bound", "step_bound"):
        np.testing.assert_array_equal(getattr(single, name), getattr(again, name))
    with pytest.raises(ValueError, match="one start"):
        pg.descent_of(f, pg.gd(f, [[0.3, 1.0], [0.1, 0.1]], eta=eta, steps=3))
    with pytest.raises(ValueError, match="traj must be a run of one of"):
        pg.descent_of(f, pg.noisy_gd(f, [0.3, 1.0], eta=eta, sigma=0.1, steps=5, seed=0))


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call",
    [
        lambda: pg.measure_descent(pg.DoubleWell(), [0.0, 1.0], eta=0.0, steps=5),
        lambda: pg.measure_descent(pg.DoubleWell(), [0.0, 1.0], eta=0.1, steps=0),
        lambda: pg.measure_descent(pg.DoubleWell(), [[0.0, 1.0]], eta=0.1, steps=5),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises((TypeError, ValueError)):  # TypeError for a wrong type (seed=None, T=2.5, f)
        call()
