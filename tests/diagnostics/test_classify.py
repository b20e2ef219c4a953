"""Tests of :mod:`pgdlib.diagnostics.classify`."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import pgdlib as pg
import pgdlib.objectives as objectives
from pgdlib.objectives.base import Objective

# ---------------------------------------------------------------- classification


def _instances(cls):
    """Instances of an objective class to classify; new classes are tried with common signatures."""
    known = {
        "QuadraticSaddle": lambda: [
            cls(lam) for lam in ([1.0, -1.0], [2.0, 3.0, 0.5], [-1.0, -2.0], [-1.0, 0.0], [0.0, 4.0])
        ],
        "Octopus": lambda: [cls(d) for d in (1, 2, 4)],
        "MatrixFactorization": lambda: [
            cls(np.diag([3.0, 1.0]), 1),
            cls(np.diag([3.0, -1.0]), 1),
            cls(np.diag([3.0, 2.0, -1.0]), 2),
            cls(np.diag([3.0, 2.0, 1.0]), 2),
        ],
    }
    if cls.__name__ in known:
        return known[cls.__name__]()
    for args in ((), (2,), (3,)):
        try:
            return [cls(*args)]
        except TypeError:
            continue
    pytest.fail(f"add a constructor for {cls.__name__} to _instances")


OBJECTIVE_CLASSES = [
    obj
    for name in objectives.__all__
    if inspect.isclass(obj := getattr(objectives, name))
    and issubclass(obj, Objective)
    and obj is not Objective
]


def test_every_objective_class_is_covered():
    names = {cls.__name__ for cls in OBJECTIVE_CLASSES}
    assert {"QuadraticSaddle", "DoubleWell", "MonkeySaddle"} <= names


def _consistent(res, kind):
    """The verdict equals the known kind, or the second-order test is inconclusive and agrees in sign.

    A known kind can be a fact the test cannot see: the minima of a factorisation
    with rank >= 2 lie on a manifold of rotations, so their Hessian has zero
    eigenvalues and the verdict is ``'degenerate'``. Signs must still agree.
    """
    if res.verdict == kind:
        return True
    if res.verdict != "degenerate":
        return False
    lam, tol = res.eigenvalues, res.tol
    return {
        "local minimum": lam[0] >= -tol,
        "local maximum": lam[-1] <= tol,
        "strict saddle": lam[0] < -tol,
    }.get(kind, False)


@pytest.mark.parametrize("cls", OBJECTIVE_CLASSES, ids=lambda c: c.__name__)
def test_classify_point_on_every_known_critical_point(cls):
    checked = 0
    for f in _instances(cls):
        for cp in f.critical_points:
            res = pg.classify_point(f, cp.x)
            assert _consistent(res, cp.kind), (f, cp.x, cp.kind, res)
            assert res.grad_norm <= 1e-8
            checked += 1
    assert checked > 0


def test_matrix_factorization_origin_is_a_local_maximum_when_m_is_positive_definite():
    # f(U) = 1/4 ||U U^T - M||^2: the Hessian at U = 0 is -M (x) I_r, negative definite for M > 0
    MF = getattr(objectives, "MatrixFactorization", None)
    if MF is None:
        pytest.skip("MatrixFactorization not in pgdlib.objectives")
    for M, r in ((np.diag([3.0, 1.0]), 1), (np.diag([3.0, 2.0, 1.0]), 2)):
        res = pg.classify_point(MF(M, r), np.zeros(M.shape[0] * r))
        assert res.verdict == "local maximum"
        np.testing.assert_allclose(res.eigenvalues, np.sort(np.repeat(-np.diag(M), r)), atol=1e-12)


def test_classify_point_verdicts_and_eigenvalues():
    res = pg.classify_point(pg.MonkeySaddle(), [0.0, 0.0])
    assert res.verdict == "degenerate"  # not a minimum (errata item 8)
    np.testing.assert_allclose(res.eigenvalues, [0.0, 0.0])
    res = pg.classify_point(pg.DoubleWell(), [0.0, 0.0])
    assert res.verdict == "strict saddle"
    np.testing.assert_allclose(res.eigenvalues, [-1.0, 1.0])
    assert res.min_eigenvalue == -1.0
    # both signs prove a saddle even with a zero eigenvalue
    assert pg.classify_point(pg.QuadraticSaddle([1.0, -1.0, 0.0]), np.zeros(3)).verdict == "strict saddle"
    res = pg.classify_point(pg.DoubleWell(), [0.5, 0.0])
    assert res.verdict == "not stationary"
    assert res.grad_norm == pytest.approx(0.375)
    # a tolerance that swallows the gradient
    assert pg.classify_point(pg.DoubleWell(), [1e-3, 0.0], tol=1e-2).verdict == "strict saddle"
    assert set(pg.VERDICTS) == {
        "local minimum", "local maximum", "strict saddle", "degenerate", "not stationary"
    }


def test_is_second_order_stationary_threshold():
    f = pg.DoubleWell()  # rho = 9 on |x| <= 1.5; lambda_min(0) = -1: stationary iff sqrt(9 eps) >= 1
    assert f.hessian_lipschitz == 9.0
    assert pg.is_second_order_stationary(f, [0.0, 0.0], eps=0.12)
    assert not pg.is_second_order_stationary(f, [0.0, 0.0], eps=0.1)
    assert not pg.is_second_order_stationary(f, [0.0, 0.0], eps=0.1, rho=9.0)
    assert pg.is_second_order_stationary(f, [0.0, 0.0], eps=0.1, rho=10.1)
    assert pg.is_second_order_stationary(f, [1.0, 0.0], eps=1e-9)
    assert not pg.is_second_order_stationary(f, [1.1, 0.0], eps=0.2)  # ||grad|| = 0.231
    assert pg.is_second_order_stationary(f, [1.1, 0.0], eps=0.25)
    assert pg.is_second_order_stationary(pg.MonkeySaddle(), [0.0, 0.0], eps=1e-12)
    q = pg.QuadraticSaddle([1.0, -1e-3])  # rho = 0: needs lambda_min >= 0
    assert not pg.is_second_order_stationary(q, [0.0, 0.0], eps=1.0)


@pytest.mark.parametrize(
    "eigenvalues, kind",
    [([-1.0, 0.0, 1.0], "strict saddle"), ([0.0, 1.0], "degenerate"), ([0.0, -1.0], "degenerate"),
     ([-2.0, -1.0], "local maximum"), ([1.0, 2.0], "local minimum")],
)
def test_quadratic_saddle_label_agrees_with_classify_point(eigenvalues, kind):
    f = pg.QuadraticSaddle(eigenvalues)
    assert f.critical_points[0].kind == kind
    assert pg.classify_point(f, np.zeros(f.dim)).verdict == kind


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call",
    [
        lambda: pg.classify_point(pg.DoubleWell(), [0.0, 0.0], tol=-1.0),
        lambda: pg.is_second_order_stationary(pg.DoubleWell(), [0.0, 0.0], eps=0.0),
        lambda: pg.is_second_order_stationary(pg.DoubleWell(), [0.0, 0.0], eps=0.1, rho=-1.0),
        lambda: pg.is_second_order_stationary(
            pg.Objective.from_callables(lambda x: x @ x, lambda x: 2 * x, dim=2), [0.0, 0.0], eps=0.1
        ),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises((TypeError, ValueError)):  # TypeError for a wrong type (seed=None, T=2.5, f)
        call()
