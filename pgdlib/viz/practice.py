"""Chapter 7 figures: escape time against dimension, GD against PGD on the octopus, steps against accuracy."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure

from pgdlib._validation import checked_arguments
from pgdlib.diagnostics import (
    OctopusRace,
    SospIterations,
    escape_times_by_dimension,
    predicted_escape_steps,
    predicted_sosp_steps,
)
from pgdlib.viz.explore import Control, Exploration
from pgdlib.viz.style import COLORS, new_figure

__all__ = ["CHAPTER_DIMENSIONS", "ESCAPE_DIMENSIONS", "ESCAPE_STEP_SIZES", "escape_dimension_figure",
           "escape_histogram_data", "escape_histogram_figure", "escape_exploration",
           "escape_steps_exploration", "escape_steps_figure", "octopus_figure", "accuracy_figure"]


@checked_arguments(eta=(0, 10, "open"))
def escape_dimension_figure(dims: tuple[int, ...] = (10, 30, 100, 300, 1000, 3000, 10000),
                            eta: float = 0.5, n_runs: int = 200) -> Figure:
    """Median escape step (with quartiles) against :math:`\\log d`, beside the predicted line.

    The runs are :func:`~pgdlib.diagnostics.dimension.escape_times_by_dimension`'s.
    """
    times = escape_times_by_dimension(list(dims), eta=eta, n_runs=n_runs)
    logd = np.log(np.array(dims, dtype=float))
    q = np.array([np.percentile(times[d], [25, 50, 75]) for d in dims])
    fig, (ax,) = new_figure(1, width=7.0, height=4.0)
    ax.fill_between(logd, q[:, 0], q[:, 2], color=COLORS["measured"], alpha=0.25, label="quartiles")
    ax.plot(logd, q[:, 1], "o-", color=COLORS["measured"], label="median escape step (GD)")
    ax.plot(logd, predicted_escape_steps(np.array(dims), eta=eta), "--", color=COLORS["bound"],
            label=r"prediction $(\frac{1}{2}\log d + \log(\sqrt{2\Delta}/r))/\log(1+\eta)$")
    ax.set_xlabel(r"$\log d$")
    ax.set_ylabel("steps until $f$ dropped by 0.5")
    ax.set_title(f"escape time grows like log d ({n_runs} starts per d, eta = {eta})")
    ax.legend(fontsize=9, loc="upper left")
    return fig


#: the dimension control's values (:func:`escape_exploration`) and the step sizes'
ESCAPE_DIMENSIONS = (10, 30, 100, 300, 1000, 3000)
ESCAPE_STEP_SIZES = (0.1, 0.2, 0.3, 0.5, 0.7, 0.9)
#: log10 of the largest dimension the histogram's step axis makes room for (above 3000)
_MAX_LOG10_D = 3.5


def _escape_bins(eta: float, n_runs: int) -> np.ndarray:
    r"""Bin edges of :func:`escape_histogram_figure`, the same for every dimension of the control.

    They reach 25% beyond the predicted step at :math:`d = 10^{3.5}` plus the
    :math:`\log(n)/\log(1+\eta)` extra steps of the slowest of ``n`` runs, in at most 60 bins.
    """
    slowest = predicted_escape_steps(10**_MAX_LOG10_D, eta=eta) + np.log(n_runs) / np.log1p(eta)
    top = int(np.ceil(1.25 * slowest))
    width = max(1, int(np.ceil(top / 60)))
    return np.arange(0, top + width, width)


@checked_arguments(eta=(0, 10, "open"))
@functools.lru_cache(maxsize=128)
def escape_histogram_data(d: int = 100, eta: float = 0.5, n_runs: int = 300) -> np.ndarray:
    """Escape steps of :func:`escape_histogram_figure` (-1 for a run capped at 4000 steps); cached."""
    steps = escape_times_by_dimension([int(d)], eta=eta, n_runs=n_runs, steps=4000)[int(d)]
    steps.setflags(write=False)
    return steps


@checked_arguments(eta=(0, 10, "open"))
def escape_histogram_figure(d: int = 100, eta: float = 0.5, n_runs: int = 300) -> Figure:
    r"""Histogram of GD escape steps in dimension ``d``, and the predicted typical step.

    The prediction is :func:`~pgdlib.diagnostics.dimension.predicted_escape_steps`. The step
    axis is fixed for a step size, whatever the dimension, and the count axis runs to 40% of
    the runs.
    """
    d = int(d)
    steps = escape_histogram_data(d, float(eta), int(n_runs))
    bins = _escape_bins(eta, n_runs)
    fig, (ax,) = new_figure(1, width=7.0, height=3.6)
    ax.set_xlim(0, bins[-1])
    ax.set_ylim(0, 0.4 * n_runs)  # the fullest bin holds at most 32% of the runs on the control's grid
    ax.set_xlabel("escape step")
    ax.set_ylabel("number of runs")
    ok = steps[steps >= 0]
    ax.hist(np.minimum(ok, bins[-1]), bins=bins, color=COLORS["measured"], alpha=0.8,
            label=f"{ok.size} escaped runs")
    ax.axvline(float(predicted_escape_steps(d, eta=eta)), color=COLORS["bound"], ls="--",
               label="predicted typical step")
    capped = int((steps < 0).sum())
    ax.set_title(f"d = {d}, eta = {eta:.2f}" + (f", {capped} runs capped" if capped else ""))
    ax.legend(fontsize=9)
    return fig


def _escape_alt(d: int, eta: float, n_runs: int) -> str:
    """The text alternative of :func:`escape_histogram_figure` at one setting."""
    steps = escape_histogram_data(int(d), float(eta), int(n_runs))
    ok = steps[steps >= 0]
    q1, med, q3 = np.percentile(ok, [25, 50, 75]) if ok.size else (np.nan,) * 3
    capped = int((steps < 0).sum())
    return (f"Histogram of the escape steps of {n_runs} runs in d = {int(d)} with step size {eta:g}: "
            f"median {med:.0f} steps, quartiles {q1:.0f} and {q3:.0f}, predicted typical step "
            f"{float(predicted_escape_steps(int(d), eta=eta)):.1f}"
            + (f"; {capped} runs did not escape within 4000 steps" if capped else ""))


def escape_exploration() -> Exploration:
    """Chapter 7's exploration: dimension and step size -> histogram of escape steps."""
    return Exploration(
        name="escape-time",
        title="escape time",
        draw=escape_histogram_figure,
        controls=(
            Control("d", "dimension d", ESCAPE_DIMENSIONS, 100, fmt="d"),
            Control("eta", "step size η", ESCAPE_STEP_SIZES, 0.5, fmt="g"),
        ),
        static=("d", "eta"),
        alt=_escape_alt,
        description="the sliders set the dimension and the step size",
        fixed={"n_runs": 300},
    )


