r"""Chapter 6 figures: two gradient-descent copies started :math:`\beta u` apart (Lemma 4).

Source: lecture 6, section 6.2.3 (Lemmas 3 and 4, figures 6.6 and 6.7), with the repulsion
bound corrected to :math:`\|w_t\| = (1 + \eta\delta)^t\beta` (errata item 6); Jin, Ge,
Netrapalli, Kakade, Jordan, ICML 2017, Lemma 14.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from pgdlib._validation import checked_arguments
from pgdlib.algorithms.gd import gd
from pgdlib.diagnostics.repulsion import RepulsionMeasurement, measure_repulsion
from pgdlib.objectives import DoubleWell, QuadraticSaddle
from pgdlib.viz.animation import Animation, animate
from pgdlib.viz.contours import draw_contours
from pgdlib.viz.explore import Control, Exploration, Layers
from pgdlib.viz.style import COLORS, fixed_step_axis, new_figure

__all__ = [
    "TWIN_GAP_RANGE",
    "TWIN_LAYERS",
    "TWIN_OBJECTIVES",
    "twin_animation",
    "twin_background",
    "twin_exploration",
    "twin_figure",
    "twin_overlay",
    "twin_problem",
    "twin_run",
]

#: objective names offered by the exploration
TWIN_OBJECTIVES = ("quadratic saddle", "double well")


@checked_arguments
def twin_problem(objective: str, delta: float):
    r"""The objective and its view window: :math:`\tfrac12(x_1^2 - \delta x_2^2)`, or the double well.

    The double well :math:`x^4/4 - x^2/2 + y^2/2` has :math:`\delta = 1` at its saddle
    whatever ``delta`` says; its escape direction is :math:`x`.
    """
    if objective == "quadratic saddle":
        return QuadraticSaddle([1.0, -float(delta)]), (-1.0, 1.0), (-1.2, 1.2)
    if objective == "double well":
        return DoubleWell(), (-1.5, 1.5), (-1.0, 1.0)
    raise ValueError(f"objective must be one of {TWIN_OBJECTIVES}, got {objective!r}")


@checked_arguments(eta=(0, 10, "open"), delta=(0, 100, "open"), beta=(0, 10, "open"))
def twin_run(objective: str, eta: float, delta: float, beta: float, T: int,
             offset: float = 0.5) -> tuple[RepulsionMeasurement, np.ndarray]:
    r"""Measure the repulsion and return both copies' iterates, shape ``(T + 1, 2, 2)``.

    The copies start at :math:`x_0 = (o, -\beta/2)\,` and :math:`x_0 + \beta u` on the
    quadratic (``o`` = ``offset`` along the stable direction, so the paths are visible), and
    :math:`\pm\beta/2` along :math:`x` about :math:`(0, o)` on the double well.
    """
    f, _, _ = twin_problem(objective, delta)
    x = np.zeros(2)
    u = np.array([0.0, 1.0]) if objective == "quadratic saddle" else np.array([1.0, 0.0])
    start = np.array([offset, 0.0]) - beta / 2 * u if objective == "quadratic saddle" \
        else np.array([0.0, offset]) - beta / 2 * u
    m = measure_repulsion(f, x, eta, beta, T, u=u, start=start)
    run = gd(f, m.starts, eta, int(m.steps[-1]))
    return m, run.iterates


def _paths_panel(ax, objective: str, delta: float, iterates: np.ndarray, upto: int):
    _paths_axes(ax, objective, delta)
    return _paths_data(ax, objective, delta, iterates, upto)


def _paths_axes(ax, objective: str, delta: float) -> None:
    _, xlim, ylim = twin_problem(objective, delta)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.grid(False)


def _paths_data(ax, objective: str, delta: float, iterates: np.ndarray, upto: int):
    """Contours (they change with the curvature), the saddle and the two paths."""
    f, xlim, ylim = twin_problem(objective, delta)
    draw_contours(ax, f, xlim, ylim)
    lines = []
    for k, color, name in ((0, COLORS["gd"], "$x_t$"), (1, COLORS["pgd"], "$x'_t = x_t + w_t$")):
        p = np.clip(iterates[: upto + 1, k], [xlim[0], ylim[0]], [xlim[1], ylim[1]])
        (line,) = ax.plot(p[:, 0], p[:, 1], "o-", ms=3, lw=1.2, color=color, label=name)
        lines.append(line)
    ax.plot(0, 0, "x", color=COLORS["bound"], ms=8, mew=2)
    ax.legend(loc="lower right", fontsize=8, framealpha=0.9)
    return lines


def _gap_panel(ax, m: RepulsionMeasurement):
    top = max(float(m.distance.max()), float(m.predicted.max()), 1.0)
    _gap_axes(ax, (min(float(m.beta), float(m.distance.min())) / 3, 3 * top))
    return _gap_data(ax, m)


def _gap_axes(ax, ylim: tuple[float, float]) -> None:
    ax.set_yscale("log")
    ax.set_ylim(*ylim)
    ax.set_xlabel("step $t$")
    ax.set_ylabel("separation")


def _gap_data(ax, m: RepulsionMeasurement):
    """The three curves of the separation panel, clipped to just outside its window."""
    low, high = ax.get_ylim()
    window = (low / 2, 2 * high)
    ax.plot(m.steps, np.clip(m.predicted, *window), "--", color=COLORS["bound"],
            label=r"$(1+\eta\delta)^t\beta$ (Lemma 4)")
    ax.plot(m.steps, np.clip(m.notes_formula, *window), ":", color=COLORS["grey"], lw=2,
            label=r"$(1+\eta\beta\delta)^t$ (notes, wrong)")
    (line,) = ax.plot(m.steps, np.clip(m.distance, *window), "o", color=COLORS["measured"], ms=3,
                      label=r"measured $\|x'_t - x_t\|$")
    ax.legend(loc="upper left", fontsize=8)
    return line


#: the separation axis of :func:`twin_figure`, the same for every slider setting: from below the
#: smallest beta to well beyond the window of the paths (larger gaps leave through the top)
TWIN_GAP_RANGE = (1e-5, 1e2)


@checked_arguments
def twin_background(objective: str = "quadratic saddle", T: int = 40) -> Figure:
    """The axes of :func:`twin_figure`: limits and labels."""
    fig, (ax_p, ax_g) = new_figure(2, width=9.5, height=4.0)
    _paths_axes(ax_p, objective, 1.0)  # the window does not depend on the curvature
    _gap_axes(ax_g, TWIN_GAP_RANGE)
    fixed_step_axis(ax_g, T)
    return fig


@checked_arguments(eta=(0, 10, "open"), delta=(0, 100, "open"), beta=(0, 10, "open"))
def twin_overlay(fig: Figure, objective: str = "quadratic saddle", eta: float = 0.2, delta: float = 0.5,
                 beta: float = 0.01, T: int = 40) -> None:
    """The twins and their separation, drawn on :func:`twin_background`'s axes."""
    m, iterates = twin_run(objective, eta, delta, beta, T)
    ax_p, ax_g = fig.axes
    _paths_data(ax_p, objective, delta, iterates, len(iterates) - 1)
    ax_p.set_title(f"{objective}: two copies {beta:g} apart along u", fontsize=11)
    _gap_data(ax_g, m)
    end = f"after {int(m.steps[-1])} steps: measured {m.distance[-1]:.3g}, bound {m.predicted[-1]:.3g}"
    ax_g.set_title(end + (" (diverged)" if m.diverged else ""), fontsize=10)


