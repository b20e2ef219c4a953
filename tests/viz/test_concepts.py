"""Tests of :mod:`pgdlib.viz.concepts`."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

import pgdlib as pg
from pgdlib.viz import concepts

EXPLORATIONS = concepts.explorations()
IDS = [e.name for e in EXPLORATIONS]


def test_crawl_alt_counts_what_gd_does():
    e = concepts.saddle_exploration()
    for setting in e.static_settings():
        values = e.values(**setting)
        run = pg.gd(pg.DoubleWell(), [values["offset"], values["y0"]], eta=values["eta"],
                    steps=values["steps"])
        count = int(pg.steps_near(pg.DoubleWell(), run, np.zeros(2), radius=values["radius"]))
        text = e.describe(**setting)
        if count == 0:
            assert "without coming within" in text
        else:
            assert text.startswith(f"GD spends {count} of {values['steps'] + 1} iterates"), text
    fig = e.figure()
    assert fig.axes[1].get_title().startswith(f"{int(concepts.crawl_run(offset=1e-8).near.sum())} of 201")


@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=IDS)
def test_controls_and_static_settings(exploration):
    assert len(exploration.static) >= 1 and len(exploration.static_settings()) <= 40
    for control in exploration.controls:
        assert 3 <= len(control.values) <= 17, control.name
        if all(isinstance(v, int) for v in control.values):
            assert control.fmt == "d", control.name
    assert exploration.name in ("saddle-crawl", "pgd", "pgd-steps", "trap")


@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=IDS)
def test_every_static_setting_draws_finite_data_and_a_title(exploration):
    for setting in exploration.static_settings():
        fig = exploration.figure(**setting)
        assert isinstance(fig, Figure)
        assert any(ax.get_title() for ax in fig.axes), setting
        for ax in fig.axes:
            for line in ax.get_lines():
                data = np.asarray(line.get_xydata(), dtype=float)
                assert np.isfinite(data).all(), (setting, line.get_label())
        text = exploration.describe(**setting)
        assert "nan" not in text and "inf" not in text, text