#: the dimensions of chapter 7's measurement, which :func:`escape_steps_exploration` steps through
CHAPTER_DIMENSIONS = (10, 30, 100, 300, 1000, 3000, 10000)


@functools.lru_cache(maxsize=8)
def _chapter_escape_times(dims: tuple[int, ...], eta: float, n_runs: int) -> dict[int, np.ndarray]:
    """The escape steps over ``dims``, kept for the frames of the time scrub."""
    return escape_times_by_dimension(list(dims), eta=eta, n_runs=n_runs)


@checked_arguments(eta=(0, 10, "open"))
def escape_steps_figure(d: int = 10, eta: float = 0.5, n_runs: int = 200,
                        dims: tuple[int, ...] = CHAPTER_DIMENSIONS) -> Figure:
    """Histogram of the escape steps in dimension ``d``, one of ``dims``, on a step axis common to all.

    The runs are those of :func:`~pgdlib.diagnostics.dimension.escape_times_by_dimension`
    over all of ``dims`` (hence the chapter's measurement with its default arguments), one
    bin per step.
    """
    times = _chapter_escape_times(tuple(int(k) for k in dims), float(eta), int(n_runs))
    d = int(d)
    if d not in times:
        raise ValueError(f"d must be one of {sorted(times)}, got {d}")
    top = max(int(t.max()) for t in times.values()) + 2
    bins = np.arange(0, top + 1)
    fig, (ax,) = new_figure(1, width=7.0, height=3.4)
    ax.hist(times[d], bins=bins, color=COLORS["measured"], alpha=0.8)
    ax.axvline(float(predicted_escape_steps(d, eta=eta)), color=COLORS["bound"], ls="--",
               label="predicted typical step")
    ax.set_xlim(0, top)
    ax.set_ylim(0, n_runs * 0.6)
    ax.set_xlabel("escape step")
    ax.set_ylabel("number of runs")
    ax.set_title(f"d = {d}: median {np.median(times[d]):.0f} steps")
    ax.legend(fontsize=9, loc="upper left")
    return fig


