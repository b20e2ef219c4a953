"""Bad input to every public callable of pgdlib: a clear error naming the argument, before any work.

The callables are listed from the package (``pgdlib.__all__`` and its subpackages'
``__all__``, and the public methods of the classes found there), not by hand: a new
public function or method without a recipe below fails :func:`test_every_public_callable_has_a_recipe`.
Each recipe is a valid call; the battery replaces one argument at a time by bad values chosen
from the valid value's type, and asserts a TypeError (wrong type) or ValueError (out of range)
whose message names that argument. Further down, one test per case of issue 19.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
import time
import types
from collections.abc import Callable

import numpy as np
import pytest

import pgdlib as pg
from pgdlib import _validation
from pgdlib.objectives.base import Objective

E = float(np.e)
DW = pg.DoubleWell()
Q = pg.QuadraticSaddle([1.0, -0.5])
Q20 = pg.QuadraticSaddle(np.r_[-1.0, np.ones(19)])
PARAMS = pg.jin_parameters(d=2, ell=1.0, rho=1.0, eps=0.01, c="practical", delta=0.1, delta_f=1.0)


def _value(x):
    return float(x @ x)


def _grad(x):
    return 2.0 * x


USER = pg.Objective.from_callables(_value, _grad, dim=2, smoothness=2.0, hessian_lipschitz=0.0)

#: one instance of every objective class, for the methods they share
OBJECTIVES = {
    "QuadraticSaddle": Q,
    "DoubleWell": DW,
    "MonkeySaddle": pg.MonkeySaddle(),
    "Octopus": pg.Octopus(2),
    "MatrixFactorization": pg.MatrixFactorization(np.diag([3.0, 1.0]), 1),
    "DeepLinear": pg.DeepLinear(2),
    "CallableObjective": USER,
}


def _batch_trajectory():
    return pg.gd(DW, [[0.5, 1.0], [1.0, 0.5]], eta=0.1, steps=3)


@functools.cache
def _escape_times():
    return pg.escape_time(DW, [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=20, n_runs=4, seed=0)


@functools.cache
def _sosp():
    return pg.iterations_to_sosp(DW, [0.0, 0.0], eps=[0.1, 0.05], presets=("practical",), n_seeds=2,
                                 initial_budget=64, steps=512)


#: name -> (callable or factory of the bound method, valid keyword arguments)
RECIPES: dict[str, tuple[Callable, dict]] = {
    # objectives
    "QuadraticSaddle": (pg.QuadraticSaddle, {"eigenvalues": [1.0, -0.5]}),
    "DoubleWell": (pg.DoubleWell, {"bound": 1.5}),
    "MonkeySaddle": (pg.MonkeySaddle, {"radius": 1.0}),
    "Octopus": (pg.Octopus, {"d": 2, "L": E, "gamma": 1.0, "tau": E, "outside": "inf"}),
    "MatrixFactorization": (pg.MatrixFactorization, {"M": np.diag([3.0, 1.0]), "r": 1, "radius": 2.0,
                                                     "max_critical_points": 10}),
    "DeepLinear": (pg.DeepLinear, {"depth": 2, "target": 1.0, "bound": 1.5}),
    "Objective.from_callables": (pg.Objective.from_callables, {
        "value": _value, "grad": _grad, "dim": 2, "smoothness": 1.0, "hessian_lipschitz": 1.0,
        "f_min": 0.0, "name": "user", "fd_step": 1e-5}),
    "octopus_g1": (pg.octopus_g1, {"a": [1.5 * E], "L": E, "gamma": 1.0, "tau": E}),
    "octopus_g2": (pg.octopus_g2, {"a": [1.5 * E], "L": E, "gamma": 1.0, "tau": E}),
    "octopus_nu": (pg.octopus_nu, {"L": E, "gamma": 1.0, "tau": E}),
    "check_gradient": (pg.check_gradient, {"f": DW, "x": [0.5, -1.0], "h": 1e-6}),
    "check_hessian": (pg.check_hessian, {"f": DW, "x": [0.5, -1.0], "h": 1e-5}),
    "check_hvp": (pg.check_hvp, {"f": DW, "x": [0.5, -1.0], "v": [1.0, 0.0], "h": 1e-5}),
    # algorithms
    "gd": (pg.gd, {"f": DW, "x0": [0.5, 1.0], "eta": 0.1, "steps": 5, "tol": 1e-8, "record": "all",
                   "divergence_bound": 1e10}),
    "perturbed_gd": (pg.perturbed_gd, {"f": DW, "x0": [0.5, 1.0], "eta": 0.1, "radius": 0.01, "epoch": 3,
                                       "threshold": 1e-3, "steps": 5, "seed": 0, "record": "all",
                                       "tol": 1e-8, "divergence_bound": 1e10}),
    "noisy_gd": (pg.noisy_gd, {"f": DW, "x0": [0.5, 1.0], "eta": 0.1, "sigma": 0.01, "steps": 5,
                               "seed": 0, "noise": "sphere", "record": "all", "divergence_bound": 1e10}),
    "jin_parameters": (pg.jin_parameters, {"d": 2, "ell": 1.0, "rho": 1.0, "eps": 0.01, "c": 1.0,
                                           "delta": 0.1, "delta_f": 1.0}),
    "pgd_jin": (pg.pgd_jin, {"f": DW, "x0": [0.0, 0.5], "params": PARAMS, "seed": 0, "steps": 5,
                             "record": "all", "divergence_bound": 1e10}),
    "sample_ball": (pg.sample_ball, {"d": 2, "radius": 1.0, "size": 3, "seed": 0}),
    "sample_sphere": (pg.sample_sphere, {"d": 2, "radius": 1.0, "size": 3, "seed": 0}),
    # diagnostics
    "hessian_spectrum": (pg.hessian_spectrum, {"f": DW, "x": [0.0, 0.0]}),
    "min_eigen": (pg.min_eigen, {"f": Q20, "x": np.zeros(20), "tol": 1e-10, "method": "lanczos",
                                 "shift": 2.0, "maxiter": 1000, "seed": 0}),
    "classify_point": (pg.classify_point, {"f": DW, "x": [0.0, 0.0], "tol": 1e-8}),
    "is_second_order_stationary": (pg.is_second_order_stationary, {"f": DW, "x": [0.0, 0.0], "eps": 0.1,
                                                                   "rho": 1.0}),
    "measure_descent": (pg.measure_descent, {"f": DW, "x0": [0.5, 1.0], "eta": 0.1, "steps": 5}),
    "measure_trap": (pg.measure_trap, {"f": DW, "x0": [0.5, 1.0], "eta": 0.1, "steps": 5}),
    "measure_repulsion": (pg.measure_repulsion, {"f": DW, "x": [0.0, 0.0], "eta": 0.1, "beta": 1e-3,
                                                 "steps": 5, "u": [1.0, 0.0], "x0": [-5e-4, 0.0]}),
    "stuck_region": (pg.stuck_region, {"f": DW, "x": [0.0, 0.0], "radius": 0.1, "steps": 5, "threshold": 1e-3,
                                       "eta": 0.1, "n_samples": 10, "seed": 0, "u": [1.0, 0.0]}),
    "quadratic_stuck_region": (pg.quadratic_stuck_region, {"f": Q, "radius": 1.0, "steps": 5,
                                                           "threshold": 0.1,
                                                           "eta": 0.1}),
    "ball_slab_fraction": (pg.ball_slab_fraction, {"d": 3, "radius": 1.0, "half_width": 0.5}),
    "escape_time": (pg.escape_time, {"f": DW, "x": [0.0, 0.0], "radius": 0.1, "threshold": 0.1,
                                     "eta": 0.1, "steps": 20, "n_runs": 4, "seed": 0}),
    "iterations_to_sosp": (pg.iterations_to_sosp, {"f": DW, "x0": [0.0, 0.0], "eps": [0.3],
                                                   "presets": ("practical",), "n_seeds": 2, "seed": 0,
                                                   "delta": 0.1, "delta_f": 1.0, "initial_budget": 16,
                                                   "steps": 32}),
    "first_sosp_step": (pg.first_sosp_step, {"f": DW, "iterates": np.zeros((3, 2)), "eps": 0.1, "rho": 1.0}),
    "predicted_sosp_steps": (lambda: functools.partial(pg.predicted_sosp_steps, _sosp()), {
        "preset": "practical", "saddle_curvature": 1.0, "minimum_curvature": 2.0}),
    "escape_times_by_dimension": (pg.escape_times_by_dimension, {
        "dims": [5, 10], "eta": 0.5, "n_runs": 4, "seed": 0, "steps": 50, "radius": 1e-2,
        "threshold": 0.1}),
    "predicted_escape_steps": (pg.predicted_escape_steps, {"d": [10.0, 100.0], "eta": 0.5, "radius": 1e-3,
                                                           "threshold": 0.5}),
    "jump_projection": (pg.jump_projection, {"dims": [2, 5], "radius": 1.0, "n_samples": 10, "seed": 0}),
    "octopus_race": (pg.octopus_race, {"dims": [2], "n_seeds": 1, "steps": 10, "seed": 0, "radius": 0.01,
                                       "epoch": 5, "g_thres": 0.1}),
    "steps_near": (pg.steps_near, {"f": DW, "traj": pg.gd(DW, [0.5, 1.0], eta=0.1, steps=3), "point": [0.0,
                                                                                                       0.0],
                                   "radius": 0.1}),
    # methods (the factory gives the bound method)
    "Objective.value": (None, {"x": None}),  # run on every objective in OBJECTIVES, see _calls
    "Objective.grad": (None, {"x": None}),
    "Objective.hess": (None, {"x": None}),
    "Objective.hvp": (None, {"x": None, "v": None}),
    "Octopus.contains": (lambda: pg.Octopus(2).contains, {"x": [0.0, 0.0]}),
    "Octopus.tube_index": (lambda: pg.Octopus(2).tube_index, {"x": [0.0, 0.0]}),
    "Octopus.saddle": (lambda: pg.Octopus(2).saddle, {"i": 1}),
    "MatrixFactorization.to_matrix": (lambda: OBJECTIVES["MatrixFactorization"].to_matrix, {"x": [1.0, 0.0]}),
    "DeepLinear.product": (lambda: pg.DeepLinear(2).product, {"x": [1.0, 2.0]}),
    "DerivativeCheck.ok": (lambda: pg.check_gradient(DW, [0.5, -1.0]).ok, {"rtol": 1e-5, "atol": 1e-7}),
    "Trajectory.run": (lambda: _batch_trajectory().run, {"i": 1}),
    "Objective.gd_escape_steps": (lambda: DW.gd_escape_steps, {
        "x0": [[0.1, 0.1]], "eta": 0.1, "target": -0.1, "steps": 10, "divergence_bound": 1e10}),
    "QuadraticSaddle.gd_escape_steps": (lambda: Q.gd_escape_steps, {
        "x0": [[0.1, 0.1]], "eta": 0.5, "target": -0.1, "steps": 10, "divergence_bound": 1e10}),
    "descent_of": (pg.descent_of, {"f": DW, "traj": pg.gd(DW, [0.5, 1.0], eta=0.1, steps=3)}),
    "trap_of": (pg.trap_of, {"f": DW, "traj": pg.gd(DW, [[0.5, 1.0]], eta=0.1, steps=3), "start": 1,
                             "steps": 2}),
    "repulsion_of": (pg.repulsion_of, {"f": Q, "traj": pg.gd(Q, [[0.0, 0.0], [0.0, 0.1]], eta=0.1, steps=3),
                                       "x": [0.0, 0.0], "u": [0.0, 1.0], "beta": 0.1}),
    "escape_steps": (pg.escape_steps, {"traj": pg.gd(DW, [[0.5, 1.0]], eta=0.1, steps=3, target=0.0)}),
    "first_step_below": (lambda: lambda target: pg.first_step_below(_batch_trajectory(), target=target),
                         {"target": -0.1}),
    "EscapeTimes.quantile": (lambda: _escape_times().quantile, {"q": 0.5}),
    "SospIterations.all_reached": (lambda: _sosp().all_reached, {}),
    "SospIterations.median": (lambda: _sosp().median, {"preset": "practical"}),
    "SospIterations.bound": (lambda: _sosp().bound, {"preset": "practical"}),
    "SospIterations.loglog_slope": (lambda: _sosp().loglog_slope, {"preset": "practical"}),
    "SospIterations.steps_per_decade": (lambda: _sosp().steps_per_decade, {"preset": "practical"}),
    "QuadraticStuckRegion.is_stuck": (lambda: pg.quadratic_stuck_region(Q, radius=1.0, steps=5,
                                                                        threshold=0.1, eta=0.1).is_stuck,
                                      {"x": [0.1, 0.1]}),
    "JinParameters.theory": (pg.JinParameters.theory, {"d": 2, "ell": 1.0, "rho": 1.0, "eps": 0.01,
                                                       "delta": 0.1, "delta_f": 1.0}),
    "JinParameters.practical": (pg.JinParameters.practical, {"d": 2, "ell": 1.0, "rho": 1.0, "eps": 0.01,
                                                             "delta": 0.1, "delta_f": 1.0}),
    "JinParameters.for_objective": (pg.JinParameters.for_objective, {"f": DW, "eps": 0.01, "c": 1.0,
                                                                     "delta": 0.1, "delta_f": 1.0}),
}

#: classes whose constructor is not an entry point: the frozen results the library builds,
#: and the abstract base (its subclasses are tested)
RESULT_CLASSES = {
    "CriticalPoint", "DerivativeCheck", "JinParameters", "HessianSpectrum", "MinEigen",
    "PointClassification", "DescentMeasurement", "TrapMeasurement", "RepulsionMeasurement",
    "StuckRegion", "QuadraticStuckRegion", "EscapeTimes", "SospIterations", "Trajectory", "Objective",
    "JumpProjection", "OctopusRace",
}

#: arguments whose valid range includes negative numbers / nan / any shape / free text
SIGNED = {"target", "shift", "f_min"}
ALLOWS_NAN = {"smoothness", "hessian_lipschitz"}
ANY_SHAPE = {"a", "eigenvalues", "eps"}
FREE_TEXT = {"name"}
#: arguments that take a number or a string, so a string may be a ValueError and a number a TypeError
MIXED = {"c", "record"}
SEEDS = {"seed"}


# -- listing the public callables from the package ------------------------------------------
def public_callables() -> dict[str, object]:
    """Every public function, constructor and method reachable from pgdlib's ``__all__`` lists."""
    names = set(pg.__all__)
    for sub in (pg.algorithms, pg.diagnostics, pg.objectives):
        names |= set(sub.__all__)
    found: dict[str, object] = {}
    for name in sorted(names):
        obj = getattr(pg, name)
        if isinstance(obj, types.ModuleType) or not callable(obj):
            continue  # pg.exercises (the answer checkers, tested with the exercises), constants
        if inspect.isclass(obj):
            if name not in RESULT_CLASSES:
                found[name] = obj
            for attr, member in vars(obj).items():
                if attr.startswith("_") or isinstance(member, property) or not callable(
                    getattr(obj, attr)
                ):
                    continue
                if dataclasses.is_dataclass(obj) and attr in {f.name for f in dataclasses.fields(obj)}:
                    continue
                found[f"{name}.{attr}"] = getattr(obj, attr)
        else:
            found[name] = obj
    return found


