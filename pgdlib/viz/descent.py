"""Chapter 1 figures: gradient descent paths and the descent lemma, step by step."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from pgdlib._validation import check_choice, checked_arguments
from pgdlib.algorithms.gd import gd
from pgdlib.objectives import DoubleWell, QuadraticSaddle
from pgdlib.viz.contours import draw_contours, draw_path, mark_critical_points
from pgdlib.viz.explore import Control, Exploration
from pgdlib.viz.style import COLORS, fixed_step_axis, new_figure

__all__ = [
    "DESCENT_PROBLEMS",
    "MAX_STEPS",
    "descent_background",
    "descent_exploration",
    "descent_figure",
    "descent_overlay",
    "descent_summary",
    "step_size_regime",
]

#: name -> (objective, start, x-limits, y-limits) for chapter 1's pictures
DESCENT_PROBLEMS = {
    "quadratic bowl": (QuadraticSaddle([1.0, 4.0]), np.array([2.6, 1.3]), (-3.0, 3.0), (-1.6, 1.6)),
    "double well": (DoubleWell(), np.array([1.45, 1.2]), (-1.6, 1.6), (-1.4, 1.4)),
}


@checked_arguments(eta_ell=(0, 1e300, "open"))
def step_size_regime(eta_ell: float) -> str:
    r"""Describe what the descent lemma says for a step :math:`\eta = c/\ell` with ``c = eta_ell``."""
    if eta_ell <= 1.0:
        return r"$\eta \leq 1/\ell$: the descent lemma guarantees ratio $\geq 1$"
    if eta_ell < 2.0:
        return r"$1/\ell < \eta < 2/\ell$: $f$ may still decrease, the guarantee is gone"
    return r"$\eta \geq 2/\ell$: steps can overshoot and GD can diverge"


#: the steps control's maximum; the ratio panel's step axis always spans it, so that the axes
#: stay put while the controls move
MAX_STEPS = 80


@checked_arguments
def descent_background(objective: str = "quadratic bowl") -> Figure:
    """The axes of :func:`descent_figure`: contours, limits, labels and the bound's line."""
    f, _, xlim, ylim = DESCENT_PROBLEMS[check_choice("objective", objective, DESCENT_PROBLEMS)]
    fig, (ax_path, ax_ratio) = new_figure(2, width=9.0, height=4.0)
    draw_contours(ax_path, f, xlim, ylim)
    ax_ratio.axhline(1.0, color=COLORS["bound"], ls="--", lw=1.2, label="descent lemma bound (ratio 1)")
    ax_ratio.axhline(0.0, color=COLORS["grey"], lw=0.8)
    fixed_step_axis(ax_ratio, MAX_STEPS)
    ax_ratio.set_ylim(-2.0, 3.0)
    ax_ratio.set_xlabel("step $t$")
    ax_ratio.set_ylabel("decrease / bound")
    return fig


@checked_arguments(eta_ell=(0, 10, "open"))
def descent_overlay(fig: Figure, objective: str = "quadratic bowl", eta_ell: float = 0.8,
                    steps: int = 25) -> None:
    """The data of :func:`descent_figure`, drawn on :func:`descent_background`'s axes."""
    f, x0, xlim, ylim = DESCENT_PROBLEMS[check_choice("objective", objective, DESCENT_PROBLEMS)]
    ax_path, ax_ratio = fig.axes
    eta = eta_ell / f.smoothness
    run = gd(f, x0, eta=eta, steps=steps)
    path = np.clip(run.iterates, [xlim[0] * 1.5, ylim[0] * 1.5], [xlim[1] * 1.5, ylim[1] * 1.5])
    draw_path(ax_path, path, f"GD, $\\eta = {eta_ell:.2f}/\\ell$", COLORS["gd"])
    mark_critical_points(ax_path, f)
    ax_path.set_title(f"{objective}: {run.n_steps} steps from the circled start")

    decrease = -np.diff(run.values)
    bound = 0.5 * eta * run.grad_norms[:-1] ** 2
    meaningful = bound > 1e-12 * max(bound[0], 1e-300)
    t = np.arange(decrease.size)[meaningful]
    ratio = decrease[meaningful] / bound[meaningful]
    ax_ratio.plot(t, np.clip(ratio, -1.9, 2.9), "o-", color=COLORS["measured"], ms=4,
                  label=r"$\dfrac{f(x_t) - f(x_{t+1})}{(\eta/2)\|\nabla f(x_t)\|^2}$")
    title = step_size_regime(eta_ell)
    if run.stop_reason == "diverged":
        title = f"GD diverged after {run.n_steps} steps: " + r"$\eta$ too large"
    ax_ratio.set_title(title, fontsize=10)
    ax_ratio.legend(loc="lower left", fontsize=9)


