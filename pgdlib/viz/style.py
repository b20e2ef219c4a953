"""One look for every figure in the book: colours, sizes, messages.

Colours are the Okabe-Ito palette (Okabe and Ito 2008), distinguishable under the
common colour-vision deficiencies; lines also differ by style or marker, so no
distinction rests on colour alone. Figures have a white background so that they
stay readable when the book is shown in dark mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from matplotlib.figure import Figure

from pgdlib._validation import checked_arguments

__all__ = ["COLORS", "new_figure", "message_figure", "RC", "drawing_into", "fixed_step_axis"]

#: The figure that :func:`new_figure` and :func:`message_figure` reuse, if any (see
#: :func:`drawing_into`).
_TARGET: ContextVar[Figure | None] = ContextVar("pgdlib_target_figure", default=None)

COLORS = {
    "gd": "#0072B2",  # blue
    "pgd": "#D55E00",  # vermillion
    "jin": "#CC79A7",  # reddish purple
    "bound": "#000000",
    "measured": "#009E73",  # bluish green
    "accent": "#E69F00",  # orange
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "grey": "#999999",
}

RC = {
    "font.size": 11,
    "axes.titlesize": 12,
    # A title at a fixed height: by default matplotlib measures every tick label on each
    # draw to lift titles above top ticks, which these figures do not have (about a sixth
    # of a slider redraw in the profile).
    "axes.titley": 1.0,
    "axes.labelsize": 11,
    "legend.fontsize": 10,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.grid": True,
    "grid.alpha": 0.3,
}


@checked_arguments(ncols=(1, 16), nrows=(1, 16), width=(0, 40, "open"), height=(0, 40, "open"))
def new_figure(
    ncols: int = 1, nrows: int = 1, width: float = 8.0, height: float = 3.6
) -> tuple[Figure, list]:
    """A :class:`~matplotlib.figure.Figure` (not registered with pyplot) and its axes.

    Figures built this way hold no global state, so a slider that redraws a
    thousand times leaks nothing.
    """
    import matplotlib as mpl

    with mpl.rc_context(RC):
        fig = _blank_figure(width, height)
        axes = list(fig.subplots(nrows, ncols, squeeze=False).flat)
    for ax in axes:
        _apply_rc(ax)
    return fig, axes


@checked_arguments(steps=(0, 1e12, "open"))
def fixed_step_axis(ax, steps: float) -> None:
    """An x-axis from step 0 to ``steps`` (2% margins), whatever a run's length.

    An exploration's figure keeps its frame while a control moves, so its step axis spans
    the most steps a run can take rather than the current run's.
    """
    ax.set_xlim(-0.02 * steps, 1.02 * steps)


@contextmanager
def drawing_into(fig: Figure) -> Iterator[Figure]:
    """Within this block, :func:`new_figure` and :func:`message_figure` clear and return ``fig``.

    A slider redraws its figure many times. Drawing into one figure, rather than a new one
    each time, keeps its canvas and renderer, and with them matplotlib's cache of text
    sizes, which is most of what a first draw costs (see ``benchmarks/bench_widgets.py``).
    """
    token = _TARGET.set(fig)
    try:
        yield fig
    finally:
        _TARGET.reset(token)


def _blank_figure(width: float, height: float) -> Figure:
    """A new constrained-layout figure, or the cleared target of :func:`drawing_into`."""
    fig = _TARGET.get()
    if fig is None:
        return Figure(figsize=(width, height), layout="constrained")
    fig.clear()
    fig.set_size_inches(width, height)
    fig.set_layout_engine("constrained")
    return fig


def _apply_rc(ax) -> None:
    ax.grid(True, alpha=RC["grid.alpha"])
    ax.title.set_fontsize(RC["axes.titlesize"])
    ax.xaxis.label.set_fontsize(RC["axes.labelsize"])
    ax.yaxis.label.set_fontsize(RC["axes.labelsize"])
    ax.tick_params(labelsize=RC["xtick.labelsize"])


@checked_arguments(width=(0, 40, "open"), height=(0, 40, "open"))
def message_figure(title: str, message: str, width: float = 8.0, height: float = 3.0) -> Figure:
    """A figure that states in words why there is nothing to plot (e.g. divergence)."""
    fig = _blank_figure(width, height)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title, fontsize=RC["axes.titlesize"])
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, fontsize=12, transform=ax.transAxes)
    return fig


@checked_arguments(dpi=(1, 1000))
def enable_inline_figures(dpi: int = 110) -> None:
    """Make IPython show a bare :class:`~matplotlib.figure.Figure` as a PNG.

    The book's figures are built without pyplot (see :func:`new_figure`), so IPython's
    inline backend does not know about them; this registers the PNG formatter that
    pyplot's inline backend would. Outside IPython it does nothing.
    """
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import select_figure_formats
    except ImportError:  # pragma: no cover - IPython is a dependency of the book only
        return
    shell = get_ipython()
    if shell is not None:
        select_figure_formats(shell, {"png"}, dpi=dpi)