def test_every_public_callable_has_a_recipe():
    missing = sorted(set(public_callables()) - set(RECIPES))
    assert not missing, f"public callables without a validation recipe: {missing}"
    assert len(public_callables()) >= 50


# -- the battery ---------------------------------------------------------------------------
def bad_values(name: str, valid: object, default: object) -> list[tuple[object, tuple[type, ...]]]:
    """Bad replacements for argument ``name`` whose valid value is ``valid``, with the expected error."""
    T, V, ANY = (TypeError,), (ValueError,), (TypeError, ValueError)
    out: list[tuple[object, tuple[type, ...]]] = []
    if default is not None:
        out.append((None, ANY))
    if isinstance(valid, Objective):
        out += [("f", T), (lambda x: x, T), (pg.Objective(), T), (3, T)]
    elif isinstance(valid, pg.JinParameters):
        out += [("p", T), ({"d": 2}, T)]
    elif isinstance(valid, pg.Trajectory):
        out += [("traj", T), (np.zeros(2), T), (3, T)]
    elif isinstance(valid, str):
        if name not in FREE_TEXT:
            out.append(("nonsense", V))
        out += [(np.zeros(2), T), (["all"], T)]
    elif name in SEEDS:
        out += [(True, T), (1.5, T), ("0", T), (-1, V), ([0, 1], T)]
    elif isinstance(valid, (int, np.integer)):
        out += [(2.5, T), (True, T), ("3", T), (np.array([1, 2]), T), (-1, V), (2**63, V), (10**400, V)]
    elif isinstance(valid, float):
        out += [("1", ANY if name in MIXED else T), (True, T), (1j, T), (np.inf, V), (10**400, V),
                (np.array([1.0, 2.0]), T)]
        if name not in ALLOWS_NAN:
            out.append((np.nan, V))
        if name not in SIGNED:
            out.append((-1.0, V))
    elif isinstance(valid, tuple):  # presets
        out += [("theory", T), (("nope",), V), ((1,), T)]
    elif callable(valid):
        out += [(3, T), ("f", T)]
    elif isinstance(valid, (list, np.ndarray)):
        arr = np.asarray(valid, dtype=float)
        out += [("x", T), (np.full(arr.shape, 1j), T), (np.ones(arr.shape, dtype=bool), T),
                (np.full(arr.shape, np.nan), V), (np.full(arr.shape, 10**400, dtype=object), V),
                ([[1.0, 2.0], [3.0]], V)]
        if name not in ANY_SHAPE:
            out.append((np.zeros(arr.size + 1), V))
    else:
        raise AssertionError(f"no battery for {name}={valid!r}")
    return out


