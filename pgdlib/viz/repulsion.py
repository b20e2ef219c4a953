r"""Chapter 6 figures: two gradient-descent copies started :math:`\beta u` apart (Lemma 4).

Source: lecture 6, section 6.2.3 (Lemmas 3 and 4, figures 6.6 and 6.7), with the repulsion
bound corrected to :math:`\|w_t\| = (1 + \eta\delta)^t\beta` (errata item 6); Jin, Ge,
Netrapalli, Kakade, Jordan, ICML 2017, Lemma 14.
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from pgdlib._validation import checked_arguments
from pgdlib.algorithms.gd import gd
from pgdlib.diagnostics.repulsion import RepulsionMeasurement, repulsion_of
from pgdlib.objectives import DoubleWell, QuadraticSaddle
from pgdlib.viz.contours import draw_contours
from pgdlib.viz.explore import Control, Exploration
from pgdlib.viz.style import COLORS, fixed_step_axis, new_figure

__all__ = [
    "TWIN_CURVATURES",
    "TWIN_GAP_RANGE",
    "TWIN_OBJECTIVES",
    "TWIN_SEPARATIONS",
    "TWIN_STEPS",
    "TWIN_STEPS_T",
    "TWIN_STEP_SIZES",
    "twin_exploration",
    "twin_figure",
    "twin_problem",
    "twin_run",
    "twin_steps_exploration",
    "twin_steps_figure",
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
    r"""The data of :func:`twin_figure`: one GD run of both copies, its repulsion, and its iterates.

    The copies start at :math:`x_0 = (o, -\beta/2)\,` and :math:`x_0 + \beta u` on the
    quadratic (``o`` = ``offset`` along the stable direction, so the paths are visible), and
    :math:`\pm\beta/2` along :math:`x` about :math:`(0, o)` on the double well. The
    measurement is :func:`~pgdlib.diagnostics.repulsion.repulsion_of` of that run (the
    numbers of :func:`~pgdlib.diagnostics.repulsion.measure_repulsion` from the same starts);
    the iterates, of shape ``(k + 1, 2, 2)``, stop at the last step ``k`` both copies reached.
    """
    f, _, _ = twin_problem(objective, delta)
    u = np.array([0.0, 1.0]) if objective == "quadratic saddle" else np.array([1.0, 0.0])
    start = np.array([offset, 0.0]) - beta / 2 * u if objective == "quadratic saddle" \
        else np.array([0.0, offset]) - beta / 2 * u
    run = gd(f, np.stack([start, start + beta * u]), eta=eta, steps=int(T))
    m = repulsion_of(f, run, np.zeros(2), u=u, beta=beta)
    return m, run.iterates[: int(m.steps[-1]) + 1]


@functools.lru_cache(maxsize=128)
def _twin_data(objective: str, eta: float, delta: float, beta: float,
               T: int) -> tuple[RepulsionMeasurement, np.ndarray]:
    """:func:`twin_run`, kept for the settings of an exploration (the figure and its text share one run)."""
    return twin_run(objective, eta, delta, beta, T)


def _paths_axes(ax, objective: str, delta: float) -> None:
    _, xlim, ylim = twin_problem(objective, delta)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.grid(False)


def _paths_data(ax, objective: str, delta: float, iterates: np.ndarray, upto: int) -> None:
    """Contours (they change with the curvature), the saddle and the two paths up to step ``upto``."""
    f, xlim, ylim = twin_problem(objective, delta)
    draw_contours(ax, f, xlim, ylim)
    for k, color, name in ((0, COLORS["gd"], "$x_t$"), (1, COLORS["pgd"], "$x'_t = x_t + w_t$")):
        p = np.clip(iterates[: upto + 1, k], [xlim[0], ylim[0]], [xlim[1], ylim[1]])
        ax.plot(p[:, 0], p[:, 1], "o-", ms=3, lw=1.2, color=color, label=name)
    ax.plot(0, 0, "x", color=COLORS["bound"], ms=8, mew=2)
    ax.legend(loc="lower right", fontsize=8, framealpha=0.9)


def _gap_axes(ax, ylim: tuple[float, float]) -> None:
    ax.set_yscale("log")
    ax.yaxis.set_minor_locator(NullLocator())  # a tick per decade; minor ticks were a third of a redraw
    ax.set_ylim(*ylim)
    ax.set_xlabel("step $t$")
    ax.set_ylabel("separation")


def _gap_data(ax, m: RepulsionMeasurement, upto: int) -> None:
    """The three curves of the separation panel (measured up to step ``upto``), clipped to its window."""
    low, high = ax.get_ylim()
    window = (low / 2, 2 * high)
    ax.plot(m.steps, np.clip(m.predicted, *window), "--", color=COLORS["bound"],
            label=r"$(1+\eta\delta)^t\beta$ (Lemma 4)")
    ax.plot(m.steps, np.clip(m.notes_formula, *window), ":", color=COLORS["grey"], lw=2,
            label=r"$(1+\eta\beta\delta)^t$ (notes, wrong)")
    ax.plot(m.steps[: upto + 1], np.clip(m.distance[: upto + 1], *window), "o", color=COLORS["measured"],
            ms=3, label=r"measured $\|x'_t - x_t\|$")
    ax.legend(loc="upper left", fontsize=8)


#: the separation axis of :func:`twin_figure`, the same for every slider setting: from below the
#: smallest beta to well beyond the window of the paths (larger gaps leave through the top)
TWIN_GAP_RANGE = (1e-5, 1e2)


def _twin_axes(objective: str, T: int, width: float, height: float):
    """The two panels of :func:`twin_figure`: paths (left), separation on a fixed log axis (right)."""
    fig, (ax_p, ax_g) = new_figure(2, width=width, height=height)
    _paths_axes(ax_p, objective, 1.0)  # the window does not depend on the curvature
    _gap_axes(ax_g, TWIN_GAP_RANGE)
    fixed_step_axis(ax_g, T)
    return fig, ax_p, ax_g


@checked_arguments(eta=(0, 10, "open"), delta=(0, 100, "open"), beta=(0, 10, "open"))
def twin_figure(objective: str = "quadratic saddle", eta: float = 0.2, delta: float = 0.5,
                beta: float = 0.01, T: int = 40) -> Figure:
    r"""Twin GD trajectories (left) and their separation against Lemma 4's bound (right)."""
    m, iterates = _twin_data(objective, float(eta), float(delta), float(beta), int(T))
    fig, ax_p, ax_g = _twin_axes(objective, T, 9.5, 4.0)
    _paths_data(ax_p, objective, delta, iterates, len(iterates) - 1)
    ax_p.set_title(f"{objective}: two copies {beta:g} apart along u", fontsize=11)
    _gap_data(ax_g, m, len(m.steps) - 1)
    end = f"after {int(m.steps[-1])} steps: measured {m.distance[-1]:.3g}, bound {m.predicted[-1]:.3g}"
    ax_g.set_title(end + (" (diverged)" if m.diverged else ""), fontsize=10)
    return fig


