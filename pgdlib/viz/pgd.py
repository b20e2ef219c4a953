"""Chapter 3 figures: gradient descent and perturbed gradient descent at the double-well saddle."""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from pgdlib._validation import checked_arguments
from pgdlib.algorithms.gd import gd
from pgdlib.algorithms.perturbed import perturbed_gd
from pgdlib.objectives import DoubleWell
from pgdlib.trajectory import Trajectory
from pgdlib.viz.contours import (
    draw_contours,
    legend_first_entry_last,
    legend_once_per_label,
    mark_critical_points,
)
from pgdlib.viz.explore import Control, Exploration
from pgdlib.viz.style import COLORS, fixed_step_axis, new_figure

__all__ = [
    "ESCAPE_RADIUS",
    "PGDRuns",
    "pgd_runs",
    "pgd_background",
    "pgd_overlay",
    "pgd_figure",
    "pgd_steps_figure",
    "pgd_exploration",
    "pgd_steps_exploration",
    "STEP_FRAMES",
    "CHAPTER",
    "explorations",
]

_XLIM = (-1.5, 1.5)
_YLIM = (-0.8, 0.8)

#: distance from the saddle at which a run counts as having left it (alt texts, titles)
ESCAPE_RADIUS = 0.1


def _f3(value: float) -> str:
    """``value`` with three decimals, never "-0.000"."""
    return f"{round(float(value), 3) + 0.0:.3f}"


class PGDRuns(NamedTuple):
    """GD and the lecture's PGD from the double-well saddle, as :func:`pgd_figure` draws them."""

    plain: Trajectory
    pert: Trajectory

    @property
    def jumps(self) -> np.ndarray:
        """Steps at which PGD jumped."""
        return np.asarray(self.pert.perturbation_steps, dtype=int)

    def escape_step(self) -> int | None:
        """First step at which PGD is more than :data:`ESCAPE_RADIUS` from the saddle (or None)."""
        distance = np.linalg.norm(self.pert.iterates, axis=1)
        far = np.flatnonzero(distance > ESCAPE_RADIUS)
        return int(far[0]) if far.size else None

    def summary(self) -> str:
        """In words: when PGD jumps and leaves the saddle, where it ends, and GD."""
        jumps, steps = self.jumps, self.pert.n_steps
        if not jumps.size:
            text = f"PGD never jumps in {steps} steps"
        else:
            text = (f"PGD jumps {jumps.size} time{'s' if jumps.size > 1 else ''} "
                    f"(first at step {jumps[0]})")
        escape = self.escape_step()
        if not np.any(self.pert.iterates):
            text += (", each by 0," if jumps.size else "") + " and never leaves the saddle"
        elif escape is None:
            text += f" and is still within {ESCAPE_RADIUS:g} of the saddle after {steps} steps"
        else:
            text += (f", leaves the saddle (distance {ESCAPE_RADIUS:g}) at step {escape} and ends at "
                     f"f = {_f3(self.pert.values[-1])} (minimum -0.25)")
        moved = float(np.max(np.abs(self.plain.iterates)))
        return text + ("; GD never moves from the saddle" if moved == 0.0
                       else f"; GD moves at most {moved:.1g} from the saddle")


@functools.lru_cache(maxsize=256)
def _pgd_runs(radius: float, T: int, threshold: float, seed: int, steps: int) -> PGDRuns:
    f = DoubleWell()
    eta = 0.5 / f.smoothness
    start = np.zeros(2)
    return PGDRuns(gd(f, start, eta=eta, steps=steps),
                   perturbed_gd(f, start, eta=eta, radius=radius, epoch=T, threshold=threshold, steps=steps,
                                seed=seed))


@checked_arguments(radius=(0, 10), threshold=(0, 1e3))
def pgd_runs(radius: float = 0.05, T: int = 10, threshold: float = 1e-3, seed: int = 0,
             steps: int = 80) -> PGDRuns:
    r"""GD and PGD from the saddle :math:`(0, 0)` with :math:`\eta = 0.5/\ell`, as the figures draw them.

    Computed once per setting and kept (the figure and its text alternative share it).
    """
    return _pgd_runs(float(radius), int(T), float(threshold), int(seed), int(steps))


