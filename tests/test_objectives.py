"""Tests for pgdlib.objectives: derivatives, batches, critical points, the octopus, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pgdlib as pg
from pgdlib.objectives import (
    DerivativeCheck,
    MatrixFactorization,
    Octopus,
    check_gradient,
    check_hessian,
    check_hvp,
    octopus_g1,
    octopus_g2,
    octopus_nu,
)

RTOL, ATOL = 1e-5, 1e-6


# -- test functions for from_callables ------------------------------------------------
def _wavy_value(x: np.ndarray) -> float:
    return float(np.sum(np.cos(x)) + x[0] * x[1] ** 2 + 0.1 * x[2] ** 4)


def _wavy_grad(x: np.ndarray) -> np.ndarray:
    g = -np.sin(x)
    g[0] += x[1] ** 2
    g[1] += 2.0 * x[0] * x[1]
    g[2] += 0.4 * x[2] ** 3
    return g


def _wavy_hess(x: np.ndarray) -> np.ndarray:
    H = np.diag(-np.cos(x))
    H[0, 1] += 2.0 * x[1]
    H[1, 0] += 2.0 * x[1]
    H[1, 1] += 2.0 * x[0]
    H[2, 2] += 1.2 * x[2] ** 2
    return H


def _symmetric(m: int, seed: int) -> np.ndarray:
    A = np.random.default_rng(seed).normal(size=(m, m))
    return A + A.T


# -- points where each objective is defined ----------------------------------------------
def octopus_points(f: Octopus, rng: np.random.Generator, n: int, margin: float = 0.05) -> np.ndarray:
    """Random points of the octopus domain, every tube and both pieces, away from its edges."""
    tau, d = f.tau, f.dim
    X = np.empty((n, d))
    for row in range(n):
        i = rng.integers(0, d + 1)  # 0-based tube; d is the bowl
        for j in range(d):
            if j < i:
                mag = rng.uniform(2.0 + margin, 6.0 - margin) * tau
            elif j == i:
                mag = rng.uniform(0.0, 2.0 - margin) * tau
            else:
                mag = rng.uniform(0.0, 1.0 - margin) * tau
            X[row, j] = rng.choice([-1.0, 1.0]) * mag
    assert np.all(f.contains(X))
    return X


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


def test_finite_difference_hessian_of_callables_matches_the_true_one():
    f = pg.Objective.from_callables(_wavy_value, _wavy_grad, dim=3)
    for x in np.random.default_rng(0).normal(size=(5, 3)):
        np.testing.assert_allclose(f.hess(x), _wavy_hess(x), atol=1e-7)


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


# -- the octopus ----------------------------------------------------------------------------------
OCTOPUS_PARAMS = [dict(), dict(L=3.0, gamma=0.5, tau=1.5), dict(L=1.0, gamma=4.0, tau=0.7)]


@pytest.mark.parametrize("params", OCTOPUS_PARAMS)
def test_octopus_splines_satisfy_the_joining_conditions(params):
    f = Octopus(3, **params)
    L, gamma, tau = f.L, f.gamma, f.tau
    g1 = octopus_g1(np.array([tau, 2.0 * tau]), L, gamma, tau)
    g2 = octopus_g2(np.array([tau, 2.0 * tau]), L, gamma, tau)
    # at tau: the saddle's -gamma a^2 and the wall L b^2;
    # at 2 tau: the bowl L (a - 4 tau)^2 - nu and the next saddle's -gamma b^2
    np.testing.assert_allclose([g[0] for g in g1], [-gamma * tau**2, -2.0 * gamma * tau, -2.0 * gamma])
    np.testing.assert_allclose(
        [g[1] for g in g1], [4.0 * L * tau**2 - f.nu, -4.0 * L * tau, 2.0 * L], rtol=1e-12
    )
    np.testing.assert_allclose([g[0] for g in g2], [L, 0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose([g[1] for g in g2], [-gamma, 0.0, 0.0], atol=1e-12)
    assert f.nu == pytest.approx(13.0 / 6.0 * gamma * tau**2 + 37.0 / 6.0 * L * tau**2)
    assert octopus_nu(L, gamma, tau) == f.nu


def test_octopus_spline_coefficients_follow_from_hermite_conditions():
    """Solve the joining conditions for the free coefficients and compare with the paper's splines."""
    L, gamma, tau = 2.0, 1.3, 0.9
    # g1 = -gamma a^2 + p (a - tau)^3 + q (a - tau)^4: slope -4 L tau and curvature 2 L at 2 tau
    A = np.array([[3.0 * tau**2, 4.0 * tau**3], [6.0 * tau, 12.0 * tau**2]])
    p, q = np.linalg.solve(A, [-4.0 * L * tau + 4.0 * gamma * tau, 2.0 * L + 2.0 * gamma])
    # g2: quintic with g2(tau) = L, g2(2 tau) = -gamma, first and second derivatives 0 at both ends
    rows, rhs = [], []
    for a, value in ((tau, L), (2.0 * tau, -gamma)):
        rows += [[a**k for k in range(6)], [k * a ** (k - 1) if k else 0.0 for k in range(6)]]
        rows += [[k * (k - 1) * a ** (k - 2) if k > 1 else 0.0 for k in range(6)]]
        rhs += [value, 0.0, 0.0]
    c = np.linalg.solve(np.array(rows), rhs)
    a = np.linspace(tau, 2.0 * tau, 11)
    g1 = -gamma * a**2 + p * (a - tau) ** 3 + q * (a - tau) ** 4
    np.testing.assert_allclose(octopus_g1(a, L, gamma, tau)[0], g1)
    np.testing.assert_allclose(octopus_g2(a, L, gamma, tau)[0], np.polyval(c[::-1], a), atol=1e-10)


