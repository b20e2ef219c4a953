"""Perturbed gradient descent (lecture and Jin et al.), noisy GD and the ball sampler."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import pgdlib as pg

EPS = 0.1  # accuracy of the second-order stationarity tests on the double well


def second_order_stationary(f, x, eps, rho):
    """||grad f(x)|| <= eps and lambda_min(hess f(x)) >= -sqrt(rho eps) (Jin et al., Definition 3)."""
    lam_min = np.linalg.eigvalsh(f.hess(x))[0]
    return np.linalg.norm(f.grad(x)) <= eps and lam_min >= -math.sqrt(rho * eps)


# -- sample_ball ----------------------------------------------------------------------------------


@pytest.mark.parametrize("d", [1, 2, 5, 30])
def test_sample_ball_radius_to_the_d_is_uniform(d):
    radius = 2.5
    x = pg.sample_ball(d, radius, size=4000, seed=np.random.default_rng(d))
    assert x.shape == (4000, d)
    u = (np.linalg.norm(x, axis=1) / radius) ** d
    assert np.all(u <= 1.0)
    assert stats.kstest(u, "uniform").pvalue > 1e-3


@pytest.mark.parametrize("d", [2, 3, 10])
def test_sample_ball_directions_are_isotropic(d):
    x = pg.sample_ball(d, 1.0, size=20000, seed=7)
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    # mean direction 0 and second moment I/d, within a few standard errors
    assert np.all(np.abs(u.mean(axis=0)) < 5 / math.sqrt(20000 * d))
    assert np.allclose(u.T @ u / len(u), np.eye(d) / d, atol=5 / math.sqrt(20000) / d)
    # any fixed coordinate of a uniform unit vector: (u_1 + 1)/2 ~ Beta((d-1)/2, (d-1)/2)
    a = (d - 1) / 2
    assert stats.kstest((u[:, 0] + 1) / 2, stats.beta(a, a).cdf).pvalue > 1e-3


def test_sample_ball_shapes_seed_and_radius_zero():
    assert pg.sample_ball(3, 1.0, seed=0).shape == (3,)
    assert pg.sample_ball(3, 1.0, size=(2, 4), seed=0).shape == (2, 4, 3)
    assert pg.sample_ball(3, 1.0, size=0, seed=0).shape == (0, 3)
    assert np.array_equal(pg.sample_ball(4, 1.0, size=10, seed=5), pg.sample_ball(4, 1.0, size=10, seed=5))
    assert not np.array_equal(pg.sample_ball(4, 1.0, size=10, seed=5), pg.sample_ball(4, 1.0, size=10,
                                                                                      seed=6))
    assert np.all(pg.sample_ball(3, 0.0, size=5, seed=0) == 0.0)
    s = pg.sample_sphere(6, 3.0, size=100, seed=0)
    assert np.allclose(np.linalg.norm(s, axis=1), 3.0)


@pytest.mark.parametrize(
    "args, name",
    [
        ((None, 2, 1.0), "seed"),
        ((-1, 2, 1.0), "seed"),
        ((0, 0, 1.0), "d"),
        ((0, 2.0, 1.0), "d"),
        ((0, 2, -1.0), "radius"),
        ((0, 2, np.nan), "radius"),
        ((0, 2, 1.0, -1), "size"),
        ((0, 2, 1.0, 1.5), "size"),
    ],
)
def test_sample_ball_bad_input(args, name):
    seed, d, radius, *size = args
    with pytest.raises((TypeError, ValueError), match=name):  # TypeError for a wrong type
        pg.sample_ball(d, radius, size=size[0] if size else None, seed=seed)


# -- the lecture's perturbed_gd --------------------------------------------------------------------


def lecture_pgd(x0, seed, **kw):
    f = pg.DoubleWell()
    # epoch = 100: a jump escapes within one epoch unless its x-component is below ~1e-8 r
    args = dict(eta=1.0 / f.smoothness, radius=0.01, epoch=100, threshold=1e-3, steps=3000, tol=EPS)
    args.update(kw)
    return pg.perturbed_gd(f, x0, seed=seed, **args)


def test_perturbed_gd_escapes_the_saddle_to_a_second_order_point():
    f = pg.DoubleWell()
    tr = lecture_pgd(np.zeros((40, 2)), seed=0, record="final")
    ok = [
        tr.stop_reason[i] == "converged"
        and f.value(tr.x[i]) < -0.2
        and second_order_stationary(f, tr.x[i], EPS, f.hessian_lipschitz)
        for i in range(40)
    ]
    assert np.mean(ok) >= 0.95
    assert all(p[0] == 100 for p in tr.perturbation_steps)  # first jump after one stalled epoch


def test_perturbed_gd_conventions_at_a_minimum():
    """Stalled epoch of T steps, jump at step T (x_{T+1} = x_T + xi), converge after one more epoch."""
    f = pg.DoubleWell()
    T, r = 5, 0.01
    tr = pg.perturbed_gd(f, [1.0, 0.0], eta=0.1, radius=r, epoch=T, threshold=1e-3, steps=100, seed=3,
                         tol=EPS)
    assert list(tr.perturbation_steps) == [T]
    assert np.all(tr.iterates[: T + 1] == [1.0, 0.0])
    jump = tr.iterates[T + 1] - tr.iterates[T]
    assert 0 < np.linalg.norm(jump) <= r
    assert tr.stop_reason == "converged" and tr.n_steps == 2 * T + 1


def test_perturbed_gd_same_seed_same_trajectory():
    x0 = np.zeros((5, 2))
    a, b = lecture_pgd(x0, seed=11, steps=400), lecture_pgd(x0, seed=11, steps=400)
    assert np.array_equal(a.iterates, b.iterates)
    assert all(np.array_equal(p, q) for p, q in zip(a.perturbation_steps, b.perturbation_steps, strict=True))
    c = lecture_pgd(x0, seed=np.random.default_rng(11), steps=400)
    assert np.array_equal(a.iterates, c.iterates)
    assert not np.array_equal(a.iterates, lecture_pgd(x0, seed=12, steps=400).iterates)


def escape_times(tr_values):
    """First step with f < -0.1 (the saddle has f = 0, the minima -1/4)."""
    return np.argmax(tr_values < -0.1, axis=0)


def test_batched_perturbed_gd_rows_are_distributed_like_single_runs():
    kw = dict(radius=1e-3, epoch=20, steps=250, tol=None, record="values")
    batched = escape_times(lecture_pgd(np.zeros((120, 2)), seed=0, **kw).values)
    single = np.array([escape_times(lecture_pgd(np.zeros(2), seed=s, **kw).values) for s in range(1, 121)])
    assert np.all(batched > 20) and np.all(single > 20)
    assert stats.ks_2samp(batched, single).pvalue > 1e-3


def test_batched_perturbed_gd_without_jumps_equals_gd():
    f = pg.DoubleWell()
    X = np.random.default_rng(4).normal(size=(6, 2))
    tr = pg.perturbed_gd(f, X, eta=0.1, radius=0.5, epoch=10, threshold=0.0, steps=60,
                         seed=0)  # threshold 0: never stalls while moving
    assert all(len(p) == 0 for p in tr.perturbation_steps)
    assert np.array_equal(tr.iterates, pg.gd(f, X, eta=0.1, steps=60).iterates)


@pytest.mark.parametrize(
    "change, name",
    [
        (dict(eta=0.0), "eta"),
        (dict(radius=-0.1), "radius"),
        (dict(epoch=2.5), "epoch"),
        (dict(epoch=0), "epoch"),
        (dict(threshold=-1.0), "threshold"),
        (dict(steps=-1), "steps"),
        (dict(x0=[np.inf, 0.0]), "x0"),
        (dict(x0=np.zeros(3)), "x0"),
        (dict(seed=None), "seed"),
        (dict(seed=-3), "seed"),
        (dict(tol=-1.0), "tol"),
        (dict(record="most"), "record"),
    ],
)
def test_perturbed_gd_bad_input(change, name):
    args = dict(x0=np.zeros(2), eta=0.1, radius=0.1, epoch=10, threshold=1e-3, steps=10, seed=0)
    args.update(change)
    with pytest.raises((TypeError, ValueError), match=name):  # TypeError for a wrong type
        pg.perturbed_gd(pg.DoubleWell(), **args)


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


# -- noisy gradient descent -------------------------------------------------------------------------


def test_noisy_gd_noise_sizes():
    f = pg.DoubleWell()
    eta, sigma = 0.1, 0.3
    sphere = pg.noisy_gd(f, np.zeros((2000, 2)), eta=eta, sigma=sigma, steps=1, seed=0)
    assert np.allclose(np.linalg.norm(sphere.x, axis=1), eta * sigma)
    gauss = pg.noisy_gd(f, np.zeros((2000, 2)), eta=eta, sigma=sigma, steps=1, seed=0, noise="gaussian")
    assert np.mean(np.sum(gauss.x**2, axis=1)) / eta**2 == pytest.approx(sigma**2, rel=0.1)


def test_noisy_gd_escapes_and_repeats_with_the_seed():
    f = pg.DoubleWell()
    a = pg.noisy_gd(f, np.zeros((20, 2)), eta=0.1, sigma=0.1, steps=300, seed=1, record="final")
    assert np.all(a.values[-1] < -0.2)
    b = pg.noisy_gd(f, np.zeros((20, 2)), eta=0.1, sigma=0.1, steps=300, seed=1, record="final")
    assert np.array_equal(a.x, b.x)


@pytest.mark.parametrize(
    "change, name",
    [
        (dict(sigma=-1.0), "sigma"),
        (dict(noise="laplace"), "noise"),
        (dict(eta=-0.1), "eta"),
        (dict(seed=None), "seed"),
    ],
)
def test_noisy_gd_bad_input(change, name):
    args = dict(x0=np.zeros(2), eta=0.1, sigma=0.1, steps=10, seed=0)
    args.update(change)
    with pytest.raises((TypeError, ValueError), match=name):  # TypeError for a wrong type
        pg.noisy_gd(pg.DoubleWell(), **args)


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


@pytest.mark.parametrize("record", ["all", "values", "final", 4])
def test_perturbed_record_modes(record):
    tr = lecture_pgd(np.zeros((3, 2)), seed=0, steps=30, epoch=5, tol=None, record=record)
    k = {"all": 31, "values": 0, "final": 1, 4: 9}[record]
    m = 1 if record == "final" else 31
    assert tr.iterates.shape == (k, 3, 2)
    assert tr.values.shape == (m, 3) and tr.grad_norms.shape == (m, 3)
    assert tr.run(1).values.shape == (m,)


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
