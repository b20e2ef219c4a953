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


def _artist_summary(fig: Figure, like: Figure | None = None) -> list:
    """What a reader sees of each axes, drawn (limits and ticks are settled at draw time).

    With ``like``, ``fig``'s axes first take ``like``'s positions (the tick count depends on
    an axes' size, which a reused layout may set a few pixels differently).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    if like is not None:
        fig.set_layout_engine("none")
        for ax, other in zip(fig.axes, like.axes, strict=True):
            ax.set_position(other.get_position(original=True))
    fig.canvas.draw()
    return [(ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), len(ax.lines), len(ax.collections),
             len(ax.patches), len(ax.texts), ax.get_xscale(), ax.get_yscale(),
             ax.get_legend() is not None, ax.get_aspect(), ax.axison,
             tuple(np.round(ax.get_xlim(), 9)), tuple(np.round(ax.get_ylim(), 9)),
             tuple(np.round(ax.get_xticks(), 9)), tuple(np.round(ax.get_yticks(), 9)),
             tuple(t.get_text() for t in ax.get_xticklabels()),
             tuple(t.get_text() for t in ax.get_yticklabels()))
            for ax in fig.axes] + [len(fig.texts), len(fig.legends)]


@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=[e.title for e in EXPLORATIONS])
def test_slider_renderer_leaves_nothing_from_the_previous_move(exploration: Exploration) -> None:
    """Each redraw into the reused figure shows what a new figure at the same values shows."""
    renderer = exploration.renderer()
    grid = exploration.value_grid(pairwise=True)
    walk = [grid[0], grid[-1], *grid[:: max(1, len(grid) // 6)], exploration.defaults]
    for values in walk:  # jumps across the sliders' ranges, as a reader moves them
        png = renderer.png(**values)
        fresh = exploration.figure(**values)
        assert _artist_summary(renderer._figure) == _artist_summary(fresh, like=renderer._figure), values
        width, height = (fresh.get_size_inches() * renderer.dpi).round().astype(int)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (width, height)
    assert renderer.layouts_computed <= len(walk)


def _scaled_line(scale: float = 1.0) -> Figure:
    from pgdlib.viz.style import new_figure

    fig, (ax,) = new_figure(width=4.0, height=3.0)
    ax.plot([0.0, 1.0], [0.0, scale])
    ax.set_title(f"scale {scale:g}")
    ax.set_ylabel("value")
    return fig


def test_slider_renderer_lays_out_again_when_tick_labels_get_longer() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    exploration = Exploration("scaled line", _scaled_line,
                              (Control("scale", "scale", 1.0, low=1.0, high=1e6),), "a line")
    renderer = exploration.renderer()
    renderer.png(scale=1.0)
    renderer.png(scale=2.0)
    assert renderer.layouts_computed == 1  # same label widths: positions reused
    renderer.png(scale=123456.0)
    assert renderer.layouts_computed == 2
    fig = renderer._figure
    box = fig.axes[0].get_tightbbox(FigureCanvasAgg(fig).get_renderer())
    assert box.x0 >= 0, "the longer tick labels are cut off at the left edge"


def test_slider_renderer_rejects_a_draw_that_builds_its_own_figure() -> None:
    exploration = Exploration("own figure", lambda a: Figure(),
                              (Control("a", "a", 0.0, low=0.0, high=1.0),), "nothing")
    with pytest.raises(TypeError, match="new_figure"):
        exploration.renderer().png()
