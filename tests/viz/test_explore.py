"""The exploration layer (pgdlib.viz.explore): controls, the widget, the HTML book's placeholder."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import base64
import io
import re

import numpy as np
import pytest
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image

from pgdlib.viz import Control, Exploration, all_explorations, show
from pgdlib.viz.explore import MAX_STATIC_SETTINGS, WIDGET_DPI, nearest_setting, render_png
from pgdlib.viz.style import new_figure

EXPLORATIONS = all_explorations()
IDS = [e.name for e in EXPLORATIONS]


def _plotted_arrays(fig: Figure):
    for ax in fig.axes:
        for artist in ax.get_children():
            if isinstance(artist, Line2D):
                yield np.asarray(artist.get_xydata(), dtype=float)
            elif isinstance(artist, (PathCollection, PolyCollection)):
                yield np.asarray(artist.get_offsets(), dtype=float)
        for patch in ax.patches:
            yield np.asarray(patch.get_extents().bounds, dtype=float)


def _sampled_settings(exploration: Exploration) -> list[dict]:
    """Each control over all its values (the others at default), and every static setting."""
    settings = [{c.name: v} for c in exploration.controls for v in c.values]
    return settings + exploration.static_settings()


def _line(x: float) -> Figure:
    fig, (ax,) = new_figure()
    ax.plot([0, 1], [0, x])
    ax.set_title(f"x = {x}")
    return fig


def _toy(**kwargs) -> Exploration:
    return Exploration("toy", "toy", _line, (Control("x", "x", (0.1, 0.5, 0.9), 0.1),), "Moves a line.",
                       **kwargs)


@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=IDS)
def test_every_setting_draws_a_titled_figure_of_finite_data_and_says_what_it_shows(exploration) -> None:
    """Every value of every control, and every setting the HTML book shows."""
    for values in _sampled_settings(exploration):
        fig = exploration.figure(**values)
        assert isinstance(fig, Figure) and fig.axes, values
        assert any(ax.texts or ax.get_title() for ax in fig.axes), f"no title or text at {values}"
        for data in _plotted_arrays(fig):
            if data.size:
                assert np.isfinite(data).all(), f"non-finite data plotted at {values}"
        text = exploration.describe(**values)
        assert not re.search(r"\b(nan|inf)\b", text), text


def test_every_chapter_has_an_exploration_with_two_controls_in_the_html_book() -> None:
    import importlib
    import pkgutil

    import pgdlib.viz

    chapters = {}
    for info in pkgutil.iter_modules(pgdlib.viz.__path__):
        module = importlib.import_module(f"pgdlib.viz.{info.name}")
        if hasattr(module, "CHAPTER"):
            chapters.setdefault(module.CHAPTER, []).extend(module.explorations())
    assert sorted(chapters) == list(range(1, 9))
    for chapter, found in chapters.items():
        assert any(len(e.static) >= 2 for e in found), f"chapter {chapter}: {[e.name for e in found]}"
    assert len(set(IDS)) == len(IDS), "exploration names must be unique (they are the page anchors)"


@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=IDS)
def test_static_settings_are_the_product_of_the_static_controls(exploration: Exploration) -> None:
    settings = exploration.static_settings()
    sizes = [len(exploration.control(n).values) for n in exploration.static]
    assert len(settings) == int(np.prod(sizes)) <= MAX_STATIC_SETTINGS
    assert len({tuple(s.items()) for s in settings}) == len(settings)
    assert {n: exploration.control(n).default for n in exploration.static} in settings
    for setting in settings[:: max(1, len(settings) // 3)]:
        text = exploration.describe(**setting)
        assert "$" not in text  # shown as plain text: alt, status line
        for name, value in setting.items():
            control = exploration.control(name)
            assert f"{control.label} = {control.label_of(value)}" in text


@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=IDS)
def test_widget_offers_the_same_values_as_the_html_book_and_starts_at_the_defaults(exploration) -> None:
    box = exploration.widget()
    rows = box.children[0].children
    widgets = [row.children[-1] if hasattr(row, "children") else row for row in rows]
    for spec, widget in zip(exploration.controls, widgets, strict=True):
        assert widget.value == spec.default
        assert widget.description == spec.label
        if spec.numeric:
            assert list(widget.options) == list(zip(spec.labels, spec.values, strict=True))
            assert widget.continuous_update is False
        else:
            assert list(widget.options) == list(spec.values)


def _shown_png(box) -> bytes:
    (shown,) = box.children[1].outputs
    assert shown["output_type"] == "display_data", shown.get("evalue")
    return base64.b64decode(shown["data"]["image/png"])


@pytest.mark.parametrize("exploration", EXPLORATIONS[:3], ids=IDS[:3])
def test_widget_moves_replace_the_figure_and_capture_nothing(exploration: Exploration) -> None:
    """The Output's state holds one figure; no ``with output:`` ever sets its msg_id.

    A headless client (nbclient) routes the messages of a captured msg_id into its own
    Output-widget stand-in, whose reply on the shell channel can hide the execute_reply until
    the cell timeout (benchmarks/stress_headless.py); a widget that never captures avoids it.
    """
    box = exploration.widget()
    output = box.children[1]
    first = _shown_png(box)
    width, height = (exploration.figure().get_size_inches() * WIDGET_DPI).round().astype(int)
    assert Image.open(io.BytesIO(first)).size == (width, height)
    assert output.msg_id == ""
    spec = exploration.controls[0]
    row = box.children[0].children[0]
    widget = row.children[-1] if hasattr(row, "children") else row
    widget.value = next(v for v in reversed(spec.values) if v != spec.default)
    moved = _shown_png(box)
    assert moved != first
    assert moved == exploration.png(**{spec.name: widget.value})  # what pgdlib draws there
    widget.value = spec.default
    assert _shown_png(box) == first
    assert output.msg_id == ""


def test_widget_shows_a_failed_move_in_its_output() -> None:
    def draw(x: float) -> Figure:
        if x > 0.5:
            raise RuntimeError("cannot draw x > 0.5")
        return _line(x)

    box = Exploration("failing", "failing", draw, (Control("x", "x", (0.1, 0.9), 0.1),), "").widget()
    box.children[0].children[0].value = 0.9
    (shown,) = box.children[1].outputs
    assert shown["output_type"] == "error" and "cannot draw x > 0.5" in shown["evalue"]


def test_play_control_gets_a_play_button_linked_to_its_slider() -> None:
    import ipywidgets as w

    toy = Exploration("toy", "toy", _line, (Control("x", "x", (0.1, 0.5, 0.9), 0.1, play=True),), "")
    (row,) = toy.widget().children[0].children
    play, slider = row.children
    assert isinstance(play, w.Play) and (play.min, play.max) == (0, 2)
    assert isinstance(slider, w.SelectionSlider)


def test_static_mode_shows_a_placeholder_with_the_default_figure(monkeypatch) -> None:
    shown = []
    monkeypatch.setenv("PGDLIB_STATIC", "1")
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append((obj, raw)))
    exploration = EXPLORATIONS[0]
    show(exploration)
    ((data, raw),) = shown
    assert raw is True
    assert f'data-pgd-exploration="{exploration.name}"' in data["text/html"]
    png = base64.b64decode(data["image/png"])
    assert png == exploration.png()
    embedded = re.search(r'src="data:image/png;base64,([^"]+)"', data["text/html"]).group(1)
    assert base64.b64decode(embedded) == png
    assert data["text/plain"] == exploration.describe()
    assert exploration.description in data["text/html"]  # what running the cell gives
    assert exploration.describe().startswith(exploration.summary())


def test_render_png_is_the_figure_matplotlib_saves() -> None:
    fig = _line(0.5)
    saved = io.BytesIO()
    fig.savefig(saved, format="png", dpi=WIDGET_DPI)
    expected = np.asarray(Image.open(saved).convert("RGB"))
    rendered = np.asarray(Image.open(io.BytesIO(render_png(_line(0.5)))).convert("RGB"))
    assert rendered.shape == expected.shape
    assert np.array_equal(rendered, expected)
    palette = Image.open(io.BytesIO(render_png(_line(0.5), colors=64)))
    assert palette.mode == "P" and palette.size == expected.shape[1::-1]
    # few colours in line art: the palette image is nearly the RGB one
    assert np.abs(np.asarray(palette.convert("RGB"), float) - expected).mean() < 2.0


def test_control_validation() -> None:
    with pytest.raises(ValueError, match="default"):
        Control("eta", "eta", (0.1, 0.2), 0.3)
    with pytest.raises(ValueError, match="repeat"):
        Control("eta", "eta", (0.1, 0.1), 0.1)
    with pytest.raises(ValueError, match="at least 2"):
        Control("eta", "eta", (0.1,), 0.1)
    with pytest.raises(TypeError, match="all numbers or all strings"):
        Control("eta", "eta", (0.1, "a"), 0.1)
    with pytest.raises(ValueError, match="plain text"):
        Control("eta", "$\\eta$", (0.1, 0.2), 0.1)
    with pytest.raises(TypeError, match="must be a sequence"):
        Control("eta", "eta", 0.1, 0.1)
    with pytest.raises(ValueError, match="identifier"):
        Control("step size", "eta", (0.1, 0.2), 0.1)
    with pytest.raises(ValueError, match="finite number"):
        Control("eta", "eta", (0.1, np.inf), 0.1)
    with pytest.raises(ValueError, match="cannot format"):
        Control("eta", "eta", (0.1, 0.2), 0.1, fmt="q")
    with pytest.raises(ValueError, match="play needs a numeric control"):
        Control("f", "f", ("a", "b"), "a", play=True)
    assert Control("eta", "eta", np.array([0.1, 0.2]), 0.1).values == (0.1, 0.2)
    with pytest.raises(ValueError, match="not one of the grid"):
        Control.grid("eta", "eta", low=0.0, high=1.0, num=5, default=0.3)
    d = Control.grid("d", "dimension d", low=1, high=1000, num=7, default=10, log=True, integer=True)
    assert d.values == (1, 3, 10, 32, 100, 316, 1000) and d.labels[3] == "32"
    eta = Control.grid("eta", "eta", low=0.1, high=0.5, num=5, default=0.3)
    assert eta.values == (0.1, 0.2, 0.3, 0.4, 0.5)  # no 0.30000000000000004


def test_exploration_validation() -> None:
    with pytest.raises(ValueError, match="letters, digits and hyphens"):
        _toy().__class__("bad name", "t", _line, _toy().controls, "")
    with pytest.raises(ValueError, match="unknown control"):
        _toy(static=("y",))
    with pytest.raises(TypeError, match="non-empty tuple of Control"):
        Exploration("toy", "toy", _line, [Control("x", "x", (0.1, 0.5), 0.1)], "")
    with pytest.raises(TypeError, match="callable"):
        Exploration("toy", "toy", "not a function", _toy().controls, "")
    many = tuple(Control(n, n, tuple(range(8)), 0) for n in "abc")
    with pytest.raises(ValueError, match="at most 64"):
        Exploration("many", "many", lambda **kw: _line(0.1), many, "")
    two = Exploration("many", "many", lambda **kw: _line(0.1), many, "", static=("a", "b"))
    assert len(two.static_settings()) == 64 and two.static_settings()[1] == {"a": 0, "b": 1}
    with pytest.raises(ValueError, match="unknown control"):
        EXPLORATIONS[0].figure(not_a_control=1.0)
    with pytest.raises(ValueError, match="must be one of"):
        _toy().figure(x=0.3)


def test_nearest_setting_takes_the_closest_value_or_the_default() -> None:
    exploration = next(e for e in EXPLORATIONS if any(not c.numeric for c in e.controls)
                       and any(c.numeric for c in e.controls))
    number = next(exploration.control(n) for n in exploration.static if exploration.control(n).numeric)
    choice = next((c for c in exploration.controls if not c.numeric), None)
    top = number.values[-1]
    assert nearest_setting(exploration, {number.name: top * 10})[number.name] == top
    assert nearest_setting(exploration, {number.name: "not a number"})[number.name] == number.default
    assert nearest_setting(exploration, {number.name: float("nan")})[number.name] == number.default
    if choice is not None and choice.name in exploration.static:
        assert nearest_setting(exploration, {choice.name: "no such option"})[choice.name] == choice.default
    assert nearest_setting(exploration, {"no_such_control": 1}) == {
        n: exploration.control(n).default for n in exploration.static}


def test_widget_draws_the_next_step_of_a_move_ahead_and_shows_seen_settings_from_its_cache() -> None:
    drawn = []

    def draw(x: float, y: str) -> Figure:
        drawn.append((x, y))
        return _line(x)

    toy = Exploration("toy", "toy", draw, (Control("x", "x", (0.1, 0.3, 0.5, 0.7, 0.9), 0.1),
                                           Control("y", "y", ("a", "b"), "a")), "")
    box = toy.widget()
    x, y = box.children[0].children
    assert drawn == [(0.1, "a")]
    x.value = 0.3  # shown, then the next value the same way drawn ahead
    assert drawn == [(0.1, "a"), (0.3, "a"), (0.5, "a")]
    x.value = 0.5  # ready: only the one after it is drawn
    assert drawn[3:] == [(0.7, "a")]
    x.value = 0.3  # back: seen, and so is 0.1 ahead of it
    assert drawn[4:] == []
    y.value = "b"  # the last of y's values: nothing further ahead
    assert drawn[4:] == [(0.3, "b")]
    y.value = "a"
    assert drawn[5:] == [] and _shown_png(box) == toy.png(x=0.3)
