"""Tests of :mod:`pgdlib.viz.practice`."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np

import pgdlib as pg
from pgdlib.viz import practice


# -- the chapter's figure --------------------------------------------------------------------------
def test_accuracy_figure_draws_both_panels(result):
    fig = practice.accuracy_figure(result)
    left, right = fig.axes[:2]
    assert left.get_xscale() == "log" and left.get_yscale() == "log"
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("epsilon^{-2}" in t for t in labels) and any("epsilon^{-3}" in t for t in labels)
    assert sum("fitted slope" in t for t in labels) == 2
    assert right.get_xlabel() == r"$\log_{10}(1/\epsilon)$"


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
