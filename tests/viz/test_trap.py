"""Tests of :mod:`pgdlib.viz.trap`."""

from __future__ import annotations

import re

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.viz import trap

EXPLORATIONS = trap.explorations()
IDS = [e.name for e in EXPLORATIONS]


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def test_trap_run_reports_lemma_2_on_its_run():
    """The figure's numbers are trap_of's on its run: F the descent, the radius sqrt(2 eta T F)."""
    r = trap.trap_run(0.5, 20)
    eta = r.run.params["eta"]
    assert r.threshold == pytest.approx(float(r.run.values[0] - r.run.values[-1]), rel=1e-12)
    assert r.radius == pytest.approx(np.sqrt(2 * eta * 20 * r.threshold), rel=1e-12)
    moved = np.max(np.linalg.norm(r.run.iterates - trap.TRAP_START, axis=1))
    assert r.moved == pytest.approx(moved, rel=1e-12)
    assert r.moved <= r.radius


def test_trap_alt_matches_measure_trap():
    e = trap.trap_exploration()
    well = pg.DoubleWell()
    for setting in e.static_settings():
        m = pg.measure_trap(well, trap.TRAP_START, eta=setting["eta_ell"] / well.smoothness,
                            steps=setting["T"])
        F, moved, radius = _numbers(e.describe(**setting).split("(ratio")[0])[1:]
        assert F == pytest.approx(m.descent[0], abs=5e-4)
        assert moved == pytest.approx(m.displacement[0], abs=5e-4)
        assert radius == pytest.approx(m.bound[0], abs=5e-4)
        assert "inside the ball" in e.describe(**setting)  # Lemma 2, eta <= 1/ell
        fig = e.figure(**setting)
        (circle,) = fig.axes[0].patches
        assert circle.get_radius() == pytest.approx(m.bound[0])
        (path,) = [a for a in fig.axes[0].get_lines() if a.get_label() == "GD iterates"]
        assert len(path.get_xdata()) == setting["T"] + 1


@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=IDS)
def test_controls_and_static_settings(exploration):
    assert len(exploration.static) >= 1 and len(exploration.static_settings()) <= 40
    for control in exploration.controls:
        assert 3 <= len(control.values) <= 17, control.name
        if all(isinstance(v, int) for v in control.values):
            assert control.fmt == "d", control.name
    assert exploration.name in ("saddle-crawl", "pgd", "pgd-steps", "trap")
