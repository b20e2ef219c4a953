"""Tests of :mod:`pgdlib.objectives.octopus`."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pgdlib.objectives import (
    Octopus,
    check_gradient,
    check_hessian,
    octopus_g1,
    octopus_g2,
    octopus_nu,
)

from ._helpers import ATOL, RTOL, octopus_points

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