def _calls(key: str) -> list[tuple[str, Callable, dict]]:
    """(label, callable, valid kwargs) for a recipe; the shared Objective methods run on every objective."""
    target, kwargs = RECIPES[key]
    if key.startswith("Objective.") and target is None:
        method = key.split(".")[1]
        calls = []
        for label, f in OBJECTIVES.items():
            point = np.full(f.dim, 0.5)
            args = {"x": point, "v": np.ones(f.dim)} if method == "hvp" else {"x": point}
            calls.append((f"{label}.{method}", getattr(f, method), args))
        return calls
    if getattr(target, "__name__", "") == "<lambda>":  # a factory of the bound method
        return [(key, target(), kwargs)]
    return [(key, target, kwargs)]


def _defaults(fn: Callable) -> dict[str, object]:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return {}
    return {k: p.default for k, p in sig.parameters.items()}


@pytest.mark.parametrize("key", sorted(RECIPES))
def test_bad_input_gets_a_clear_error_naming_the_argument(key):
    problems = []
    n_calls = 0
    for label, fn, kwargs in _calls(key):
        fn(**kwargs)  # the recipe itself is valid
        defaults = _defaults(fn)
        for name, valid in kwargs.items():
            default = defaults.get(name, inspect.Parameter.empty)
            for bad, expected in bad_values(name, valid, None if default is None else ...):
                n_calls += 1
                try:
                    fn(**{**kwargs, name: bad})
                except expected as err:
                    if not re.search(rf"(?<![\w.]){re.escape(name)}\b", str(err)):
                        problems.append(f"{label}({name}={bad!r}): message does not name {name}: {err}")
                except Exception as err:  # noqa: BLE001 - any other exception is what the test finds
                    problems.append(f"{label}({name}={bad!r}): {type(err).__name__} "
                                    f"(expected {'/'.join(e.__name__ for e in expected)}): {err}")
                else:
                    problems.append(f"{label}({name}={bad!r}) was accepted")
    assert n_calls > 0 or not RECIPES[key][1]
    assert not problems, "\n".join(problems)


