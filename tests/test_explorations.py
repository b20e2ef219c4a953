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
from pgdlib.viz.explore import WIDGET_DPI, Layers, opaque_png

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


def _widget_pngs(box) -> list[bytes]:
    import base64

    output = box.children[1]
    return [base64.b64decode(o["data"]["image/png"]) for o in output.outputs]


@pytest.mark.parametrize("exploration", EXPLORATIONS[:3], ids=[e.title for e in EXPLORATIONS[:3]])
def test_widget_holds_its_figure_before_display_and_captures_nothing(exploration: Exploration) -> None:
    """The Output's state carries the default figure; no ``with output:`` ever sets its msg_id.

    A headless client (nbclient) routes the messages of a captured msg_id into its own
    Output-widget stand-in, whose reply on the shell channel can hide the execute_reply until
    the cell timeout (benchmarks/stress_headless.py); a widget that never captures avoids it.
    """
    box = exploration.widget()
    output = box.children[1]
    (first,) = _widget_pngs(box)
    width, height = (exploration.figure().get_size_inches() * WIDGET_DPI).round().astype(int)
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(first[16:20], "big"), int.from_bytes(first[20:24], "big")) == (width, height)
    assert output.msg_id == ""
    control, spec = box.children[0].children[0], exploration.controls[0]
    control.value = next(v for v in reversed(spec.test_values()) if v != spec.default)
    (moved,) = _widget_pngs(box)  # replaced, not appended
    assert moved != first
    control.value = spec.default
    assert _widget_pngs(box) == [first]
    assert output.msg_id == ""


@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=[e.title for e in EXPLORATIONS])
def test_one_slider_step_from_the_default_draws_a_figure(exploration: Exploration) -> None:
    """Each control moved one step of its widget, as the arrow key does: a figure, never an error.

    A logarithmic slider steps in powers of 10, so an integer control on one (chapter 5's d)
    gives a value such as 10**1.1 = 12.59, which the draw function must receive as 13, and the
    readout must show 13.
    """
    box = exploration.widget()
    widgets = box.children[0].children
    for spec, control in zip(exploration.controls, widgets, strict=True):
        if spec.options is not None:
            control.value = spec.options[-1] if control.value != spec.options[-1] else spec.options[0]
        elif spec.log:
            control.value = 10 ** min(np.log10(control.value) + control.step, control.max)
            if spec.integer:
                assert control.readout_format == ".0f"
        else:
            control.value = min(control.value + control.step, control.max)
        (shown,) = box.children[1].outputs
        assert shown["output_type"] == "display_data", (spec.name, control.value, shown.get("evalue"))
        control.value = spec.default
    assert Control("d", "d", 10, low=1, high=1000, integer=True, log=True).cast(10**1.1) == 13


def test_widget_shows_a_failed_move_in_its_output() -> None:
    def draw(x: float) -> Figure:
        if x > 0.5:
            raise RuntimeError("cannot draw x > 0.5")
        return _scaled_line(x)

    box = Exploration("failing", draw, (Control("x", "x", 0.1, low=0.0, high=1.0),), "").widget()
    box.children[0].children[0].value = 0.9
    (shown,) = box.children[1].outputs
    assert shown["output_type"] == "error" and "cannot draw x > 0.5" in shown["evalue"]


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
             tuple(t.get_text() for t in ax.get_yticklabels()),
             tuple(t.get_text() for t in ax.get_legend().texts) if ax.get_legend() else ())
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


LAYERED = [e for e in EXPLORATIONS if isinstance(e.draw, Layers)]


def _pixels(png: bytes) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def _full_redraw(renderer) -> np.ndarray:
    """The renderer's figure drawn whole, as it stands, in its current layout."""
    renderer._canvas.draw()
    return np.asarray(renderer._canvas.buffer_rgba())[:, :, :3].astype(np.int16)


def _nearly_equal(image: np.ndarray, other: np.ndarray) -> bool:
    """Equal but for a few pixels where a path crosses the frame.

    The overlay is drawn after the axes' spines and tick marks, which a whole drawing puts
    on top of the data.
    """
    return image.shape == other.shape and (np.abs(image - other).max(axis=2) > 40).mean() < 0.002


def test_every_exploration_but_none_draws_in_layers() -> None:
    """The widgets the issue timed are layered; a new one without layers is a deliberate choice."""
    assert {e.title for e in EXPLORATIONS} - {e.title for e in LAYERED} == set()


@pytest.mark.parametrize("exploration", LAYERED, ids=[e.title for e in LAYERED])
def test_layered_moves_draw_only_the_overlay_and_match_a_full_redraw(exploration: Exploration) -> None:
    """A blitted move shows what drawing the whole figure shows, and other sliders stay blitted."""
    layers = exploration.draw
    renderer = exploration.renderer()
    renderer.png()
    moved = 0
    for control in exploration.controls:
        if control.name in layers.background_controls:
            continue
        for value in control.test_values():
            before = renderer.overlay_only_draws
            blitted = _pixels(renderer.png(**{control.name: value}))
            assert renderer.overlay_only_draws == before + 1, (control.name, value)
            moved += 1
            assert _nearly_equal(blitted, _full_redraw(renderer)), (control.name, value)
    assert moved > 0


