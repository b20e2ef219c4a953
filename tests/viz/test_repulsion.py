"""Tests of :mod:`pgdlib.viz.repulsion`."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.viz import repulsion


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
