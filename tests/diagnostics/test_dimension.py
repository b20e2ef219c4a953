"""pgdlib.diagnostics.dimension: escape time against dimension, measured and predicted."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg


def test_escape_slope_matches_prediction():
    dims = [10, 100, 1000, 10000]
    times = pg.escape_times_by_dimension(dims, eta=0.5, n_runs=200)
    assert list(times) == dims and all(t.shape == (200,) and (t >= 0).all() for t in times.values())
    med = [np.median(times[d]) for d in dims]
    slope = np.polyfit(np.log(dims), med, 1)[0]
    assert abs(slope - 1 / (2 * np.log(1.5))) < 0.2


def test_each_dimension_is_escape_time_with_its_own_seed():
    times = pg.escape_times_by_dimension([5, 20], eta=0.3, n_runs=30, seed=4, steps=100, radius=1e-2,
                                         threshold=0.2)
    for k, d in enumerate((5, 20)):
        f = pg.QuadraticSaddle(np.r_[-1.0, np.ones(d - 1)])
        ref = pg.escape_time(f, np.zeros(d), radius=1e-2, threshold=0.2, eta=0.3, steps=100, n_runs=30,
                             seed=4 + k)
        assert np.array_equal(times[d], ref.steps)


def test_a_small_budget_marks_runs_not_escaped():
    times = pg.escape_times_by_dimension([50], eta=0.5, n_runs=20, steps=3)
    assert np.all(times[50] == pg.NOT_ESCAPED)


def test_prediction_is_a_line_in_log_d_with_the_formula():
    d = np.array([10.0, 100.0, 1000.0])
    eta, r, drop = 0.5, 1e-3, 0.5
    t = pg.predicted_escape_steps(d, eta=eta, radius=r, threshold=drop)
    expected = (0.5 * np.log(d) + np.log(np.sqrt(2 * drop) / r)) / np.log1p(eta)
    assert np.allclose(t, expected, rtol=1e-14)
    assert np.allclose(np.diff(t) / np.diff(np.log(d)), 1 / (2 * np.log1p(eta)))
    assert np.shape(pg.predicted_escape_steps(100, eta=eta)) == ()


@pytest.mark.parametrize("call, name", [
    (lambda: pg.escape_times_by_dimension([1, 10]), "dims"),
    (lambda: pg.escape_times_by_dimension([10.5]), "dims"),
    (lambda: pg.escape_times_by_dimension([]), "dims"),
    (lambda: pg.escape_times_by_dimension([10], eta=0.0), "eta"),
    (lambda: pg.escape_times_by_dimension([10], n_runs=0), "n_runs"),
    (lambda: pg.escape_times_by_dimension([10], radius=-1.0), "radius"),
    (lambda: pg.predicted_escape_steps([0.5, 10], eta=0.5), "d"),
    (lambda: pg.predicted_escape_steps(10, eta=0.5, threshold=0.0), "threshold"),
])
def test_bad_arguments_are_named(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_hyperparameters_are_keyword_only():
    with pytest.raises(TypeError):
        pg.escape_times_by_dimension([10], 0.5)  # type: ignore[misc]
    with pytest.raises(TypeError):
        pg.predicted_escape_steps(10, 0.5)  # type: ignore[misc]
