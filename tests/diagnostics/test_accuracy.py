"""Tests of :mod:`pgdlib.diagnostics.accuracy`."""

from __future__ import annotations

import numpy as np
import pytest
from _helpers import EPS

import pgdlib as pg
from pgdlib.diagnostics import NOT_REACHED, first_sosp_step, iterations_to_sosp


# -- first_sosp_step ------------------------------------------------------------------------
def test_first_sosp_step_on_a_hand_made_path():
    f = pg.DoubleWell()  # rho = 9: at eps = 1e-4 lambda_min must be >= -0.03
    path = np.array([[0.0, 0.0], [0.5, 0.0], [1.0, 1e-3], [1.0, 1e-5], [1.0, 0.0]])
    # the saddle has zero gradient but lambda_min = -1; (1, 1e-3) has gradient 1e-3 > eps
    assert first_sosp_step(f, path, eps=1e-4) == 3
    assert first_sosp_step(f, path, eps=1e-2) == 2
    assert first_sosp_step(f, path[:3], eps=1e-4) == NOT_REACHED
    # a larger rho accepts the saddle itself: -1 >= -sqrt(rho eps) when rho eps >= 1
    assert first_sosp_step(f, path, eps=1e-2, rho=100.0) == 0
    batch = np.stack([path, path[::-1]], axis=1)  # (T, 2, d)
    np.testing.assert_array_equal(first_sosp_step(f, batch, eps=1e-4), [3, 0])


def test_first_sosp_step_agrees_with_is_second_order_stationary_along_a_run():
    f = pg.DoubleWell()
    eps = 1e-3
    p = pg.JinParameters.for_objective(f, eps=eps, c="practical", delta=0.1, delta_f=0.25)
    run = pg.pgd_jin(f, np.zeros((3, 2)), p, seed=5, steps=300)
    first = first_sosp_step(f, run.iterates, eps=eps)
    for i in range(3):
        flags = [pg.is_second_order_stationary(f, x, eps=eps) for x in run.iterates[:, i]]
        assert first[i] == flags.index(True)


def test_first_sosp_step_rejects_bad_input():
    f = pg.DoubleWell()
    with pytest.raises(ValueError, match="iterates"):
        first_sosp_step(f, np.zeros((4, 3)), eps=1e-3)
    with pytest.raises(ValueError, match="iterates"):
        first_sosp_step(f, np.zeros((0, 2)), eps=1e-3)
    with pytest.raises(ValueError, match="eps"):
        first_sosp_step(f, np.zeros((4, 2)), eps=0.0)
    with pytest.raises(ValueError, match="rho"):
        first_sosp_step(f, np.zeros((4, 2)), eps=1e-3, rho=-1.0)
    g = pg.Objective.from_callables(lambda x: float(x @ x), lambda x: 2 * x, dim=2)
    with pytest.raises(ValueError, match="rho"):
        first_sosp_step(g, np.zeros((4, 2)), eps=1e-3)
    with pytest.raises(TypeError, match="Objective"):
        first_sosp_step("f", np.zeros((4, 2)), eps=1e-3)


# -- iterations_to_sosp ------------------------------------------------------------------------
def test_every_run_ends_at_an_eps_sosp_and_not_one_step_earlier(result):
    f = result.objective
    assert result.all_reached()
    for preset in result.presets:
        for k, eps in enumerate(result.eps):
            assert np.all(result.steps[preset][k] >= 1)  # the saddle itself is no eps-SOSP
            for x, before in zip(result.points[preset][k], result.previous[preset][k], strict=True):
                assert pg.is_second_order_stationary(f, x, eps=eps)
                assert not pg.is_second_order_stationary(f, before, eps=eps)
                assert abs(abs(x[0]) - 1.0) < 1e-2  # near one of the two minima


def test_counts_grow_like_log_one_over_eps(result):
    for preset in result.presets:
        med = result.median(preset)
        assert np.all(np.diff(med) > 0)  # more accuracy, more steps
        assert -0.2 < result.loglog_slope(preset) < 0.0  # far from -2 and -3
        predicted = pg.predicted_sosp_steps(result, preset)
        per_decade = np.polyfit(np.log10(1.0 / result.eps), predicted, 1)[0]
        assert result.steps_per_decade(preset) == pytest.approx(per_decade, rel=0.15)
    # the theory preset's step is ten times shorter: about ten times the steps
    ratio = result.median("theory") / result.median("practical")
    assert np.all((ratio > 7) & (ratio < 13))


