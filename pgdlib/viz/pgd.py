"""Chapter 3 figures: gradient descent and perturbed gradient descent at the double-well saddle."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from pgdlib._validation import checked_arguments
from pgdlib.algorithms.gd import gd
from pgdlib.algorithms.perturbed import perturbed_gd
from pgdlib.objectives import DoubleWell
from pgdlib.viz.animation import Animation, animate
from pgdlib.viz.contours import (
    draw_contours,
    legend_first_entry_last,
    legend_once_per_label,
    mark_critical_points,
)
from pgdlib.viz.explore import Control, Exploration, Layers
from pgdlib.viz.style import COLORS, fixed_step_axis, new_figure

__all__ = [
    "PGD_LAYERS",
    "pgd_background",
    "pgd_overlay",
    "pgd_figure",
    "pgd_exploration",
    "pgd_animation",
    "CHAPTER",
    "explorations",
]

_XLIM = (-1.5, 1.5)
_YLIM = (-0.8, 0.8)


def _runs(radius: float, T: int, threshold: float, seed: int, steps: int, start: np.ndarray):
    f = DoubleWell()
    eta = 0.5 / f.smoothness
    plain = gd(f, start, eta, steps)
    pert = perturbed_gd(f, start, eta, radius, T, threshold, steps, seed)
    return f, plain, pert


#: the value axis of :func:`pgd_figure`: from below the minimum value -1/4 to above the largest
#: value a jump of the largest radius (0.5) can reach, 0.5**2 / 2
_F_RANGE = (-0.29, 0.16)


@checked_arguments
def pgd_background(steps: int = 80) -> Figure:
    """The axes of :func:`pgd_figure`: contours, the minimum value's line, limits, labels."""
    fig, (ax, ax_f) = new_figure(2, width=9.0, height=3.8)
    draw_contours(ax, DoubleWell(), _XLIM, _YLIM)
    ax_f.axhline(-0.25, color=COLORS["grey"], ls="--", lw=1, label="minimum value $-1/4$")
    fixed_step_axis(ax_f, steps)
    ax_f.set_ylim(*_F_RANGE)
    ax_f.set_xlabel("step $t$")
    ax_f.set_ylabel("$f(x_t)$")
    return fig


@checked_arguments(radius=(0, 10), threshold=(0, 1e3))
def pgd_overlay(fig: Figure, radius: float = 0.05, T: int = 10, threshold: float = 1e-3, seed: int = 0,
                steps: int = 80) -> None:
    """The data of :func:`pgd_figure`, drawn on :func:`pgd_background`'s axes."""
    start = np.zeros(2)
    f, plain, pert = _runs(radius, int(T), threshold, int(seed), int(steps), start)
    ax, ax_f = fig.axes
    mark_critical_points(ax, f, legend=False)
    ax.plot(plain.iterates[:, 0], plain.iterates[:, 1], "s", color=COLORS["gd"], ms=9,
            label="GD (never moves)")
    path = np.clip(pert.iterates, [-1.45, -0.75], [1.45, 0.75])
    ax.plot(path[:, 0], path[:, 1], "o-", color=COLORS["pgd"], ms=3, lw=1.2, label="PGD")
    jumps = np.asarray(pert.perturbation_steps, dtype=int)
    if jumps.size:
        ax.plot(path[jumps + 1, 0], path[jumps + 1, 1], "*", color=COLORS["bound"], ms=12,
                label="after a jump")
    ax.set_title(f"start at the saddle; r = {radius:g}, T = {int(T)}, F = {threshold:g}", fontsize=10)
    legend_once_per_label(ax, loc="upper left", fontsize=8, framealpha=0.9)
    ax_f.plot(plain.value_steps, plain.values, color=COLORS["gd"], lw=2, label="GD")
    ax_f.plot(pert.value_steps, np.clip(pert.values, *_F_RANGE), color=COLORS["pgd"], lw=1.5, label="PGD")
    for j in jumps:
        ax_f.axvline(j, color=COLORS["bound"], ls=":", lw=1)
    ax_f.set_title(f"{jumps.size} jump(s), dotted lines", fontsize=10)
    legend_first_entry_last(ax_f, loc="center left", fontsize=8)  # the minimum's line last


