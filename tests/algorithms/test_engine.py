"""Tests of :mod:`pgdlib.algorithms._engine`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg

from ._helpers import EPS

# -- shared behaviour ------------------------------------------------------------------------------


@pytest.mark.parametrize("record", ["all", "final"])
def test_every_algorithm_reports_divergence(record):
    f = pg.QuadraticSaddle([1.0, -1.0])
    x0 = [0.0, 1.0]  # eta = 1: |y| doubles each step, past 1e10 after step 33
    params = pg.jin_parameters(d=2, ell=1.0, rho=1.0, eps=EPS, c=1.0, delta=0.1, delta_f=1.0)
    runs = [
        pg.perturbed_gd(f, x0, eta=1.0, radius=0.1, epoch=5, threshold=1e-3, steps=100, seed=0,
                        record=record),
        pg.noisy_gd(f, x0, eta=1.0, sigma=0.0, steps=100, seed=0, record=record),
        pg.pgd_jin(f, x0, params, seed=0, steps=100, record=record),
    ]
    for tr in runs:
        assert tr.stop_reason == "diverged" and tr.n_steps == 33, tr.algorithm
        assert np.all(np.isfinite(tr.values)) and np.all(np.isfinite(tr.x))


def test_every_method_takes_the_stop_conditions():
    f = pg.DoubleWell()
    jin = pg.JinParameters.for_objective(f, eps=0.05, c="practical", delta=0.1, delta_f=1.0)
    runs = {
        "perturbed_gd": lambda x, s, **kw: pg.perturbed_gd(f, x, eta=0.1, radius=0.05, epoch=5,
                                                           threshold=1e-3,
                                                           steps=500, seed=s, **kw),
        "noisy_gd": lambda x, s, **kw: pg.noisy_gd(f, x, eta=0.1, sigma=0.3, steps=500, seed=s, **kw),
        "pgd_jin": lambda x, s, **kw: pg.pgd_jin(f, x, jin, seed=s, steps=2000, **kw),
    }
    for name, make in runs.items():
        for seed in range(3):  # one start each: its own draws, so the runs agree up to the stop
            free = make([0.0, 0.0], seed, record="values")
            stopped = make([0.0, 0.0], seed, target=-0.2, record="final")
            below = np.flatnonzero(free.values <= -0.2)
            assert below.size, name
            assert stopped.stop_reason == "target reached" and int(stopped.n_steps) == below[0], name
        early = make(np.zeros((5, 2)), 0, until=lambda t, x: np.full(5, t == 3), record="final")
        assert np.all(early.n_steps == 3) and set(early.stop_reason) == {"stopped"}, name


# -- the engine: divergence in every record mode, stop conditions ------------------------------------


def _all_modes(make):
    return {rec: make(rec) for rec in ("all", "values", "final", 3)}


@pytest.mark.parametrize("case", ["diverge", "octopus", "pgd", "jin", "noisy", "big bound"])
def test_stop_and_final_point_are_the_same_in_every_record_mode(case):
    rng = np.random.default_rng(4)
    well = pg.DoubleWell()
    if case == "diverge":  # a steep quadratic: some runs leave the bound, at different steps
        f = pg.QuadraticSaddle([1.0, -1.0, 3.0])
        X = rng.normal(size=(20, 3)) * np.logspace(-9, 1, 20)[:, None]
        make = lambda rec: pg.gd(f, X, eta=1.0, steps=60, record=rec)  # noqa: E731
    elif case == "octopus":  # runs that leave the octopus's domain
        f, X = pg.Octopus(3), rng.normal(scale=2.0, size=(30, 3))
        make = lambda rec: pg.gd(f, X, eta=0.2, steps=300, record=rec)  # noqa: E731
    elif case == "pgd":
        X = rng.normal(scale=0.01, size=(40, 2))
        make = lambda rec: pg.perturbed_gd(well, X, eta=0.1, radius=0.05, epoch=7, threshold=1e-3,  # noqa: E731
                                           steps=300, seed=2, record=rec, tol=1e-2)
    elif case == "jin":
        p = pg.jin_parameters(d=2, ell=well.smoothness, rho=well.hessian_lipschitz, eps=0.05, c="practical",
                              delta=0.1, delta_f=1.0)
        X = rng.normal(scale=0.01, size=(10, 2))
        make = lambda rec: pg.pgd_jin(well, X, p, seed=3, record=rec)  # noqa: E731
    elif case == "noisy":
        X = rng.normal(scale=0.01, size=(10, 2))
        make = lambda rec: pg.noisy_gd(well, X, eta=0.5, sigma=3.0, steps=200, seed=3, record=rec)  # noqa: E731
    else:  # a bound far above the norms: only non-finite numbers stop a run
        f, X = pg.QuadraticSaddle([1.0, -1.0]), np.array([[1.0, 1e-3], [1.0, 0.0]])
        make = lambda rec: pg.gd(f, X, eta=1.0, steps=1100, record=rec, divergence_bound=1e200)  # noqa: E731
    runs = _all_modes(make)
    ref = runs["all"]
    assert len(set(np.unique(ref.stop_reason))) >= 1
    for rec, tr in runs.items():
        assert np.array_equal(tr.status, ref.status), rec
        assert np.array_equal(tr.n_steps, ref.n_steps), rec
        assert np.array_equal(tr.x, ref.x), rec
        assert np.array_equal(tr.perturbation_steps, ref.perturbation_steps), rec
        assert np.array_equal(tr.final_value, ref.final_value, equal_nan=True), rec
        finite = np.isfinite(tr.final_value) & np.isfinite(tr.grad_norms[-1])
        assert np.all(finite | tr.stopped_early), rec  # a non-finite end always says why
