"""Tests of :mod:`pgdlib.viz.release`."""

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