def test_battery_size():
    """The battery's reach, for the record: callables x bad inputs."""
    calls = [kw for key in RECIPES for _, _, kw in _calls(key)]
    total = sum(len(bad_values(n, v, None)) for kw in calls for n, v in kw.items())
    assert len(RECIPES) >= 50 and total >= 1000


# -- the cases of issue 19, one test each ---------------------------------------------------
def test_f_is_checked_everywhere():
    with pytest.raises(TypeError, match="f must be an Objective"):
        pg.gd(None, [0.0, 0.0], eta=0.1, steps=5)
    with pytest.raises(TypeError, match="f must implement"):
        pg.check_gradient(pg.Objective(), [0.0])


def test_python_ints_beyond_float_range_and_huge_counts_are_refused():
    with pytest.raises(ValueError, match="eta must be a finite number > 0, got an integer too large"):
        pg.gd(DW, [0.0, 1.0], eta=10**400, steps=5)
    with pytest.raises(ValueError, match=r"steps must be an integer in \[0, 10000000\]"):
        pg.gd(DW, [0.0, 1.0], eta=0.1, steps=2**63)
    with pytest.raises(ValueError, match="maxiter"):
        pg.min_eigen(Q20, np.zeros(20), maxiter=2**40)


def test_complex_and_object_points_are_refused():
    with pytest.raises(TypeError, match="x0 must be an array of real numbers, got complex"):
        pg.gd(DW, np.array([1.0 + 1j, 0.0]), eta=0.1, steps=5)
    with pytest.raises(TypeError, match="x must be an array of real numbers"):
        DW.value(np.array([object(), 1.0], dtype=object))
    with pytest.raises(ValueError, match="x must be a .non-ragged. array"):
        DW.value([[1.0, 2.0], [3.0]])