def _twin_alt(objective: str, eta: float, delta: float, beta: float, T: int) -> str:
    """The text alternative of :func:`twin_figure` at one setting."""
    m, _ = _twin_data(objective, float(eta), float(delta), float(beta), int(T))
    k = int(m.steps[-1])
    text = (f"On the {objective}, two gradient-descent copies start {beta:g} apart; after {k} steps "
            f"they are {m.distance[-1]:.3g} apart, against Lemma 4's bound {m.predicted[-1]:.3g} "
            f"(ratio {m.ratio[-1]:.2g})")
    return text + (", then a copy diverged" if m.diverged else "")


#: the values of the step-size, curvature and separation controls
TWIN_STEP_SIZES = (0.05, 0.1, 0.2, 0.4, 0.8)
TWIN_CURVATURES = (0.1, 0.2, 0.5, 1.0)
TWIN_SEPARATIONS = (1e-4, 1e-3, 1e-2, 1e-1)


def twin_exploration() -> Exploration:
    """Chapter 6's exploration: objective, step size, curvature, separation -> twins and gap."""
    return Exploration(
        name="repulsion",
        title="repulsion",
        draw=twin_figure,
        controls=(
            # starts where the figures above it do not: the double well, eta = 0.4, beta = 0.001
            Control("objective", "objective", TWIN_OBJECTIVES, "double well"),
            Control("eta", "step size η", TWIN_STEP_SIZES, 0.4, fmt="g"),
            Control("delta", "curvature δ", TWIN_CURVATURES, 0.5, fmt="g"),
            Control("beta", "separation β", TWIN_SEPARATIONS, 0.001, fmt="g"),
        ),
        static=("objective", "beta"),
        alt=_twin_alt,
        description=(
            "the drop-down picks the objective, and the sliders set the step size, the negative "
            "curvature -δ of the quadratic saddle and the initial separation β; the right panel "
            "compares the gap with (1+ηδ)^t β"
        ),
        fixed={"T": 40},
    )


