"""Chapter 7 and 8 figures: escape times follow log d; animation frames differ."""

import numpy as np

from pgdlib.viz import practice


def test_escape_slope_matches_prediction():
    dims = [10, 100, 1000, 10000]
    times = practice.escape_times_by_dimension(dims, eta=0.5, n_runs=200)
    med = [np.median(times[d]) for d in dims]
    slope = np.polyfit(np.log(dims), med, 1)[0]
    assert abs(slope - 1 / (2 * np.log(1.5))) < 0.2


def test_animation_frames_differ():
    anim = practice.escape_animation(dims=(10, 1000), n_runs=50)
    frames = anim.frames
    assert len(frames) == 2 and frames[0] != frames[1]


def test_octopus_race_small():
    race = practice.octopus_race(dims=(2,), n_seeds=2, cap=3000)
    assert (race.gd_steps >= 0).all() and (race.pgd_steps >= 0).all()
    practice.octopus_figure(race)


def test_ml_saddles_classified():
    import pgdlib as pg
    from pgdlib.viz import ml

    kinds = {n: pg.classify_point(f, s).verdict for n, (f, s) in ml.ml_problems().items()}
    assert kinds == {"matrix factorisation": "strict saddle", "deep linear, depth 2": "strict saddle",
                     "deep linear, depth 3": "degenerate"}
    for depth in (2, 3):
        f = ml.scalar_deep_linear(depth)
        x = np.random.default_rng(depth).standard_normal(depth)
        assert np.allclose(f.hess(x), f.hess(x).T)
        eps = 1e-6
        num = np.array([(f.grad(x + eps * e) - f.grad(x - eps * e)) / (2 * eps) for e in np.eye(depth)])
        assert np.allclose(num, f.hess(x), atol=1e-5)


def test_steps_to_leave_is_the_first_step_below_the_saddle_value() -> None:
    from pgdlib.viz.ml import _gd_and_pgd_values, ml_problems, steps_to_leave

    f, saddle = ml_problems()["deep linear, depth 2"]
    found = steps_to_leave("deep linear, depth 2", steps=300)
    gd_values, pgd_values = _gd_and_pgd_values("deep linear, depth 2", -6.0, 300, 0)
    level = float(f.value(saddle)) - 0.1
    for name, values in (("GD", gd_values), ("PGD", pgd_values)):
        t = found[name]
        assert values[t] < level and np.all(values[:t] >= level)
    assert steps_to_leave("deep linear, depth 2", steps=300, drop=10.0) == {"GD": None, "PGD": None}
