"""Tests of :mod:`pgdlib.objectives.base`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.objectives import (
    MatrixFactorization,
    Octopus,
    check_gradient,
    check_hessian,
    check_hvp,
)

from ._helpers import ATOL, RTOL, _symmetric, _wavy_grad, _wavy_hess, _wavy_value, octopus_points


def _gaussian(f: pg.Objective, rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.normal(size=(n, f.dim))


CASES = {
    "quadratic": (lambda: pg.QuadraticSaddle([1.0, -0.5, 2.0]), _gaussian),
    "double_well": (pg.DoubleWell, _gaussian),
    "monkey": (pg.MonkeySaddle, _gaussian),
    "octopus_d1": (lambda: Octopus(1), octopus_points),
    "octopus_d2": (lambda: Octopus(2), octopus_points),
    "octopus_d5": (lambda: Octopus(5), octopus_points),
    "octopus_params": (lambda: Octopus(4, L=3.0, gamma=0.5, tau=1.5), octopus_points),
    "matfact_r1": (lambda: MatrixFactorization(_symmetric(4, 0), 1), _gaussian),
    "matfact_r2": (lambda: MatrixFactorization(_symmetric(4, 1), 2), _gaussian),
    "callables_hess": (
        lambda: pg.Objective.from_callables(_wavy_value, _wavy_grad, _wavy_hess, dim=3),
        _gaussian,
    ),
    "callables_fd": (lambda: pg.Objective.from_callables(_wavy_value, _wavy_grad, dim=3), _gaussian),
}


@pytest.fixture(params=sorted(CASES))
def case(request):
    make, sampler = CASES[request.param]
    f = make()
    X = sampler(f, np.random.default_rng(12345), 8)
    return f, X


# -- derivatives against finite differences ------------------------------------------------
def test_gradient_matches_finite_differences(case):
    f, X = case
    for x in X:
        check = check_gradient(f, x)
        assert check.ok(rtol=RTOL, atol=ATOL), (f, x, check)


def test_hessian_and_hvp_match_finite_differences(case):
    f, X = case
    rng = np.random.default_rng(7)
    for x in X:
        check = check_hessian(f, x)
        assert check.ok(rtol=RTOL, atol=1e-5), (f, x, check)
        hvp = check_hvp(f, x, rng.normal(size=f.dim))
        assert hvp.ok(rtol=RTOL, atol=1e-5), (f, x, hvp)
        assert np.allclose(f.hess(x), f.hess(x).T, rtol=1e-10, atol=1e-8)


def test_batched_results_equal_row_by_row(case):
    f, X = case
    V = np.random.default_rng(3).normal(size=X.shape)
    np.testing.assert_array_equal(f.value(X), [f.value(x) for x in X])
    np.testing.assert_array_equal(f.grad(X), [f.grad(x) for x in X])
    np.testing.assert_array_equal(f.hess(X), [f.hess(x) for x in X])
    np.testing.assert_allclose(f.hvp(X, V), [f.hvp(x, v) for x, v in zip(X, V, strict=True)], rtol=1e-12)
    # hvp agrees with the dense Hessian; one v is broadcast over the batch
    np.testing.assert_allclose(f.hvp(X, V), np.einsum("nij,nj->ni", f.hess(X), V), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(f.hvp(X, V[0]), f.hvp(X, np.broadcast_to(V[0], X.shape)))
    assert isinstance(f.value(X[0]), float)
    assert f.grad(X[0]).shape == (f.dim,) and f.hess(X[0]).shape == (f.dim, f.dim)


# -- critical points ----------------------------------------------------------------------------
def test_known_critical_points_are_stationary_and_of_their_kind(case):
    f, _ = case
    points = f.critical_points
    if f.name == "user objective":
        assert points == ()
        return
    assert points, f
    for p in points:
        scale = 1.0 + abs(f.value(p.x))
        assert np.linalg.norm(f.grad(p.x)) <= 1e-10 * scale, (f, p)
        eig = np.linalg.eigvalsh(f.hess(p.x))
        tol = 1e-8 * (1.0 + np.abs(eig).max())
        if p.kind == "strict saddle":
            assert eig[0] < -tol, (f, p, eig)
        elif p.kind == "local minimum":
            assert eig[0] >= -tol, (f, p, eig)
        elif p.kind == "local maximum":
            assert eig[-1] < -tol, (f, p, eig)
        else:
            assert np.abs(eig).min() <= tol, (f, p, eig)
        if p.is_global_min:
            assert f.value(p.x) == pytest.approx(f.f_min, rel=1e-12, abs=1e-12)
    if f.f_min is not None and np.isfinite(f.f_min):
        _, X = case
        assert np.all(f.value(X) >= f.f_min - 1e-9)


# -- bad input ------------------------------------------------------------------------------------------
def test_bad_points_raise(case):
    f, X = case
    d = f.dim
    for bad in (np.zeros(d + 1), np.zeros((2, d + 1)), np.zeros((2, 2, d)), np.zeros(0), 1.0):
        with pytest.raises(ValueError, match="shape"):
            f.value(bad)
        with pytest.raises(ValueError, match="shape"):
            f.grad(bad)
    for value in (np.nan, np.inf, -np.inf):
        x = X[0].copy()
        x[0] = value
        for method in (f.value, f.grad, f.hess):
            with pytest.raises(ValueError, match="finite"):
                method(x)
    with pytest.raises(ValueError, match="v"):
        f.hvp(X, np.zeros((X.shape[0] + 1, d)))
    with pytest.raises(ValueError, match="v"):
        f.hvp(X[0], np.full(d, np.nan))


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: pg.QuadraticSaddle([]), "eigenvalues"),
        (lambda: pg.QuadraticSaddle([0.0, 0.0]), "nonzero"),
        (lambda: pg.QuadraticSaddle([1.0, np.nan]), "finite"),
        (lambda: pg.DoubleWell(bound=-1.0), "bound"),
        (lambda: pg.MonkeySaddle(radius=0.0), "radius"),
        (lambda: Octopus(0), "d"),
        (lambda: Octopus(2.0), "d"),
        (lambda: Octopus(3, L=-1.0), "L"),
        (lambda: Octopus(3, gamma=0.0), "gamma"),
        (lambda: Octopus(3, tau=np.inf), "tau"),
        (lambda: Octopus(3, outside="clip"), "outside"),
        (lambda: Octopus(3).saddle(4), "i"),
        (lambda: Octopus(3).saddle(0), "i"),
        (lambda: MatrixFactorization(np.ones((2, 3)), 1), "square"),
        (lambda: MatrixFactorization(np.array([[1.0, 2.0], [0.0, 1.0]]), 1), "symmetric"),
        (lambda: MatrixFactorization(np.zeros((2, 2)), 1), "zero"),
        (lambda: MatrixFactorization(np.array([[np.nan, 0.0], [0.0, 1.0]]), 1), "finite"),
        (lambda: MatrixFactorization(np.eye(2), 0), "r"),
        (lambda: MatrixFactorization(np.eye(2), 3), "r"),
        (lambda: MatrixFactorization(np.eye(2), 1, radius=-1.0), "radius"),
        (lambda: pg.Objective.from_callables(_wavy_value, _wavy_grad, dim=0), "dim"),
        (lambda: pg.Objective.from_callables(_wavy_value, None, dim=3), "callable"),
        (lambda: pg.Objective.from_callables(_wavy_value, _wavy_grad, dim=3, fd_step=0.0), "fd_step"),
    ],
)
def test_bad_constructor_arguments_raise(make, match):
    with pytest.raises((TypeError, ValueError), match=match):  # TypeError for a wrong type
        make()


def test_new_names_are_exported_at_the_top_level():
    for name in ("Octopus", "MatrixFactorization", "check_gradient", "check_hessian", "check_hvp"):
        assert name in pg.__all__ and getattr(pg, name) is getattr(pg.objectives, name)


def test_grad_out_writes_the_gradient_into_the_buffer() -> None:
    X = np.random.default_rng(1).normal(size=(3, 4))
    quadratic = pg.QuadraticSaddle([2.0, -1.0, 0.5, 0.0])
    assert quadratic._grad_takes_out
    out = np.full_like(X, np.nan)
    assert quadratic.grad(X, out=out) is out
    assert np.array_equal(out, quadratic._grad(X))
    one = np.empty(4)
    assert quadratic.grad(X[0], out=one) is one and np.array_equal(one, quadratic.grad(X[0]))
    mf = pg.MatrixFactorization(np.eye(2), 1)  # a _grad without out: copied into out
    assert not mf._grad_takes_out
    Y = np.random.default_rng(2).normal(size=(2, mf.dim))
    buf = np.empty_like(Y)
    assert np.array_equal(mf.grad(Y, out=buf), mf._grad(Y))
    with pytest.raises(ValueError, match="out"):
        quadratic.grad(X, out=np.empty((3, 3)))
    with pytest.raises(TypeError, match="out"):
        quadratic.grad(X, out=[0.0] * 4)


def test_a_subclass_implementing_only_value_and_grad_runs() -> None:
    class Bowl(pg.Objective):  # the documented protocol: dim, constants, _value, _grad
        dim, smoothness, hessian_lipschitz = 2, 1.0, 0.0

        def _value(self, X):
            return 0.5 * np.sum(X * X, axis=1)

        def _grad(self, X):
            return X.copy()

    f = Bowl()
    tr = pg.gd(f, [1.0, 1.0], eta=0.5, steps=5, record="final")
    assert np.allclose(tr.x, 2.0**-5) and int(tr.n_steps) == 5
    with pytest.raises(NotImplementedError, match="_hess"):
        f.hess([0.0, 0.0])
