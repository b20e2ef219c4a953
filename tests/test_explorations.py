"""Every slider of every exploration: a figure or a readable message, never a traceback or NaN."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from pgdlib.viz import Control, Exploration, all_explorations, show

EXPLORATIONS = all_explorations()


def _plotted_arrays(fig: Figure):
    for ax in fig.axes:
        for artist in ax.get_children():
            if isinstance(artist, Line2D):
                yield np.asarray(artist.get_xydata(), dtype=float)
            elif isinstance(artist, (PathCollection, PolyCollection)):
                yield np.asarray(artist.get_offsets(), dtype=float)


def _has_message(fig: Figure) -> bool:
    return any(ax.texts or ax.get_title() for ax in fig.axes)


@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=[e.title for e in EXPLORATIONS])
def test_every_slider_combination_draws(exploration: Exploration) -> None:
    settings = exploration.value_grid(pairwise=True)
    assert len(settings) >= 3 * len(exploration.controls)
    for values in settings:
        fig = exploration.figure(**values)
        assert isinstance(fig, Figure), values
        assert fig.axes, values
        assert _has_message(fig), f"{exploration.title}: figure without title or text at {values}"
        for data in _plotted_arrays(fig):
            if data.size:
                assert np.isfinite(data).all(), f"{exploration.title}: non-finite data plotted at {values}"


@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=[e.title for e in EXPLORATIONS])
def test_widget_has_one_control_per_slider_at_its_default(exploration: Exploration) -> None:
    box = exploration.widget()
    controls = box.children[0].children
    assert [c.value for c in controls] == pytest.approx(list(exploration.defaults.values()))


def test_static_mode_shows_figure_and_no_control(monkeypatch, capsys) -> None:
    shown = []
    monkeypatch.setenv("PGDLIB_STATIC", "1")
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    show(EXPLORATIONS[0])
    assert isinstance(shown[0], Figure)
    assert "Binder" in shown[1].data
    assert not any(type(obj).__module__.startswith("ipywidgets") for obj in shown)


def test_control_rejects_default_outside_range() -> None:
    with pytest.raises(ValueError, match="default"):
        Control("eta", "eta", 5.0, low=0.0, high=1.0)
    with pytest.raises(ValueError, match="low < high"):
        Control("eta", "eta", 0.5, low=1.0, high=0.0)


def test_unknown_control_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown control"):
        EXPLORATIONS[0].figure(not_a_slider=1.0)
