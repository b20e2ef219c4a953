"""Tests of :mod:`pgdlib.viz.concepts`."""

from __future__ import annotations

import numpy as np
import pytest

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