def test_jin_constants_in_range_or_a_clear_error():
    with pytest.raises(ValueError, match="f_thres = 0.0"):
        pg.jin_parameters(d=2, ell=1.0, rho=1.0, eps=1e-200, c=1.0, delta=0.1,
                          delta_f=1.0)  # eps**3 underflows
    p = pg.jin_parameters(d=2, ell=1e200, rho=1.0, eps=1.0, c=1.0, delta=0.1,
                          delta_f=1.0)  # ell**2 overflowed before
    assert np.isfinite(p.iteration_bound) and p.t_thres > 2**63  # t_thres beyond int64...
    run = pg.pgd_jin(pg.QuadraticSaddle([1.0, 1.0]), [0.0, 0.0], p, seed=0,
                     steps=10)  # ...runs: the clock is clipped to the run
    assert run.n_steps == 10 and run.stop_reason == "max steps"
    with pytest.raises(ValueError, match="iteration_bound = inf"):
        pg.jin_parameters(d=2, ell=1e100, rho=1.0, eps=1.0, c=1.0, delta=0.1, delta_f=1e200)
    with pytest.raises(ValueError, match="steps"):
        pg.pgd_jin(DW, [0.0, 0.5], pg.JinParameters.for_objective(DW, eps=0.01, c=1.0, delta=0.1,
                                                                  delta_f=1.0), seed=0, steps=-1)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: pg.DeepLinear(900), "depth = 900"),
        (lambda: pg.DoubleWell(bound=1e200), "bound"),
        (lambda: pg.Octopus(2, tau=1e200), "tau"),
        (lambda: pg.Octopus(2, tau=1e-300), "tau"),
        (lambda: pg.MonkeySaddle(1e308), "radius"),
        (lambda: pg.MatrixFactorization(np.diag([1e200, 1.0]), 1), "M"),
        (lambda: pg.octopus_g1("a", 1.0, 1.0, 1.0), "a"),
        (lambda: pg.octopus_g2([1.0], -1.0, 1.0, 1.0), "L"),
        (lambda: pg.octopus_nu(1.0, 1.0, 0.0), "tau"),
        (lambda: pg.Objective.from_callables(_value, _grad, dim=2, smoothness="1"), "smoothness"),
        (lambda: pg.Objective.from_callables(_value, _grad, dim=2, hessian_lipschitz=-np.inf),
         "hessian_lipschitz"),
        (lambda: pg.min_eigen(Q20, np.zeros(20), shift=True), "shift"),
    ],
)
def test_constructors_and_constants_refuse_out_of_range_values(make, match):
    with pytest.raises((TypeError, ValueError), match=match):
        make()


@pytest.mark.parametrize(
    "call",
    [
        lambda x: pg.classify_point(pg.Octopus(2), x),
        lambda x: pg.hessian_spectrum(pg.Octopus(2), x),
        lambda x: pg.is_second_order_stationary(pg.Octopus(2), x, eps=1e9),
        lambda x: pg.min_eigen(pg.Octopus(2), x),
        lambda x: pg.min_eigen(pg.Octopus(12), np.r_[x, np.zeros(10)], method="lanczos"),
        lambda x: pg.escape_time(pg.Octopus(2), x, radius=0.1, threshold=0.1, eta=0.1, steps=10, n_runs=5,
                                 seed=0),
    ],
)
def test_diagnostics_outside_the_octopus_domain_raise(call):
    outside = [0.0, 1.5 * E]  # the waiting coordinate beyond tau
    with pytest.raises(ValueError, match="domain"):
        call(outside)


def test_empty_batches():
    with pytest.raises(ValueError, match="x0 must hold at least 1"):
        pg.measure_trap(DW, np.zeros((0, 2)), eta=0.1, steps=5)
    assert USER.grad(np.zeros((0, 2))).shape == (0, 2)
    assert USER.value(np.zeros((0, 2))).shape == (0,)


def test_escape_time_closed_form_memory_is_bounded():
    f = pg.QuadraticSaddle([1.0, 1.0])  # a minimum: nothing escapes, every step is checked
    X = np.full((3, 2), 0.1)
    start = time.perf_counter()
    steps, diverged = f.gd_escape_steps(X, eta=0.5, target=-1.0, steps=3_000_000)
    assert time.perf_counter() - start < 10.0  # blocks of at most BLOCK_FLOATS values
    assert np.all(steps == pg.NOT_ESCAPED) and not diverged.any()


