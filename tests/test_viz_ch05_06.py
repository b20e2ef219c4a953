"""Chapter 5-6 figures and explorations: the claims the notebooks make, and what each setting shows."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

import pgdlib as pg
from pgdlib.viz import release, repulsion


def _finite_figure(fig: Figure) -> None:
    """A figure with a title on some axes and only finite plotted data."""
    assert isinstance(fig, Figure) and fig.axes
    assert any(ax.get_title() or ax.texts for ax in fig.axes)
    for ax in fig.axes:
        for artist in ax.get_children():
            if isinstance(artist, Line2D):
                data = np.asarray(artist.get_xydata(), dtype=float)
            elif isinstance(artist, (PathCollection, PolyCollection)):
                data = np.asarray(artist.get_offsets(), dtype=float)
            else:
                continue
            assert np.isfinite(data).all()


def test_jump_figure_draws_pgdlibs_measurement() -> None:
    result = pg.jump_projection([1, 10, 100, 1000], radius=1.0, n_samples=2000, seed=0)
    fig = release.jump_figure(result)
    _finite_figure(fig)
    measured = [line for line in fig.axes[0].lines if line.get_label().startswith("measured")]
    assert np.array_equal(measured[0].get_ydata(), result.rms)


def test_twin_gap_follows_lemma_on_quadratic() -> None:
    m, iterates = repulsion.twin_run("quadratic saddle", 0.2, 0.5, 0.01, 30)
    assert np.allclose(m.ratio, 1.0, rtol=1e-9)
    assert iterates.shape == (31, 2, 2)


@pytest.mark.parametrize("objective", repulsion.TWIN_OBJECTIVES)
def test_twin_run_is_measure_repulsion_from_the_figures_starts(objective) -> None:
    """The chapter measures with pg.measure_repulsion from the starts of twin_run: the same numbers."""
    eta, delta, beta, T = 0.2, 0.5, 0.01, 40
    m, iterates = repulsion.twin_run(objective, eta, delta, beta, T)
    f, _, _ = repulsion.twin_problem(objective, delta)
    u = [0.0, 1.0] if objective == "quadratic saddle" else [1.0, 0.0]
    ref = pg.measure_repulsion(f, np.zeros(2), eta=eta, beta=beta, steps=T, u=u, x0=iterates[0, 0])
    for name in ("distance", "predicted", "notes_formula", "steps"):
        assert np.array_equal(getattr(m, name), getattr(ref, name))
    assert np.array_equal(iterates, pg.gd(f, ref.starts, eta=eta, steps=T).iterates)


def test_twin_gap_falls_below_bound_on_double_well() -> None:
    m, _ = repulsion.twin_run("double well", 0.1, 1.0, 0.01, 60)
    assert m.ratio[-1] < 0.8


@pytest.mark.parametrize("factory", [release.stuck_exploration, repulsion.twin_exploration,
                                     repulsion.twin_steps_exploration])
def test_every_static_setting_draws_finite_data(factory) -> None:
    exploration = factory()
    assert exploration in release.explorations() + repulsion.explorations()
    for setting in exploration.static_settings():
        _finite_figure(exploration.figure(**setting))


def test_integer_dimension_and_readable_grids() -> None:
    stuck = release.stuck_exploration()
    d = stuck.control("d")
    assert all(isinstance(v, int) for v in d.values) and d.labels == tuple(str(v) for v in d.values)
    assert stuck.static == ("d", "r") and len(stuck.static_settings()) == 35
    for exploration in (stuck, repulsion.twin_exploration()):
        for control in exploration.controls:
            assert 2 <= len(control.values) <= 9 and "$" not in control.label


def test_stuck_alt_states_the_numbers_pgdlib_computes() -> None:
    stuck = release.stuck_exploration()
    d, r, delta = 100, 0.5, 0.5
    data = release.stuck_fraction_data(d, r, delta, 300, 0)
    f = release.slab_saddle(d, delta)
    mc = pg.stuck_region(f, np.zeros(d), radius=r, steps=release.STUCK_T, threshold=release.STUCK_F,
                         eta=release.STUCK_ETA, n_samples=300, seed=0,
                         u=np.eye(d)[0])
    exact = pg.quadratic_stuck_region(f, radius=r, steps=release.STUCK_T, threshold=release.STUCK_F,
                                      eta=release.STUCK_ETA)
    assert data.fraction == mc.fraction and data.stderr == mc.stderr
    assert data.half_width == pytest.approx(exact.half_width, rel=1e-12)
    text = stuck.describe(d=d, r=r)
    assert f"In d = {d}, {mc.fraction:.0%} of 300" in text
    assert f"closed form {exact.fraction:.0%}" in text
    assert f"{exact.width:.3g} wide" in text
    # the figure draws the same estimate: the Monte Carlo point at (d, fraction)
    fig = stuck.figure(d=d, r=r)
    points = [line.get_xydata() for line in fig.axes[1].lines if len(line.get_xydata()) == 1]
    assert any(np.allclose(p, [[d, mc.fraction]]) for p in points)


def test_stuck_closed_form_curve_is_ball_slab_fraction() -> None:
    data = release.stuck_fraction_data(10, 0.1, 0.5, 300, 0)
    expected = [pg.ball_slab_fraction(int(k), 0.1, half_width=data.half_width) for k in release._STUCK_DIMS]
    assert np.allclose(data.closed, expected)
    assert data.starts_2d.shape == (300, 2) and np.all(np.linalg.norm(data.starts_2d, axis=1) <= 1.0)


def test_twin_alt_and_figure_show_the_measured_run() -> None:
    twin = repulsion.twin_exploration()
    setting = {"objective": "quadratic saddle", "beta": 0.1}
    m, _ = repulsion.twin_run("quadratic saddle", twin.defaults["eta"], 0.5, 0.1, 40)
    text = twin.describe(**setting)
    assert f"they are {m.distance[-1]:.3g} apart, against Lemma 4's bound {m.predicted[-1]:.3g}" in text
    fig = twin.figure(**setting)
    measured = [line for line in fig.axes[1].lines if line.get_label().startswith("measured")]
    assert np.allclose(measured[0].get_ydata(), np.clip(m.distance, 1e-5 / 2, 2e2))


def test_twin_steps_is_a_played_scrub_of_one_run() -> None:
    scrub = repulsion.twin_steps_exploration()
    t = scrub.control("t")
    assert t.play and t.values == repulsion.TWIN_STEPS and t.default == 0
    assert 2 <= len(t.values) <= 30 and len(scrub.static_settings()) <= 40
    m, iterates = repulsion.twin_run("double well", 0.2, 0.5, 0.01, repulsion.TWIN_STEPS_T)
    step = t.values[len(t.values) // 2]
    fig = scrub.figure(t=step, objective="double well")
    measured = [line for line in fig.axes[1].lines if line.get_label().startswith("measured")]
    assert np.allclose(measured[0].get_ydata(), m.distance[: step + 1])
    paths = [line for line in fig.axes[0].lines if line.get_marker() == "o"]
    assert [len(p.get_xdata()) for p in paths] == [step + 1, step + 1]
    assert f"{m.distance[step]:.3g} apart" in scrub.describe(t=step, objective="double well")
    first, last = (scrub.static_png(t=v) for v in (t.values[0], t.values[-1]))
    assert first != last
