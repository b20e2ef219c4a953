"""Tests of :mod:`pgdlib.objectives.matrix_factorization`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib.objectives as objectives
from pgdlib.objectives import (
    MatrixFactorization,
)

from ._helpers import _symmetric


def test_matrix_factorization_origin_label():
    MF = getattr(objectives, "MatrixFactorization", None)
    if MF is None:
        pytest.skip("MatrixFactorization not in pgdlib.objectives")
    f = MF(np.diag([3.0, 1.0]), 1)
    kinds = [cp.kind for cp in f.critical_points if not np.any(cp.x)]
    assert kinds == ["local maximum"]


# -- matrix factorisation -----------------------------------------------------------------------
def test_matrix_factorization_formulas():
    M = _symmetric(3, 5)
    f = MatrixFactorization(M, 2)
    U = np.random.default_rng(2).normal(size=(3, 2))
    x = U.ravel()
    np.testing.assert_array_equal(f.to_matrix(x), U)
    assert f.value(x) == pytest.approx(0.25 * np.linalg.norm(U @ U.T - M) ** 2)
    np.testing.assert_allclose(f.grad(x), ((U @ U.T - M) @ U).ravel())
    assert f.dim == 6 and f.region.startswith("||U||_F <=")


def test_matrix_factorization_critical_points_of_a_pca_problem():
    lam = np.array([5.0, 3.0, 2.0, -1.0])
    Q = np.linalg.qr(np.random.default_rng(0).normal(size=(4, 4)))[0]
    f = MatrixFactorization(Q @ np.diag(lam) @ Q.T, 2)
    points = f.critical_points
    assert len(points) == 1 + 3 + 3  # subsets of {5, 3, 2} of size <= 2
    minima = [p for p in points if p.is_global_min]
    assert len(minima) == 1
    U = f.to_matrix(minima[0].x)
    np.testing.assert_allclose(U @ U.T, Q[:, :2] @ np.diag(lam[:2]) @ Q[:, :2].T, atol=1e-12)
    assert f.f_min == pytest.approx(0.25 * (2.0**2 + 1.0**2))
    origin = points[0]
    np.testing.assert_array_equal(origin.x, 0.0)
    assert origin.kind == "strict saddle"
    assert np.linalg.eigvalsh(f.hess(origin.x))[0] == pytest.approx(-5.0)
    # rotating a critical point keeps it critical
    R = np.array([[np.cos(0.3), -np.sin(0.3)], [np.sin(0.3), np.cos(0.3)]])
    assert np.linalg.norm(f.grad((U @ R).ravel())) < 1e-12
    # gradient descent from a random start ends at the global minimum value
    x = 0.1 * np.random.default_rng(1).normal(size=f.dim)
    for _ in range(3000):
        x = x - 0.02 * f.grad(x)
    assert f.value(x) == pytest.approx(f.f_min, abs=1e-8)


def test_matrix_factorization_origin_is_a_local_maximum_for_positive_definite_m():
    for M, r in ((np.diag([3.0, 1.0]), 1), (np.diag([3.0, 2.0, 1.0]), 2)):
        f = MatrixFactorization(M, r)
        (origin,) = [p for p in f.critical_points if not np.any(p.x)]
        assert origin.kind == "local maximum"
        np.testing.assert_allclose(np.linalg.eigvalsh(f.hess(origin.x)), np.sort(np.repeat(-np.diag(M), r)))
        others = [p.kind for p in f.critical_points if np.any(p.x) and not p.is_global_min]
        assert others and set(others) == {"strict saddle"}
    # a singular M >= 0: no longer a maximum, f grows along the null direction of M
    f = MatrixFactorization(np.diag([2.0, 0.0]), 1)
    assert f.critical_points[0].kind == "strict saddle"
    assert f.value([0.0, 0.1]) > f.value([0.0, 0.0]) > f.value([0.1, 0.0])


def test_matrix_factorization_caps_the_enumeration():
    f = MatrixFactorization(np.diag(np.arange(1.0, 13.0)), 4, max_critical_points=20)
    points = f.critical_points
    assert len(points) == 1 + 12 + 1
    assert sum(p.is_global_min for p in points) == 1


def test_matrix_factorization_negative_definite_target():
    f = MatrixFactorization(-np.eye(3), 2)
    (origin,) = f.critical_points
    assert origin.kind == "local minimum" and origin.is_global_min
    assert f.f_min == pytest.approx(0.75)


def test_matrix_factorization_constants_on_the_ball():
    f = MatrixFactorization(_symmetric(4, 3), 2, radius=2.0)
    assert f.smoothness == pytest.approx(12.0 + np.linalg.norm(f.M, 2))
    assert f.hessian_lipschitz == pytest.approx(12.0)
    rng = np.random.default_rng(4)
    X = rng.normal(size=(200, f.dim))
    X *= (2.0 * rng.uniform(size=(200, 1)) ** (1 / f.dim)) / np.linalg.norm(X, axis=1, keepdims=True)
    assert np.linalg.norm(f.hess(X), ord=2, axis=(1, 2)).max() <= f.smoothness
    Y = 0.9 * X
    dH = np.linalg.norm(f.hess(X) - f.hess(Y), ord=2, axis=(1, 2))
    assert np.all(dH <= f.hessian_lipschitz * np.linalg.norm(X - Y, axis=1) + 1e-12)