def test_bounds_and_parameters_follow_jin_parameters(result):
    f = result.objective
    for preset in result.presets:
        for eps, p, bound in zip(result.eps, result.params[preset], result.bound(preset), strict=True):
            q = pg.jin_parameters(d=2, ell=f.smoothness, rho=f.hessian_lipschitz, eps=eps, c=preset,
                                  delta=0.1, delta_f=0.25)
            assert p == q and bound == q.iteration_bound
        assert np.all(result.budgets[preset] >= result.steps[preset].max(axis=1))


def test_reproducible_and_independent_of_the_budget_schedule():
    def measure(**kwargs):
        return iterations_to_sosp(pg.DoubleWell(), np.zeros(2), eps=EPS[:3], presets=("practical",),
                                  n_seeds=5,
                                  **kwargs)

    doubled, generous = measure(seed=3, initial_budget=8), measure(seed=3, initial_budget=1024)
    assert generous.budgets["practical"][0] == 1024 and doubled.budgets["practical"][0] < 1024
    np.testing.assert_array_equal(doubled.steps["practical"], generous.steps["practical"])
    np.testing.assert_array_equal(doubled.points["practical"], generous.points["practical"])
    assert not np.array_equal(measure(seed=4).steps["practical"], doubled.steps["practical"])


def test_runs_short_of_the_budget_are_not_reached():
    res = iterations_to_sosp(pg.DoubleWell(), np.zeros(2), eps=[1e-3], presets=("practical",), n_seeds=3,
                             initial_budget=8, steps=16)
    assert np.all(res.steps["practical"] == NOT_REACHED) and not res.all_reached()
    assert np.all(np.isnan(res.points["practical"])) and np.isnan(res.median("practical")[0])
    with pytest.raises(ValueError, match="slope"):
        res.loglog_slope("practical")
    with pytest.raises(ValueError, match="preset"):
        res.median("theory")


def test_a_start_at_the_minimum_counts_zero_steps():
    res = iterations_to_sosp(pg.DoubleWell(), np.array([1.0, 0.0]), eps=[1e-3], presets=("practical",),
                             n_seeds=2,
                             delta_f=1.0)
    np.testing.assert_array_equal(res.steps["practical"], [[0, 0]])
    assert np.all(np.isnan(res.previous["practical"]))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(eps=[0.0]), "eps"),
        (dict(eps=[-1e-3]), "eps"),
        (dict(eps=[10.0]), "eps"),  # above ell^2 / rho = 3.67
        (dict(eps=[[1e-3]]), "eps"),
        (dict(eps=[]), "eps"),
        (dict(presets=("fast",)), "presets"),
        (dict(presets=("theory", "theory")), "presets"),
        (dict(presets="theory"), "presets"),
        (dict(presets=()), "presets"),
        (dict(n_seeds=0), "n_seeds"),
        (dict(seed=-1), "seed"),
        (dict(delta=1.0), "delta"),
        (dict(delta_f=0.0), "delta_f"),
        (dict(initial_budget=0), "initial_budget"),
        (dict(initial_budget=64, steps=32), "steps"),
        (dict(x0=np.zeros(3)), "shape"),
    ],
)
def test_bad_arguments_raise(kwargs, match):
    args = dict(f=pg.DoubleWell(), x0=np.zeros(2), eps=[1e-3])
    args.update(kwargs)
    with pytest.raises((TypeError, ValueError), match=match):  # TypeError for a wrong type
        iterations_to_sosp(**args)


def test_objectives_without_the_needed_constants_raise():
    with pytest.raises(ValueError, match="hessian_lipschitz"):
        iterations_to_sosp(pg.QuadraticSaddle([-1.0, 1.0]), np.zeros(2), eps=[1e-3])  # rho = 0
    with pytest.raises(ValueError, match="delta_f"):
        iterations_to_sosp(pg.MonkeySaddle(), np.zeros(2), eps=[1e-3])  # f_min = -inf


def test_exported():
    for name in ("SospIterations", "iterations_to_sosp", "first_sosp_step"):
        assert name in pg.__all__ and getattr(pg, name) is getattr(pg.diagnostics, name)
