"""Chapter 7 and 8 figures and explorations: escape times follow log d; what each setting shows."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

import pgdlib as pg
from pgdlib.viz import ml, practice


def _finite_figure(fig: Figure) -> None:
    assert isinstance(fig, Figure) and fig.axes and fig.axes[0].get_title()
    for ax in fig.axes:
        for line in ax.get_children():
            if isinstance(line, Line2D):
                assert np.isfinite(np.asarray(line.get_xydata(), dtype=float)).all()
        for patch in ax.patches:
            assert np.isfinite(patch.get_height()) and np.isfinite(patch.get_x())


@pytest.mark.parametrize("factory", [practice.escape_exploration, practice.escape_steps_exploration,
                                     ml.ml_exploration])
def test_every_static_setting_draws_finite_data(factory) -> None:
    exploration = factory()
    assert exploration.name in {e.name for e in practice.explorations() + ml.explorations()}
    assert len(exploration.static_settings()) <= 40
    for control in exploration.controls:
        assert 2 <= len(control.values) <= 9 and "$" not in control.label
        if control.numeric and all(isinstance(v, int) for v in control.values):
            assert control.labels == tuple(str(v) for v in control.values)
    for setting in exploration.static_settings():
        _finite_figure(exploration.figure(**setting))


def test_escape_histogram_draws_and_describes_pgdlibs_escape_times():
    exploration = practice.escape_exploration()
    d, eta = 300, 0.3
    steps = pg.escape_times_by_dimension([d], eta=eta, n_runs=300, steps=4000)[d]
    assert np.array_equal(practice.escape_histogram_data(d, eta, 300), steps)
    fig = exploration.figure(d=d, eta=eta)
    assert sum(p.get_height() for p in fig.axes[0].patches) == (steps >= 0).sum()
    q1, med, q3 = np.percentile(steps, [25, 50, 75])
    text = exploration.describe(d=d, eta=eta)
    assert f"median {med:.0f} steps, quartiles {q1:.0f} and {q3:.0f}" in text
    assert f"predicted typical step {float(pg.predicted_escape_steps(d, eta=eta)):.1f}" in text


def test_escape_steps_scrub_shows_the_chapters_measurement():
    scrub = practice.escape_steps_exploration()
    d = scrub.control("d")
    assert d.play and d.values == practice.CHAPTER_DIMENSIONS and d.default == d.values[0]
    dims = list(practice.CHAPTER_DIMENSIONS)
    times = pg.escape_times_by_dimension(dims, eta=0.5, n_runs=200)  # the chapter's cell
    for k in (dims[0], dims[-1]):
        fig = scrub.figure(d=k)
        counts = np.array([p.get_height() for p in fig.axes[0].patches])
        assert counts.sum() == 200 and counts.argmax() == np.bincount(times[k]).argmax()
        assert f"median {np.median(times[k]):.0f}" in scrub.describe(d=k)
    assert scrub.static_png(d=dims[0]) != scrub.static_png(d=dims[-1])


def test_octopus_figure_draws_every_run():
    race = pg.octopus_race(dims=(2, 3), n_seeds=2, steps=1500)
    fig = practice.octopus_figure(race)
    points = sum(len(line.get_xdata()) for line in fig.axes[0].lines)
    assert points == race.gd_steps.size + race.pgd_steps.size  # reached runs and capped ones


def test_ml_saddles_classified():
    kinds = {n: pg.classify_point(f, s).verdict for n, (f, s) in ml.ml_problems().items()}
    assert kinds == {"matrix factorisation": "strict saddle", "deep linear, depth 2": "strict saddle",
                     "deep linear, depth 3": "degenerate"}


def _chapter_runs(problem: str, steps: int):
    """The runs of chapter 8's setting cell: GD and the lecture's PGD from 1e-6 off the saddle."""
    f, saddle = ml.ml_problems()[problem]
    u = np.random.default_rng(0).standard_normal(saddle.size)
    x0 = saddle + 1e-6 * u / np.linalg.norm(u)
    return f, saddle, pg.gd(f, x0, eta=0.1, steps=steps), pg.perturbed_gd(f, x0, eta=0.1, radius=0.05,
                                                                          epoch=20,
                                                                 threshold=1e-3, steps=steps, seed=0)


@pytest.mark.parametrize("problem", list(ml.ml_problems()))
def test_the_chapters_runs_are_the_figures(problem) -> None:
    """Chapter 8 measures first_step_below on its own runs: they are the ones the figures draw."""
    _, _, gd_run, pgd_run = _chapter_runs(problem, 300)
    g, p = ml._gd_and_pgd_values(problem, -6.0, 300, 0)
    assert np.array_equal(np.ravel(gd_run.values), g) and np.array_equal(np.ravel(pgd_run.values), p)


@pytest.mark.parametrize("problem", list(ml.ml_problems()))
def test_ml_figure_draws_the_first_steps_of_one_longer_run(problem) -> None:
    """The exploration shares one run of max(ML_STEPS) steps; its first 300 are the 300-step run."""
    short = ml._gd_and_pgd_values(problem, -6.0, 300, 0)
    fig = ml.gd_pgd_figure(problem, -6.0, steps=300)
    low, high = fig.axes[0].get_ylim()
    drawn = {line.get_label(): line.get_ydata() for line in fig.axes[0].lines}
    assert np.array_equal(drawn["GD"], np.clip(short[0], low, high))
    assert np.array_equal(drawn["PGD"], np.clip(short[1], low, high))


def test_ml_alt_states_the_first_step_below_the_saddle_value():
    exploration = ml.ml_exploration()
    for problem, steps in (("deep linear, depth 3", 300), ("deep linear, depth 3", 1000),
                           ("matrix factorisation", 300)):
        f, saddle, gd_run, pgd_run = _chapter_runs(problem, steps)
        text = exploration.describe(problem=problem, steps=steps)
        for name, run in (("GD", gd_run), ("PGD", pgd_run)):
            t = int(pg.first_step_below(run, target=f.value(saddle) - 0.1))
            expected = f"after {t} steps of {name}" if t >= 0 else f"not within {steps} steps"
            assert expected in text