#: :func:`pgd_figure` as the slider draws it: one background for every setting
PGD_LAYERS = Layers(pgd_background, pgd_overlay, background_controls=("steps",))


@checked_arguments(radius=(0, 10), threshold=(0, 1e3))
def pgd_figure(radius: float = 0.05, T: int = 10, threshold: float = 1e-3, seed: int = 0,
               steps: int = 80) -> Figure:
    r"""GD and the lecture's PGD started exactly at the double-well saddle :math:`(0, 0)`.

    Left: the two paths on the level sets of :math:`f(x, y) = x^4/4 - x^2/2 + y^2/2`, with the
    points where PGD jumped (:math:`x_{t+1} = x_t + \xi_t`, :math:`\xi_t` uniform in
    :math:`B(0, r)`) marked. Right: :math:`f(x_t)` against :math:`t`. Step size
    :math:`\eta = 0.5/\ell`. The rule is section 6.2.1 of the lecture notes.
    """
    return PGD_LAYERS(radius=radius, T=T, threshold=threshold, seed=seed, steps=steps)


def pgd_exploration() -> Exploration:
    """Chapter 3's exploration: r, T, F and seed -> GD and PGD paths and f over iterations."""
    return Exploration(
        title="perturbed gradient descent",
        draw=PGD_LAYERS,
        controls=(
            Control("radius", "jump radius r", 0.05, low=0.0, high=0.5, step=0.01),
            Control("T", "epoch length T", 10, low=1, high=30, integer=True),
            Control("threshold", "threshold F", 1e-3, low=0.0, high=0.05, step=0.001),
            Control("seed", "seed", 0, low=0, high=9, integer=True),
        ),
        description="the sliders set the jump radius, the epoch length, the decrease threshold and the seed",
    )


@checked_arguments(radius=(0, 10), threshold=(0, 1e3))
def pgd_animation(radius: float = 0.05, T: int = 10, threshold: float = 1e-3, seed: int = 0,
                  frames: int = 30) -> Animation:
    """GD and PGD leaving (or not) the double-well saddle, one frame per step."""
    start = np.zeros(2)
    f, plain, pert = _runs(radius, T, threshold, seed, frames * 2, start)
    fig, (ax,) = new_figure(1, width=6.0, height=3.4)
    draw_contours(ax, f, _XLIM, _YLIM)
    mark_critical_points(ax, f, legend=False)
    (gd_line,) = ax.plot([], [], "s", color=COLORS["gd"], ms=9, label="GD")
    (pgd_line,) = ax.plot([], [], "o-", color=COLORS["pgd"], ms=3, lw=1.2, label="PGD")
    legend_once_per_label(ax, loc="upper left", fontsize=8, framealpha=0.9)
    values = list(range(0, 2 * frames, 2))

    def update(t: int) -> None:
        gd_line.set_data(plain.iterates[: t + 1, 0], plain.iterates[: t + 1, 1])
        pgd_line.set_data(pert.iterates[: t + 1, 0], pert.iterates[: t + 1, 1])
        ax.set_title(f"step t = {t}: GD at {np.round(plain.iterates[t], 2) + 0.0}, "
                     f"PGD f = {pert.values[t]:.3f}", fontsize=9)

    return animate(fig, update, values, [f"t = {t}" for t in values],
                   title="step", alt="GD stays at the saddle at the origin while PGD jumps off "
                   "and slides into one of the two minima at x = plus or minus 1.")


CHAPTER = 3


def explorations() -> list[Exploration]:
    """This chapter's slider explorations (collected by ``pgdlib.viz.all_explorations``)."""
    return [pgd_exploration()]
