"""Chapter 8 figures: GD against PGD near saddles of machine-learning objectives."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure

from pgdlib._validation import check_choice, checked_arguments
from pgdlib.algorithms.gd import gd
from pgdlib.algorithms.perturbed import perturbed_gd
from pgdlib.objectives import DeepLinear, MatrixFactorization, Objective
from pgdlib.viz.contours import legend_first_entry_last
from pgdlib.viz.explore import Control, Exploration
from pgdlib.viz.style import COLORS, fixed_step_axis, new_figure

__all__ = [
    "ML_LOG10_OFFSETS",
    "ML_STEPS",
    "gd_pgd_figure",
    "ml_exploration",
    "ml_problems",
]


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
    g = gd(f, x0, eta=0.1, steps=steps, record="values")
    p = perturbed_gd(f, x0, eta=0.1, radius=0.05, epoch=20, threshold=1e-3, steps=steps, seed=seed,
                     record="values")
    return np.ravel(g.values), np.ravel(p.values)


#: the values of the distance and step-budget controls of :func:`ml_exploration`
ML_LOG10_OFFSETS = (-12.0, -10.0, -8.0, -6.0, -4.0, -2.0)
ML_STEPS = (300, 1000)


@functools.lru_cache(maxsize=64)
def _long_values(problem: str, log10_offset: float, steps: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_gd_and_pgd_values`, kept (read-only) for the settings of the exploration."""
    g, p = _gd_and_pgd_values(problem, log10_offset, steps, seed)
    g.setflags(write=False)
    p.setflags(write=False)
    return g, p


def _values(problem: str, log10_offset: float, steps: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """f along GD and PGD for ``steps`` steps: the first steps of one run of at least ``max(ML_STEPS)``.

    Both runs are deterministic given the seed (PGD draws its jumps in order), so the first
    ``steps`` of a longer run are the run of ``steps`` steps; the figure and its text, at
    every budget of the control, share one computation.
    """
    g, p = _long_values(problem, float(log10_offset), max(int(steps), max(ML_STEPS)), int(seed))
    return g[: int(steps) + 1], p[: int(steps) + 1]


@checked_arguments(log10_offset=(-300, 2))
def gd_pgd_figure(problem: str = "matrix factorisation", log10_offset: float = -6.0,
                  steps: int = 300, seed: int = 0) -> Figure:
    r"""f over iterations for GD and PGD started at distance :math:`10^{\text{log10\_offset}}` from a saddle.

    Both use :math:`\eta = 0.1`; PGD (the lecture's version) jumps with radius 0.05 when
    :math:`\|\nabla f\| \le 10^{-3}`, at most once every 20 steps. The value axis runs from
    the minimum value of ``f`` to its value at the saddle.
    """
    f, saddle = _problem(problem)
    g, p = _values(problem, float(log10_offset), int(steps), int(seed))
    f_saddle = float(f.value(saddle))
    fig, (ax,) = new_figure(1, width=7.0, height=3.6)
    ax.axhline(f_saddle, color=COLORS["grey"], lw=0.8, label="f at the saddle")
    margin = 0.08 * (f_saddle - f.f_min)
    fixed_step_axis(ax, steps)
    low, high = f.f_min - margin, f_saddle + margin
    ax.set_ylim(low, high)
    ax.set_xlabel("iteration")
    ax.set_ylabel("f")
    ax.plot(np.clip(g, low, high), color=COLORS["gd"], label="GD")
    ax.plot(np.clip(p, low, high), color=COLORS["pgd"], ls="--", label="PGD")
    ax.set_title(f"{problem}: start {10.0**log10_offset:.0e} from the saddle")
    legend_first_entry_last(ax, fontsize=9)  # the saddle's line last
    return fig


def _ml_alt(problem: str, log10_offset: float, steps: int, seed: int) -> str:
    """The text alternative of :func:`gd_pgd_figure` at one setting."""
    f, saddle = _problem(problem)
    below = float(f.value(saddle)) - 0.1
    parts = []
    for name, values in zip(("GD", "PGD"), _values(problem, float(log10_offset), int(steps), int(seed)),
                            strict=True):
        hits = np.flatnonzero(values < below)
        parts.append(f"after {hits[0]} steps of {name}" if hits.size
                     else f"not within {steps} steps of {name}")
    return (f"{problem}, started {10.0**log10_offset:.0e} from the saddle: f drops 0.1 below its saddle "
            f"value {parts[0]} and {parts[1]}")


def ml_exploration() -> Exploration:
    """Chapter 8's exploration: problem, distance from the saddle and budget -> GD and PGD curves."""
    return Exploration(
        name="ml",
        title="GD against PGD near a saddle",
        draw=gd_pgd_figure,
        controls=(
            # starts on the objective that the chapter's figures do not show
            Control("problem", "objective", tuple(ml_problems()), "deep linear, depth 2"),
            Control("log10_offset", "log10 distance from saddle", ML_LOG10_OFFSETS, -6.0, fmt=".0f"),
            Control("steps", "steps", ML_STEPS, 300, fmt="d"),
        ),
        static=("problem", "log10_offset", "steps"),
        alt=_ml_alt,
        description=("the drop-down picks the objective, and the sliders the distance of the start from "
                     "its saddle and the number of steps"),
        fixed={"seed": 0},
    )


CHAPTER = 8


def explorations() -> list[Exploration]:
    """This chapter's slider explorations (collected by :func:`pgdlib.viz.all_explorations`)."""
    return [ml_exploration()]
