"""Tests of :mod:`pgdlib.algorithms.jin`."""

from __future__ import annotations

import math

import numpy as np
import pytest

import pgdlib as pg

from ._helpers import EPS, second_order_stationary

# -- Jin et al. 2017, Algorithm 2 -----------------------------------------------------------------


def test_jin_parameters_are_the_papers_formulas():
    d, ell, rho, eps, c, delta, delta_f = 10, 4.0, 2.0, 0.05, 0.3, 0.1, 3.0
    p = pg.jin_parameters(d=d, ell=ell, rho=rho, eps=eps, c=c, delta=delta, delta_f=delta_f)
    chi = 3 * max(math.log(d * ell * delta_f / (c * eps**2 * delta)), 4)
    assert p.chi == pytest.approx(chi, rel=1e-15)
    assert p.eta == pytest.approx(c / ell)
    assert p.r == pytest.approx(math.sqrt(c) / chi**2 * eps / ell)
    assert p.g_thres == pytest.approx(math.sqrt(c) / chi**2 * eps)
    assert p.f_thres == pytest.approx(c / chi**3 * math.sqrt(eps**3 / rho))
    assert p.t_thres_exact == pytest.approx(chi / c**2 * ell / math.sqrt(rho * eps))
    assert p.t_thres == math.ceil(p.t_thres_exact) and isinstance(p.t_thres, int)
    assert p.kappa == pytest.approx(ell / math.sqrt(rho * eps))
    assert p.iteration_bound == pytest.approx(chi**4 / c**3 * ell * delta_f / eps**2)
    # the log term below 4: chi = 12
    assert pg.jin_parameters(d=1, ell=1.0, rho=1.0, eps=1.0, c=1.0, delta=0.5, delta_f=1.0).chi == 12.0


def test_jin_parameters_presets_and_eps_range():
    args = dict(d=2, ell=5.75, rho=9.0, eps=EPS, delta=0.1, delta_f=0.25)
    assert pg.JinParameters.theory(**args).c == 0.1
    assert pg.JinParameters.practical(**args).c == 1.0
    assert pg.jin_parameters(d=2, ell=5.75, rho=9.0, eps=EPS, c="practical", delta=0.1,
                             delta_f=0.25).preset == "practical"
    assert pg.jin_parameters(d=2, ell=2.0, rho=4.0, eps=1.0, c=1.0, delta=0.1,
                             delta_f=1.0).eps == 1.0  # eps = ell^2/rho allowed
    with pytest.raises(ValueError, match="eps"):
        pg.jin_parameters(d=2, ell=2.0, rho=4.0, eps=1.0 + 1e-9, c=1.0, delta=0.1, delta_f=1.0)


def test_pgd_jin_theory_preset_escapes_the_saddle_to_a_second_order_point():
    f = pg.DoubleWell()
    p = pg.JinParameters.for_objective(f, eps=EPS, c="theory", delta=0.1, delta_f=0.25)
    tr = pg.pgd_jin(f, np.zeros((40, 2)), p, seed=0, record="final")
    ok = [
        tr.stop_reason[i] == "terminated"
        and f.value(tr.x[i]) < -0.2
        and second_order_stationary(f, tr.x[i], EPS, f.hessian_lipschitz)
        for i in range(40)
    ]
    assert np.mean(ok) >= 0.95
    assert all(p[0] == 0 for p in tr.perturbation_steps)  # zero gradient at t = 0: perturb at once


