"""Explorations: controls with a finite grid of values, a draw step, and two front-ends.

An :class:`Exploration` is a figure that a reader changes with controls. Each
:class:`Control` has a finite tuple of values (a slider's stops, or a drop-down's
choices), the same in both places a reader meets it:

* in Jupyter or Binder, :meth:`Exploration.widget` shows ipywidgets controls over those
  values and redraws the figure in the kernel when one is released;
* in the HTML book (executed with ``PGDLIB_STATIC=1``), :func:`show` leaves a placeholder
  that the book's Sphinx extension (``book/_ext/pgd_explorations.py``) replaces by HTML
  form controls and the figure of every setting in :meth:`Exploration.static_settings`,
  rendered at build time by :meth:`Exploration.static_png`. The page only looks up the
  image of a setting; no algorithm runs in the browser.

The draw step is plain Python (``draw(**values) -> Figure``), so tests and benchmarks call
it without a browser; what it draws comes from pgdlib's algorithms and measurements.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from pgdlib._validation import check_real

__all__ = ["Control", "Exploration", "show", "placeholder_html", "render_png", "STATIC_ENV", "STATIC_COLORS",
           "MAX_STATIC_SETTINGS", "WIDGET_DPI"]

STATIC_ENV = "PGDLIB_STATIC"
#: Resolution of a figure in the widget and in the HTML book (pixels per inch).
WIDGET_DPI = 100
#: The most settings an exploration renders for the HTML book (each one image on the page).
MAX_STATIC_SETTINGS = 64
#: Colours of a figure in the HTML book: a palette PNG is about a quarter of an RGB one.
STATIC_COLORS = 128


def render_png(fig: Figure, *, dpi: int = WIDGET_DPI, colors: int | None = None) -> bytes:
    """``fig`` drawn by matplotlib's Agg canvas and written as PNG by Pillow.

    Parameters
    ----------
    fig : Figure
        The figure to render (its canvas is reused, or an Agg canvas attached).
    dpi : int
        Pixels per inch.
    colors : int, optional
        Quantise to a palette of this many colours (Pillow's fast octree), for the HTML
        book: line art on white then takes about a quarter of the bytes. (Median cut can
        merge the colour of a thin line into a neighbour's: a blue path turned teal.)
        ``None`` writes RGB at Pillow's fastest compression, for the kernel's widget.

    Notes
    -----
    One draw on the canvas, then Pillow's encoder; :meth:`~matplotlib.figure.Figure.savefig`
    would draw the figure a second time for its layout.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")
    buffer = io.BytesIO()
    if colors is None:
        image.save(buffer, format="PNG", compress_level=1)
    else:
        palette = image.quantize(colors=colors, method=Image.Quantize.FASTOCTREE)
        palette.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@dataclass(frozen=True)
class Control:
    """One control: a slider over a finite tuple of values, or a drop-down.

    Attributes
    ----------
    name : str
        Keyword argument of the draw function.
    label : str
        What the reader sees beside the control (plain text, no LaTeX: form controls
        show no mathematics).
    values : tuple
        The control's values in display order: numbers (a slider) or strings (a
        drop-down). The widget in Jupyter and the form control in the HTML book offer
        exactly these.
    default : float, int or str
        Starting value, one of ``values``.
    fmt : str
        Format of a numeric value in the readout (``format(value, fmt)``).
    play : bool
        Whether a play button steps through the values (a time scrub).
    """

    name: str
    label: str
    values: tuple
    default: Any
    fmt: str = ".3g"
    play: bool = False

    def __post_init__(self) -> None:
        for attribute in ("name", "label", "fmt"):
            if not isinstance(getattr(self, attribute), str):
                raise TypeError(f"{attribute} must be a str, got {getattr(self, attribute)!r}")
        if not self.name.isidentifier():
            raise ValueError(f"name must be a Python identifier (a keyword of draw), got {self.name!r}")
        if isinstance(self.values, str) or not isinstance(self.values, Sequence | np.ndarray):
            raise TypeError(f"values of control {self.name!r} must be a sequence of numbers or of "
                            f"strings, got {self.values!r}")
        if not isinstance(self.play, bool):
            raise TypeError(f"play must be True or False, got {self.play!r}")
        values = tuple(v.item() if isinstance(v, np.generic) else v for v in self.values)
        object.__setattr__(self, "values", values)
        if len(values) < 2:
            raise ValueError(f"control {self.name!r} needs at least 2 values, got {len(values)}")
        if len(set(values)) != len(values):
            raise ValueError(f"values of control {self.name!r} repeat: {values}")
        kinds = {isinstance(v, str) for v in values}
        if len(kinds) != 1:
            raise TypeError(f"values of control {self.name!r} must be all numbers or all strings")
        if kinds == {False}:
            for v in values:
                check_real(f"values of control {self.name!r}", v)
            try:
                format(values[0], self.fmt)
            except ValueError:
                raise ValueError(f"fmt of control {self.name!r} cannot format "
                                 f"{values[0]!r}: {self.fmt!r}") from None
        elif self.play:
            raise ValueError(f"play needs a numeric control; {self.name!r} is a drop-down")
        if self.default not in values:
            raise ValueError(f"default of {self.name!r} must be one of {list(values)}, got {self.default!r}")
        if "$" in self.label:
            raise ValueError(f"label of {self.name!r} must be plain text (form controls show no LaTeX)")

    @classmethod
    def grid(cls, name: str, label: str, *, low: float, high: float, num: int, default: float,
             log: bool = False, integer: bool = False, fmt: str | None = None,
             play: bool = False) -> Control:
        """A slider over ``num`` evenly spaced values from ``low`` to ``high``.

        ``log=True`` spaces them evenly in the logarithm; ``integer=True`` rounds them
        (repeats dropped). ``default`` must be one of the values, up to rounding.
        """
        spaced = np.geomspace(low, high, num) if log else np.linspace(low, high, num)
        if integer:
            values = tuple(dict.fromkeys(int(round(v)) for v in spaced))
        else:
            values = tuple(float(np.format_float_positional(v, precision=12, trim="-")) for v in spaced)
        near = min(values, key=lambda v: abs(v - default))
        if not math.isclose(near, default, rel_tol=1e-9, abs_tol=1e-12):
            raise ValueError(f"default of {name!r} ({default}) is not one of the grid's values {values}")
        return cls(name, label, values, near, fmt=fmt or ("d" if integer else ".3g"), play=play)

    @property
    def numeric(self) -> bool:
        """True for a slider over numbers, False for a drop-down of strings."""
        return not isinstance(self.values[0], str)

    @property
    def labels(self) -> tuple[str, ...]:
        """What the readout shows for each value."""
        if not self.numeric:
            return self.values
        return tuple(format(v, self.fmt) for v in self.values)

    def label_of(self, value: Any) -> str:
        """The readout of one of the values."""
        return self.labels[self.values.index(value)]

    def make_widget(self):
        """The ipywidgets control for this specification (same values as the HTML book)."""
        import ipywidgets as w

        style = {"description_width": "initial"}
        layout = w.Layout(width="24em")
        if not self.numeric:
            return w.Dropdown(options=list(self.values), value=self.default, description=self.label,
                              style=style, layout=layout)
        return w.SelectionSlider(options=list(zip(self.labels, self.values, strict=True)),
                                 value=self.default, description=self.label, style=style,
                                 layout=layout, continuous_update=False)


@dataclass(frozen=True)
class Exploration:
    """A figure driven by controls.

    Attributes
    ----------
    name : str
        Identifier (letters, digits, hyphens): the key under which the HTML book finds
        the exploration (``pgdlib.viz.all_explorations()``) and its anchor on the page.
    title : str
        A short name, for reports and the text alternative.
    draw : callable
        ``draw(**values) -> Figure``; must return a figure (possibly one that states in
        words why nothing can be drawn) for every setting of the controls.
    controls : tuple of Control
        The controls, in display order.
    description : str
        What moving the controls changes, as a clause that follows a colon (the notebook's
        stored output says "In Jupyter, running this cell gives the controls: ...").
    fixed : dict
        Further arguments of ``draw`` that no control changes.
    static : tuple of str, optional
        The controls the HTML book varies, over the full product of their values
        (default: all); the others stay at their defaults there, and the page says so.
    alt : callable, optional
        ``alt(**values) -> str``: what the figure shows at a setting, for readers who
        cannot see it (default: the title and the setting).
    """

    name: str
    title: str
    draw: Callable[..., Figure]
    controls: tuple[Control, ...]
    description: str
    fixed: dict = field(default_factory=dict)
    static: tuple[str, ...] | None = None
    alt: Callable[..., str] | None = None

    def __post_init__(self) -> None:
        for attribute in ("name", "title", "description"):
            if not isinstance(getattr(self, attribute), str):
                raise TypeError(f"{attribute} must be a str, got {getattr(self, attribute)!r}")
        if not callable(self.draw) or (self.alt is not None and not callable(self.alt)):
            raise TypeError("draw (and alt, if given) must be callable")
        if not isinstance(self.controls, tuple) or not self.controls or \
                not all(isinstance(c, Control) for c in self.controls):
            raise TypeError(f"controls must be a non-empty tuple of Control, got {self.controls!r}")
        if not isinstance(self.fixed, dict):
            raise TypeError(f"fixed must be a dict, got {self.fixed!r}")
        if not self.name or not all(ch.isalnum() or ch == "-" for ch in self.name):
            raise ValueError(f"exploration name must be letters, digits and hyphens, got {self.name!r}")
        names = [c.name for c in self.controls]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: control names repeat: {names}")
        static = tuple(names) if self.static is None else tuple(self.static)
        unknown = set(static) - set(names)
        if unknown:
            raise ValueError(f"{self.name}: static names unknown control(s) {sorted(unknown)}")
        object.__setattr__(self, "static", static)
        count = math.prod(len(self.control(n).values) for n in static)
        if count > MAX_STATIC_SETTINGS:
            raise ValueError(f"{self.name}: the HTML book would show {count} settings "
                             f"(at most {MAX_STATIC_SETTINGS}); name fewer controls in static")

    def control(self, name: str) -> Control:
        """The control called ``name``."""
        for c in self.controls:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no control {name!r}")

    @property
    def defaults(self) -> dict:
        """Control values the figure starts from."""
        return {c.name: c.default for c in self.controls}

    def values(self, **values: Any) -> dict:
        """Every argument of ``draw``: the fixed ones, the defaults, overridden by ``values``.

        Raises
        ------
        ValueError
            For an unknown control or a value that is not one of its values.
        """
        unknown = set(values) - {c.name for c in self.controls}
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)} for {self.name!r}")
        for name, value in values.items():
            if value not in self.control(name).values:
                raise ValueError(f"{name} must be one of {list(self.control(name).values)}, got {value!r}")
        return {**self.fixed, **self.defaults, **values}

    def figure(self, **values: Any) -> Figure:
        """The figure at the defaults, overridden by ``values``."""
        return self.draw(**self.values(**values))

    def png(self, *, dpi: int = WIDGET_DPI, **values: Any) -> bytes:
        """The figure as the widget shows it (RGB PNG)."""
        return render_png(self.figure(**values), dpi=dpi)

    def static_png(self, **values: Any) -> bytes:
        """The figure as the HTML book shows it (palette PNG, :data:`STATIC_COLORS` colours)."""
        return render_png(self.figure(**values), dpi=WIDGET_DPI, colors=STATIC_COLORS)

    def static_settings(self) -> list[dict]:
        """Every setting the HTML book shows: the product of the static controls' values.

        Ordered as ``itertools.product`` over :attr:`static` (the last control varies
        fastest); the controls not in :attr:`static` are left out (at their defaults).
        """
        grids = [self.control(n).values for n in self.static]
        return [dict(zip(self.static, combo, strict=True)) for combo in itertools.product(*grids)]

    def summary(self, **values: Any) -> str:
        """What the figure shows at a setting, in words (:attr:`alt`; the title without it)."""
        full = self.values(**values)
        return self.title if self.alt is None else self.alt(**full)

    def describe(self, **values: Any) -> str:
        """Text alternative of the figure at a setting: :meth:`summary`, then the setting."""
        full = self.values(**values)
        setting = ", ".join(f"{c.label} = {c.label_of(full[c.name])}" for c in self.controls)
        return f"{self.summary(**values)} ({setting})"

    def _next_setting(self, setting: tuple, name: str, old: Any) -> tuple | None:
        """The setting one more value along ``name`` in the direction it just moved from ``old``
        (``setting``: pairs in control order), or None at the end of its values."""
        spec = self.control(name)
        index = spec.values.index(dict(setting)[name])
        step = 1 if index > spec.values.index(old) else -1
        if not 0 <= index + step < len(spec.values):
            return None
        return tuple((n, spec.values[index + step] if n == name else v) for n, v in setting)

    def widget(self):
        """The controls and the figure they drive, as one ipywidgets box.

        The figure is the ``outputs`` state of an :class:`ipywidgets.Output`, drawn at the
        defaults before the box is displayed and replaced (one display_data) at every move;
        a setting seen before is shown from a cache, and after each move the setting one
        more value along the way the control moved is drawn into it, so that stepping a
        slider (its arrow keys, the play button) usually finds its figure ready.
        Nothing is captured with
        ``with output:`` (as :func:`ipywidgets.interactive_output` does), so the Output
        widget's ``msg_id`` never changes: a headless client (nbclient, hence
        ``jupyter nbconvert --execute``, papermill, nbgrader) then has no output to route
        into its stand-in of the Output widget, whose reply on the shell channel can hide
        the cell's execute_reply until the cell timeout (``benchmarks/stress_headless.py``).
        """
        import ipywidgets as w

        from pgdlib.viz.style import drawing_into

        controls = {c.name: c.make_widget() for c in self.controls}
        output = w.Output()
        # Every redraw goes into one figure: its canvas and renderer, and with them
        # matplotlib's cache of text extents, survive from one move to the next (about
        # half of a first draw; benchmarks/bench_widgets.py).
        target = Figure()

        @functools.lru_cache(maxsize=256)
        def png_of(setting: tuple) -> bytes:
            with drawing_into(target):
                fig = self.figure(**dict(setting))
            return render_png(fig)

        def redraw(change: Any = None, moved: str | None = None) -> None:
            setting = tuple((name, control.value) for name, control in controls.items())
            try:
                output.outputs = (_png_output(png_of(setting), self.describe(**dict(setting))),)
            except Exception as error:  # shown where the reader looks, not only in the kernel log
                if change is None:
                    raise
                output.outputs = (_error_output(error),)
                return
            ahead = None if moved is None else self._next_setting(setting, moved, change["old"])
            if ahead is not None:
                # The new figure is on its way to the browser (the state message has been
                # sent); while the reader looks at it, draw the setting one more value along
                # the way the control moved, where a slider's next step (an arrow key, the
                # play button) lands. One figure, so that a quick next move waits little.
                try:
                    png_of(ahead)
                except Exception:  # noqa: BLE001 -- drawn again, and the error shown, if asked for
                    pass

        redraw()
        for name, control in controls.items():
            control.observe(functools.partial(redraw, moved=name), "value")
        rows = []
        for spec in self.controls:
            widget = controls[spec.name]
            if spec.play:
                play = w.Play(min=0, max=len(spec.values) - 1, interval=250, description=f"play {spec.label}")
                w.jslink((play, "value"), (widget, "index"))
                rows.append(w.HBox([play, widget]))
            else:
                rows.append(widget)
        return w.VBox([w.HBox(rows, layout=w.Layout(flex_flow="row wrap")), output])


