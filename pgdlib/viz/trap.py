"""Chapter 4 figures: Lemma 2's trap, the ball of radius sqrt(2 eta T F) around the start."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from pgdlib._validation import checked_arguments
from pgdlib.algorithms.gd import gd
from pgdlib.objectives import DoubleWell
from pgdlib.viz.animation import Animation, animate
from pgdlib.viz.contours import draw_contours, legend_once_per_label, mark_critical_points
from pgdlib.viz.explore import Control, Exploration, Layers
from pgdlib.viz.style import COLORS, new_figure

__all__ = [
    "TRAP_LAYERS",
    "TRAP_START",
    "trap_background",
    "trap_overlay",
    "trap_radius",
    "trap_figure",
    "trap_exploration",
    "trap_animation",
    "CHAPTER",
    "explorations",
]

#: start of the pictured run: near the saddle of the double well, so GD moves slowly
TRAP_START = np.array([0.05, 0.6])
_XLIM = (-1.5, 1.5)
_YLIM = (-0.9, 0.9)


@checked_arguments(eta=(0, 1e300, "open"), F=(-1e300, 1e300))
def trap_radius(eta: float, T: int, F: float) -> float:
    r"""Lemma 2's radius :math:`\sqrt{2\eta T\mathscr F}` (lecture notes, section 6.2.2)."""
    return float(np.sqrt(2.0 * eta * T * max(F, 0.0)))


def _draw(ax, f, iterates: np.ndarray, radius: float, title: str) -> None:
    _draw_axes(ax, f)
    _draw_run(ax, f, iterates, radius, title)


def _draw_axes(ax, f) -> None:
    draw_contours(ax, f, _XLIM, _YLIM)
    ax.set_aspect("equal")
    ax.set_xlim(*_XLIM)
    ax.set_ylim(*_YLIM)


def _draw_run(ax, f, iterates: np.ndarray, radius: float, title: str) -> None:
    mark_critical_points(ax, f, legend=False)
    x0 = iterates[0]
    ax.add_patch(Circle(x0, radius, fill=False, color=COLORS["bound"], ls="--", lw=1.5))
    ax.plot(iterates[:, 0], iterates[:, 1], "o-", color=COLORS["gd"], ms=3, lw=1.0, label="GD iterates")
    ax.plot([], [], ls="--", color=COLORS["bound"], label=r"ball of radius $\sqrt{2\eta T\mathscr{F}}$")
    ax.set_title(title, fontsize=10)
    legend_once_per_label(ax, loc="lower left", fontsize=8)


def trap_background() -> Figure:
    """The axes of :func:`trap_figure`: the double well's contours and fixed limits."""
    fig, (ax,) = new_figure(1, width=6.5, height=4.0)
    _draw_axes(ax, DoubleWell())
    return fig


@checked_arguments(eta_ell=(0, 10, "open"))
def trap_overlay(fig: Figure, eta_ell: float = 0.5, T: int = 20) -> None:
    """The run and ball of :func:`trap_figure`, drawn on :func:`trap_background`'s axes."""
    f = DoubleWell()
    eta = eta_ell / f.smoothness
    run = gd(f, TRAP_START, eta, int(T))
    F = float(run.values[0] - run.values[-1])
    radius = trap_radius(eta, int(T), F)
    moved = float(np.max(np.linalg.norm(run.iterates - run.iterates[0], axis=1)))
    _draw_run(fig.axes[0], f, run.iterates, radius,
              f"T = {int(T)}, F = {F:.3f}: max distance {moved:.3f} <= radius {radius:.3f}")


#: :func:`trap_figure` as the slider draws it: one background for every setting
TRAP_LAYERS = Layers(trap_background, trap_overlay, background_controls=())


@checked_arguments(eta_ell=(0, 10, "open"))
def trap_figure(eta_ell: float = 0.5, T: int = 20) -> Figure:
    r"""GD for ``T`` steps on the double well and the ball of Lemma 2 around its start.

    With :math:`\eta = ` ``eta_ell`` :math:`/\ell` and :math:`\mathscr F = f(x_0) - f(x_T)`,
    Lemma 2 says every iterate lies within :math:`\sqrt{2\eta T\mathscr F}` of :math:`x_0`
    (valid for :math:`\eta \le 1/\ell`).
    """
    return TRAP_LAYERS(eta_ell=eta_ell, T=T)


def trap_exploration() -> Exploration:
    """Chapter 4's exploration: step size and T -> the trap ball and the iterates inside it."""
    return Exploration(
        title="the trap",
        draw=TRAP_LAYERS,
        controls=(
            Control("eta_ell", "step size η·ℓ", 0.5, low=0.05, high=1.0, step=0.05),
            Control("T", "steps T", 20, low=1, high=60, integer=True),
        ),
        description="the sliders set the step size (in units of 1/ℓ) and the number of steps T",
    )


@checked_arguments(eta_ell=(0, 10, "open"))
def trap_animation(eta_ell: float = 0.5, frames: int = 30) -> Animation:
    """The trap ball growing with ``T`` while the iterates stay inside it."""
    f = DoubleWell()
    eta = eta_ell / f.smoothness
    run = gd(f, TRAP_START, eta, frames)
    fig, (ax,) = new_figure(1, width=6.0, height=3.8)
    _draw(ax, f, run.iterates[:1], 0.0, "")
    circle = ax.patches[-1]
    line = ax.lines[-2]
    values = list(range(1, frames + 1))

    def update(T: int) -> None:
        F = float(run.values[0] - run.values[T])
        circle.set_radius(trap_radius(eta, T, F))
        line.set_data(run.iterates[: T + 1, 0], run.iterates[: T + 1, 1])
        ax.set_title(f"T = {T}: radius {trap_radius(eta, T, F):.3f}", fontsize=10)

    return animate(fig, update, values, [f"T = {T}" for T in values], title="T",
                   alt="A dashed circle around the start near the saddle grows with T; the GD "
                   "iterates always stay inside it.")


CHAPTER = 4


def explorations() -> list[Exploration]:
    """This chapter's slider explorations (collected by ``pgdlib.viz.all_explorations``)."""
    return [trap_exploration()]