def _escape_steps_alt(d: int, eta: float, n_runs: int, dims: tuple[int, ...]) -> str:
    """The text alternative of :func:`escape_steps_figure` at one dimension."""
    steps = _chapter_escape_times(tuple(int(k) for k in dims), float(eta), int(n_runs))[int(d)]
    return (f"Histogram of the escape steps of {n_runs} runs in d = {int(d)}: from {steps.min()} to "
            f"{steps.max()} steps, median {np.median(steps):.0f}; predicted typical step "
            f"{float(predicted_escape_steps(int(d), eta=eta)):.1f}")


@checked_arguments(eta=(0, 10, "open"))
def escape_steps_exploration(dims: tuple[int, ...] = CHAPTER_DIMENSIONS, eta: float = 0.5,
                             n_runs: int = 200) -> Exploration:
    """Chapter 7's time scrub: the histogram of escape steps, one dimension after the other.

    The defaults are the chapter's measurement (the ``dims``, ``eta`` and ``n_runs`` of its
    cell), which the book's build recomputes (it calls ``explorations()`` with no arguments).
    """
    dims = tuple(int(k) for k in dims)
    return Exploration(
        name="escape-steps",
        title="escape steps, one dimension after the other",
        draw=escape_steps_figure,
        controls=(Control("d", "dimension d", dims, dims[0], fmt="d", play=True),),
        static=("d",),
        alt=_escape_steps_alt,
        description=(f"the play button and the slider step through the dimensions, with {n_runs} runs "
                     f"per dimension at step size {eta:g}"),
        fixed={"eta": float(eta), "n_runs": int(n_runs), "dims": dims},
    )


def octopus_figure(race: OctopusRace) -> Figure:
    """Steps to the octopus's minimum against d, GD and PGD; capped runs drawn as triangles at the cap."""
    fig, (ax,) = new_figure(1, width=7.0, height=4.0)
    for steps, name, color, dx in [(race.gd_steps, "GD", COLORS["gd"], -0.06),
                                   (race.pgd_steps, "PGD", COLORS["pgd"], 0.06)]:
        for k, d in enumerate(race.dims):
            ok = steps[k][steps[k] >= 0]
            capped = int((steps[k] < 0).sum())
            ax.plot(np.full(ok.size, d + dx), ok, "o", color=color,
                    label=name if k == 0 else None)
            if capped:
                ax.plot([d + dx] * capped, [race.steps] * capped, "^", color=color, mfc="none", ms=9,
                        label=f"{name}: capped at {race.steps}" if d == race.dims[-1] or k == 0 else None)
    ax.set_yscale("log")
    ax.set_xticks(list(race.dims))
    ax.set_xlabel("dimension d")
    ax.set_ylabel("steps to reach $f_{\\min} + 10^{-3}$")
    ax.set_title("the octopus: GD slows by a constant factor per saddle")
    ax.legend(fontsize=9, loc="upper left")
    return fig


