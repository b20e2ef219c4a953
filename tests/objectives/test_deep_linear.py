"""The scalar deep linear network: derivatives, the origin, the saddles, the minima, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.objectives import DeepLinear, check_gradient, check_hessian, check_hvp

DEPTHS = (2, 3, 4, 7)


def _loop_hessian(w: np.ndarray, y: float) -> np.ndarray:
    """The Hessian entry by entry with explicit products (slow, independent of the class)."""
    L = w.size
    p = np.prod(w)
    H = np.empty((L, L))
    for i in range(L):
        for j in range(L):
            qi = np.prod([w[k] for k in range(L) if k != i])
            qj = np.prod([w[k] for k in range(L) if k != j])
            both = np.prod([w[k] for k in range(L) if k not in (i, j)]) if i != j else 0.0
            H[i, j] = qi * qj + (p - y) * both
    return H


def _points(L: int, seed: int) -> np.ndarray:
    """Gaussian points, and points with one, two and three zero weights."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(9, L))
    X[6, 0] = 0.0
    X[7, [0, L - 1]] = 0.0
    X[8, : min(3, L)] = 0.0
    return X


# -- derivatives ----------------------------------------------------------------------------
@pytest.mark.parametrize("L", DEPTHS)
@pytest.mark.parametrize("target", [1.0, -2.5])
def test_derivatives_match_finite_differences(L, target):
    f = DeepLinear(L, target)
    rng = np.random.default_rng(L)
    for x in _points(L, L):
        assert check_gradient(f, x).ok(rtol=1e-6, atol=1e-8), (x, check_gradient(f, x))
        assert check_hessian(f, x).ok(rtol=1e-6, atol=1e-7), (x, check_hessian(f, x))
        assert check_hvp(f, x, rng.normal(size=L)).ok(rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("L", DEPTHS)
def test_prefix_suffix_products_equal_explicit_products(L):
    f = DeepLinear(L, 0.7)
    X = _points(L, 100 + L)
    np.testing.assert_allclose(f.hess(X), [_loop_hessian(x, 0.7) for x in X], rtol=1e-12, atol=1e-14)
    q = [[np.prod(np.delete(x, i)) for i in range(L)] for x in X]
    np.testing.assert_allclose(f.grad(X), (np.prod(X, axis=1) - 0.7)[:, None] * np.array(q), atol=1e-14)
    np.testing.assert_allclose(f.value(X), 0.5 * (np.prod(X, axis=1) - 0.7) ** 2)
    np.testing.assert_allclose(f.product(X), np.prod(X, axis=1))


def test_batch_follows_single_points():
    f = DeepLinear(4)
    X = _points(4, 1)
    np.testing.assert_array_equal(f.grad(X), [f.grad(x) for x in X])
    np.testing.assert_array_equal(f.hess(X), [f.hess(x) for x in X])
    assert isinstance(f.value(X[0]), float) and f.value(X).shape == (X.shape[0],)
    assert isinstance(f.product(X[0]), float)


# -- the origin --------------------------------------------------------------------------------
def test_origin_depth_two_is_a_strict_saddle_with_eigenvalues_plus_minus_one():
    f = DeepLinear(2)
    np.testing.assert_array_equal(f.grad(np.zeros(2)), [0.0, 0.0])
    np.testing.assert_array_equal(f.hess(np.zeros(2)), [[0.0, -1.0], [-1.0, 0.0]])
    c = pg.classify_point(f, np.zeros(2))
    assert c.verdict == "strict saddle"
    np.testing.assert_allclose(c.eigenvalues, [-1.0, 1.0])
    # with target y the off-diagonal entry is -y
    np.testing.assert_array_equal(DeepLinear(2, 3.0).hess(np.zeros(2)), [[0.0, -3.0], [-3.0, 0.0]])


@pytest.mark.parametrize("L", [3, 4, 7])
def test_origin_deeper_is_a_degenerate_saddle_with_zero_hessian(L):
    f = DeepLinear(L)
    np.testing.assert_array_equal(f.hess(np.zeros(L)), np.zeros((L, L)))
    assert pg.classify_point(f, np.zeros(L)).verdict == "degenerate"
    # and it is no minimum: f drops below f(0) = 1/2 along t (1, ..., 1)
    t = 0.1
    assert f.value(np.full(L, t)) < f.value(np.zeros(L)) == 0.5


def test_two_zero_weights_make_a_strict_saddle_three_a_degenerate_one():
    f = DeepLinear(4, 2.0)
    two = np.array([0.0, 1.5, 0.0, -0.5])
    c = pg.classify_point(f, two)
    assert c.verdict == "strict saddle"
    # eigenvalues +-|y * prod of the nonzero weights| = +-1.5, and zeros
    np.testing.assert_allclose(c.eigenvalues, [-1.5, 0.0, 0.0, 1.5], atol=1e-15)
    assert pg.classify_point(f, np.array([0.0, 0.0, 0.0, 0.8])).verdict == "degenerate"
    # one zero weight is not critical
    assert pg.classify_point(f, np.array([0.0, 1.0, 1.0, 1.0])).verdict == "not stationary"


@pytest.mark.parametrize("L", DEPTHS)
@pytest.mark.parametrize("target", [1.0, -0.3])
def test_listed_critical_points(L, target):
    f = DeepLinear(L, target)
    kinds = [p.kind for p in f.critical_points]
    assert kinds == (["strict saddle", "local minimum"] if L == 2 else
                     ["degenerate", "strict saddle", "local minimum"])
    for p in f.critical_points:
        assert np.linalg.norm(f.grad(p.x)) <= 1e-15
        verdict = pg.classify_point(f, p.x).verdict
        # the minima form a surface: rank-one Hessian, so the second-order test says 'degenerate'
        assert verdict == ("degenerate" if p.kind == "local minimum" else p.kind)
        if p.is_global_min:
            assert f.value(p.x) == pytest.approx(f.f_min, abs=1e-15)
            assert f.product(p.x) == pytest.approx(target, rel=1e-12)


# -- the global minima --------------------------------------------------------------------------
@pytest.mark.parametrize("L", DEPTHS)
def test_every_point_with_product_equal_to_the_target_is_a_global_minimum(L):
    y = -1.7
    f = DeepLinear(L, y)
    rng = np.random.default_rng(L)
    W = rng.uniform(0.5, 2.0, size=(20, L)) * rng.choice([-1.0, 1.0], size=(20, L))
    W[:, -1] = y / np.prod(W[:, :-1], axis=1)  # put every row on {w_1 ... w_L = y}
    np.testing.assert_allclose(f.value(W), 0.0, atol=1e-28)
    np.testing.assert_allclose(f.grad(W), 0.0, atol=1e-14)
    for w in W:
        eig = np.linalg.eigvalsh(f.hess(w))
        q = y / w  # leave-one-out products on the minimum set
        assert eig[-1] == pytest.approx(q @ q, rel=1e-10)  # the Hessian is q q^T: rank one
        np.testing.assert_allclose(eig[:-1], 0.0, atol=1e-10 * (q @ q))
    # everywhere else f > 0 = f_min
    X = rng.normal(size=(200, L))
    assert np.all(f.value(X) > f.f_min)


def test_gradient_descent_from_near_the_strict_saddle_reaches_the_minimum_set():
    f = DeepLinear(2)
    run = pg.gd(f, np.array([1e-3, 2e-3]), eta=0.1, steps=400, record="final")
    assert f.product(run.x) == pytest.approx(1.0, abs=1e-8)


# -- constants -----------------------------------------------------------------------------------
@pytest.mark.parametrize("L", [2, 3, 5])
def test_constants_bound_the_hessian_and_its_variation_on_the_cube(L):
    f = DeepLinear(L, -0.8, bound=1.2)
    rng = np.random.default_rng(L)
    X = rng.uniform(-1.2, 1.2, size=(400, L))
    X[:10] = 1.2 * rng.choice([-1.0, 1.0], size=(10, L))  # corners, where the bounds are nearly tight
    norms = np.linalg.norm(f.hess(X), ord=2, axis=(1, 2))
    assert norms.max() <= f.smoothness * (1 + 1e-12)  # attained at some corners
    assert norms.max() >= 0.5 * f.smoothness  # not uselessly loose
    Y = X - 1e-3 * np.sign(X) * rng.uniform(0.1, 1.0, size=X.shape)  # a nearby point inside the cube
    ratio = np.linalg.norm(f.hess(X) - f.hess(Y), ord=2, axis=(1, 2)) / np.linalg.norm(X - Y, axis=1)
    assert ratio.max() <= f.hessian_lipschitz


# -- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(depth=1), "depth"),
        (dict(depth=2.0), "depth"),
        (dict(depth=True), "depth"),
        (dict(depth=3, target=0.0), "target"),
        (dict(depth=3, target=np.nan), "target"),
        (dict(depth=3, target="1"), "target"),
        (dict(depth=3, bound=0.0), "bound"),
        (dict(depth=3, bound=np.inf), "bound"),
    ],
)
def test_bad_constructor_arguments_raise(kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):  # TypeError for a wrong type
        DeepLinear(**kwargs)


def test_bad_points_raise():
    f = DeepLinear(3)
    for bad in (np.zeros(2), np.zeros((2, 4)), np.zeros((1, 2, 3))):
        for method in (f.value, f.grad, f.hess, f.product):
            with pytest.raises(ValueError, match="shape"):
                method(bad)
    with pytest.raises(ValueError, match="finite"):
        f.grad([0.0, np.nan, 1.0])


def test_exported_and_used_by_the_chapter_8_figures():
    from pgdlib.viz import ml

    assert pg.DeepLinear is DeepLinear and "DeepLinear" in pg.__all__
    problems = ml.ml_problems()
    assert isinstance(problems["deep linear, depth 3"][0], DeepLinear)
    assert repr(DeepLinear(3)) == "DeepLinear(depth=3, target=1)"
