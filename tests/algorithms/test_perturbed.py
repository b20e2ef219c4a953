"""Tests of :mod:`pgdlib.algorithms.perturbed`."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import pgdlib as pg

from ._helpers import EPS, second_order_stationary

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


@pytest.mark.parametrize("record", ["all", "values", "final", 4])
def test_perturbed_record_modes(record):
    tr = lecture_pgd(np.zeros((3, 2)), seed=0, steps=30, epoch=5, tol=None, record=record)
    k = {"all": 31, "values": 0, "final": 1, 4: 9}[record]
    m = 1 if record == "final" else 31
    assert tr.iterates.shape == (k, 3, 2)
    assert tr.values.shape == (m, 3) and tr.grad_norms.shape == (m, 3)
    assert tr.run(1).values.shape == (m,)