@pytest.mark.parametrize("params", OCTOPUS_PARAMS)
@pytest.mark.parametrize("d", [2, 3, 6])
def test_octopus_continuous_across_tau_and_two_tau(d, params):
    f = Octopus(d, **params)
    tau, rng, eps = f.tau, np.random.default_rng(d), 1e-9
    for i in range(d):
        for boundary in (tau, 2.0 * tau):
            x = octopus_points(f, rng, 1)[0]
            x[:i] = rng.choice([-1.0, 1.0], size=i) * rng.uniform(2.2, 5.8, size=i) * tau
            x[i + 1 :] = rng.uniform(-0.9, 0.9, size=d - i - 1) * tau
            sign = rng.choice([-1.0, 1.0])
            lo, hi = x.copy(), x.copy()
            lo[i], hi[i] = sign * (boundary - eps), sign * (boundary + eps)
            assert f.tube_index(lo) == i + 1
            assert f.tube_index(hi) == (i + 1 if boundary == tau else i + 2)
            scale = f.smoothness * 4.0 * eps
            assert abs(f.value(hi) - f.value(lo)) <= 10.0 * tau * scale
            np.testing.assert_allclose(f.grad(hi), f.grad(lo), atol=scale)
            np.testing.assert_allclose(f.hess(hi), f.hess(lo), atol=f.hessian_lipschitz * 4.0 * eps + 1e-9)


@pytest.mark.parametrize("params", OCTOPUS_PARAMS)
@pytest.mark.parametrize("d", [2, 4, 10])
def test_octopus_saddles_and_minimum_where_the_paper_says(d, params):
    f = Octopus(d, **params)
    L, gamma, tau = f.L, f.gamma, f.tau
    points = f.critical_points
    assert len(points) == d + 1
    for i, p in enumerate(points[:d], start=1):
        expected = np.r_[np.full(i - 1, 4.0 * tau), np.zeros(d - i + 1)]
        np.testing.assert_array_equal(p.x, expected)
        np.testing.assert_array_equal(f.saddle(i), expected)
        assert p.kind == "strict saddle" and not p.is_global_min
        assert f.value(p.x) == pytest.approx(-(i - 1) * f.nu)
        np.testing.assert_array_equal(f.grad(p.x), 0.0)
        H = f.hess(p.x)
        np.testing.assert_allclose(H, np.diag(np.where(np.arange(d) == i - 1, -2.0 * gamma, 2.0 * L)))
        np.testing.assert_allclose(np.linalg.eigvalsh(H), [-2.0 * gamma] + [2.0 * L] * (d - 1))
    minimum = points[-1]
    np.testing.assert_array_equal(minimum.x, np.full(d, 4.0 * tau))
    assert minimum.kind == "local minimum" and minimum.is_global_min
    assert f.value(minimum.x) == pytest.approx(f.f_min) and f.f_min == pytest.approx(-d * f.nu)
    np.testing.assert_allclose(np.linalg.eigvalsh(f.hess(minimum.x)), [2.0 * L] * d)
    # mirror images are critical points of the same kind
    signs = np.random.default_rng(0).choice([-1.0, 1.0], size=d)
    assert f.value(signs * minimum.x) == pytest.approx(f.f_min)
    np.testing.assert_array_equal(f.grad(signs * f.saddle(d)), 0.0)


