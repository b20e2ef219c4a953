"""Contour plots of two-dimensional objectives with optimisation paths on top."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import NDArray

from pgdlib.objectives.base import Objective
from pgdlib.viz.style import COLORS

__all__ = ["draw_contours", "draw_path", "legend_first_entry_last", "legend_once_per_label",
           "mark_critical_points"]

_MARKERS = {"local minimum": "*", "local maximum": "^", "strict saddle": "X", "degenerate": "D"}


def draw_contours(
    ax: Axes,
    f: Objective,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    levels: int | NDArray[np.float64] = 20,
    resolution: int = 121,
) -> None:
    """Draw the level sets of a 2-D objective in grey on ``ax`` and label the axes."""
    if f.dim != 2:
        raise ValueError(f"f must be two-dimensional to draw contours, got dim = {f.dim}")
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    XX, YY = np.meshgrid(xs, ys)
    Z = f.value(np.column_stack([XX.ravel(), YY.ravel()])).reshape(XX.shape)
    ax.contour(XX, YY, Z, levels=levels, colors=COLORS["grey"], linewidths=0.7)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal", adjustable="box")
    ax.grid(False)


def draw_path(ax: Axes, iterates: NDArray[np.float64], label: str, color: str, marker: str = "o") -> None:
    """Draw an optimisation path ``(k, 2)`` with its start marked by a hollow circle."""
    ax.plot(iterates[:, 0], iterates[:, 1], "-", color=color, lw=1.5, marker=marker, ms=3, label=label)
    ax.plot(iterates[0, 0], iterates[0, 1], "o", ms=9, mfc="none", mec=color, mew=1.5)


def mark_critical_points(ax: Axes, f: Objective, legend: bool = True) -> None:
    """Mark the known critical points of ``f`` with a marker per type.

    With ``legend=True`` a legend of everything labelled on ``ax`` so far is drawn (one
    entry per label); pass ``False`` when the caller draws its own legend afterwards.
    """
    for cp in f.critical_points:
        ax.plot(cp.x[0], cp.x[1], _MARKERS[cp.kind], color="black", ms=10, mfc=COLORS["yellow"],
                label=cp.kind, zorder=5)
    if legend:
        legend_once_per_label(ax, loc="lower right", fontsize=9, framealpha=0.9)


def legend_first_entry_last(ax: Axes, **kwargs) -> None:
    """A legend of what ``ax`` shows, with the first labelled artist's entry moved to the end.

    A reference line drawn with the background (:class:`~pgdlib.viz.explore.Layers`) is
    labelled before the data, but reads best after it.
    """
    handles, labels = ax.get_legend_handles_labels()
    ax.legend([*handles[1:], *handles[:1]], [*labels[1:], *labels[:1]], **kwargs)


def legend_once_per_label(ax: Axes, **kwargs) -> None:
    """A legend of what ``ax`` shows with one entry per label (two minima share one entry)."""
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), **kwargs)
