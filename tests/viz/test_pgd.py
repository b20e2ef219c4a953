"""Tests of :mod:`pgdlib.viz.pgd`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.viz import concepts, pgd, trap

EXPLORATIONS = pgd.explorations()
IDS = [e.name for e in EXPLORATIONS]


def test_figures_draw():
    assert pgd.pgd_figure(radius=0.0, T=1, threshold=0.0).axes
    assert trap.trap_figure(eta_ell=1.0, T=1).axes
    assert len(concepts.saddle_crawl_figure(eta=2.5).axes) == 1  # the divergence message


@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=IDS)
def test_controls_and_static_settings(exploration):
    assert len(exploration.static) >= 1 and len(exploration.static_settings()) <= 40
    for control in exploration.controls:
        assert 3 <= len(control.values) <= 17, control.name
        if all(isinstance(v, int) for v in control.values):
            assert control.fmt == "d", control.name
    assert exploration.name in ("saddle-crawl", "pgd", "pgd-steps", "trap")


def test_explorations_start_elsewhere_than_the_chapters_figures():
    """Each Explore section's first picture is not a figure already on its page."""
    crawl, (explore, steps), (trapped,) = concepts.explorations(), pgd.explorations(), trap.explorations()
    crawl = crawl[0]
    # the chapters' figures: saddle_crawl_figure(offset=1e-4, ...), pgd_figure(), trap_figure()
    assert crawl.values()["offset"] != 1e-4
    assert explore.values()["threshold"] != 1e-3
    assert (trapped.values()["eta_ell"], trapped.values()["T"]) != (0.5, 20)
    assert steps.control("t").play and trapped.control("T").play


def test_pgd_alt_matches_perturbed_gd():
    e = pgd.pgd_exploration()
    well = pg.DoubleWell()
    for setting in e.static_settings():
        v = e.values(**setting)
        run = pg.perturbed_gd(well, np.zeros(2), eta=0.5 / well.smoothness, radius=v["radius"], epoch=v["T"],
                              threshold=v["threshold"],
                              steps=v["steps"], seed=v["seed"])
        jumps = len(run.perturbation_steps)
        text = e.describe(**setting)
        if jumps:
            assert f"PGD jumps {jumps} time" in text and f"first at step {run.perturbation_steps[0]})" in text
        else:
            assert "PGD never jumps" in text
        far = np.flatnonzero(np.linalg.norm(run.iterates, axis=1) > pgd.ESCAPE_RADIUS)
        if not np.any(run.iterates):
            assert "never leaves the saddle" in text
        elif far.size:
            assert f"at step {far[0]} and ends at f = {round(float(run.values[-1]), 3) + 0.0:.3f}" in text
        else:
            assert "still within" in text
        assert text.split(";")[1].startswith(" GD never moves")
    # r = 0 or F = 0: as stuck as gradient descent
    assert "each by 0, and never leaves" in e.describe(radius=0.0)
    assert "never jumps in 80 steps and never leaves" in e.describe(threshold=0.0)


def test_pgd_steps_frames_show_the_run_up_to_t():
    e = pgd.pgd_steps_exploration()
    runs = pgd.pgd_runs(**{k: v for k, v in e.fixed.items()})
    assert len(e.control("t").values) <= 30
    titles = set()
    for setting in e.static_settings():
        t = setting["t"]
        fig = e.figure(**setting)
        (pgd_line,) = [line for line in fig.axes[0].get_lines() if line.get_label() == "PGD"]
        assert len(pgd_line.get_xdata()) == t + 1
        distance = np.linalg.norm(runs.pert.iterates[t])
        where = "at the saddle" if distance == 0 else f"{distance:.2g} from the saddle"
        assert f"and is {where}, f = " in e.describe(**setting)
        titles.add(fig.axes[0].get_title())
    assert len(titles) == len(e.static_settings())  # every frame differs


def test_compute_steps_are_shared_not_rerun():
    """The figure and its text alternative use one run per setting (cached)."""
    first = pgd.pgd_runs(radius=0.2, threshold=0.01)
    assert pgd.pgd_runs(radius=0.2, threshold=0.01) is first
    assert trap.trap_run(1.0, 5) is trap.trap_run(eta_ell=1.0, T=5)


def test_what_the_explore_sections_say():
    """The numbers in the Explore sections of chapters 2-4 (book/0[234]_*.ipynb)."""
    # chapter 2: an offset of 1e-8 near the saddle about three times as long as 1e-4
    ratio = concepts.crawl_run(offset=1e-8).near.sum() / concepts.crawl_run(offset=1e-4).near.sum()
    assert 2.5 < ratio < 3.5
    # chapter 3: five jumps at F = 0.05, one on the way down and one near the minimum
    runs = pgd.pgd_runs(threshold=0.05)
    values = runs.pert.values[runs.jumps]
    assert runs.jumps.size == 5 and -0.1 < values[3] < -0.01 and values[4] < -0.24
    assert "never leaves the saddle" in pgd.pgd_runs(radius=0.0).summary()
    # chapter 3's time scrub: the first jump lands about 0.01 away, the second is at step 21,
    # then the distance grows by about 1 + eta per step
    runs = pgd.pgd_runs()
    distance = np.linalg.norm(runs.pert.iterates, axis=1)
    assert list(runs.jumps) == [10, 21] and 0.005 < distance[11] < 0.015
    eta = 0.5 / pg.DoubleWell().smoothness
    assert np.allclose(distance[36:50] / distance[35:49], 1 + eta, atol=0.01)
    # chapter 4: at eta = 1/ell the ratio falls from about 0.7 (T = 1) below 0.4 (T = 60); the circle
    # is larger than the frame (3 x 1.8) from T = 20 on
    ratios = [trap.trap_run(1.0, T).moved / trap.trap_run(1.0, T).radius for T in (1, 60)]
    assert 0.65 < ratios[0] < 0.75 and ratios[1] < 0.4
    assert trap.trap_run(1.0, 20).radius > 1.5 > trap.trap_run(1.0, 10).radius
