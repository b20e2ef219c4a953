"""Tests of :mod:`pgdlib.diagnostics.curvature`."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import ortho_group

import pgdlib as pg

from ._helpers import RotatedQuadratic


def random_symmetric(rng, d):
    G = rng.standard_normal((d, d))
    return (G + G.T) / np.sqrt(2 * d)


# ---------------------------------------------------------------- curvature


@pytest.mark.parametrize("d", [11, 25, 80, 200])
def test_min_eigen_matches_dense_eigh_on_random_hessians(d):
    rng = np.random.default_rng(d)
    for _ in range(3):
        f = RotatedQuadratic(random_symmetric(rng, d))
        x = rng.standard_normal(d)
        dense = np.linalg.eigvalsh(f.A)[0]
        res = pg.min_eigen(f, x, method="lanczos")
        assert res.method == "lanczos"
        assert abs(res.value - dense) <= 1e-6
        assert abs(np.linalg.norm(res.vector) - 1.0) < 1e-12
        assert res.residual < 1e-5
        assert np.linalg.norm(f.A @ res.vector - res.value * res.vector) < 1e-5


def test_min_eigen_small_d_uses_dense_and_agrees():
    rng = np.random.default_rng(1)
    for d in (1, 2, 3, 7):
        f = RotatedQuadratic(random_symmetric(rng, d))
        res = pg.min_eigen(f, np.zeros(d))
        assert res.method == "dense"
        assert res.value == pytest.approx(np.linalg.eigvalsh(f.A)[0], abs=1e-12)


def test_min_eigen_degenerate_and_known_vector():
    # PSD Hessian with an exact zero eigenvalue: the shift keeps the tolerance meaningful.
    rng = np.random.default_rng(2)
    d = 60
    Q = ortho_group.rvs(d, random_state=3)
    lam = np.concatenate([[0.0], rng.uniform(0.5, 2.0, d - 1)])
    f = RotatedQuadratic(Q @ np.diag(lam) @ Q.T)
    res = pg.min_eigen(f, np.zeros(d))
    assert abs(res.value) < 1e-8
    assert abs(abs(res.vector @ Q[:, 0]) - 1.0) < 1e-8


def test_min_eigen_from_callables_finite_differences():
    rng = np.random.default_rng(4)
    d = 30
    A = random_symmetric(rng, d)
    f = pg.Objective.from_callables(lambda x: 0.5 * x @ A @ x, lambda x: A @ x, dim=d)
    res = pg.min_eigen(f, rng.standard_normal(d))
    assert res.value == pytest.approx(np.linalg.eigvalsh(A)[0], abs=1e-6)


def test_min_eigen_large_quadratic_without_hessian():
    d = 20_000
    lam = np.linspace(0.1, 1.0, d)
    lam[1234] = -0.3
    f = pg.QuadraticSaddle(lam)
    res = pg.min_eigen(f, np.zeros(d))
    assert res.value == pytest.approx(-0.3, abs=1e-9)
    assert abs(res.vector[1234]) == pytest.approx(1.0, abs=1e-8)


def test_hessian_spectrum_dense_and_hvp_fallback():
    rng = np.random.default_rng(5)
    A = random_symmetric(rng, 6)
    spec = pg.hessian_spectrum(RotatedQuadratic(A), np.zeros(6))  # no _hess: built from hvp
    w, V = np.linalg.eigh(A)
    np.testing.assert_allclose(spec.eigenvalues, w, atol=1e-12)
    np.testing.assert_allclose(A @ spec.eigenvectors, spec.eigenvectors * spec.eigenvalues, atol=1e-12)
    assert spec.min == w[0] and spec.max == w[-1]
    spec = pg.hessian_spectrum(pg.DoubleWell(), [0.5, 3.0])
    np.testing.assert_allclose(spec.eigenvalues, [-0.25, 1.0])
    assert "HessianSpectrum" in repr(spec)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call",
    [
        lambda: pg.min_eigen(pg.DoubleWell(), [0.0, 0.0], tol=0.0),
        lambda: pg.min_eigen(pg.DoubleWell(), [0.0, 0.0], method="power"),
        lambda: pg.min_eigen(pg.DoubleWell(), [0.0, 0.0], method="lanczos"),
        lambda: pg.min_eigen(pg.DoubleWell(), [[0.0, 0.0], [1.0, 0.0]]),
        lambda: pg.min_eigen(pg.QuadraticSaddle(np.ones(20)), np.zeros(20), maxiter=0),
        lambda: pg.min_eigen(pg.QuadraticSaddle(np.ones(20)), np.zeros(20), seed=None),
        lambda: pg.hessian_spectrum(pg.DoubleWell(), [0.0, 0.0, 0.0]),
        lambda: pg.hessian_spectrum(pg.DoubleWell(), [np.nan, 0.0]),
        lambda: pg.hessian_spectrum(pg.QuadraticSaddle(np.ones(5000)), np.zeros(5000)),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises((TypeError, ValueError)):  # TypeError for a wrong type (seed=None, T=2.5, f)
        call()
