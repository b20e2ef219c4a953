"""Tests of :mod:`pgdlib.algorithms.gd`."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pgdlib as pg
from pgdlib.algorithms import _engine
from pgdlib.objectives.base import Objective


class RotatedQuadratic(Objective):
    """f(x) = 1/2 x^T A x with A = Q diag(lam) Q^T, a random quadratic."""

    def __init__(self, lam: np.ndarray, Q: np.ndarray) -> None:
        self.A = (Q * lam) @ Q.T
        self.dim = lam.size
        self.smoothness = float(np.max(np.abs(lam)))
        self.hessian_lipschitz = 0.0

    def _value(self, X):
        return 0.5 * np.einsum("ni,ij,nj->n", X, self.A, X)

    def _grad(self, X):
        return X @ self.A

    def _hess(self, X):
        return np.broadcast_to(self.A, (X.shape[0], self.dim, self.dim)).copy()


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    d=st.integers(1, 8),
    scale=st.floats(0.1, 10.0),
    eta_frac=st.floats(0.05, 1.0),
)
def test_descent_lemma_on_random_quadratics(seed, d, scale, eta_frac):
    """f(x_t) - f(x_{t+1}) >= eta/2 ||grad f(x_t)||^2 whenever eta <= 1/ell."""
    rng = np.random.default_rng(seed)
    lam = scale * rng.uniform(-1.0, 1.0, size=d)
    lam[0] = scale  # ell = scale exactly
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    f = RotatedQuadratic(lam, Q)
    eta = eta_frac / f.smoothness
    tr = pg.gd(f, rng.normal(size=(3, d)), eta=eta, steps=30)
    decrease = tr.values[:-1] - tr.values[1:]
    bound = 0.5 * eta * tr.grad_norms[:-1] ** 2
    slack = 1e-12 * (1.0 + np.abs(tr.values[:-1]))
    assert np.all(decrease >= bound - slack)


def test_gd_at_the_double_well_saddle_stays_there():
    f = pg.DoubleWell()
    tr = pg.gd(f, [0.0, 0.0], eta=0.1, steps=500)
    assert tr.stop_reason == "max steps"
    assert np.all(tr.iterates == 0.0)
    assert np.all(tr.grad_norms == 0.0)


@pytest.mark.parametrize("record", ["all", "values", "final", 7])
@pytest.mark.parametrize("tol", [None, 1e-6])
def test_batched_gd_rows_equal_single_runs_exactly(record, tol):
    f = pg.QuadraticSaddle(np.linspace(-1.0, 2.0, 7))
    X = np.random.default_rng(1).normal(size=(6, 7))
    X[2] = 0.0  # converges (tol) or stays at once
    X[3, 0] = 0.0  # stays on the stable subspace
    eta = 0.3
    batch = pg.gd(f, X, eta=eta, steps=120, tol=tol, record=record)
    for i in range(X.shape[0]):
        single = pg.gd(f, X[i], eta=eta, steps=120, tol=tol, record=record)
        row = batch.run(i)
        assert row.stop_reason == single.stop_reason
        assert row.n_steps == single.n_steps
        for name in ("x", "iterates", "iterate_steps", "values", "grad_norms", "value_steps"):
            assert np.array_equal(getattr(row, name), getattr(single, name)), name


def test_large_dimension_batch_rows_equal_single_runs_exactly():
    d = _engine.ROW_LOOP_DIM + 3
    f = pg.QuadraticSaddle(np.linspace(-0.5, 1.0, d))
    X = np.random.default_rng(2).normal(size=(3, d))
    batch = pg.gd(f, X, eta=0.5, steps=20, record="values")
    for i in range(3):
        single = pg.gd(f, X[i], eta=0.5, steps=20, record="values")
        assert np.array_equal(batch.grad_norms[:, i], single.grad_norms)
        assert np.array_equal(batch.x[i], single.x)


def test_record_modes_give_the_documented_shapes():
    f = pg.QuadraticSaddle([1.0, 0.5, -0.1])
    steps = 20
    x1, xb = np.ones(3), np.ones((4, 3))
    shapes = {
        "all": ((steps + 1, 3), (steps + 1, 4, 3), steps + 1),
        "values": ((0, 3), (0, 4, 3), steps + 1),
        "final": ((1, 3), (1, 4, 3), 1),
        6: ((5, 3), (5, 4, 3), steps + 1),  # steps 0, 6, 12, 18 and the last, 20
    }
    for record, (it1, itb, m) in shapes.items():
        one = pg.gd(f, x1, eta=0.1, steps=steps, record=record)
        many = pg.gd(f, xb, eta=0.1, steps=steps, record=record)
        assert one.iterates.shape == it1 and many.iterates.shape == itb, record
        assert one.values.shape == (m,) and many.values.shape == (m, 4), record
        assert one.grad_norms.shape == (m,) and many.grad_norms.shape == (m, 4), record
        assert one.x.shape == (3,) and many.x.shape == (4, 3)
        assert one.value_steps[-1] == steps
        assert record == "values" or one.iterate_steps[-1] == steps
    assert list(pg.gd(f, x1, eta=0.1, steps=steps, record=6).iterate_steps) == [0, 6, 12, 18, 20]


@pytest.mark.parametrize("record", ["all", "final"])
def test_divergence_is_reported_not_nan(record):
    f = pg.QuadraticSaddle([1.0, -1.0])
    tr = pg.gd(f, [0.0, 1.0], eta=1.0, steps=1000, record=record)  # |y| doubles every step
    assert tr.stop_reason == "diverged"
    # 2^t <= 1e10 up to t = 33: the last finite iterate within the bound
    assert tr.n_steps == 33
    assert np.all(np.isfinite(tr.x)) and np.all(np.isfinite(tr.values)) and np.all(np.isfinite(tr.iterates))
    assert np.linalg.norm(tr.x) == 2.0**33


def test_divergence_in_a_batch_stops_only_that_row():
    f = pg.QuadraticSaddle([1.0, -1.0])
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1e-300]])
    for record in ("all", "final"):
        tr = pg.gd(f, X, eta=1.0, steps=100, record=record)
        assert list(tr.stop_reason) == ["max steps", "diverged", "max steps"]
        assert list(tr.n_steps) == [100, 33, 100]
        assert np.all(np.isfinite(tr.x))


def test_overflow_to_inf_is_diverged_without_warnings():
    f = pg.DoubleWell()
    with np.errstate(all="raise"):
        tr = pg.gd(f, [1e3, 0.0], eta=1.0, steps=50, divergence_bound=1e300, record="final")
    assert tr.stop_reason == "diverged" and np.all(np.isfinite(tr.x))


def test_tol_stops_with_converged():
    f = pg.QuadraticSaddle([1.0, 2.0])
    tr = pg.gd(f, [1.0, 1.0], eta=0.25, steps=1000, tol=1e-8)
    assert tr.stop_reason == "converged"
    assert tr.grad_norms[-1] <= 1e-8 < tr.grad_norms[-2]
    assert tr.n_steps == tr.value_steps[-1]


def test_gd_matches_the_bare_update():
    lam = np.linspace(-1.0, 2.0, 50)
    x = np.random.default_rng(3).normal(size=50)
    tr = pg.gd(pg.QuadraticSaddle(lam), x, eta=0.1, steps=40, record="final")
    for _ in range(40):
        x = x - 0.1 * (lam * x)
    assert np.array_equal(tr.x, x)


BAD_GD = [
    (dict(eta=0.0), "eta"),
    (dict(eta=-1.0), "eta"),
    (dict(eta=np.inf), "eta"),
    (dict(steps=-1), "steps"),
    (dict(steps=2.5), "steps"),
    (dict(x0=[np.nan, 0.0]), "x0"),
    (dict(x0=[1.0, 2.0, 3.0]), "x0"),
    (dict(x0=np.zeros((2, 2, 2))), "x0"),
    (dict(tol=-1.0), "tol"),
    (dict(record="sometimes"), "record"),
    (dict(record=0), "record"),
    (dict(divergence_bound=0.0), "divergence_bound"),
]


@pytest.mark.parametrize("change, name", BAD_GD)
def test_gd_bad_input_raises_naming_the_argument(change, name):
    args = dict(x0=[1.0, 0.0], eta=0.1, steps=10)
    args.update(change)
    with pytest.raises((TypeError, ValueError), match=name):  # TypeError for a wrong type
        pg.gd(pg.DoubleWell(), **args)


def test_divergence_is_caught_at_the_exact_step_without_recording():
    # the old plain loop checked every 16 steps: a run that left the bound and came back
    # within a window was not caught; now every step is checked
    f = pg.QuadraticSaddle([-1.0])
    tr = pg.gd(f, [1.0], eta=1.0, steps=100, record="final", divergence_bound=1000.0)
    assert tr.stop_reason == "diverged" and int(tr.n_steps) == 9  # 2**10 > 1000
    assert float(tr.x[0]) == 2.0**9


def test_target_stops_each_run_at_its_first_step_below():
    f = pg.QuadraticSaddle([1.0, -1.0])
    X = np.array([[0.0, 1e-3], [0.0, 1e-6], [1.0, 0.0]])
    target = -0.5
    tr = pg.gd(f, X, eta=0.1, steps=500, target=target, record="values")
    assert list(tr.stop_reason) == ["target reached", "target reached", "max steps"]
    for i in range(2):
        first = int(np.argmax(pg.gd(f, X[i], eta=0.1, steps=500).values <= target))
        assert tr.n_steps[i] == first
        assert tr.run(i).values[-1] <= target < tr.run(i).values[-2]
    final = pg.gd(f, X, eta=0.1, steps=500, target=target, record="final")
    assert np.array_equal(final.n_steps, tr.n_steps) and np.array_equal(final.x, tr.x)
    assert int(pg.gd(f, X[0], eta=0.1, steps=5, target=10.0).n_steps) == 0  # the start is already below


def test_until_stops_the_runs_it_names():
    f = pg.QuadraticSaddle([1.0, -1.0])
    X = np.array([[0.0, 1e-3], [0.0, 1e-2]])
    tr = pg.gd(f, X, eta=0.1, steps=500, until=lambda t, x: np.abs(x[:, 1]) > 0.5, record="final")
    assert list(tr.stop_reason) == ["stopped", "stopped"]
    assert np.all(np.abs(tr.x[:, 1]) > 0.5) and tr.n_steps[0] > tr.n_steps[1]
    one = pg.gd(f, X[0], eta=0.1, steps=500, until=lambda t, x: t == 7)
    assert one.stop_reason == "stopped" and int(one.n_steps) == 7
    with pytest.raises(ValueError, match="until"):
        pg.gd(f, X, eta=0.1, steps=5, until=lambda t, x: 3)
    with pytest.raises(TypeError, match="until"):
        pg.gd(f, X, eta=0.1, steps=5, until=3)
    with pytest.raises(TypeError, match="target"):
        pg.gd(f, X, eta=0.1, steps=5, target="low")
