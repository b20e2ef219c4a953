"""pgdlib.diagnostics.plateau: iterates of a run within a radius of a point."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg

WELL = pg.DoubleWell()


def test_counts_iterates_within_the_radius_per_run():
    starts = np.array([[1e-2, 1.0], [1e-4, 1.0], [1e-8, 1.0]])
    run = pg.gd(WELL, starts, eta=0.1, steps=400)
    counts = pg.steps_near(WELL, run, np.zeros(2), radius=0.1)
    expected = (np.linalg.norm(run.iterates, axis=-1) <= 0.1).sum(axis=0)
    assert counts.tolist() == expected.tolist() and counts[0] == 0 and np.all(np.diff(counts) > 0)
    single = pg.gd(WELL, starts[1], eta=0.1, steps=400)
    assert int(pg.steps_near(WELL, single, [0.0, 0.0], radius=0.1)) == counts[1]


def test_a_run_that_stopped_counts_up_to_its_last_step():
    run = pg.gd(WELL, [[0.0, 0.05], [1e-4, 1.0]], eta=0.1, steps=50, tol=1e-3)  # the first converges at once
    counts = pg.steps_near(WELL, run, [0.0, 0.0], radius=0.1)
    assert counts[0] == int(run.n_steps[0]) + 1


@pytest.mark.parametrize("kwargs, error, name", [
    ({"radius": -1.0}, ValueError, "radius"),
    ({"point": [0.0, 0.0, 0.0]}, ValueError, "point"),
    ({"traj": "run"}, TypeError, "traj"),
    ({"traj": pg.gd(WELL, [0.5, 0.5], eta=0.1, steps=5, record="final")}, ValueError, "traj"),
])
def test_bad_arguments_are_named(kwargs, error, name):
    args = {"f": WELL, "traj": pg.gd(WELL, [0.5, 0.5], eta=0.1, steps=5), "point": [0.0, 0.0], "radius": 0.1,
            **kwargs}
    with pytest.raises(error, match=name):
        pg.steps_near(**args)