def test_pgd_jin_returns_the_point_before_the_perturbation():
    """At a minimum: perturb at t = 0, no decrease by t_thres, return x_tilde_0 = x_0 exactly."""
    f = pg.DoubleWell()
    tr = pg.pgd_jin(f, [1.0, 0.0], pg.JinParameters.for_objective(f, eps=EPS, c="practical", delta=0.1,
                                                                  delta_f=0.25), seed=0)
    p = pg.JinParameters.practical(d=2, ell=f.smoothness, rho=f.hessian_lipschitz, eps=EPS, delta=0.1,
                                   delta_f=0.25)
    assert tr.stop_reason == "terminated" and tr.n_steps == p.t_thres
    assert list(tr.perturbation_steps) == [0]
    assert np.array_equal(tr.x, [1.0, 0.0])
    assert np.array_equal(tr.iterates[0], [1.0, 0.0])  # recorded before the perturbation
    assert 0 < np.linalg.norm(tr.iterates[1] - tr.iterates[0]) <= p.r + p.eta * 2 * p.r


def test_pgd_jin_same_seed_same_result_and_batch_clocks():
    f = pg.DoubleWell()
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, 0.5]])
    a = pg.pgd_jin(f, X, pg.JinParameters.for_objective(f, eps=EPS, c="practical", delta=0.1, delta_f=0.25),
                   seed=5)
    b = pg.pgd_jin(f, X, pg.JinParameters.for_objective(f, eps=EPS, c="practical", delta=0.1, delta_f=0.25),
                   seed=5)
    assert np.array_equal(a.iterates, b.iterates) and np.array_equal(a.x, b.x)
    # each row keeps its own clock: the start at a minimum terminates first
    assert a.n_steps[1] < a.n_steps[0] and set(a.stop_reason) == {"terminated"}


@pytest.mark.parametrize(
    "change, name",
    [
        (dict(eps=0.0), "eps"),
        (dict(eps=100.0), "eps"),
        (dict(delta=0.0), "delta"),
        (dict(delta=1.0), "delta"),
        (dict(delta_f=-1.0), "delta_f"),
        (dict(c=0.0), "c"),
        (dict(c="optimistic"), "c"),
        (dict(c=None), "c"),
        (dict(seed=None), "seed"),
        (dict(steps=-1), "steps"),
        (dict(x0=[np.nan, 0.0]), "x0"),
        (dict(params={"eps": EPS}), "params"),
    ],
)
def test_pgd_jin_bad_input(change, name):
    f = pg.DoubleWell()
    consts = dict(eps=EPS, delta=0.1, delta_f=0.25, c="practical")
    args = dict(x0=np.zeros(2), seed=0, steps=10)
    for key, value in change.items():
        (consts if key in consts else args)[key] = value
    with pytest.raises((TypeError, ValueError), match=name):  # TypeError for a wrong type
        args.setdefault("params", pg.JinParameters.for_objective(f, **consts))
        pg.pgd_jin(f, **args)


def test_pgd_jin_needs_rho_or_params():
    f = pg.QuadraticSaddle([1.0, -1.0])  # rho = 0
    with pytest.raises(ValueError, match="hessian_lipschitz"):
        pg.JinParameters.for_objective(f, eps=EPS, c=1.0, delta=0.1, delta_f=1.0)
    p = pg.jin_parameters(d=2, ell=1.0, rho=1.0, eps=EPS, c="practical", delta=0.1, delta_f=1.0)
    with pytest.raises(ValueError, match="params.d"):
        pg.pgd_jin(pg.QuadraticSaddle([1.0, -1.0, 1.0]), [0.0, 1.0, 0.0], p, seed=0)
    tr = pg.pgd_jin(f, [0.0, 1.0], p, seed=0, steps=100)
    assert tr.stop_reason == "diverged" and tr.n_steps == 33  # eta = 1: |y| doubles


@pytest.mark.parametrize(
    "change, name",
    [(dict(d=0), "d"), (dict(ell=0.0), "ell"), (dict(rho=-1.0), "rho"), (dict(delta=2.0), "delta")],
)
def test_jin_parameters_bad_input(change, name):
    args = dict(d=2, ell=1.0, rho=1.0, eps=0.1, c=1.0, delta=0.1, delta_f=1.0)
    args.update(change)
    with pytest.raises((TypeError, ValueError), match=name):  # TypeError for a wrong type
        pg.jin_parameters(**args)
