"""Tests of :mod:`pgdlib.diagnostics.escape`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.diagnostics.escape import NOT_ESCAPED, escape_time
from pgdlib.objectives import quadratic as quadratic_module
from pgdlib.objectives.quadratic import QuadraticSaddle

from ._helpers import quadratic_iterates

# ---------------------------------------------------------------- escape time


def _closed_form_escape(lam, starts, eta, threshold, steps):
    X = quadratic_iterates(np.asarray(lam), starts, eta, steps)  # (steps+1, n, d)
    fx = 0.5 * np.sum(np.asarray(lam) * X**2, axis=2)
    below = fx <= -threshold
    return np.where(below.any(axis=0), np.argmax(below, axis=0), -1)


def test_escape_time_matches_closed_form(monkeypatch):
    lam = [-0.5, 1.0]
    f = pg.QuadraticSaddle(lam)
    res = pg.escape_time(f, [0.0, 0.0], radius=0.1, threshold=0.5, eta=0.5, steps=20, n_runs=2000, seed=16)
    expected = _closed_form_escape(lam, res.starts, 0.5, 0.5, 20)
    np.testing.assert_array_equal(res.steps, expected)
    assert (res.threshold, res.radius, res.eta, res.budget) == (0.5, 0.1, 0.5, 20)
    assert np.all(np.linalg.norm(res.starts, axis=1) <= 0.1)
    assert res.n_not_escaped == int(np.sum(expected == -1)) > 0  # censored runs are counted
    assert res.n_escaped + res.n_not_escaped == 2000
    assert res.mean == pytest.approx(np.mean(expected[expected >= 0]))
    assert res.max == expected.max()
    assert f"not escaped within 20 steps: {res.n_not_escaped}" in repr(res)
    # the same answer when the closed form checks its steps in blocks of a few steps
    monkeypatch.setattr(quadratic_module, "BLOCK_FLOATS", 2000 * 3)
    again = pg.escape_time(f, [0.0, 0.0], radius=0.1, threshold=0.5, eta=0.5, steps=20, n_runs=2000, seed=16)
    np.testing.assert_array_equal(again.steps, res.steps)


def test_escape_time_summary_with_censoring():
    f = pg.QuadraticSaddle([-0.5, 1.0])
    res = pg.escape_time(f, [0.0, 0.0], radius=0.1, threshold=0.5, eta=0.5, steps=5, n_runs=100, seed=17)
    assert res.n_escaped == 0 and res.median is None and res.mean is None and res.max is None
    assert (res.steps == pg.NOT_ESCAPED).all()
    res = pg.escape_time(f, [0.0, 0.0], radius=0.1, threshold=1e-6, eta=0.5, steps=200, n_runs=101, seed=18)
    assert res.n_escaped == 101
    assert res.median == float(np.sort(res.steps)[50])


def test_escape_time_zero_when_start_is_already_low():
    f = pg.QuadraticSaddle([-1.0, 1.0])
    res = pg.escape_time(f, [0.0, 0.0], radius=2.0, threshold=0.1, eta=0.1, steps=100, n_runs=200, seed=19)
    low = f.value(res.starts) <= -0.1
    assert 0 < low.sum() < 200
    assert (res.steps[low] == 0).all() and (res.steps[~low] != 0).all()


class _IterativeQuadratic(QuadraticSaddle):
    """The same function without its closed form: escape_time runs GD step by step."""

    def gd_escape_steps(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("d, eta, seed",
                         [(2, 0.05, 0), (10, 0.1, 1), (100, 0.5, 2), (300, 0.9, 3), (5, 1.5, 4)])
def test_escape_time_closed_form_matches_gd_step_by_step(d: int, eta: float, seed: int) -> None:
    eigenvalues = np.r_[-1.0, np.ones(d - 1)]
    fast = escape_time(QuadraticSaddle(eigenvalues), np.zeros(d), radius=1e-3, threshold=0.5, eta=eta,
                       steps=4000, n_runs=150, seed=seed)
    slow = escape_time(_IterativeQuadratic(eigenvalues), np.zeros(d), radius=1e-3, threshold=0.5, eta=eta,
                       steps=4000, n_runs=150, seed=seed)
    assert np.array_equal(fast.steps, slow.steps)
    assert np.array_equal(fast.diverged, slow.diverged)
    assert fast.escaped.all()


def test_escape_time_closed_form_with_repeated_zero_and_capped_runs() -> None:
    eigenvalues = np.r_[-0.3, 2.0, 0.5, 0.5, 0.0, 0.0]
    center = np.full(6, 0.01)
    for max_steps in (0, 7, 300):
        fast = escape_time(QuadraticSaddle(eigenvalues), center, radius=0.1, threshold=0.05, eta=0.4,
                           steps=max_steps, n_runs=80, seed=5)
        slow = escape_time(_IterativeQuadratic(eigenvalues), center, radius=0.1, threshold=0.05, eta=0.4,
                           steps=max_steps, n_runs=80, seed=5)
        assert np.array_equal(fast.steps, slow.steps), max_steps
    assert (fast.steps == NOT_ESCAPED).sum() < fast.steps.size  # some escape within 300 steps


def test_escape_time_closed_form_only_where_no_direction_diverges() -> None:
    eigenvalues = np.r_[-1.0, 3.0, 3.0]  # eta * 3 > 2: GD oscillates off along the flat directions
    f = QuadraticSaddle(eigenvalues)
    assert f.gd_escape_steps(np.full((2, 3), 1e-3), eta=0.9, target=-0.5,
                             steps=500) is None  # escape_time steps
    assert f.gd_escape_steps(np.full((2, 3), 1e-3), eta=0.6, target=-0.5, steps=500) is not None
    for eta in (0.9, 0.6):
        result = escape_time(f, np.zeros(3), radius=1e-3, threshold=0.5, eta=eta, steps=500, n_runs=20,
                             seed=0)
        stepped = escape_time(_IterativeQuadratic(eigenvalues), np.zeros(3), radius=1e-3, threshold=0.5,
                              eta=eta, steps=500, n_runs=20, seed=0)
        assert result.steps.shape == (20,) and np.array_equal(result.steps, stepped.steps)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call",
    [
        lambda: pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.0, eta=0.1, steps=10,
                               n_runs=10, seed=0),
        lambda: pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=-1,
                               n_runs=10, seed=0),
        lambda: pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=10,
                               n_runs=0, seed=0),
        lambda: pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=10,
                               n_runs=10, seed=None),
        lambda: pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=10,
                               n_runs=10, seed=0).quantile(1.5),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises((TypeError, ValueError)):  # TypeError for a wrong type (seed=None, T=2.5, f)
        call()