def test_octopus_d1_has_a_local_maximum_and_two_minima():
    f = Octopus(1)
    assert [p.kind for p in f.critical_points] == ["local maximum", "local minimum"]
    assert f.value([-4.0 * f.tau]) == pytest.approx(f.f_min)


def test_octopus_has_no_other_critical_points_in_the_bends():
    f = Octopus(3)
    a = np.linspace(f.tau, 2.0 * f.tau, 2001)
    assert np.all(octopus_g1(a, f.L, f.gamma, f.tau)[1] < 0.0)
    assert np.all(octopus_g2(a, f.L, f.gamma, f.tau)[1] <= 0.0)


@pytest.mark.parametrize("params", OCTOPUS_PARAMS)
def test_octopus_constants_bound_hessian_and_its_variation(params):
    f = Octopus(4, **params)
    rng = np.random.default_rng(11)
    X = octopus_points(f, rng, 400, margin=0.0)
    norms = np.linalg.norm(f.hess(X), ord=2, axis=(1, 2))
    assert norms.max() <= f.smoothness * (1.0 + 1e-9)
    assert norms.max() >= 0.5 * f.smoothness  # the stated constant is not wildly loose
    Y = X + 1e-3 * f.tau * rng.uniform(-1.0, 1.0, size=X.shape)
    keep = f.contains(Y)
    dH = np.linalg.norm(f.hess(Y[keep]) - f.hess(X[keep]), ord=2, axis=(1, 2))
    dx = np.linalg.norm(Y[keep] - X[keep], axis=1)
    assert np.all(dH <= f.hessian_lipschitz * dx * (1.0 + 1e-6) + 1e-10)
    dg = np.linalg.norm(f.grad(Y[keep]) - f.grad(X[keep]), axis=1)
    assert np.all(dg <= f.smoothness * dx * (1.0 + 1e-9))


def test_octopus_constants_scale_as_stated():
    a, b = Octopus(3, tau=1.0), Octopus(3, tau=2.0)
    assert a.smoothness == pytest.approx(b.smoothness)
    assert a.hessian_lipschitz == pytest.approx(2.0 * b.hessian_lipschitz)
    assert Octopus(3).smoothness >= 2.0 * np.e


def test_octopus_outside_its_domain():
    f = Octopus(3)
    tau = f.tau
    outside = np.array(
        [
            [0.5, 1.5 * tau, 0.0],  # a waiting coordinate beyond tau
            [6.5 * tau, 0.0, 0.0],  # a settled coordinate beyond 6 tau
            [1.5 * tau, 0.5, 1.2 * tau],  # beyond tau two places after the bend
            [7.0 * tau, 3.0 * tau, 3.0 * tau],  # the bowl ends at 6 tau
        ]
    )
    inside = np.array([[0.1, 0.2, -0.3], [-4.0 * tau, 1.9 * tau, 0.9 * tau]])
    assert not np.any(f.contains(outside)) and np.all(f.contains(inside))
    np.testing.assert_array_equal(f.tube_index(outside), 0)
    np.testing.assert_array_equal(f.tube_index(inside), [1, 2])
    X = np.vstack([inside, outside])
    values = f.value(X)
    assert np.all(np.isfinite(values[:2])) and np.all(values[2:] == np.inf)
    assert np.all(np.isfinite(f.grad(X)[:2])) and np.all(np.isnan(f.grad(X)[2:]))
    assert np.all(np.isnan(f.hess(X)[2:])) and np.all(np.isnan(f.hvp(X, X)[2:]))
    strict = Octopus(3, outside="raise")
    np.testing.assert_array_equal(strict.value(inside), f.value(inside))
    for method in (strict.value, strict.grad, strict.hess):
        with pytest.raises(ValueError, match="outside the octopus domain"):
            method(outside[0])
    with pytest.raises(ValueError, match="outside"):
        strict.value(X)