def test_small_result_objects_check_their_arguments():
    with pytest.raises(TypeError, match="i must be an integer"):
        _batch_trajectory().run(1.5)
    with pytest.raises(TypeError, match="q must be"):
        _escape_times().quantile(None)
    with pytest.raises(TypeError, match="half_width"):
        pg.ball_slab_fraction(3, 1.0, half_width=None)


def test_figure_functions_name_unknown_choices():
    from pgdlib.viz import descent, ml

    with pytest.raises(ValueError, match="objective must be one of"):
        descent.descent_figure(objective="nope")
    with pytest.raises(ValueError, match="problem must be one of"):
        ml.gd_pgd_figure("nope")


def test_arrays_where_a_choice_is_asked_name_the_argument():
    for call, name in [
        (lambda: pg.gd(DW, [0.0, 1.0], eta=0.1, steps=5, record=np.array([1, 2])), "record"),
        (lambda: pg.noisy_gd(DW, [0.0, 1.0], eta=0.1, sigma=0.1, steps=5, seed=0, noise=np.array([1, 2])),
         "noise"),
        (lambda: pg.min_eigen(DW, [0.0, 0.0], method=np.array([1, 2])), "method"),
        (lambda: pg.Octopus(2, outside=np.array([1, 2])), "outside"),
        (lambda: pg.ball_slab_fraction(3, 1.0, half_width=np.array([0.1, 0.2])), "half_width"),
    ]:
        with pytest.raises(TypeError, match=name):
            call()