def _draw_map(ax) -> None:
    """The double well's level sets on :data:`_XLIM` x :data:`_YLIM`.

    Its y-ticks are fixed: the locator would pick steps of 0.25 or 0.5 depending on the
    resolution, and constrained layout, which measures the tick labels before the equal
    aspect shrinks the axes, then left too little room for the longer ones ("-0.75") at
    100 dpi, cutting the label x_2 at the figure's edge.
    """
    draw_contours(ax, DoubleWell(), _XLIM, _YLIM)
    ax.set_yticks([-0.5, 0.0, 0.5])


#: the value axis of :func:`pgd_figure`: from below the minimum value -1/4 to above the largest
#: value a jump of the largest radius (0.5) can reach, 0.5**2 / 2
_F_RANGE = (-0.29, 0.16)


@checked_arguments
def pgd_background(steps: int = 80) -> Figure:
    """The axes of :func:`pgd_figure`: contours, the minimum value's line, limits, labels."""
    fig, (ax, ax_f) = new_figure(2, width=9.0, height=3.8)
    _draw_map(ax)
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
    plain, pert = runs = pgd_runs(radius, T, threshold, seed, steps)
    f = DoubleWell()
    ax, ax_f = fig.axes
    mark_critical_points(ax, f, legend=False)
    ax.plot(plain.iterates[:, 0], plain.iterates[:, 1], "s", color=COLORS["gd"], ms=9,
            label="GD (never moves)")
    path = np.clip(pert.iterates, [-1.45, -0.75], [1.45, 0.75])
    ax.plot(path[:, 0], path[:, 1], "o-", color=COLORS["pgd"], ms=3, lw=1.2, label="PGD")
    jumps = runs.jumps
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


@checked_arguments(radius=(0, 10), threshold=(0, 1e3))
def pgd_figure(radius: float = 0.05, T: int = 10, threshold: float = 1e-3, seed: int = 0,
               steps: int = 80) -> Figure:
    r"""GD and the lecture's PGD started exactly at the double-well saddle :math:`(0, 0)`.

    Left: the two paths on the level sets of :math:`f(x, y) = x^4/4 - x^2/2 + y^2/2`, with the
    points where PGD jumped (:math:`x_{t+1} = x_t + \xi_t`, :math:`\xi_t` uniform in
    :math:`B(0, r)`) marked. Right: :math:`f(x_t)` against :math:`t`. Step size
    :math:`\eta = 0.5/\ell`. The rule is section 6.2.1 of the lecture notes.
    """
    fig = pgd_background(steps)
    pgd_overlay(fig, radius, T, threshold, seed, steps)
    return fig


def _pgd_alt(radius: float, T: int, threshold: float, seed: int, steps: int) -> str:
    return pgd_runs(radius, T, threshold, seed, steps).summary()


def pgd_exploration() -> Exploration:
    """Chapter 3's exploration: r, F, T and seed -> GD and PGD paths and f over iterations.

    It starts at F = 0.05, fifty times the threshold of :func:`pgd_figure`'s default (the
    chapter's figure): PGD then also jumps on its way down and near the minimum.
    """
    return Exploration(
        name="pgd",
        title="perturbed gradient descent",
        draw=pgd_figure,
        controls=(
            Control("radius", "jump radius r", (0.0, 0.02, 0.05, 0.2, 0.5), 0.05, fmt="g"),
            Control("threshold", "threshold F", (0.0, 1e-3, 1e-2, 0.05), 0.05, fmt="g"),
            Control("T", "epoch length T", (1, 2, 5, 10, 20, 30), 10, fmt="d"),
            Control("seed", "seed", tuple(range(10)), 0, fmt="d"),
        ),
        fixed={"steps": 80},
        static=("radius", "threshold"),
        alt=_pgd_alt,
        description=("the sliders set the jump radius and the decrease threshold, and in Jupyter "
                     "also the epoch length and the seed"),
    )


#: the steps of :func:`pgd_steps_exploration`'s time scrub
STEP_FRAMES = tuple(range(0, 81, 5))


#: the distance axis of :func:`pgd_steps_figure` (log scale): from below the smallest jump
#: of the default radius a reader meets to beyond the minima at distance 1
_DISTANCE_RANGE = (1e-3, 3.0)
#: its ticks, labelled as plain numbers
_DISTANCE_TICKS = (1e-3, 1e-2, 1e-1, 1.0)