#: steps of :func:`twin_steps_figure`, and the steps its time control stops at
TWIN_STEPS_T = 36
TWIN_STEPS = tuple(range(0, TWIN_STEPS_T + 1, 4))


@checked_arguments(eta=(0, 10, "open"), delta=(0, 100, "open"), beta=(0, 10, "open"))
def twin_steps_figure(t: int = 0, objective: str = "quadratic saddle", eta: float = 0.2,
                      delta: float = 0.5, beta: float = 0.01, T: int = TWIN_STEPS_T) -> Figure:
    r""":func:`twin_figure` at step ``t`` of a run of ``T`` steps: the paths and the gap up to ``t``.

    The bound :math:`(1+\eta\delta)^t\beta` and the notes' formula are drawn for every step,
    so the measured points can be watched catching up with them (or, on the double well,
    leaving the bound once the copies are a distance of order one apart).
    """
    m, iterates = _twin_data(objective, float(eta), float(delta), float(beta), int(T))
    upto = min(int(t), len(m.steps) - 1)
    fig, ax_p, ax_g = _twin_axes(objective, T, 9.0, 3.8)
    _paths_data(ax_p, objective, delta, iterates, upto)
    ax_p.set_title(f"{objective}: two copies {beta:g} apart along u", fontsize=11)
    _gap_data(ax_g, m, upto)
    ax_g.set_title(f"step t = {upto}: measured {m.distance[upto]:.3g}, bound {m.predicted[upto]:.3g}",
                   fontsize=10)
    return fig


def _twin_steps_alt(t: int, objective: str, eta: float, delta: float, beta: float, T: int) -> str:
    """The text alternative of :func:`twin_steps_figure` at one step."""
    m, iterates = _twin_data(objective, float(eta), float(delta), float(beta), int(T))
    upto = min(int(t), len(m.steps) - 1)
    a, b = iterates[upto]
    return (f"Step {upto} on the {objective}: the copies are at ({a[0]:.2f}, {a[1]:.2f}) and "
            f"({b[0]:.2f}, {b[1]:.2f}), {m.distance[upto]:.3g} apart; Lemma 4's bound is "
            f"{m.predicted[upto]:.3g}")


def twin_steps_exploration() -> Exploration:
    """Chapter 6's time scrub: the twins step by step, on the quadratic saddle or the double well."""
    return Exploration(
        name="repulsion-steps",
        title="repulsion step by step",
        draw=twin_steps_figure,
        controls=(
            Control("t", "step t", TWIN_STEPS, 0, fmt="d", play=True),
            Control("objective", "objective", TWIN_OBJECTIVES, "quadratic saddle"),
        ),
        static=("t", "objective"),
        alt=_twin_steps_alt,
        description=(
            "the play button and the slider step through the run, and the drop-down picks the objective; "
            "the copies start 0.01 apart with step size 0.2 (δ = 0.5 on the quadratic)"
        ),
        fixed={"eta": 0.2, "delta": 0.5, "beta": 0.01, "T": TWIN_STEPS_T},
    )


CHAPTER = 6


def explorations() -> list[Exploration]:
    """This chapter's slider explorations (collected by :func:`pgdlib.viz.all_explorations`)."""
    return [twin_exploration(), twin_steps_exploration()]