def test_messages_use_the_argument_names_of_the_signature():
    with pytest.raises(ValueError, match="(?<![\\w.])x must"):
        pg.escape_time(DW, [0.0, 0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=10, n_runs=5, seed=0)
    with pytest.raises(ValueError, match="x0 must"):
        pg.measure_repulsion(DW, [0.0, 0.0], eta=0.1, beta=1e-3, steps=5, x0=[0.0])
    with pytest.raises(ValueError, match="x0 must"):
        pg.iterations_to_sosp(DW, [0.0], eps=[0.1])
    with pytest.raises(TypeError, match="seed must"):
        pg.sample_ball(2, 1.0, seed="0")


def test_escape_time_survives_runs_that_all_diverge_on_the_first_step_of_a_block():
    # GD multiplies x_2 by 1 - 0.05 * 100 = -4: ||x_16|| ~ 4.3e9 <= 1e10 < ||x_17|| ~ 1.7e10, so every
    # run diverges on the first step of the second block (this raised "argmax of an empty sequence")
    f = pg.QuadraticSaddle([-1.0, 100.0])
    res = pg.escape_time(f, [0.0, 1.0], radius=1e-3, threshold=1.0, eta=0.05, steps=100, n_runs=20, seed=0)
    assert res.n_escaped == 0 and res.diverged.all()


def test_a_run_that_leaves_the_octopus_says_so():
    octo = pg.Octopus(2)
    start = [0.0, 0.9 * E]  # eta * 2L > 2: the waiting coordinate flips and leaves |x_2| <= tau
    for record in ("all", "final"):
        run = pg.gd(octo, start, eta=0.5, steps=1, record=record)
        assert run.stop_reason == "left the domain" and run.final_value == np.inf
    outside = pg.gd(octo, [0.0, 1.5 * E], eta=0.1, steps=0)
    assert outside.stop_reason == "left the domain"
    assert pg.gd(octo, [0.0, 0.5], eta=0.1, steps=50).stop_reason == "max steps"


def test_large_gradient_norms_are_not_reported_as_inf():
    f = pg.QuadraticSaddle([1e150, 1.0])
    run = pg.gd(f, [7.5e49, 0.0], eta=1e-160, steps=0)
    assert run.stop_reason == "max steps"
    assert run.grad_norms[-1] == pytest.approx(7.5e199, rel=1e-12)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy's overflow warnings are expected
def test_finite_points_never_give_nan_values():
    assert Q.value([1e300, 1e300]) == np.inf  # true value 2.5e599
    assert pg.QuadraticSaddle([1.0, -1.0]).value([1e300, 1e300]) == 0.0
    monkey = pg.MonkeySaddle()
    assert monkey.value([1e300, 1e300]) == -np.inf  # x^3 - 3 x y^2 = -2e900
    assert np.array_equal(monkey.grad([1e300, 1e300]), [0.0, -np.inf])
    assert DW.value([1e100, 1e200]) == np.inf
    assert pg.DeepLinear(3).value([1e300, 1e300, 0.0]) == 0.5  # a zero weight: p = 0


def test_escape_time_from_outside_the_domain_raises():
    with pytest.raises(ValueError, match="x must be a point where f is finite"):
        pg.escape_time(pg.Octopus(2), [0.0, 1.5 * E], radius=0.1, threshold=0.1, eta=0.1, steps=10, n_runs=5,
                       seed=0)


class _SteppedQuadratic(pg.QuadraticSaddle):
    """The same function without its closed form, so escape_time steps GD."""

    def gd_escape_steps(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("threshold", [0.5, 1e25])
def test_escape_time_closed_form_and_stepped_path_agree_on_divergence(threshold):
    lam = [-100.0, 1.0]  # 101-fold growth per step: f reaches -1e25 only beyond the divergence bound
    args = dict(radius=1e-3, threshold=threshold, eta=1.0, steps=200, n_runs=30)
    closed = pg.escape_time(pg.QuadraticSaddle(lam), [0.0, 0.0], **args, seed=3)
    stepped = pg.escape_time(_SteppedQuadratic(lam), [0.0, 0.0], **args, seed=3)
    assert np.array_equal(closed.steps, stepped.steps)
    assert np.array_equal(closed.diverged, stepped.diverged)
    assert closed.diverged.all() == (threshold > 1.0)


def test_unbounded_requests_are_refused_at_once():
    start = time.perf_counter()
    for call, name in [
        (lambda: pg.gd(DW, [0.0, 1.0], eta=0.1, steps=10**9), "steps"),
        (lambda: pg.measure_trap(DW, [0.0, 1.0], eta=0.1, steps=2**63), "steps"),
        (lambda: pg.escape_time(DW, [0.0, 0.0], radius=0.1, threshold=0.1, eta=0.1, steps=10, n_runs=10**9,
                                seed=0), "n_runs"),
        (lambda: pg.gd(DW, np.zeros((10**4, 2)), eta=0.1, steps=10**7, record="all"), "steps"),
        (lambda: pg.gd(pg.QuadraticSaddle(np.ones(1000)), np.zeros((100, 1000)), eta=0.1, steps=10**7,
                       record="final"), "steps"),
        (lambda: pg.sample_ball(10**6, 1.0, size=10**4, seed=0), "size"),
        (lambda: pg.stuck_region(DW, [0.0, 0.0], radius=0.1, steps=10**7, threshold=0.1, eta=0.1,
                                 n_samples=10**5, seed=0), "steps"),
    ]:
        with pytest.raises(ValueError, match=name):
            call()
    assert time.perf_counter() - start < 5.0


def test_caps_are_documented_constants():
    assert _validation.MAX_STEPS == 10**7 and _validation.MAX_FLOATS == 2**28
    for name in ("MAX_STEPS", "MAX_RUNS", "MAX_FLOATS", "MAX_WORK"):
        assert name in _validation.__doc__


# -- edge values: a result, finite or flagged, or a clear error --------------------------------
EDGE_REALS = [0.0, -0.0, 5e-324, 1e-300, 1e-12, 2.0, 100.0, 1e300, 1.7e308, -1e300, np.float32(0.5), 10**20]
EDGE_INTS = [0, 1, 2, 3, 10, np.int64(2), np.int32(1)]


def _edge_points(valid):
    a = np.asarray(valid, dtype=float)
    return [np.zeros(a.shape), np.full(a.shape, 1e-300), np.full(a.shape, 1e154), np.full(a.shape, -1e300),
            np.full(a.shape, 8.98e307), a.astype(np.float32), a.tolist()]


def _non_finite_fields(res) -> list[str]:
    """Names of the fields of a result (or the result itself) that hold a non-finite float."""
    parts = dataclasses.asdict(res) if dataclasses.is_dataclass(res) else {"result": res}
    bad = []
    for key, value in parts.items():
        arr = np.asarray(value) if isinstance(value, (float, np.floating, np.ndarray, tuple)) else None
        if arr is not None and arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
            bad.append(key)
    return bad


def _flagged(res) -> bool:
    """Whether a result says why it holds non-finite numbers (a stop reason or a diverged flag)."""
    reason = getattr(res, "stop_reason", None)
    reasons = reason if isinstance(reason, tuple) else (reason,)
    return (any(r in ("diverged", "left the domain") for r in reasons)
            or bool(np.any(getattr(res, "diverged", False))) or bool(getattr(res, "n_diverged", 0)))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("key", sorted(RECIPES))
def test_edge_values_give_a_finite_or_flagged_result_or_a_clear_error(key):
    problems = []
    for label, fn, kwargs in _calls(key):
        shared_method = label.split(".")[0] in OBJECTIVES
        for name, valid in kwargs.items():
            if isinstance(valid, float):
                values = EDGE_REALS
            elif isinstance(valid, (int, np.integer)) and name not in SEEDS:
                values = EDGE_INTS
            elif isinstance(valid, (list, np.ndarray)):
                values = _edge_points(valid)
            else:
                continue
            for value in values:
                try:
                    res = fn(**{**kwargs, name: value})
                except (TypeError, ValueError) as err:
                    if not re.search(rf"(?<![\w.]){re.escape(name)}\b", str(err)):
                        problems.append(f"{label}({name}={value!r}): message does not name {name}: {err}")
                    continue
                except Exception as err:  # noqa: BLE001
                    problems.append(f"{label}({name}={value!r}): {type(err).__name__}: {err}")
                    continue
                if shared_method:  # value: never nan at a finite point (derivatives may overflow)
                    if label.endswith(".value") and not label.startswith("Octopus") and np.any(np.isnan(res)):
                        problems.append(f"{label}({name}={value!r}) is nan")
                elif _non_finite_fields(res) and not _flagged(res) and not label.startswith("Octopus"):
                    fields = _non_finite_fields(res)
                    problems.append(f"{label}({name}={value!r}): non-finite {fields}, unflagged")
    assert not problems, "\n".join(problems)


def test_a_run_stops_where_f_overflows_even_with_a_finite_gradient():
    def value(x):
        return np.inf if x[0] > 1.0 else float(x @ x)

    f = pg.Objective.from_callables(value, lambda x: np.array([-1.0, 0.0]), dim=2)
    run = pg.gd(f, [0.0, 0.0], eta=0.3, steps=10)  # x_0 moves by 0.3 a step: x_4 = 1.2 > 1
    assert run.stop_reason == "diverged" and run.n_steps == 4
    assert np.isfinite(run.values[:-1]).all() and run.values[-1] == np.inf


def test_figure_functions_check_their_plain_arguments_first():
    from pgdlib.viz import descent, ml, pgd, trap

    for call, error, name in [
        (lambda: pgd.pgd_figure(T="x"), TypeError, "T"),
        (lambda: pgd.pgd_figure(radius=np.nan), ValueError, "radius"),
        (lambda: descent.descent_figure(steps=2**63), ValueError, "steps"),
        (lambda: ml.gd_pgd_figure(seed=-1), ValueError, "seed"),
        (lambda: trap.trap_figure(eta_ell=10**400), ValueError, "eta_ell"),
        (lambda: descent.descent_figure(objective=3), TypeError, "objective"),
    ]:
        with pytest.raises(error, match=rf"^{name} must"):
            call()


VIZ_MODULES = ("concepts", "descent", "ml", "pgd", "practice", "release", "repulsion", "trap", "style")


def _viz_functions():
    import importlib

    for module in VIZ_MODULES:
        mod = importlib.import_module(f"pgdlib.viz.{module}")
        for name in mod.__all__:
            fn = getattr(mod, name)
            if inspect.isfunction(fn) and hasattr(fn, "__wrapped__"):
                yield f"{module}.{name}", fn


def test_figure_functions_with_number_or_name_arguments_are_all_checked():
    import importlib

    unchecked = []
    for module in VIZ_MODULES:
        mod = importlib.import_module(f"pgdlib.viz.{module}")
        for name in mod.__all__:
            fn = getattr(mod, name)
            if not inspect.isfunction(fn) or hasattr(fn, "__wrapped__"):
                continue
            params = inspect.signature(fn).parameters.values()
            if any(str(p.annotation) in ("float", "int", "str") for p in params):
                unchecked.append(f"{module}.{name}")
    assert not unchecked, f"figure functions without @checked_arguments: {unchecked}"


def _defaults_only(fn) -> bool:
    """Whether every argument but ``fig`` has a default (the battery needs no other valid value)."""
    params = inspect.signature(fn).parameters.values()
    return all(p.default is not inspect.Parameter.empty or p.name == "fig" for p in params)


@pytest.mark.parametrize("label, fn", [(label, fn) for label, fn in _viz_functions() if _defaults_only(fn)])
def test_figure_functions_name_a_bad_argument(label, fn):
    problems = []
    # fig=None: the checks come before any drawing
    defaults = {n: (None if p.default is inspect.Parameter.empty else p.default)
                for n, p in inspect.signature(fn).parameters.items()}
    for name, param in inspect.signature(fn).parameters.items():
        kind = str(param.annotation)
        if kind not in ("float", "int", "str"):
            continue
        required = defaults
        bad = {"float": [("x", TypeError), (np.nan, ValueError), (10**400, ValueError)],
               "int": [("x", TypeError), (2.5, TypeError), (-1, ValueError)]
               + ([] if name == "seed" else [(2**63, ValueError)]),
               "str": [(3, TypeError)]}[kind]
        for value, error in bad:
            try:
                fn(**{**required, name: value})
            except error as err:
                if not str(err).startswith(f"{name} must"):
                    problems.append(f"{label}({name}={value!r}): {err}")
            except Exception as err:  # noqa: BLE001
                problems.append(f"{label}({name}={value!r}): {type(err).__name__}: {err}")
            else:
                problems.append(f"{label}({name}={value!r}) was accepted")
    assert not problems, "\n".join(problems)


def test_hand_built_jin_parameters_and_user_functions_are_checked():
    p = dataclasses.replace(PARAMS, r=-1.0)
    with pytest.raises(ValueError, match="params.r must be"):
        pg.pgd_jin(DW, [0.0, 0.0], p, seed=0)
    f = pg.Objective.from_callables(lambda x: x, _grad, dim=2)  # value returns a vector
    with pytest.raises(TypeError, match="value must return one real number"):
        f.value([1.0, 2.0])


def test_measure_repulsion_refuses_a_horizon_whose_prediction_overflows():
    # The double well's copies settle in its minima, so the run never diverges, while
    # (1 + eta*delta)^T grows past the float range: a clear error, not an inf "prediction".
    well = pg.DoubleWell()
    with pytest.raises(ValueError, match=r"^steps must keep the predicted separation"):
        pg.measure_repulsion(well, np.zeros(2), eta=0.1, beta=1e-3, steps=10**6)
    m = pg.measure_repulsion(well, np.zeros(2), eta=0.1, beta=1e-3, steps=50)
    assert np.all(np.isfinite(m.predicted)) and np.all(np.isfinite(m.notes_formula))
