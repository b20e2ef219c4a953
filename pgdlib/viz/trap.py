"""Chapter 4 figures: Lemma 2's trap, the ball of radius sqrt(2 eta T F) around the start."""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from pgdlib._validation import checked_arguments
from pgdlib.algorithms.gd import gd
from pgdlib.diagnostics.trap import trap_of
from pgdlib.objectives import DoubleWell
from pgdlib.trajectory import Trajectory
from pgdlib.viz.contours import draw_contours, legend_once_per_label, mark_critical_points
from pgdlib.viz.explore import Control, Exploration
from pgdlib.viz.style import COLORS, new_figure

__all__ = [
    "TRAP_START",
    "T_FRAMES",
    "TrapRun",
    "trap_run",
    "trap_background",
    "trap_overlay",
    "trap_figure",
    "trap_exploration",
    "CHAPTER",
    "explorations",
]

#: start of the pictured run: near the saddle of the double well, so GD moves slowly
TRAP_START = np.array([0.05, 0.6])
_XLIM = (-1.5, 1.5)
_YLIM = (-0.9, 0.9)


class TrapRun(NamedTuple):
    r"""``T`` gradient steps from :data:`TRAP_START` and what Lemma 2 says about them."""

    run: Trajectory
    threshold: float  # the descent F = f(x_0) - f(x_T), the smallest threshold the lemma accepts
    radius: float  # sqrt(2 eta T F)
    moved: float  # max_t ||x_t - x_0||

    def summary(self) -> str:
        """In words: the descent, the farthest iterate and the ball."""
        T = self.run.n_steps
        inside = "inside" if self.moved <= self.radius + 1e-12 else "outside"
        steps = "1 gradient step lowers" if T == 1 else f"{T} gradient steps lower"
        return (f"{steps} f by F = {self.threshold:.3f}; the iterates "
                f"move at most {self.moved:.3f} from the start, {inside} the ball of radius "
                f"{self.radius:.3f} (ratio {self.moved / max(self.radius, 1e-300):.2f})")


@functools.lru_cache(maxsize=256)
def _trap_run(eta_ell: float, T: int) -> TrapRun:
    f = DoubleWell()
    eta = eta_ell / f.smoothness
    run = gd(f, TRAP_START, eta=eta, steps=T)
    m = trap_of(f, run)  # Lemma 2 on the whole run
    return TrapRun(run, float(m.descent[0]), float(m.bound[0]), float(m.displacement[0]))


@checked_arguments(eta_ell=(0, 10, "open"))
def trap_run(eta_ell: float = 0.5, T: int = 20) -> TrapRun:
    r"""The run of :func:`trap_figure`: GD with :math:`\eta = ` ``eta_ell`` :math:`/\ell` for ``T`` steps.

    Computed once per setting and kept (the figure and its text alternative share it).
    """
    return _trap_run(float(eta_ell), int(T))


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
    run, F, radius, moved = trap_run(eta_ell, T)
    _draw_run(fig.axes[0], DoubleWell(), run.iterates, radius,
              f"T = {int(T)}, F = {F:.3f}: max distance {moved:.3f} <= radius {radius:.3f}")


@checked_arguments(eta_ell=(0, 10, "open"))
def trap_figure(eta_ell: float = 0.5, T: int = 20) -> Figure:
    r"""GD for ``T`` steps on the double well and the ball of Lemma 2 around its start.

    With :math:`\eta = ` ``eta_ell`` :math:`/\ell` and :math:`\mathscr F = f(x_0) - f(x_T)`,
    Lemma 2 says every iterate lies within :math:`\sqrt{2\eta T\mathscr F}` of :math:`x_0`
    (valid for :math:`\eta \le 1/\ell`).
    """
    fig = trap_background()
    trap_overlay(fig, eta_ell, T)
    return fig


def _trap_alt(eta_ell: float, T: int) -> str:
    return trap_run(eta_ell, T).summary()


#: the epoch lengths of :func:`trap_exploration`, its time scrub
T_FRAMES = (1, 2, 5, 10, 20, 30, 45, 60)


def trap_exploration() -> Exploration:
    """Chapter 4's exploration: T (with a play button) and the step size -> the ball and the iterates.

    Playing T is the time scrub: the ball grows with the epoch while the path stays inside.
    """
    return Exploration(
        name="trap",
        title="the trap",
        draw=trap_figure,
        controls=(
            Control("T", "steps T", T_FRAMES, 5, fmt="d", play=True),
            Control("eta_ell", "step size η·ℓ", (0.25, 0.5, 1.0), 1.0, fmt="g"),
        ),
        alt=_trap_alt,
        description=("the slider (or the play button) sets the number of steps T, the other one "
                     "the step size in units of 1/ℓ"),
    )


CHAPTER = 4


def explorations() -> list[Exploration]:
    """This chapter's explorations (collected by ``pgdlib.viz.all_explorations``)."""
    return [trap_exploration()]
