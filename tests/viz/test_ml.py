"""Tests of :mod:`pgdlib.viz.ml`."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.viz import ml


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
