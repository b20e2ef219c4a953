"""Chapter 8 figures: GD against PGD near saddles of machine-learning objectives."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from pgdlib._validation import check_choice, checked_arguments
from pgdlib.algorithms.gd import gd
from pgdlib.algorithms.perturbed import perturbed_gd
from pgdlib.objectives import DeepLinear, MatrixFactorization, Objective
from pgdlib.viz.contours import legend_first_entry_last
from pgdlib.viz.explore import Control, Exploration, Layers
from pgdlib.viz.style import COLORS, fixed_step_axis, new_figure

__all__ = [
    "GD_PGD_LAYERS",
    "gd_pgd_background",
    "gd_pgd_figure",
    "gd_pgd_overlay",
    "ml_exploration",
    "ml_problems",
    "scalar_deep_linear",
    "steps_to_leave",
]


@checked_arguments
def scalar_deep_linear(depth: int) -> Objective:
    r"""The scalar deep linear network :math:`\tfrac12(w_1 \cdots w_L - 1)^2`: ``DeepLinear(depth)``.

    Kept for callers of the chapter 8 figures; the objective itself is
    :class:`~pgdlib.objectives.deep_linear.DeepLinear`.
    """
    return DeepLinear(depth)


def ml_problems() -> dict[str, tuple[Objective, np.ndarray]]:
    """Name -> (objective, a saddle point) for chapter 8."""
    mf = MatrixFactorization(np.diag([3.0, 2.0, 1.0]), 1)
    return {
        "matrix factorisation": (mf, np.array([0.0, np.sqrt(2.0), 0.0])),
        "deep linear, depth 2": (DeepLinear(2), np.zeros(2)),
        "deep linear, depth 3": (DeepLinear(3), np.zeros(3)),
    }


def _problem(problem: str) -> tuple[Objective, np.ndarray]:
    """The objective and saddle of ``problem``, a key of :func:`ml_problems` (ValueError otherwise)."""
    problems = ml_problems()
    return problems[check_choice("problem", problem, problems)]


def _gd_and_pgd_values(problem: str, log10_offset: float, steps: int,
                       seed: int) -> tuple[np.ndarray, np.ndarray]:
    """f along GD and the lecture's PGD from a start 10**log10_offset away from the saddle."""
    f, saddle = _problem(problem)
    rng = np.random.default_rng(seed)
    u = rng.standard_normal(saddle.size)
    x0 = saddle + 10.0**log10_offset * u / np.linalg.norm(u)
    g = gd(f, x0, 0.1, steps, record="values")
    p = perturbed_gd(f, x0, 0.1, 0.05, 20, 1e-3, steps, seed, record="values")
    return np.ravel(g.values), np.ravel(p.values)


@checked_arguments(log10_offset=(-300, 2), drop=(0, 1e300, "open"))
def steps_to_leave(problem: str, log10_offset: float = -6.0, steps: int = 300, seed: int = 0,
                   drop: float = 0.1) -> dict[str, int | None]:
    r"""First step at which GD and PGD (as in :func:`gd_pgd_figure`) are ``drop`` below the saddle.

    Returns ``{"GD": t, "PGD": t}``, the first :math:`t \le` ``steps`` with
    :math:`f(x_t) < f(\text{saddle}) - \text{drop}`, or ``None`` if there is none.
    """
    f, saddle = _problem(problem)
    below = float(f.value(saddle)) - drop
    out = {}
    for name, values in zip(("GD", "PGD"), _gd_and_pgd_values(problem, log10_offset, steps, seed),
                            strict=True):
        hits = np.flatnonzero(values < below)
        out[name] = int(hits[0]) if hits.size else None
    return out


@checked_arguments
def gd_pgd_background(problem: str = "matrix factorisation", steps: int = 300) -> Figure:
    """The axes of :func:`gd_pgd_figure`: from the minimum value to the saddle's, and labels."""
    f, saddle = _problem(problem)
    f_saddle = float(f.value(saddle))
    fig, (ax,) = new_figure(1, width=7.0, height=3.6)
    ax.axhline(f_saddle, color=COLORS["grey"], lw=0.8, label="f at the saddle")
    margin = 0.08 * (f_saddle - f.f_min)
    fixed_step_axis(ax, steps)
    ax.set_ylim(f.f_min - margin, f_saddle + margin)
    ax.set_xlabel("iteration")
    ax.set_ylabel("f")
    return fig


@checked_arguments(log10_offset=(-300, 2))
def gd_pgd_overlay(fig: Figure, problem: str = "matrix factorisation", log10_offset: float = -6.0,
                   steps: int = 300, seed: int = 0) -> None:
    """The GD and PGD curves of :func:`gd_pgd_figure`, drawn on :func:`gd_pgd_background`'s axes."""
    g, p = _gd_and_pgd_values(problem, log10_offset, steps, seed)
    (ax,) = fig.axes
    low, high = ax.get_ylim()
    ax.plot(np.clip(g, low, high), color=COLORS["gd"], label="GD")
    ax.plot(np.clip(p, low, high), color=COLORS["pgd"], ls="--", label="PGD")
    ax.set_title(f"{problem}: start {10.0**log10_offset:.0e} from the saddle")
    legend_first_entry_last(ax, fontsize=9)  # the saddle's line last


#: :func:`gd_pgd_figure` as the slider draws it: the background changes with the objective only
GD_PGD_LAYERS = Layers(gd_pgd_background, gd_pgd_overlay, background_controls=("problem", "steps"))


@checked_arguments(log10_offset=(-300, 2))
def gd_pgd_figure(problem: str = "matrix factorisation", log10_offset: float = -6.0,
                  steps: int = 300, seed: int = 0) -> Figure:
    r"""f over iterations for GD and PGD started at distance :math:`10^{\text{log10\_offset}}` from a saddle.

    Both use :math:`\eta = 0.1`; PGD (the lecture's version) jumps with radius 0.05 when
    :math:`\|\nabla f\| \le 10^{-3}`, at most once every 20 steps. The value axis runs from
    the minimum value of ``f`` to its value at the saddle.
    """
    return GD_PGD_LAYERS(problem=problem, log10_offset=log10_offset, steps=steps, seed=seed)


def ml_exploration() -> Exploration:
    """Chapter 8's exploration: problem and distance from the saddle -> GD and PGD curves."""
    return Exploration(
        title="GD against PGD near a saddle",
        draw=GD_PGD_LAYERS,
        controls=(
            Control("problem", "objective", "matrix factorisation", options=tuple(ml_problems())),
            Control("log10_offset", "log10 distance from saddle", -6.0, low=-12.0, high=-1.0, step=1.0),
        ),
        description=("the drop-down picks the objective and the slider the distance "
                     "of the start from its saddle"),
    )


CHAPTER = 8


def explorations() -> list[Exploration]:
    """This chapter's slider explorations (collected by :func:`pgdlib.viz.all_explorations`)."""
    return [ml_exploration()]