@pytest.mark.parametrize("exploration", LAYERED, ids=[e.title for e in LAYERED])
def test_layered_draw_is_background_plus_overlay(exploration: Exploration) -> None:
    """The book's figure (the Layers called as a function) is the renderer's figure."""
    fig = exploration.figure()
    renderer = exploration.renderer()
    renderer.png()
    assert _artist_summary(renderer._figure) == _artist_summary(fig, like=renderer._figure)


def _window_line(fig_width: float = 4.0):
    from pgdlib.viz.style import new_figure

    def background(top: float = 1.0) -> Figure:
        fig, (ax,) = new_figure(width=fig_width, height=3.0)
        ax.set_xlim(0.0, 1.0)
        ax.set_ylim(0.0, top)
        return fig

    def overlay(fig: Figure, top: float = 1.0, height: float = 0.5) -> Figure | None:
        from pgdlib.viz.style import message_figure

        if height < 0:
            return message_figure("nothing to draw", "a negative height has no line")
        (ax,) = fig.axes
        ax.plot([0.0, 1.0], [height, height], label="line")
        ax.set_title(f"height {height:g}")
        ax.legend()
        if height > top:
            ax.set_ylim(0.0, 2 * height)  # breaks the rule: the renderer must notice
        return None

    return Exploration("window", Layers(background, overlay, ("top",)),
                       (Control("top", "top", 1.0, low=1.0, high=2.0),
                        Control("height", "height", 0.5, low=-1.0, high=5.0)), "a line in a window")


def test_layered_renderer_redraws_everything_when_the_overlay_moves_a_limit() -> None:
    exploration = _window_line()
    renderer = exploration.renderer()
    renderer.png()
    renderer.png(height=0.7)
    assert renderer.overlay_only_draws == 1
    png = renderer.png(height=3.0)  # the overlay widened the y-axis
    assert renderer.overlay_only_draws == 1
    assert renderer._figure.axes[0].get_ylim() == (0.0, 6.0)
    assert _nearly_equal(_pixels(png), _full_redraw(renderer))
    renderer.png(height=0.5)  # back inside the background's window: one more full redraw
    renderer.png(height=0.6)
    assert renderer.overlay_only_draws == 2


def test_layered_renderer_removes_the_previous_overlay_and_shows_messages() -> None:
    exploration = _window_line()
    renderer = exploration.renderer()
    for height in (0.1, 0.2, 0.3):
        renderer.png(height=height)
    (ax,) = renderer._figure.axes
    assert len(ax.lines) == 1 and [t.get_text() for t in ax.get_legend().texts] == ["line"]
    message = _pixels(renderer.png(height=-1.0))
    assert message.shape[:2] == (300, 800)  # message_figure's size, not the line's
    assert _pixels(renderer.png(height=0.4)).shape[:2] == (300, 400)
    assert len(ax.lines) == 1 and ax.get_title() == "height 0.4"


def test_layered_renderer_builds_a_new_background_when_its_controls_move() -> None:
    exploration = _window_line()
    renderer = exploration.renderer()
    renderer.png(top=1.0)
    renderer.png(top=2.0)
    assert renderer._figure.axes[0].get_ylim() == (0.0, 2.0)
    assert renderer.overlay_only_draws == 0
    renderer.png(top=2.0, height=0.9)
    assert renderer.overlay_only_draws == 1
    renderer.png(top=1.0, height=0.9)  # the first background was kept, with its own figure
    assert renderer.overlay_only_draws == 2
    assert renderer._figure.axes[0].get_ylim() == (0.0, 1.0)
    for top in np.linspace(1.0, 2.0, 2 * renderer.MAX_BACKGROUNDS):
        renderer.png(top=float(top))
    assert len(renderer._scenes) == renderer.MAX_BACKGROUNDS  # the oldest are forgotten


def test_opaque_png_is_the_image_it_was_given() -> None:
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(7, 11, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    decoded = _pixels(opaque_png(rgba))
    assert decoded.shape == (7, 11, 3)
    assert np.array_equal(decoded, rgba[..., :3])


@pytest.mark.parametrize("exploration", LAYERED, ids=[e.title for e in LAYERED])
def test_widget_opening_draws_every_drop_down_option(exploration: Exploration) -> None:
    """After ``prepare_options`` (the widget runs it) a drop-down choice is an overlay move."""
    renderer = exploration.renderer()
    drawn = renderer.prepare_options()
    drop_downs = [c for c in exploration.controls
                  if c.options is not None and c.name in exploration.draw.background_controls]
    assert drawn == 1 + sum(len(c.options) - 1 for c in drop_downs)
    assert renderer._figure.axes and renderer.overlay_only_draws == 0
    for control in drop_downs:
        for option in control.options:
            before = renderer.overlay_only_draws
            renderer.png(**{control.name: option})
            assert renderer.overlay_only_draws == before + 1, (control.name, option)
