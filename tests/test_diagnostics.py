"""Tests for pgdlib.diagnostics: every measurement against a case with a closed-form answer."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from scipy.stats import ortho_group

import pgdlib as pg
import pgdlib.objectives as objectives
from pgdlib.diagnostics.escape import NOT_ESCAPED, escape_time
from pgdlib.objectives import quadratic as quadratic_module
from pgdlib.objectives.base import Objective
from pgdlib.objectives.quadratic import QuadraticSaddle


class RotatedQuadratic(Objective):
    """Test-only ``f(x) = 1/2 x^T A x`` for a symmetric ``A``; Hessian-vector products only."""

    name = "rotated quadratic"

    def __init__(self, A: np.ndarray) -> None:
        self.A = 0.5 * (A + A.T)
        self.dim = A.shape[0]
        self.smoothness = float(np.max(np.abs(np.linalg.eigvalsh(self.A))))
        self.hessian_lipschitz = 0.0

    def _value(self, X):
        return 0.5 * np.einsum("ni,ij,nj->n", X, self.A, X)

    def _grad(self, X):
        return X @ self.A

    def _hvp(self, X, V):
        return V @ self.A


def random_symmetric(rng, d):
    G = rng.standard_normal((d, d))
    return (G + G.T) / np.sqrt(2 * d)


def quadratic_iterates(lam, x0, eta, T):
    """Closed-form gradient descent on 1/2 sum lam_i x_i^2: x_t = (1 - eta lam)^t x0, shape (T+1, ..., d)."""
    t = np.arange(T + 1).reshape((-1,) + (1,) * np.ndim(x0))
    return (1.0 - eta * lam) ** t * x0


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


def test_matrix_factorization_origin_label():
    MF = getattr(objectives, "MatrixFactorization", None)
    if MF is None:
        pytest.skip("MatrixFactorization not in pgdlib.objectives")
    f = MF(np.diag([3.0, 1.0]), 1)
    kinds = [cp.kind for cp in f.critical_points if not np.any(cp.x)]
    assert kinds == ["local maximum"]


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


# ---------------------------------------------------------------- descent lemma, Corollary 1


def test_descent_lemma_closed_form_on_quadratic():
    lam = np.array([2.0, -0.5, 1.0])
    f = pg.QuadraticSaddle(lam)
    x0 = np.array([1.0, 0.01, -2.0])
    eta, T = 0.5, 15  # eta = 1/ell
    m = pg.measure_descent(f, x0, eta=eta, steps=T)
    X = quadratic_iterates(lam, x0, eta, T)
    fx = 0.5 * np.sum(lam * X**2, axis=1)
    np.testing.assert_allclose(m.decrease, fx[:-1] - fx[1:], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(m.grad_bound, 0.5 * eta * np.sum((lam * X[:-1]) ** 2, axis=1), rtol=1e-12)
    np.testing.assert_allclose(m.step_bound, m.grad_bound, rtol=1e-10)  # x_{t+1} - x_t = -eta grad
    assert m.guaranteed and m.holds and not m.diverged
    assert m.steps.tolist() == list(range(T))


def test_descent_lemma_fails_beyond_one_over_ell():
    f = pg.QuadraticSaddle([1.0, -0.1])
    m = pg.measure_descent(f, [1.0, 0.0], eta=1.9, steps=5)
    # decrease / bound = 2 - eta * lambda = 0.1 along the positive direction
    np.testing.assert_allclose(m.decrease / m.grad_bound, 0.1, rtol=1e-9)
    assert not m.guaranteed
    assert not m.holds and not m.holds_grad.any()
    assert "failing" in repr(m)


def test_descent_measurement_reports_divergence():
    f = pg.QuadraticSaddle([1.0, -1.0])
    m = pg.measure_descent(f, [0.0, 1.0], eta=1.0, steps=100)  # x_2 doubles each step
    assert m.diverged and m.steps.size < 100
    assert np.all(np.isfinite(m.decrease))


# ---------------------------------------------------------------- Lemma 2, the trap


@pytest.mark.parametrize("lam", [[1.0, -0.2], [0.5, 2.0, -1.0]])
def test_trap_closed_form_on_quadratic(lam):
    lam = np.array(lam)
    f = pg.QuadraticSaddle(lam)
    rng = np.random.default_rng(6)
    X0 = rng.standard_normal((500, lam.size)) * 0.1
    eta = 1.0 / f.smoothness
    T = 30
    m = pg.measure_trap(f, X0, eta=eta, steps=T)
    assert (m.steps, m.eta) == (T, eta) and f"steps={T}," in repr(m)
    X = quadratic_iterates(lam, X0, eta, T)  # (T+1, n, d)
    disp = np.linalg.norm(X - X0, axis=2).max(axis=0)
    F = 0.5 * np.sum(lam * (1.0 - (1.0 - eta * lam) ** (2 * T)) * X0**2, axis=1)
    np.testing.assert_allclose(m.displacement, disp, rtol=1e-12)
    np.testing.assert_allclose(m.descent, F, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(m.bound, np.sqrt(2 * eta * T * F), rtol=1e-10)
    assert m.guaranteed and m.holds.all() and not m.diverged.any()
    assert np.all(m.ratio <= 1.0 + 1e-12)


def test_trap_holds_on_double_well_and_the_recorded_run_gives_the_same_answer():
    f = pg.DoubleWell()
    rng = np.random.default_rng(7)
    X0 = rng.uniform(-1.2, 1.2, (300, 2))
    eta = 1.0 / f.smoothness
    m = pg.measure_trap(f, X0, eta=eta, steps=40)  # streamed: nothing recorded per step
    assert m.holds.all()
    m2 = pg.trap_of(f, pg.gd(f, X0, eta=eta, steps=40, record="all"))
    for name in ("displacement", "descent", "bound", "diverged"):
        np.testing.assert_array_equal(getattr(m, name), getattr(m2, name))
    assert (m2.steps, m2.eta) == (40, eta)


def test_trap_of_measures_lemma_2_on_the_epochs_of_a_pgd_run():
    f = pg.DoubleWell()
    T, eta = 10, 1.0 / f.smoothness
    run = pg.perturbed_gd(f, [0.0, 0.0], eta=eta, radius=0.05, epoch=T, threshold=1e-4, steps=200, seed=3,
                          record="all")
    jumps = run.perturbation_steps
    assert jumps.size >= 1
    epochs = [0] + [int(j) + 1 for j in jumps if j + 1 + T <= int(run.n_steps)]
    for start in epochs:
        m = pg.trap_of(f, run, start=start, steps=T)
        X = run.iterates[start: start + T + 1]
        assert m.displacement[0] == pytest.approx(np.max(np.linalg.norm(X - X[0], axis=1)), rel=1e-12)
        assert m.holds[0]  # an epoch is T gradient steps from its start: Lemma 2 applies
    whole = pg.trap_of(f, run)
    assert whole.steps == int(run.n_steps)
    with pytest.raises(ValueError, match="record='all'"):
        pg.trap_of(f, pg.gd(f, [0.1, 0.0], eta=eta, steps=5, record="final"))
    with pytest.raises(ValueError, match="steps"):
        pg.trap_of(f, run, start=150, steps=100)
    with pytest.raises(TypeError, match="traj"):
        pg.trap_of(f, run.iterates)


def test_descent_of_skips_the_jumps_of_a_pgd_run():
    f = pg.DoubleWell()
    eta = 1.0 / f.smoothness
    run = pg.perturbed_gd(f, [0.0, 0.0], eta=eta, radius=0.05, epoch=10, threshold=1e-4, steps=150, seed=3,
                          record="all")
    m = pg.descent_of(f, run)
    assert run.perturbation_steps.size and not np.isin(run.perturbation_steps, m.steps).any()
    assert m.steps.size == int(run.n_steps) - run.perturbation_steps.size
    assert m.guaranteed and m.holds
    single = pg.measure_descent(f, [0.3, 1.0], eta=eta, steps=30)
    again = pg.descent_of(f, pg.gd(f, [0.3, 1.0], eta=eta, steps=30))
    for name in ("steps", "decrease", "grad_bound", "step_bound"):
        np.testing.assert_array_equal(getattr(single, name), getattr(again, name))
    with pytest.raises(ValueError, match="one start"):
        pg.descent_of(f, pg.gd(f, [[0.3, 1.0], [0.1, 0.1]], eta=eta, steps=3))
    with pytest.raises(ValueError, match="traj must be a run of one of"):
        pg.descent_of(f, pg.noisy_gd(f, [0.3, 1.0], eta=eta, sigma=0.1, steps=5, seed=0))


def test_repulsion_of_a_recorded_pair_equals_measure_repulsion():
    f = pg.QuadraticSaddle([1.0, -1.0])
    m = pg.measure_repulsion(f, np.zeros(2), eta=0.2, beta=0.01, steps=40)
    run = pg.gd(f, m.starts, eta=0.2, steps=40)
    again = pg.repulsion_of(f, run, np.zeros(2))
    np.testing.assert_allclose(again.distance, m.distance, rtol=1e-12)
    np.testing.assert_allclose(again.ratio, 1.0, rtol=1e-9)  # exact on a quadratic
    assert again.beta == pytest.approx(0.01) and again.delta == pytest.approx(1.0)
    exact = pg.repulsion_of(f, run, np.zeros(2), u=m.u, beta=m.beta)
    np.testing.assert_array_equal(exact.predicted, m.predicted)
    with pytest.raises(ValueError, match="two starts"):
        pg.repulsion_of(f, pg.gd(f, [0.0, 0.1], eta=0.2, steps=4), np.zeros(2))
    with pytest.raises(ValueError, match="negative curvature"):
        pg.repulsion_of(f, pg.gd(f, [[0.0, 0.0], [0.1, 0.0]], eta=0.2, steps=4), np.zeros(2))


def test_trap_can_fail_when_eta_too_large():
    f = pg.QuadraticSaddle([1.0, -0.1])
    m = pg.measure_trap(f, [1.0, 0.0], eta=1.99, steps=1)
    # oscillation: |x_1 - x_0| = 1.99, F = (1 - 0.99^2)/2, bound = sqrt(2 * 1.99 * F)
    assert m.displacement[0] == pytest.approx(1.99)
    assert m.bound[0] == pytest.approx(np.sqrt(1.99 * (1 - 0.99**2)))
    assert not m.guaranteed and not m.holds[0]


# ---------------------------------------------------------------- Lemma 4, repulsion


def test_repulsion_exact_on_quadratic_saddle():
    f = pg.QuadraticSaddle([1.0, -0.5, 2.0])
    eta, beta, T = 0.4, 1e-3, 25
    m = pg.measure_repulsion(f, np.zeros(3), eta=eta, beta=beta, steps=T)
    assert m.delta == pytest.approx(0.5, abs=1e-12)
    assert abs(m.u[1]) == pytest.approx(1.0)
    expected = (1 + eta * 0.5) ** np.arange(T + 1) * beta
    np.testing.assert_allclose(m.distance, expected, rtol=1e-12)
    np.testing.assert_allclose(m.predicted, expected, rtol=1e-14)
    np.testing.assert_allclose(m.ratio, 1.0, rtol=1e-12)
    # errata item 6: the notes' (1 + eta beta delta)^t is a different (wrong) number
    assert not np.allclose(m.notes_formula[1:], m.distance[1:], rtol=1e-2)


def test_repulsion_rotated_hessian_and_given_start():
    rng = np.random.default_rng(8)
    d = 15
    Q = ortho_group.rvs(d, random_state=9)
    lam = np.concatenate([[-0.8], rng.uniform(0.1, 1.0, d - 1)])
    f = RotatedQuadratic(Q @ np.diag(lam) @ Q.T)
    start = rng.standard_normal(d)
    m = pg.measure_repulsion(f, np.zeros(d), eta=0.5, beta=0.01, steps=20, x0=start)
    assert m.delta == pytest.approx(0.8, abs=1e-9)
    np.testing.assert_allclose(m.starts[0], start)
    np.testing.assert_allclose(m.distance, 0.01 * 1.4 ** np.arange(21), rtol=1e-7)


def test_repulsion_on_double_well_is_approximate():
    f = pg.DoubleWell()
    m = pg.measure_repulsion(f, [0.0, 0.0], eta=0.1, beta=1e-4, steps=100)
    assert abs(m.ratio[10] - 1.0) < 1e-4  # linear regime
    assert m.ratio[-1] < 0.9  # the quartic term slows the copies down once far apart


def test_repulsion_needs_negative_curvature():
    with pytest.raises(ValueError, match="negative curvature"):
        pg.measure_repulsion(pg.DoubleWell(), [1.0, 0.0], eta=0.1, beta=1e-3, steps=10)


# ---------------------------------------------------------------- stuck region


def test_ball_slab_fraction_closed_forms():
    for s in (0.0, 0.1, 0.5, 0.9, 1.0):
        assert pg.ball_slab_fraction(1, 2.0, half_width=2 * s) == pytest.approx(s, abs=1e-14)
        assert pg.ball_slab_fraction(2, 1.0, half_width=s) == pytest.approx(
            2 / np.pi * (np.arcsin(s) + s * np.sqrt(1 - s * s)), abs=1e-14
        )
        assert pg.ball_slab_fraction(3, 1.0, half_width=s) == pytest.approx(1.5 * s - 0.5 * s**3, abs=1e-14)
    assert pg.ball_slab_fraction(4, 1.0, half_width=5.0) == 1.0
    rng = np.random.default_rng(10)
    P = pg.sample_ball(7, 1.0, size=200_000, seed=rng)
    frac = np.mean(np.abs(P[:, 0]) < 0.2)
    assert frac == pytest.approx(pg.ball_slab_fraction(7, 1.0, half_width=0.2), abs=4e-3)


def test_quadratic_stuck_region_closed_form_numbers():
    f = pg.QuadraticSaddle([-1.0, 0.0])
    q = pg.quadratic_stuck_region(f, radius=1.0, steps=10, threshold=0.01, eta=0.1)
    c_u = 0.5 * (1.1**20 - 1.0)
    assert q.shape == "slab"
    assert q.half_width == pytest.approx(np.sqrt(0.01 / c_u), rel=1e-14)
    assert q.width == pytest.approx(2 * np.sqrt(0.02 / (1.1**20 - 1.0)), rel=1e-14)
    assert q.fraction == pytest.approx(pg.ball_slab_fraction(2, 1.0, half_width=q.half_width), rel=1e-14)
    # the slab cut by a small ball: width is the ball's diameter, all of it is stuck
    q = pg.quadratic_stuck_region(f, radius=0.01, steps=10, threshold=0.01, eta=0.1)
    assert q.width == 0.02 and q.fraction == 1.0


@pytest.mark.parametrize("d", [2, 5])
def test_stuck_region_monte_carlo_matches_slab(d):
    f = pg.QuadraticSaddle([-1.0] + [0.0] * (d - 1))
    r, T, F, eta = 1.0, 10, 0.01, 0.1
    exact = pg.quadratic_stuck_region(f, radius=r, steps=T, threshold=F, eta=eta)
    est = pg.stuck_region(f, np.zeros(d), radius=r, steps=T, threshold=F, eta=eta, n_samples=20_000, seed=11)
    for res in (exact, est):  # the settings under the argument names
        assert (res.radius, res.steps, res.threshold, res.eta) == (r, T, F, eta)
        assert f"steps={T}, threshold={F:.3g}" in repr(res)
    assert abs(est.fraction - exact.fraction) < 4 * est.stderr + 1e-3
    assert est.width == pytest.approx(exact.width, rel=1e-9)
    assert est.interval[0] == pytest.approx(-exact.half_width, rel=1e-9)
    # pointwise: the simulated stuck set is the exact one (up to round-off at the boundary)
    disagree = est.stuck != exact.is_stuck(est.starts)
    margin = np.abs(est.starts**2 @ exact.coefficients - F)
    assert np.all(margin[disagree] < 1e-12)
    assert est.n_diverged == 0 and est.n_samples == 20_000


def test_stuck_region_ellipsoid_when_positive_directions_contribute():
    f = pg.QuadraticSaddle([-1.0, 0.5])
    r, T, F, eta = 1.0, 10, 0.05, 0.2
    exact = pg.quadratic_stuck_region(f, radius=r, steps=T, threshold=F, eta=eta)
    assert exact.shape == "ellipsoid"
    c = exact.coefficients
    assert exact.fraction == pytest.approx(np.sqrt(F / c[0]) * np.sqrt(F / c[1]) / r**2, rel=1e-14)
    est = pg.stuck_region(f, [0.0, 0.0], radius=r, steps=T, threshold=F, eta=eta, n_samples=20_000, seed=12)
    assert abs(est.fraction - exact.fraction) < 4 * est.stderr + 1e-3
    assert est.width == pytest.approx(exact.width, rel=1e-9)
    # shift the ball off the saddle: the width is the chord through the new centre
    x = np.array([0.0, 0.3])
    est = pg.stuck_region(f, x, radius=r, steps=T, threshold=F, eta=eta, n_samples=100, seed=13)
    expected = 2 * np.sqrt((F - c[1] * 0.3**2) / c[0])
    assert est.width == pytest.approx(expected, rel=1e-9)
    # general case: no closed-form fraction
    q = pg.quadratic_stuck_region(pg.QuadraticSaddle([-1.0, 0.5, 0.0]), radius=r, steps=T, threshold=F,
                                  eta=eta)
    assert q.shape == "other" and q.fraction is None


def test_stuck_width_is_zero_when_centre_is_not_stuck():
    f = pg.DoubleWell()
    est = pg.stuck_region(f, [0.8, 0.5], radius=0.05, steps=20, threshold=1e-6, eta=0.1, n_samples=200,
                          seed=14)
    assert est.width == 0.0 and est.fraction == 0.0


def test_stuck_region_on_double_well_shrinks_with_steps():
    f = pg.DoubleWell()
    fr = [pg.stuck_region(f, [0.0, 0.0], radius=0.1, steps=T, threshold=1e-3, eta=0.1, n_samples=4000,
                          seed=15) for T in (10, 40)]
    assert fr[1].width < fr[0].width and fr[1].fraction < fr[0].fraction


# ---------------------------------------------------------------- escape time


def _closed_form_escape(lam, starts, eta, threshold, steps):
    X = quadratic_iterates(np.asarray(lam), starts, eta, steps)  # (steps+1, n, d)
    fx = 0.5 * np.sum(np.asarray(lam) * X**2, axis=2)
    below = fx <= -threshold
    return np.where(below.any(axis=0), np.argmax(below, axis=0), -1)


def test_escape_time_matches_closed_form(monkeypatch):
    lam = [-0.5, 1.0]
    f = pg.QuadraticSaddle(lam)
    res = pg.escape_time(f, [0.0, 0.0], radius=0.1, threshold=0.5, eta=0.5, steps=20, n_runs=2000, seed=16)
    expected = _closed_form_escape(lam, res.starts, 0.5, 0.5, 20)
    np.testing.assert_array_equal(res.steps, expected)
    assert (res.threshold, res.radius, res.eta, res.budget) == (0.5, 0.1, 0.5, 20)
    assert np.all(np.linalg.norm(res.starts, axis=1) <= 0.1)
    assert res.n_not_escaped == int(np.sum(expected == -1)) > 0  # censored runs are counted
    assert res.n_escaped + res.n_not_escaped == 2000
    assert res.mean == pytest.approx(np.mean(expected[expected >= 0]))
    assert res.max == expected.max()
    assert f"not escaped within 20 steps: {res.n_not_escaped}" in repr(res)
    # the same answer when the closed form checks its steps in blocks of a few steps
    monkeypatch.setattr(quadratic_module, "BLOCK_FLOATS", 2000 * 3)
    again = pg.escape_time(f, [0.0, 0.0], radius=0.1, threshold=0.5, eta=0.5, steps=20, n_runs=2000, seed=16)
    np.testing.assert_array_equal(again.steps, res.steps)


def test_escape_time_summary_with_censoring():
    f = pg.QuadraticSaddle([-0.5, 1.0])
    res = pg.escape_time(f, [0.0, 0.0], radius=0.1, threshold=0.5, eta=0.5, steps=5, n_runs=100, seed=17)
    assert res.n_escaped == 0 and res.median is None and res.mean is None and res.max is None
    assert (res.steps == pg.NOT_ESCAPED).all()
    res = pg.escape_time(f, [0.0, 0.0], radius=0.1, threshold=1e-6, eta=0.5, steps=200, n_runs=101, seed=18)
    assert res.n_escaped == 101
    assert res.median == float(np.sort(res.steps)[50])


def test_escape_time_zero_when_start_is_already_low():
    f = pg.QuadraticSaddle([-1.0, 1.0])
    res = pg.escape_time(f, [0.0, 0.0], radius=2.0, threshold=0.1, eta=0.1, steps=100, n_runs=200, seed=19)
    low = f.value(res.starts) <= -0.1
    assert 0 < low.sum() < 200
    assert (res.steps[low] == 0).all() and (res.steps[~low] != 0).all()


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
        lambda: pg.classify_point(pg.DoubleWell(), [0.0, 0.0], tol=-1.0),
        lambda: pg.is_second_order_stationary(pg.DoubleWell(), [0.0, 0.0], eps=0.0),
        lambda: pg.is_second_order_stationary(pg.DoubleWell(), [0.0, 0.0], eps=0.1, rho=-1.0),
        lambda: pg.is_second_order_stationary(
            pg.Objective.from_callables(lambda x: x @ x, lambda x: 2 * x, dim=2), [0.0, 0.0], eps=0.1
        ),
        lambda: pg.measure_descent(pg.DoubleWell(), [0.0, 1.0], eta=0.0, steps=5),
        lambda: pg.measure_descent(pg.DoubleWell(), [0.0, 1.0], eta=0.1, steps=0),
        lambda: pg.measure_descent(pg.DoubleWell(), [[0.0, 1.0]], eta=0.1, steps=5),
        lambda: pg.measure_trap(pg.DoubleWell(), [0.0, 1.0], eta=0.1, steps=-1),
        lambda: pg.measure_trap(pg.DoubleWell(), [0.0, 1.0], eta=-0.1, steps=3),
        lambda: pg.measure_repulsion(pg.DoubleWell(), [0.0, 0.0], eta=0.1, beta=0.0, steps=5),
        lambda: pg.measure_repulsion(pg.DoubleWell(), [0.0, 0.0], eta=0.1, beta=1e-3, steps=0),
        lambda: pg.measure_repulsion(pg.DoubleWell(), [0.0, 0.0], eta=0.1, beta=1e-3, steps=5, u=[0.0, 0.0]),
        lambda: pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=0.0, steps=10, threshold=0.1, eta=0.1,
                                n_samples=10, seed=0),
        lambda: pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=0.1, steps=10, threshold=0.0, eta=0.1,
                                n_samples=10, seed=0),
        lambda: pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=0.1, steps=10, threshold=0.1, eta=0.1,
                                n_samples=0, seed=0),
        lambda: pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=0.1, steps=10, threshold=0.1, eta=0.1,
                                n_samples=10, seed=None),
        lambda: pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=0.1, steps=2.5, threshold=0.1, eta=0.1,
                                n_samples=10, seed=0),
        lambda: pg.quadratic_stuck_region(pg.DoubleWell(), radius=1.0, steps=10, threshold=0.1, eta=0.1),
        lambda: pg.quadratic_stuck_region(pg.QuadraticSaddle([1.0, 2.0]), radius=1.0, steps=10,
                                          threshold=0.1, eta=0.1),
        lambda: pg.ball_slab_fraction(0, 1.0, half_width=0.5),
        lambda: pg.ball_slab_fraction(2, 1.0, half_width=-0.5),
        lambda: pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.0, eta=0.1, steps=10,
                               n_runs=10, seed=0),
        lambda: pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=-1,
                               n_runs=10, seed=0),
        lambda: pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=10,
                               n_runs=0, seed=0),
        lambda: pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=10,
                               n_runs=10, seed=None),
        lambda: pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=10,
                               n_runs=10, seed=0).quantile(1.5),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises((TypeError, ValueError)):  # TypeError for a wrong type (seed=None, T=2.5, f)
        call()


def test_error_messages_name_the_argument():
    with pytest.raises(ValueError, match="radius"):
        pg.stuck_region(pg.DoubleWell(), [0.0, 0.0], radius=-1.0, steps=10, threshold=0.1, eta=0.1,
                        n_samples=10, seed=0)
    with pytest.raises(ValueError, match="n_runs"):
        pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=10, n_runs=0,
                       seed=0)
    with pytest.raises(ValueError, match="rho"):
        pg.is_second_order_stationary(pg.DoubleWell(), [0.0, 0.0], eps=0.1, rho=-2.0)


@pytest.mark.parametrize(
    "eigenvalues, kind",
    [([-1.0, 0.0, 1.0], "strict saddle"), ([0.0, 1.0], "degenerate"), ([0.0, -1.0], "degenerate"),
     ([-2.0, -1.0], "local maximum"), ([1.0, 2.0], "local minimum")],
)
def test_quadratic_saddle_label_agrees_with_classify_point(eigenvalues, kind):
    f = pg.QuadraticSaddle(eigenvalues)
    assert f.critical_points[0].kind == kind
    assert pg.classify_point(f, np.zeros(f.dim)).verdict == kind


class _IterativeQuadratic(QuadraticSaddle):
    """The same function without its closed form: escape_time runs GD step by step."""

    def gd_escape_steps(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("d, eta, seed",
                         [(2, 0.05, 0), (10, 0.1, 1), (100, 0.5, 2), (300, 0.9, 3), (5, 1.5, 4)])
def test_escape_time_closed_form_matches_gd_step_by_step(d: int, eta: float, seed: int) -> None:
    eigenvalues = np.r_[-1.0, np.ones(d - 1)]
    fast = escape_time(QuadraticSaddle(eigenvalues), np.zeros(d), radius=1e-3, threshold=0.5, eta=eta,
                       steps=4000, n_runs=150, seed=seed)
    slow = escape_time(_IterativeQuadratic(eigenvalues), np.zeros(d), radius=1e-3, threshold=0.5, eta=eta,
                       steps=4000, n_runs=150, seed=seed)
    assert np.array_equal(fast.steps, slow.steps)
    assert np.array_equal(fast.diverged, slow.diverged)
    assert fast.escaped.all()


def test_escape_time_closed_form_with_repeated_zero_and_capped_runs() -> None:
    eigenvalues = np.r_[-0.3, 2.0, 0.5, 0.5, 0.0, 0.0]
    center = np.full(6, 0.01)
    for max_steps in (0, 7, 300):
        fast = escape_time(QuadraticSaddle(eigenvalues), center, radius=0.1, threshold=0.05, eta=0.4,
                           steps=max_steps, n_runs=80, seed=5)
        slow = escape_time(_IterativeQuadratic(eigenvalues), center, radius=0.1, threshold=0.05, eta=0.4,
                           steps=max_steps, n_runs=80, seed=5)
        assert np.array_equal(fast.steps, slow.steps), max_steps
    assert (fast.steps == NOT_ESCAPED).sum() < fast.steps.size  # some escape within 300 steps


def test_escape_time_closed_form_only_where_no_direction_diverges() -> None:
    eigenvalues = np.r_[-1.0, 3.0, 3.0]  # eta * 3 > 2: GD oscillates off along the flat directions
    f = QuadraticSaddle(eigenvalues)
    assert f.gd_escape_steps(np.full((2, 3), 1e-3), eta=0.9, target=-0.5,
                             steps=500) is None  # escape_time steps
    assert f.gd_escape_steps(np.full((2, 3), 1e-3), eta=0.6, target=-0.5, steps=500) is not None
    for eta in (0.9, 0.6):
        result = escape_time(f, np.zeros(3), radius=1e-3, threshold=0.5, eta=eta, steps=500, n_runs=20,
                             seed=0)
        stepped = escape_time(_IterativeQuadratic(eigenvalues), np.zeros(3), radius=1e-3, threshold=0.5,
                              eta=eta, steps=500, n_runs=20, seed=0)
        assert result.steps.shape == (20,) and np.array_equal(result.steps, stepped.steps)
