"""Hypothesis properties of pgdlib's contracts (issue 19).

* finite-or-flagged: a finite point never gives ``nan`` from a built-in objective's value, and a
  run whose record holds a non-finite number has a stop reason saying why;
* batch equals singles: an objective's batched methods and a batched ``gd`` give, row by row,
  bit for bit what single points and single runs give;
* same seed, same result, for every randomised function;
* closed form equals stepped path: ``escape_time`` on a ``QuadraticSaddle``;
* the validation layer: every bad value gets TypeError or ValueError naming the argument.

Example counts are kept small (the whole module runs in a few seconds).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pgdlib as pg
from pgdlib import _validation
from pgdlib.trajectory import EARLY_STOPS

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

OBJECTIVES = {
    "quadratic": pg.QuadraticSaddle([1.0, -0.5]),
    "double well": pg.DoubleWell(),
    "monkey saddle": pg.MonkeySaddle(),
    "octopus": pg.Octopus(2),
    "matrix factorisation": pg.MatrixFactorization(np.diag([3.0, 1.0]), 1),
    "deep linear": pg.DeepLinear(2),
}

finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(-3.0, 3.0, allow_nan=False)
names = st.sampled_from(sorted(OBJECTIVES))


def points(d: int, elements=finite, n: int | None = None):
    shape = (d,) if n is None else (n, d)
    return st.lists(elements, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))).map(
        lambda v: np.array(v, dtype=float).reshape(shape)
    )


# -- finite or flagged ----------------------------------------------------------------------
@SETTINGS
@given(name=names, data=st.data())
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_finite_point_never_gives_nan(name, data):
    f = OBJECTIVES[name]
    x = data.draw(points(f.dim))
    value = f.value(x)
    assert not np.isnan(value), (name, x)
    if name == "octopus" and not f.contains(x):
        assert value == np.inf  # outside the domain, as documented


@SETTINGS
@given(name=names, log_eta=st.floats(-3.0, 1.0), scale=st.floats(-2.0, 12.0), seed=st.integers(0, 99),
       record=st.sampled_from(["all", "values", "final", 3]))
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_run_that_holds_a_non_finite_number_says_why(name, log_eta, scale, seed, record):
    f = OBJECTIVES[name]
    X0 = np.random.default_rng(seed).standard_normal((4, f.dim)) * 10.0**scale
    run = pg.gd(f, X0, eta=10.0**log_eta, steps=40, record=record)
    for i in range(run.n_runs):
        single = run.run(i)
        numbers = [single.x, single.values, single.grad_norms, single.iterates]
        if not all(np.all(np.isfinite(a)) for a in numbers):
            assert single.stop_reason in EARLY_STOPS, (name, X0[i], single.stop_reason)


# -- batch equals singles -------------------------------------------------------------------
@SETTINGS
@given(name=names, data=st.data())
def test_batched_methods_equal_single_points(name, data):
    f = OBJECTIVES[name]
    X = data.draw(points(f.dim, moderate, n=3))
    with np.errstate(all="ignore"):
        for method in ("value", "grad", "hess"):
            batch = getattr(f, method)(X)
            singles = np.array([getattr(f, method)(x) for x in X])
            np.testing.assert_array_equal(batch, singles)


@SETTINGS
@given(name=names, log_eta=st.floats(-3.0, 0.0), seed=st.integers(0, 99),
       record=st.sampled_from(["all", "final"]))
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_batched_gd_equals_single_runs(name, log_eta, seed, record):
    f = OBJECTIVES[name]
    X0 = np.random.default_rng(seed).uniform(-2.0, 2.0, (3, f.dim))
    batch = pg.gd(f, X0, eta=10.0**log_eta, steps=30, record=record)
    for i in range(3):
        single = pg.gd(f, X0[i], eta=10.0**log_eta, steps=30, record=record)
        np.testing.assert_array_equal(batch.x[i], single.x)
        assert batch.stop_reason[i] == single.stop_reason
        assert int(batch.n_steps[i]) == single.n_steps
        np.testing.assert_array_equal(batch.run(i).values, single.values)


@SETTINGS
@given(name=names, log_eta=st.floats(-3.0, 1.0), scale=st.floats(-2.0, 12.0), seed=st.integers(0, 99),
       method=st.sampled_from(["gd", "perturbed_gd", "pgd_jin", "noisy_gd"]))
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_every_record_mode_stops_each_run_at_the_same_step_and_point(name, log_eta, scale, seed, method):
    f = OBJECTIVES[name]
    X0 = np.random.default_rng(seed).standard_normal((4, f.dim)) * 10.0**scale
    eta = 10.0**log_eta

    def run(record):
        if method == "gd":
            return pg.gd(f, X0, eta=eta, steps=40, record=record)
        if method == "perturbed_gd":
            return pg.perturbed_gd(f, X0, eta=eta, radius=0.1, epoch=4, threshold=1e-2, steps=40, seed=seed,
                                   record=record)
        if method == "noisy_gd":
            return pg.noisy_gd(f, X0, eta=eta, sigma=0.5, steps=40, seed=seed, record=record)
        p = pg.jin_parameters(d=f.dim, ell=1.0, rho=1.0, eps=0.5, c="practical", delta=0.1, delta_f=1.0)
        return pg.pgd_jin(f, X0, p, seed=seed, steps=40, record=record)

    ref = run("all")
    for record in ("values", "final", 7):
        other = run(record)
        np.testing.assert_array_equal(other.status, ref.status)
        np.testing.assert_array_equal(other.n_steps, ref.n_steps)
        np.testing.assert_array_equal(other.x, ref.x)
        np.testing.assert_array_equal(other.perturbation_steps, ref.perturbation_steps)


# -- same seed, same result -----------------------------------------------------------------
JIN_DW = pg.JinParameters.for_objective(pg.DoubleWell(), eps=0.05, c="practical", delta=0.1, delta_f=1.0)

RANDOMISED = {
    "perturbed_gd": lambda s: pg.perturbed_gd(pg.DoubleWell(), np.zeros((3, 2)), eta=0.1, radius=0.05,
                                              epoch=5, threshold=1e-3, steps=30, seed=s).x,
    "noisy_gd": lambda s: pg.noisy_gd(pg.DoubleWell(), np.zeros((3, 2)), eta=0.1, sigma=0.1, steps=30,
                                      seed=s).x,
    "pgd_jin": lambda s: pg.pgd_jin(pg.DoubleWell(), np.zeros((3, 2)), JIN_DW, seed=s, steps=60).x,
    "sample_ball": lambda s: pg.sample_ball(3, 1.0, size=5, seed=s),
    "sample_sphere": lambda s: pg.sample_sphere(3, 1.0, size=5, seed=s),
    "escape_time": lambda s: pg.escape_time(pg.DoubleWell(), [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.2,
                                            steps=100, n_runs=5, seed=s).steps,
    "stuck_region": lambda s: pg.stuck_region(pg.QuadraticSaddle([1.0, -1.0]), [0.0, 0.0], radius=0.1,
                                              steps=5, threshold=1e-3, eta=0.1,
                                              n_samples=20, seed=s, u=[0.0, 1.0]).stuck,
    "min_eigen": lambda s: pg.min_eigen(pg.QuadraticSaddle(np.r_[-1.0, np.ones(19)]), np.zeros(20),
                                        method="lanczos", seed=s).vector,
}


@settings(max_examples=10, deadline=None)
@given(name=st.sampled_from(sorted(RANDOMISED)), seed=st.integers(0, 2**32))
def test_same_seed_same_result(name, seed):
    np.testing.assert_array_equal(RANDOMISED[name](seed), RANDOMISED[name](seed))
    generator = RANDOMISED[name](np.random.default_rng(seed))
    np.testing.assert_array_equal(generator, RANDOMISED[name](seed))  # a Generator or its seed


# -- closed form equals stepped path ----------------------------------------------------------
class _SteppedQuadratic(pg.QuadraticSaddle):
    """The same function without its closed form, so escape_time steps GD."""

    def gd_escape_steps(self, *args, **kwargs):
        return None


@settings(max_examples=25, deadline=None)
@given(
    delta=st.sampled_from([0.1, 0.5, 1.0, 3.0, 30.0]),
    others=st.lists(st.sampled_from([0.0, 0.25, 1.0, 1.5]), min_size=1, max_size=4),
    eta=st.sampled_from([0.05, 0.2, 0.5, 1.0]),
    threshold=st.sampled_from([1e-3, 0.5, 10.0, 1e25]),
    seed=st.integers(0, 1000),
)
def test_escape_time_closed_form_equals_stepped(delta, others, eta, threshold, seed):
    lam = np.array([-delta, *others])
    if eta * lam.max() >= 2.0:
        eta = 1.0 / lam.max()
    args = dict(radius=1e-2, threshold=threshold, eta=eta, steps=300, n_runs=8)
    closed = pg.escape_time(pg.QuadraticSaddle(lam), np.zeros(lam.size), **args, seed=seed)
    stepped = pg.escape_time(_SteppedQuadratic(lam), np.zeros(lam.size), **args, seed=seed)
    np.testing.assert_array_equal(closed.steps, stepped.steps)
    np.testing.assert_array_equal(closed.diverged, stepped.diverged)


# -- the validation layer -------------------------------------------------------------------
argument_names = st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True)
not_numbers = st.one_of(st.text(max_size=3), st.none(), st.booleans(), st.complex_numbers(),
                        st.lists(st.floats(), min_size=1, max_size=2),
                        st.dictionaries(st.text(), st.integers()))


@SETTINGS
@given(name=argument_names, value=not_numbers)
def test_a_value_that_is_not_a_number_is_a_type_error_naming_the_argument(name, value):
    for check in (_validation.check_positive, _validation.check_nonnegative, _validation.check_probability,
                  lambda n, v: _validation.check_int(n, v, maximum=10)):
        with pytest.raises(TypeError, match=rf"^{name} must be"):
            check(name, value)


@SETTINGS
@given(name=argument_names, value=st.one_of(st.floats(allow_nan=True), st.integers(-(10**400), 10**400)))
def test_numbers_are_accepted_exactly_or_refused_with_a_value_error(name, value):
    try:
        out = _validation.check_positive(name, value)
    except ValueError as err:
        assert str(err).startswith(f"{name} must be a finite number > 0")
        assert not (isinstance(value, float) and np.isfinite(value) and value > 0)
    else:
        assert out == float(value) and 0.0 < out < np.inf


@SETTINGS
@given(name=argument_names, value=st.integers(-(2**70), 2**70), high=st.integers(0, 2**40))
def test_counts_are_bounded(name, value, high):
    if 0 <= value <= high:
        assert _validation.check_int(name, value, maximum=high) == value
    else:
        with pytest.raises(ValueError, match=rf"^{name} must be an integer in \[0, {high}\]"):
            _validation.check_int(name, value, maximum=high)


@SETTINGS
@given(value=st.one_of(st.text(max_size=3), st.complex_numbers().map(lambda z: [z, z]),
                       st.just([[1.0], [1.0, 2.0]]), st.just([True, False]), st.just([10**400, 0])))
def test_a_point_that_is_not_real_numbers_is_refused_naming_it(value):
    with pytest.raises((TypeError, ValueError), match="^x0 must"):
        pg.gd(pg.DoubleWell(), value, eta=0.1, steps=5)
