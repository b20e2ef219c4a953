"""pgdlib.trajectory: one type per field whatever the input, statuses with messages, run(i)."""

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.trajectory import NO_STEP, STOP_REASONS, Status


def _runs():
    f = pg.DoubleWell()
    X = np.array([[0.0, 0.0], [0.01, 0.0], [0.0, 0.3]])
    p = pg.jin_parameters(d=2, ell=f.smoothness, rho=f.hessian_lipschitz, eps=0.05, c="practical", delta=0.1,
                          delta_f=1.0)
    yield lambda x, rec: pg.gd(f, x, eta=0.1, steps=30, record=rec)
    yield lambda x, rec: pg.gd(f, x, eta=0.1, steps=30, tol=1e-3, record=rec)
    yield lambda x, rec: pg.perturbed_gd(f, x, eta=0.1, radius=0.05, epoch=5, threshold=1e-3, steps=40,
                                         seed=0, record=rec)
    yield lambda x, rec: pg.pgd_jin(f, x, p, seed=0, steps=60, record=rec)
    yield lambda x, rec: pg.noisy_gd(f, x, eta=0.1, sigma=0.1, steps=20, seed=0, record=rec)
    return X


@pytest.mark.parametrize("record", ["all", "values", "final", 4])
def test_every_field_has_one_type_and_follows_the_start(record):
    X = np.array([[0.0, 0.0], [0.01, 0.0], [0.0, 0.3]])
    for make in _runs():
        batch, single = make(X, record), make(X[1], record)
        for tr, shape in ((batch, (3,)), (single, ())):
            assert tr.x.shape == shape + (2,)
            for name in ("status", "n_steps"):
                value = getattr(tr, name)
                assert isinstance(value, np.ndarray) and value.shape == shape
                assert value.dtype == np.int64
            assert tr.stop_reason.shape == shape and tr.stop_reason.dtype.kind == "U"
            assert isinstance(tr.perturbation_steps, np.ndarray) and tr.perturbation_steps.dtype == np.int64
            assert tr.perturbation_steps.ndim == len(shape) + 1
            assert tr.values.shape[1:] == shape and tr.grad_norms.shape == tr.values.shape
            assert tr.n_perturbations.shape == shape
        assert int(single.n_steps) == single.n_steps  # int() of a 0-d array
        assert single.stop_reason == STOP_REASONS[int(single.status)]


def test_stop_reason_compares_as_before():
    f = pg.QuadraticSaddle([1.0, -1.0])
    tr = pg.gd(f, [[1.0, 0.0], [0.0, 1.0]], eta=1.0, steps=100)
    assert list(np.array(tr.stop_reason) == "diverged") == [False, True]
    assert tr.stop_reason[1] == "diverged" and tr.status[1] == Status.DIVERGED
    one = pg.gd(f, [1.0, 0.0], eta=1.0, steps=100)
    assert one.stop_reason == "max steps" and f"{one.stop_reason}" == "max steps"
    assert Status(int(one.status)).message == "max steps"
    assert list(tr.stopped_early) == [False, True]


def test_perturbation_steps_pad_a_batch_and_run_i_strips_the_padding():
    f = pg.DoubleWell()
    X = np.array([[0.0, 0.0], [0.0, 0.0], [0.5, 0.0]])  # the third run never stalls
    tr = pg.perturbed_gd(f, X, eta=0.1, radius=0.05, epoch=5, threshold=1e-3, steps=60, seed=1,
                         record="final")
    counts = tr.n_perturbations
    assert tr.perturbation_steps.shape == (3, int(counts.max()))
    for i in range(3):
        row = tr.perturbation_steps[i]
        assert np.all(row[counts[i]:] == NO_STEP) and np.all(row[: counts[i]] >= 0)
        assert np.array_equal(tr.run(i).perturbation_steps, row[: counts[i]])


def test_run_i_equals_the_single_run():
    f = pg.QuadraticSaddle([1.0, -0.5])
    X = np.array([[1.0, 0.0], [0.1, 1e-3]])
    tr = pg.gd(f, X, eta=0.5, steps=40, tol=1e-6)
    for i in range(2):
        one, single = tr.run(i), pg.gd(f, X[i], eta=0.5, steps=40, tol=1e-6)
        for name in ("x", "iterates", "values", "grad_norms", "value_steps", "status", "n_steps"):
            assert np.array_equal(getattr(one, name), getattr(single, name)), name
    with pytest.raises(ValueError, match="batched"):
        pg.gd(f, X[0], eta=0.5, steps=4).run(0)
