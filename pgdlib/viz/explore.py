"""Explorations: a drawing function plus its slider specifications.

Every interactive figure in the book is an :class:`Exploration`. Its ``draw``
function takes the slider values as keyword arguments and returns a matplotlib
:class:`~matplotlib.figure.Figure`; it is plain Python, so tests and benchmarks
call it without a browser. :meth:`Exploration.widget` wraps it in ipywidgets
controls (redrawn through :func:`ipywidgets.interactive_output`, so each move
replaces the figure rather than stacking a new one), and :func:`show` chooses
what a reader gets:

* in Jupyter or Binder, the sliders and the figure they drive;
* in the HTML book (the build sets ``PGDLIB_STATIC=1``), the figure at the
  default values and a sentence saying what the sliders change, with no
  control that would do nothing without a kernel.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.figure import Figure

__all__ = ["Control", "Exploration", "SliderRenderer", "show", "STATIC_ENV"]

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

    def make_widget(self):
        """The ipywidgets control for this specification."""
        import ipywidgets as w

        style = {"description_width": "initial"}
        layout = w.Layout(width="24em")
        if self.options is not None:
            return w.Dropdown(options=list(self.options), value=self.default, description=self.label,
                              style=style, layout=layout)
        if self.log:
            return w.FloatLogSlider(value=self.default, base=10, min=np.log10(self.low),
                                    max=np.log10(self.high), step=self.step or 0.1,
                                    description=self.label, style=style, layout=layout,
                                    continuous_update=False)
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

    def figure(self, **values: Any) -> Figure:
        """The figure at the defaults, overridden by ``values``."""
        unknown = set(values) - {c.name for c in self.controls}
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)} for {self.title!r}")
        return self.draw(**{**self.fixed, **self.defaults, **values})

    def png(self, dpi: int = WIDGET_DPI, **values: Any) -> bytes:
        """The figure rendered to PNG on its own (a new figure, laid out from scratch)."""
        import io

        buffer = io.BytesIO()
        self.figure(**values).savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()

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
        """The controls and the figure they drive, as one ipywidgets box."""
        import ipywidgets as w
        from IPython.display import Image, display

        controls = {c.name: c.make_widget() for c in self.controls}
        renderer = self.renderer()

        def redraw(**values: Any) -> None:
            display(Image(renderer.png(**values)))

        output = w.interactive_output(redraw, controls)
        box = w.VBox([w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap")), output])
        return box


class SliderRenderer:
    """Renders one exploration's figure to PNG again and again, as its sliders move.

    Two things make a redraw cheaper than drawing a new figure (``benchmarks/bench_widgets.py``
    measures both):

    * every redraw goes into the same :class:`~matplotlib.figure.Figure`
      (:func:`~pgdlib.viz.style.drawing_into`), so the canvas, its renderer and matplotlib's
      cache of text extents survive from one move to the next, and so do the axes and their
      tick objects when the figure keeps its shape (cleared as a new figure's would be);
    * constrained layout, which measures every tick label, runs only when the figure's shape
      (size, number of axes) is new or a tick label got longer than the longest one it was
      laid out with; otherwise the axes keep the positions it found last time.

    The PNG is written with light compression: it travels from the kernel to the browser
    on the same machine or over Binder's connection, where encoding time counts more than
    a few extra kilobytes.
    """

    def __init__(self, exploration: Exploration, dpi: int = WIDGET_DPI) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.exploration = exploration
        self.dpi = dpi
        self._figure = Figure()
        self._canvas = FigureCanvasAgg(self._figure)
        self._layouts: dict[tuple, tuple[list, list[int]]] = {}
        self.layouts_computed = 0

    def png(self, **values: Any) -> bytes:
        """The figure at the defaults overridden by ``values``, as PNG bytes."""
        import io

        from pgdlib.viz.style import drawing_into

        with drawing_into(self._figure):
            fig = self.exploration.figure(**values)
        if fig is not self._figure:
            raise TypeError(f"{self.exploration.title!r}: draw must build its figure with "
                            "pgdlib.viz.style.new_figure or message_figure")
        fig.set_dpi(self.dpi)
        key = (tuple(np.round(fig.get_size_inches(), 3)), len(fig.axes))
        cached = self._layouts.get(key)
        if cached is not None:
            fig.set_layout_engine("none")
            for ax, position in zip(fig.axes, cached[0], strict=True):
                ax.set_position(position)
        buffer = io.BytesIO()
        self._canvas.print_png(buffer, pil_kwargs={"compress_level": 1})
        widths = _tick_label_widths(fig)
        if cached is not None and all(w <= c for w, c in zip(widths, cached[1], strict=True)):
            return buffer.getvalue()
        if cached is not None:  # a longer tick label: lay out again, render again
            fig.set_layout_engine("constrained")
            for ax in fig.axes:  # set_position took them out of the layout
                ax.set_in_layout(True)
            widths = [max(w, c) for w, c in zip(widths, cached[1], strict=True)]
            buffer = io.BytesIO()
            self._canvas.print_png(buffer, pil_kwargs={"compress_level": 1})
        self.layouts_computed += 1
        self._layouts[key] = ([ax.get_position() for ax in fig.axes], widths)
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
