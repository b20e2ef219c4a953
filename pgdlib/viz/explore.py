"""Explorations: a drawing function plus its slider specifications.

Every interactive figure in the book is an :class:`Exploration`. Its ``draw``
function takes the slider values as keyword arguments and returns a matplotlib
:class:`~matplotlib.figure.Figure`; it is plain Python, so tests and benchmarks
call it without a browser. :meth:`Exploration.widget` wraps it in ipywidgets
controls (each move replaces the figure in an :class:`ipywidgets.Output` rather
than stacking a new one), and :func:`show` chooses
what a reader gets:

* in Jupyter or Binder, the sliders and the figure they drive;
* in the HTML book (the build sets ``PGDLIB_STATIC=1``), the figure at the
  default values and a sentence saying what the sliders change, with no
  control that would do nothing without a kernel.
"""

from __future__ import annotations

import itertools
import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.container import Container
from matplotlib.figure import Figure

__all__ = ["Control", "Exploration", "Layers", "SliderRenderer", "opaque_png", "show", "STATIC_ENV"]

STATIC_ENV = "PGDLIB_STATIC"
WIDGET_DPI = 100


@dataclass(frozen=True)
class Control:
    """One slider or drop-down.

    Attributes
    ----------
    name : str
        Keyword argument of the draw function.
    label : str
        What the reader sees beside the control (plain text or LaTeX in ``$``).
    default : float, int or str
        Starting value; the HTML book shows the figure at this value.
    low, high, step : float, optional
        Range and increment of a numeric slider (``log=True``: ``low`` and
        ``high`` are the values themselves, the slider moves in powers of 10).
    options : sequence of str, optional
        Choices of a drop-down (then ``low``, ``high``, ``step`` are unused).
    integer : bool
        Whether the slider takes integer values.
    log : bool
        Whether the slider is logarithmic.
    """

    name: str
    label: str
    default: Any
    low: float | None = None
    high: float | None = None
    step: float | None = None
    options: Sequence[str] | None = None
    integer: bool = False
    log: bool = False

    def __post_init__(self) -> None:
        if self.options is not None:
            if self.default not in self.options:
                raise ValueError(f"default of {self.name!r} must be one of {list(self.options)}")
            return
        if self.low is None or self.high is None or not self.low < self.high:
            raise ValueError(f"control {self.name!r} needs low < high, got {self.low!r}, {self.high!r}")
        if not self.low <= self.default <= self.high:
            raise ValueError(f"default of {self.name!r} must lie in [{self.low}, {self.high}]")

    def test_values(self) -> list:
        """Minimum, maximum, default and two interior values (for tests)."""
        if self.options is not None:
            return list(self.options)
        if self.log:
            grid = np.geomspace(self.low, self.high, 4)
        else:
            grid = np.linspace(self.low, self.high, 4)
        values = [self.low, self.high, self.default, *grid[1:-1]]
        if self.integer:
            values = [int(round(v)) for v in values]
        else:
            values = [float(v) for v in values]
        return list(dict.fromkeys(values))

    def cast(self, value: Any) -> Any:
        """A control's value as the draw function takes it: the nearest integer for an integer one."""
        if self.integer and self.options is None:
            return int(round(value))
        return value

    def make_widget(self):
        """The ipywidgets control for this specification."""
        import ipywidgets as w

        style = {"description_width": "initial"}
        layout = w.Layout(width="24em")
        if self.options is not None:
            return w.Dropdown(options=list(self.options), value=self.default, description=self.label,
                              style=style, layout=layout)
        if self.log:
            # ipywidgets has no integer log slider: an integer control reads out its value rounded,
            # which is what cast() hands to the draw function.
            return w.FloatLogSlider(value=self.default, base=10, min=np.log10(self.low),
                                    max=np.log10(self.high), step=self.step or 0.1,
                                    description=self.label, style=style, layout=layout,
                                    continuous_update=False, readout_format=".0f" if self.integer else ".3g")
        if self.integer:
            return w.IntSlider(value=int(self.default), min=int(self.low), max=int(self.high),
                               step=int(self.step or 1), description=self.label, style=style,
                               layout=layout, continuous_update=False)
        return w.FloatSlider(value=self.default, min=self.low, max=self.high,
                             step=self.step or (self.high - self.low) / 100, description=self.label,
                             style=style, layout=layout, continuous_update=False, readout_format=".3g")


