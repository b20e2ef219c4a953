"""Tests of :mod:`pgdlib.diagnostics.trap`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg

from ._helpers import quadratic_iterates

# ---------------------------------------------------------------- Lemma 2, the trap


@pytest.mark.parametrize("lam", [[1.0, -0.2], [0.5, 2.0, -1.0]])
def test_trap_closed_form_on_quadratic(lam):
    lam = np.array(lam)
    f = pg.QuadraticSaddle(lam)
    rng = np.random.default_rng(6)
    X0 = rng.standard_normal((500, lam.size)) * 0.1
    eta = 1.0 / f.smoothness
    T = 30
    m = pg.measure_trap(f, X0, eta=eta, steps=T)
    assert (m.steps, m.eta) == (T, eta) and f"steps={T}," in repr(m)
    X = quadratic_iterates(lam, X0, eta, T)  # (T+1, n, d)
    disp = np.linalg.norm(X - X0, axis=2).max(axis=0)
    F = 0.5 * np.sum(lam * (1.0 - (1.0 - eta * lam) ** (2 * T)) * X0**2, axis=1)
    np.testing.assert_allclose(m.displacement, disp, rtol=1e-12)
    np.testing.assert_allclose(m.descent, F, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(m.bound, np.sqrt(2 * eta * T * F), rtol=1e-10)
    assert m.guaranteed and m.holds.all() and not m.diverged.any()
    assert np.all(m.ratio <= 1.0 + 1e-12)


def test_trap_holds_on_double_well_and_the_recorded_run_gives_the_same_answer():
    f = pg.DoubleWell()
    rng = np.random.default_rng(7)
    X0 = rng.uniform(-1.2, 1.2, (300, 2))
    eta = 1.0 / f.smoothness
    m = pg.measure_trap(f, X0, eta=eta, steps=40)  # streamed: nothing recorded per step
    assert m.holds.all()
    m2 = pg.trap_of(f, pg.gd(f, X0, eta=eta, steps=40, record="all"))
    for name in ("displacement", "descent", "bound", "diverged"):
        np.testing.assert_array_equal(getattr(m, name), getattr(m2, name))
    assert (m2.steps, m2.eta) == (40, eta)


def test_trap_of_measures_lemma_2_on_the_epochs_of_a_pgd_run():
    f = pg.DoubleWell()
    T, eta = 10, 1.0 / f.smoothness
    run = pg.perturbed_gd(f, [0.0, 0.0], eta=eta, radius=0.05, epoch=T, threshold=1e-4, steps=200, seed=3,
                          record="all")
    jumps = run.perturbation_steps
    assert jumps.size >= 1
    epochs = [0] + [int(j) + 1 for j in jumps if j + 1 + T <= int(run.n_steps)]
    for start in epochs:
        m = pg.trap_of(f, run, start=start, steps=T)
        X = run.iterates[start: start + T + 1]
        assert m.displacement[0] == pytest.approx(np.max(np.linalg.norm(X - X[0], axis=1)), rel=1e-12)
        assert m.holds[0]  # an epoch is T gradient steps from its start: Lemma 2 applies
    whole = pg.trap_of(f, run)
    assert whole.steps == int(run.n_steps)
    with pytest.raises(ValueError, match="record='all'"):
        pg.trap_of(f, pg.gd(f, [0.1, 0.0], eta=eta, steps=5, record="final"))
    with pytest.raises(ValueError, match="steps"):
        pg.trap_of(f, run, start=150, steps=100)
    with pytest.raises(TypeError, match="traj"):
        pg.trap_of(f, run.iterates)


def test_trap_can_fail_when_eta_too_large():
    f = pg.QuadraticSaddle([1.0, -0.1])
    m = pg.measure_trap(f, [1.0, 0.0], eta=1.99, steps=1)
    # oscillation: |x_1 - x_0| = 1.99, F = (1 - 0.99^2)/2, bound = sqrt(2 * 1.99 * F)
    assert m.displacement[0] == pytest.approx(1.99)
    assert m.bound[0] == pytest.approx(np.sqrt(1.99 * (1 - 0.99**2)))
    assert not m.guaranteed and not m.holds[0]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call",
    [
        lambda: pg.measure_trap(pg.DoubleWell(), [0.0, 1.0], eta=0.1, steps=-1),
        lambda: pg.measure_trap(pg.DoubleWell(), [0.0, 1.0], eta=-0.1, steps=3),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises((TypeError, ValueError)):  # TypeError for a wrong type (seed=None, T=2.5, f)
        call()