def accuracy_figure(result: SospIterations) -> Figure:
    r"""Steps to a first :math:`\epsilon`-SOSP against :math:`\epsilon`, beside two power laws.

    Left, log-log: the median over the seeds for each preset (bars from the fewest to the
    most steps), the lines :math:`\epsilon^{-2}` (Jin et al.'s rate) and :math:`\epsilon^{-3}`
    (the notes' rate) through the practical preset's first median, and the proof's bound
    :math:`\chi^4\ell\Delta_f/(c^3\epsilon^2)` for each preset. Right: :math:`\eta\,t`, the
    steps times the step size, against :math:`\log_{10}(1/\epsilon)`, with the prediction of
    :func:`~pgdlib.diagnostics.accuracy.predicted_sosp_steps` shifted to the measured mean.
    """
    fig, (ax, ax2) = new_figure(2, width=9.0, height=5.4)
    eps = result.eps
    style = {"theory": (COLORS["jin"], "s"), "practical": (COLORS["pgd"], "o")}
    for preset in result.presets:
        color, marker = style.get(preset, (COLORS["grey"], "^"))
        steps = result.steps[preset].astype(float)
        steps[steps < 0] = np.nan
        med = result.median(preset)
        c = result.params[preset][0].c
        label = f"{preset} (c = {c:g}), fitted slope {result.loglog_slope(preset):.2f}"
        ax.errorbar(eps, med, yerr=[med - np.nanmin(steps, axis=1), np.nanmax(steps, axis=1) - med],
                    fmt=marker + "-", color=color, capsize=3, label=label)
        ax.plot(eps, result.bound(preset), ":", color=color, lw=1.5,
                label=f"proof's bound, c = {c:g}")
        eta = result.params[preset][0].eta
        x = np.log10(1.0 / eps)
        pred = predicted_sosp_steps(result, preset)
        pred = pred - np.mean(pred) + np.nanmean(med)
        ax2.plot(x, eta * med, marker, color=color, label=f"{preset}: median")
        ax2.plot(x, eta * pred, "--", color=color, label=f"{preset}: prediction")
    anchor = "practical" if "practical" in result.presets else result.presets[0]
    y0, e0 = result.median(anchor)[0], eps[0]
    ax.plot(eps, y0 * (eps / e0) ** -2.0, "--", color=COLORS["bound"],
            label=r"$\epsilon^{-2}$ (Jin et al.)")
    ax.plot(eps, y0 * (eps / e0) ** -3.0, "-.", color=COLORS["grey"],
            label=r"$\epsilon^{-3}$ (the notes)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"accuracy $\epsilon$")
    ax.set_ylabel(r"steps to an $\epsilon$-SOSP")
    ax.set_title(f"double well from its saddle, {result.n_seeds} seeds")
    handles, labels = ax.get_legend_handles_labels()
    rank = [0 if lab.startswith(result.presets) else 2 if "bound" in lab else 1 for lab in labels]
    order = sorted(range(len(labels)), key=lambda i: rank[i])  # measured, power laws, bounds
    fig.legend([handles[i] for i in order], [labels[i] for i in order], fontsize=9.5,
               loc="outside lower center", ncol=3)
    ax2.set_xlabel(r"$\log_{10}(1/\epsilon)$")
    ax2.set_ylabel(r"$\eta \times$ steps")
    ax2.set_title(r"the count grows like $\log(1/\epsilon)$")
    ax2.legend(fontsize=9.5, loc="upper left")
    return fig


CHAPTER = 7


def explorations() -> list[Exploration]:
    """This chapter's slider explorations (collected by :func:`pgdlib.viz.all_explorations`)."""
    return [escape_exploration(), escape_steps_exploration()]