@dataclass(frozen=True)
class Exploration:
    """A figure driven by sliders.

    Attributes
    ----------
    title : str
        A short name, used in benchmark and test reports.
    draw : callable
        ``draw(**values) -> Figure``; must return a figure (possibly one that
        states in words why nothing can be drawn) for every slider value.
    controls : tuple of Control
        The sliders, in display order.
    description : str
        One sentence for the HTML book: what moving the sliders changes.
    """

    title: str
    draw: Callable[..., Figure]
    controls: tuple[Control, ...]
    description: str
    fixed: dict = field(default_factory=dict)

    @property
    def defaults(self) -> dict:
        """Slider values the figure starts from."""
        return {c.name: c.default for c in self.controls}

    def values(self, **values: Any) -> dict:
        """Every argument of ``draw``: the fixed ones, the defaults, overridden by ``values``."""
        unknown = set(values) - {c.name for c in self.controls}
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)} for {self.title!r}")
        return {**self.fixed, **self.defaults, **values}

    def figure(self, **values: Any) -> Figure:
        """The figure at the defaults, overridden by ``values``."""
        return self.draw(**self.values(**values))

    def png(self, dpi: int = WIDGET_DPI, **values: Any) -> bytes:
        """The figure rendered to PNG on its own (a new figure, laid out from scratch)."""
        return _png_of(self.figure(**values), dpi)

    def renderer(self, dpi: int = WIDGET_DPI) -> SliderRenderer:
        """What a slider move runs: a :class:`SliderRenderer` for this exploration."""
        return SliderRenderer(self, dpi)

    def value_grid(self, pairwise: bool = True) -> list[dict]:
        """Slider settings that cover every pair of test values (for tests).

        Each control contributes its minimum, maximum, default and interior
        values; with ``pairwise=True`` every pair of controls is varied over
        all their value combinations while the others stay at default.
        """
        names = [c.name for c in self.controls]
        values = {c.name: c.test_values() for c in self.controls}
        settings = []
        if not pairwise or len(names) < 2:
            for name in names:
                settings += [{**self.defaults, name: v} for v in values[name]]
        else:
            for a, b in itertools.combinations(names, 2):
                for va, vb in itertools.product(values[a], values[b]):
                    settings.append({**self.defaults, a: va, b: vb})
        unique = {tuple(sorted(s.items())): s for s in settings}
        return list(unique.values())

    def widget(self):
        """The controls and the figure they drive, as one ipywidgets box.

        The figure is the ``outputs`` state of an :class:`ipywidgets.Output`, drawn at the
        defaults before the box is displayed and replaced (one display_data) at every move.
        Nothing is captured with ``with output:`` (as :func:`ipywidgets.interactive_output`
        does), so the Output widget's ``msg_id`` never changes: a headless client
        (nbclient, hence ``jupyter nbconvert --execute``, papermill, nbgrader) then has no
        output to route into its stand-in of the Output widget, whose reply on the shell
        channel can hide the cell's execute_reply until the cell timeout
        (``benchmarks/stress_headless.py`` explains and measures it).
        """
        import ipywidgets as w

        controls = {c.name: c.make_widget() for c in self.controls}
        renderer = self.renderer()
        renderer.prepare_options()
        output = w.Output()

        def redraw(change: Any = None) -> None:
            values = {c.name: c.cast(controls[c.name].value) for c in self.controls}
            try:
                output.outputs = (_png_output(renderer.png(**values)),)
            except Exception as error:  # shown where the reader looks, not only in the kernel log
                if change is None:
                    raise
                output.outputs = (_error_output(error),)

        redraw()
        for control in controls.values():
            control.observe(redraw, "value")
        box = w.VBox([w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap")), output])
        return box


@dataclass(frozen=True)
class Layers:
    """A figure drawn in two layers, so that most slider moves redraw only the data.

    Use an instance as an :class:`Exploration`'s ``draw``: calling it draws the whole
    figure, and :class:`SliderRenderer` recognises it and keeps the background's pixels.

    Attributes
    ----------
    background : callable
        ``background(**values) -> Figure``, called with the values of
        ``background_controls`` only: the axes with everything that depends on nothing
        else (contours, limits, scales, axis labels, fixed reference lines). It builds its
        figure with :func:`~pgdlib.viz.style.new_figure`.
    overlay : callable
        ``overlay(fig, **values) -> Figure | None``, called with every value: adds the
        artists that the other controls change (paths, markers, legends, titles) to
        ``fig``'s axes. It must leave limits, scales and axis labels as the background set
        them (the renderer checks, and redraws everything when they moved). It returns
        ``None``, or another figure to show instead (a
        :func:`~pgdlib.viz.style.message_figure` saying why there is nothing to draw).
    background_controls : tuple of str
        The arguments of ``background`` (controls, fixed values, or parameters of the
        figure function that the exploration leaves at their defaults).
    """

    background: Callable[..., Figure]
    overlay: Callable[..., Figure | None]
    background_controls: tuple[str, ...] = ()

    def background_values(self, values: dict) -> dict:
        """The part of ``values`` the background depends on (absent ones take its defaults)."""
        return {name: values[name] for name in self.background_controls if name in values}

    def __call__(self, **values: Any) -> Figure:
        fig = self.background(**self.background_values(values))
        shown = self.overlay(fig, **values)
        return fig if shown is None else shown


class SliderRenderer:
    """Renders one exploration's figure to PNG again and again, as its sliders move.

    Three things make a redraw cheaper than drawing a new figure (``benchmarks/bench_widgets.py``
    measures them):

    * for an exploration drawn in :class:`Layers`, the background is built and rendered once
      for each setting of its controls (the last ``MAX_BACKGROUNDS`` settings are kept, each
      in its own figure) and kept as pixels; a move of any other slider removes the previous
      overlay's artists, lets the overlay add new ones, pastes the background's pixels back
      and draws only the overlay on top (matplotlib's blitting). When the overlay moved a
      limit or a scale the whole figure is drawn, and the background built again next time;
    * every full redraw goes into the same :class:`~matplotlib.figure.Figure`
      (:func:`~pgdlib.viz.style.drawing_into`), so the canvas, its renderer and matplotlib's
      cache of text extents survive from one move to the next, and so do the axes and their
      tick objects when the figure keeps its shape (cleared as a new figure's would be);
    * constrained layout, which measures every tick label, runs only when the figure's shape
      (size, number of axes) is new or a tick label got longer than the longest one it was
      laid out with; otherwise the axes keep the positions it found last time.

    The PNG is written by :func:`opaque_png`, with light compression: it travels from the
    kernel to the browser on the same machine or over Binder's connection, where encoding
    time counts more than a few extra kilobytes.
    """

    #: backgrounds kept at once (one per setting of the background's controls)
    MAX_BACKGROUNDS = 8

    def __init__(self, exploration: Exploration, dpi: int = WIDGET_DPI) -> None:
        self.exploration = exploration
        self.dpi = dpi
        self._layouts: dict[tuple, tuple[list, list[int]]] = {}
        self.layouts_computed = 0
        #: how many moves pasted a kept background and drew only the overlay (for tests)
        self.overlay_only_draws = 0
        self._scenes: OrderedDict[tuple, _Scene] = OrderedDict()
        self._scene = self._scene_for(("whole figure",))

    @property
    def _figure(self) -> Figure:
        return self._scene.figure

    @property
    def _canvas(self):
        return self._scene.canvas

    def _scene_for(self, key: tuple) -> _Scene:
        """The kept scene of a background setting, or a new one (forgetting the oldest)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        scene = self._scenes.get(key)
        if scene is None:
            figure = Figure()
            scene = _Scene(figure, FigureCanvasAgg(figure))
            self._scenes[key] = scene
            while len(self._scenes) > self.MAX_BACKGROUNDS:
                self._scenes.popitem(last=False)
        self._scenes.move_to_end(key)
        return scene

    def png(self, **values: Any) -> bytes:
        """The figure at the defaults overridden by ``values``, as PNG bytes."""
        from pgdlib.viz.style import drawing_into

        values = self.exploration.values(**values)
        layers = self.exploration.draw
        if not isinstance(layers, Layers):
            self._scene = self._scene_for(("whole figure",))
            with drawing_into(self._figure):
                fig = self.exploration.draw(**values)
            self._check_target(fig)
            self._draw_laid_out(hidden=[])
            return self._encode()
        background = layers.background_values(values)
        scene = self._scene = self._scene_for(tuple(background.items()))
        if not scene.intact:
            with drawing_into(scene.figure):
                fig = layers.background(**background)
            self._check_target(fig)
            scene.pixels, scene.frame, scene.overlay, scene.intact = None, _frame(fig), [], True
        for artist in scene.overlay:  # containers first: removing one removes its artists
            if isinstance(artist, Container) or artist.get_figure(root=False) is not None:
                artist.remove()
        before = {id(a) for a in _artists(scene.figure)}
        shown = layers.overlay(scene.figure, **values)
        scene.overlay = [a for a in _artists(scene.figure) if id(a) not in before]
        if shown is not None and shown is not scene.figure:
            return _png_of(shown, self.dpi)
        if _frame(scene.figure) != scene.frame:
            # the overlay moved a limit or a scale of the background: draw everything, and
            # build the background afresh at the next move
            scene.intact = False
            self._draw_laid_out(hidden=[])
            return self._encode()
        drawn = [a for a in scene.overlay if not isinstance(a, Container)]
        on_top = sorted(drawn + _titles(scene.figure), key=lambda a: a.get_zorder())
        if scene.pixels is not None:
            scene.canvas.restore_region(scene.pixels)
            self.overlay_only_draws += 1
        else:  # a new background: draw it without the overlay and keep its pixels
            self._draw_laid_out(hidden=on_top)
            scene.pixels = scene.canvas.copy_from_bbox(scene.figure.bbox)
        for artist in on_top:
            scene.figure.draw_artist(artist)
        return self._encode()

    def prepare_options(self) -> int:
        """Draw the background of every drop-down option it depends on, before the reader asks.

        A background setting seen for the first time costs a new figure (its ticks created,
        its text measured): several times a slider move. A drop-down has few options, so
        the widget draws them all when it opens and every later choice is an overlay move.
        Returns how many settings were drawn; the default's is drawn last, so it is current.
        """
        layers = self.exploration.draw
        if not isinstance(layers, Layers):
            return 0
        drawn = 0
        for control in self.exploration.controls:
            if control.options is None or control.name not in layers.background_controls:
                continue
            for option in control.options:
                if option != control.default and len(self._scenes) < self.MAX_BACKGROUNDS:
                    self.png(**{control.name: option})
                    drawn += 1
        self.png()
        return drawn + 1

    def _check_target(self, fig: Figure) -> None:
        if fig is not self._figure:
            raise TypeError(f"{self.exploration.title!r}: draw must build its figure with "
                            "pgdlib.viz.style.new_figure or message_figure")

    def _draw_laid_out(self, hidden: list) -> None:
        """Lay the figure out (all of it) and draw it on the canvas without ``hidden``."""
        fig = self._figure
        fig.set_dpi(self.dpi)
        key = (tuple(np.round(fig.get_size_inches(), 3)), len(fig.axes))
        cached = self._layouts.get(key)
        if cached is None:
            self._lay_out()
        else:
            fig.set_layout_engine("none")
            for ax, position in zip(fig.axes, cached[0], strict=True):
                ax.set_position(position)
        hidden = [a for a in hidden if a.get_visible()]
        try:
            for artist in hidden:
                artist.set_visible(False)
            self._canvas.draw()
            widths = _tick_label_widths(fig)
            if cached is not None and any(w > c for w, c in zip(widths, cached[1], strict=True)):
                # a longer tick label than the layout made room for: lay out again, draw again
                widths = [max(w, c) for w, c in zip(widths, cached[1], strict=True)]
                for artist in hidden:
                    artist.set_visible(True)
                self._lay_out()
                for artist in hidden:
                    artist.set_visible(False)
                self._canvas.draw()
                cached = None
        finally:
            for artist in hidden:
                artist.set_visible(True)
        if cached is None:
            self._layouts[key] = ([ax.get_position() for ax in fig.axes], widths)

    def _lay_out(self) -> None:
        """Run constrained layout once and keep its positions (the engine is switched off)."""
        fig = self._figure
        fig.set_layout_engine("constrained")
        for ax in fig.axes:  # set_position takes an axes out of the layout
            ax.set_in_layout(True)
        fig.get_layout_engine().execute(fig)
        fig.set_layout_engine("none")
        self.layouts_computed += 1

    def _encode(self) -> bytes:
        """The canvas as PNG (see :func:`opaque_png`)."""
        return opaque_png(np.asarray(self._canvas.buffer_rgba()))


def opaque_png(rgba: np.ndarray) -> bytes:
    """An RGB PNG of an opaque ``(height, width, 4)`` uint8 image, written for speed.

    The figures have an opaque white background, so the alpha channel is dropped. Rows are
    stored unfiltered (PNG filter type 0) and deflated at level 1: for line art on white
    this is about as small as Pillow's adaptive filtering at its fastest level (68 kB
    against 74 kB for a 900 x 400 figure) and takes about two thirds of its time (7 ms
    against 11 ms). The format is that of the PNG specification (W3C, 2003), sections 5
    and 11.2.
    """
    import struct
    import zlib

    height, width, _ = rgba.shape
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0: None
    rows[:, 1:] = rgba[:, :, :3].reshape(height, 3 * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + chunk(b"IEND", b""))


@dataclass
class _Scene:
    """One kept background: its figure and canvas, its pixels, and the overlay drawn on it last.

    ``intact`` is false until the background is built, and again once an overlay changed it.
    """

    figure: Figure
    canvas: Any
    pixels: Any = None
    frame: tuple | None = None
    overlay: list = field(default_factory=list)
    intact: bool = False


def _artists(fig: Figure) -> list:
    """The artists directly in ``fig`` and in each of its axes (what an overlay adds to).

    Containers (an error bar's lines and caps, whose legend entry they carry) come first.
    """
    found = [c for ax in fig.axes for c in ax.containers]
    found += [*fig.texts, *fig.legends, *fig.lines, *fig.patches, *fig.images]
    for ax in fig.axes:
        found += [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images, *ax.artists]
        if ax.get_legend() is not None:
            found.append(ax.get_legend())
    return found


def _titles(fig: Figure) -> list:
    """The axes titles: part of every overlay, since they usually report the sliders."""
    return [t for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]


def _frame(fig: Figure) -> tuple:
    """What an overlay must leave as its background set it: size, limits, scales, labels."""
    return (tuple(np.round(fig.get_size_inches(), 3)), len(fig.axes),
            tuple((tuple(ax.viewLim.bounds), ax.get_xscale(), ax.get_yscale(), ax.axison,
                   ax.get_aspect(), ax.get_xlabel(), ax.get_ylabel())
                  for ax in fig.axes))


def _png_output(png: bytes) -> dict:
    """A PNG as one notebook output (nbformat's display_data), for an Output widget's state."""
    import base64

    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": "<figure>"}}


def _error_output(error: Exception) -> dict:
    """An exception as one notebook output (nbformat's error), as Jupyter shows a traceback."""
    import traceback

    return {"output_type": "error", "ename": type(error).__name__, "evalue": str(error),
            "traceback": traceback.format_exception(error)}


def _png_of(fig: Figure, dpi: int) -> bytes:
    """A figure of its own (not the renderer's), rendered from scratch."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _tick_label_widths(fig: Figure) -> list[int]:
    """Longest tick label (in characters) of each axis of each axes, in a fixed order."""
    widths = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [tick.label1.get_text() for tick in axis.get_major_ticks() if tick.label1.get_visible()]
            widths.append(max(map(len, labels), default=0))
    return widths


def show(exploration: Exploration) -> None:
    """Display an exploration: live sliders in Jupyter, a still figure in the HTML book.

    The book build sets the environment variable ``PGDLIB_STATIC=1``; then the
    figure is drawn at the default values, followed by a note of what the
    sliders change.
    """
    from IPython.display import Markdown, display

    if os.environ.get(STATIC_ENV, "") not in ("", "0"):
        display(exploration.figure())
        names = ", ".join(c.label for c in exploration.controls)
        display(Markdown(
            f"*Interactive in Jupyter:* {exploration.description} "
            f"(controls: {names}). Use the rocket button at the top of the page to open this "
            f"chapter on Binder and move the sliders."
        ))
        return
    display(exploration.widget())