@settings(max_examples=60, deadline=None)
@given(
    d=st.integers(2, 5),
    tube=st.integers(0, 5),
    at=st.floats(0.0, 1.95).filter(lambda a: abs(a - 1.0) > 1e-4),  # not on the bend's start, where
    seed=st.integers(0, 2**16),                                         # the third derivative jumps
)
def test_octopus_gradient_property(d, tube, at, seed):
    f = Octopus(d)
    rng = np.random.default_rng(seed)
    i = min(tube, d)
    x = rng.uniform(-0.95, 0.95, size=d) * f.tau
    x[:i] = rng.choice([-1.0, 1.0], size=i) * rng.uniform(2.05, 5.95, size=i) * f.tau
    if i < d:
        x[i] = at * f.tau
    assert f.contains(x)
    assert check_gradient(f, x).ok(rtol=RTOL, atol=ATOL)
    assert check_hessian(f, x).ok(rtol=RTOL, atol=1e-5)


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


# -- the derivative checks --------------------------------------------------------------------------
def test_check_gradient_catches_a_wrong_gradient():
    wrong = pg.Objective.from_callables(_wavy_value, lambda x: 1.1 * _wavy_grad(x), dim=3)
    check = check_gradient(wrong, [0.3, -0.7, 1.1])
    assert isinstance(check, DerivativeCheck) and not check.ok()
    assert check.rel_error > 0.05
    bad_hess = pg.Objective.from_callables(_wavy_value, _wavy_grad, lambda x: _wavy_hess(x).T * 0.5, dim=3)
    assert not check_hessian(bad_hess, [0.3, -0.7, 1.1]).ok()
    assert not check_hvp(bad_hess, [0.3, -0.7, 1.1], [1.0, 0.0, 0.0]).ok()


def test_derivative_check_repr_and_zero_gradient():
    check = check_gradient(pg.DoubleWell(), [0.0, 0.0])
    assert check.rel_error == 0.0 and check.abs_error == 0.0 and check.ok()
    text = repr(check_gradient(pg.DoubleWell(), [0.5, 1.0]))
    assert text.startswith("DerivativeCheck(grad: rel_error=") and "h=1e-06" in text
    with pytest.raises(Exception):  # noqa: B017 - frozen dataclass
        check.h = 1.0  # type: ignore[misc]


def test_derivative_checks_reject_bad_input():
    f = pg.DoubleWell()
    with pytest.raises(ValueError, match="one point"):
        check_gradient(f, np.zeros((3, 2)))
    with pytest.raises(ValueError, match="h"):
        check_gradient(f, [0.0, 0.0], h=0.0)
    with pytest.raises(ValueError, match="h"):
        check_hessian(f, [0.0, 0.0], h=-1.0)
    with pytest.raises(ValueError, match="v"):
        check_hvp(f, [0.0, 0.0], np.ones((2, 2)))
    with pytest.raises(TypeError, match="Objective"):
        check_gradient(lambda x: x, [0.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not finite"):
        check_gradient(Octopus(2), [0.0, 1.5 * np.e])  # outside the octopus


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


@pytest.mark.parametrize("seed", range(12))
def test_quadratic_closed_form_escape_steps_equal_the_stepped_path(seed):
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 6))
    lam = np.r_[-rng.uniform(0.05, 3.0), rng.choice([0.0, 0.5, 1.0, 1.5], size=d)]
    f = pg.QuadraticSaddle(lam)
    eta = float(rng.choice([0.05, 0.2, 0.5])) if lam.max() * 0.5 < 2 else 0.5 / lam.max()
    X = rng.normal(size=(40, lam.size)) * 10.0 ** rng.uniform(-6, 0, size=(40, 1))
    for target, bound in ((-0.5, 1e10), (-1e3, 1e10), (-1e25, 1e10), (-2.0, 30.0), (0.1, 1e10)):
        closed = f.gd_escape_steps(X, eta=eta, target=target, steps=400, divergence_bound=bound)
        run = pg.gd(f, X, eta=eta, steps=400, target=target, record="final", divergence_bound=bound)
        steps, diverged = pg.escape_steps(run)
        assert np.array_equal(closed[0], steps), (target, bound)
        assert np.array_equal(closed[1], diverged), (target, bound)


def test_closed_forms_are_none_where_the_objective_has_none():
    assert pg.DoubleWell().gd_escape_steps([[0.1, 0.1]], eta=0.1, target=-0.1, steps=10) is None
    f = pg.QuadraticSaddle([-1.0, 3.0])
    assert f.gd_escape_steps([[0.1, 0.1]], eta=0.7, target=-0.1,
                             steps=10) is None  # eta * 3 >= 2: step instead
    with pytest.raises(ValueError, match="steps"):
        f.gd_escape_steps([[0.1, 0.1]], eta=0.1, target=-0.1, steps=-1)