#: :func:`twin_figure` as the slider draws it: the background changes with the objective only
#: (the contours, which change with the curvature too, are drawn with the paths)
TWIN_LAYERS = Layers(twin_background, twin_overlay, background_controls=("objective", "T"))


@checked_arguments(eta=(0, 10, "open"), delta=(0, 100, "open"), beta=(0, 10, "open"))
def twin_figure(objective: str = "quadratic saddle", eta: float = 0.2, delta: float = 0.5,
                beta: float = 0.01, T: int = 40) -> Figure:
    r"""Twin GD trajectories (left) and their separation against Lemma 4's bound (right)."""
    return TWIN_LAYERS(objective=objective, eta=eta, delta=delta, beta=beta, T=T)


def twin_exploration() -> Exploration:
    """Chapter 6's exploration: objective, step size, curvature, separation -> twins and gap."""
    return Exploration(
        title="repulsion",
        draw=TWIN_LAYERS,
        controls=(
            Control("objective", "objective", "quadratic saddle", options=TWIN_OBJECTIVES),
            Control("eta", "step size η", 0.2, low=0.02, high=0.9, step=0.02),
            Control("delta", "curvature δ", 0.5, low=0.05, high=1.0, step=0.05),
            Control("beta", "separation β", 0.01, low=1e-4, high=0.1, log=True),
        ),
        description=(
            "the sliders set the step size, the negative curvature -δ of the quadratic saddle and "
            "the initial separation β; the right panel compares the gap with (1+ηδ)^t β"
        ),
        fixed={"T": 40},
    )


@checked_arguments(eta=(0, 10, "open"), delta=(0, 100, "open"), beta=(0, 10, "open"))
def twin_animation(objective: str = "quadratic saddle", eta: float = 0.2, delta: float = 0.5,
                   beta: float = 0.01, T: int = 36) -> Animation:
    """Kernel-free animation of the twins separating, one frame per step (``T + 1 <= 40`` frames)."""
    m, iterates = twin_run(objective, eta, delta, beta, T)
    fig, (ax_p, ax_g) = new_figure(2, width=9.0, height=3.8)
    lines = _paths_panel(ax_p, objective, delta, iterates, 0)
    gap = _gap_panel(ax_g, m)
    title = ax_p.set_title("", fontsize=11)

    def update(t: int) -> None:
        for k, line in enumerate(lines):
            line.set_data(iterates[: t + 1, k, 0], iterates[: t + 1, k, 1])
        gap.set_data(m.steps[: t + 1], m.distance[: t + 1])
        title.set_text(f"step t = {t}: gap {m.distance[t]:.3g}")

    steps = list(range(len(m.steps)))
    return animate(fig, update, steps, [f"t = {t}" for t in steps], title="step t",
                   alt="Two gradient-descent paths start almost together near a saddle, drift toward it, "
                       "then split apart along the escape direction; beside them the gap grows like "
                       "the dashed geometric bound.")


CHAPTER = 6


def explorations() -> list[Exploration]:
    """This chapter's slider explorations (collected by :func:`pgdlib.viz.all_explorations`)."""
    return [twin_exploration()]