@checked_arguments(eta_ell=(0, 10, "open"))
def descent_figure(objective: str = "quadratic bowl", eta_ell: float = 0.8, steps: int = 25) -> Figure:
    r"""GD path on a contour plot, and each step's decrease divided by the descent-lemma bound.

    Left: the iterates of :math:`x_{t+1} = x_t - \eta\nabla f(x_t)` with
    :math:`\eta = ` ``eta_ell`` :math:`/\ell`. Right: the ratio
    :math:`\bigl(f(x_t) - f(x_{t+1})\bigr) / \bigl(\tfrac{\eta}{2}\|\nabla f(x_t)\|^2\bigr)`,
    which the descent lemma keeps at or above 1 when :math:`\eta \le 1/\ell`.
    """
    fig = descent_background(objective)
    descent_overlay(fig, objective, eta_ell, steps)
    return fig


@checked_arguments(eta_ell=(0, 10, "open"))
def descent_summary(objective: str = "quadratic bowl", eta_ell: float = 0.8, steps: int = 25) -> str:
    """What :func:`descent_figure` shows, in words: where GD ended and how the decrease compares."""
    f, x0, _, _ = DESCENT_PROBLEMS[check_choice("objective", objective, DESCENT_PROBLEMS)]
    eta = eta_ell / f.smoothness
    run = gd(f, x0, eta=eta, steps=steps)
    if run.stop_reason == "diverged":
        return f"GD on the {objective} diverged after {int(run.n_steps)} steps"
    decrease = -np.diff(run.values)
    bound = 0.5 * eta * run.grad_norms[:-1] ** 2
    below = int(np.sum(decrease < bound * (1 - 1e-9)))
    verdict = ("every step decreases f by at least the descent lemma's bound" if below == 0
               else f"{below} of {decrease.size} steps fall short of the bound")
    return (f"GD on the {objective}, {int(run.n_steps)} steps: f changes from {run.values[0]:.3g} "
            f"to {run.values[-1]:.3g}; {verdict}")


def descent_exploration() -> Exploration:
    """Chapter 1's exploration: objective and step size -> path and decrease-vs-bound."""
    return Exploration(
        name="descent",
        title="descent lemma",
        draw=descent_figure,
        controls=(
            # starts where the figure above it does not: the double well, past 1/ℓ
            Control("objective", "objective", tuple(DESCENT_PROBLEMS), "double well"),
            Control("eta_ell", "step size η·ℓ", (0.2, 0.5, 0.8, 1.0, 1.2, 1.5, 1.8, 2.0, 2.2), 1.5,
                    fmt=".1f"),
            Control("steps", "steps", (5, 10, 25, 50, MAX_STEPS), 25, fmt="d"),
        ),
        static=("objective", "eta_ell"),
        alt=descent_summary,
        description=(
            "the drop-down switches between the quadratic bowl and the double well, and the "
            "sliders set the step size (in units of 1/ℓ) and the number of steps"
        ),
    )


CHAPTER = 1


def explorations() -> list[Exploration]:
    """This chapter's slider explorations (collected by :func:`pgdlib.viz.all_explorations`)."""
    return [descent_exploration()]