@checked_arguments(radius=(0, 10), threshold=(0, 1e3))
def pgd_steps_figure(t: int = 30, radius: float = 0.05, T: int = 10, threshold: float = 1e-3,
                     seed: int = 0, steps: int = 80) -> Figure:
    r"""The run of :func:`pgd_figure` up to step ``t``: where PGD is, and how far from the saddle.

    Left: both paths up to step ``t``. Right: PGD's distance :math:`\|x_s\|` from the saddle for
    :math:`s \le t`, on a log scale, where a jump's displacement, amplified by about
    :math:`1 + \eta` per step along :math:`x_1`, is a straight line (GD, at distance 0, has none).
    """
    runs = pgd_runs(radius, T, threshold, seed, steps)
    plain, pert = runs
    t = min(int(t), pert.n_steps)
    f = DoubleWell()
    fig, (ax, ax_d) = new_figure(2, width=9.0, height=3.4)
    _draw_map(ax)
    mark_critical_points(ax, f, legend=False)
    ax.plot(plain.iterates[: t + 1, 0], plain.iterates[: t + 1, 1], "s", color=COLORS["gd"], ms=9,
            label="GD")
    path = np.clip(pert.iterates[: t + 1], [-1.45, -0.75], [1.45, 0.75])
    ax.plot(path[:, 0], path[:, 1], "o-", color=COLORS["pgd"], ms=3, lw=1.2, label="PGD")
    ax.plot(path[-1, 0], path[-1, 1], "o", color=COLORS["pgd"], ms=8, mec="black")
    legend_once_per_label(ax, loc="upper left", fontsize=8, framealpha=0.9)
    ax.set_title(f"step t = {t}: PGD at f = {_f3(pert.values[t])}, GD at the saddle", fontsize=10)

    ax_d.set_yscale("log")
    ax_d.set_yticks(_DISTANCE_TICKS, labels=[f"{v:g}" for v in _DISTANCE_TICKS])
    ax_d.yaxis.set_minor_locator(NullLocator())
    fixed_step_axis(ax_d, steps)
    ax_d.set_ylim(*_DISTANCE_RANGE)
    ax_d.set_xlabel("step $t$")
    ax_d.set_ylabel("PGD's distance from the saddle")
    ax_d.axhline(1.0, color=COLORS["grey"], ls="--", lw=1, label="the minima (distance 1)")
    jumps = runs.jumps[runs.jumps < t]
    for j in jumps:
        ax_d.axvline(j, color=COLORS["bound"], ls=":", lw=1)
    distance = np.linalg.norm(pert.iterates[: t + 1], axis=1)
    shown = distance > 0  # the saddle itself is off a log scale
    ax_d.plot(np.arange(t + 1)[shown], np.clip(distance[shown], *_DISTANCE_RANGE), "o-",
              color=COLORS["pgd"], ms=3, lw=1.2, label="PGD")
    ax_d.legend(loc="lower right", fontsize=8)
    ax_d.set_title(f"{jumps.size} jump(s) so far, dotted lines", fontsize=10)
    return fig


def _pgd_steps_alt(t: int, radius: float, T: int, threshold: float, seed: int, steps: int) -> str:
    runs = pgd_runs(radius, T, threshold, seed, steps)
    t = min(int(t), runs.pert.n_steps)
    jumps = runs.jumps[runs.jumps < t]
    distance = float(np.linalg.norm(runs.pert.iterates[t]))
    said = ("PGD has not jumped yet" if not jumps.size else
            f"PGD has jumped {jumps.size} time{'s' if jumps.size > 1 else ''} (first at step {jumps[0]})")
    where = "at the saddle" if distance == 0 else f"{distance:.2g} from the saddle"
    return (f"At step {t} {said} and is {where}, f = "
            f"{_f3(runs.pert.values[t])}; GD is still at the saddle")


def pgd_steps_exploration() -> Exploration:
    """Chapter 3's time scrub: the run of :func:`pgd_figure` step by step, with a play button.

    The distance from the saddle on a log scale shows what the chapter's figure cannot: the
    jump is small, and gradient descent amplifies it by about 1 + eta per step.
    """
    return Exploration(
        name="pgd-steps",
        title="PGD leaving the saddle, step by step",
        draw=pgd_steps_figure,
        controls=(Control("t", "step t", STEP_FRAMES, 30, fmt="d", play=True),),
        fixed={"radius": 0.05, "T": 10, "threshold": 1e-3, "seed": 0, "steps": STEP_FRAMES[-1]},
        alt=_pgd_steps_alt,
        description="the slider (or the play button) moves through the steps of one run",
    )


CHAPTER = 3


def explorations() -> list[Exploration]:
    """This chapter's explorations (collected by ``pgdlib.viz.all_explorations``)."""
    return [pgd_exploration(), pgd_steps_exploration()]