def _png_output(png: bytes, text: str) -> dict:
    """A PNG as one notebook output (nbformat's display_data), for an Output widget's state."""
    import base64

    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": text}}


def _error_output(error: Exception) -> dict:
    """An exception as one notebook output (nbformat's error), as Jupyter shows a traceback."""
    import traceback

    return {"output_type": "error", "ename": type(error).__name__, "evalue": str(error),
            "traceback": traceback.format_exception(error)}


def placeholder_html(exploration: Exploration, png: bytes) -> str:
    """What :func:`show` leaves in a notebook run for the HTML book.

    The default figure and the description, inside an element that names the
    exploration; the book's extension replaces it by the kernel-free exploration, and
    Jupyter, opening the stored notebook, shows the figure.
    """
    import base64
    import html

    source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return (f'<div class="pgd-explore-placeholder" data-pgd-exploration="{exploration.name}">'
            f'<img src="{source}" alt="{html.escape(exploration.describe())}">'
            f"<p>In Jupyter, running this cell gives the controls: "
            f"{html.escape(exploration.description)}.</p></div>")


def show(exploration: Exploration) -> None:
    """Display an exploration: live controls in Jupyter, a placeholder for the HTML book.

    Where the notebook is run for the book (the environment variable
    ``PGDLIB_STATIC=1``), the output is :func:`placeholder_html` with the default
    figure; the book's extension turns it into controls that work without a kernel.
    """
    from IPython.display import display

    if os.environ.get(STATIC_ENV, "") not in ("", "0"):
        import base64

        png = exploration.png()
        display({"text/html": placeholder_html(exploration, png),
                 "image/png": base64.b64encode(png).decode("ascii"),
                 "text/plain": exploration.describe()}, raw=True)
        return
    display(exploration.widget())


def nearest_setting(exploration: Exploration, requested: dict[str, Sequence | Any]) -> dict:
    """The static setting closest to ``requested`` (numbers by value, strings exactly).

    Unknown controls are ignored, an unknown string or a non-number takes the default:
    what the HTML book does with a stored state or a URL fragment off the grid.
    """
    setting = {}
    for name in exploration.static:
        control = exploration.control(name)
        value = requested.get(name, control.default)
        if control.numeric:
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = float("nan")
            value = (control.default if not np.isfinite(number)
                     else min(control.values, key=lambda v: abs(v - number)))
        elif value not in control.values:
            value = control.default
        setting[name] = value
    return setting
