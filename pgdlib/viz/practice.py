"""Chapter 7 figures: escape time against dimension, and GD against PGD on the octopus."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from pgdlib.algorithms.perturbed import perturbed_gd
from pgdlib.diagnostics import escape_time
from pgdlib.objectives import Octopus, QuadraticSaddle
from pgdlib.viz.animation import Animation, animate
from pgdlib.viz.explore import Control, Exploration
from pgdlib.viz.style import COLORS, new_figure

__all__ = ["escape_times_by_dimension", "predicted_escape_steps", "escape_dimension_figure",
           "escape_histogram_figure", "escape_exploration", "escape_animation", "OctopusRace",
           "octopus_race", "octopus_figure"]

RADIUS = 1e-3
DROP = 0.5


def _saddle(d: int) -> QuadraticSaddle:
    return QuadraticSaddle(np.r_[-1.0, np.ones(d - 1)])


def predicted_escape_steps(d: float | np.ndarray, eta: float, radius: float = RADIUS,
                           drop: float = DROP) -> np.ndarray:
    r"""Typical steps for GD to drop ``f`` by ``drop`` on :math:`\tfrac12(-x_1^2 + \|x_{2:d}\|^2)`.

    A start uniform in the ball :math:`B(0, r)` has :math:`|x_1| \approx r/\sqrt d`; GD multiplies
    :math:`x_1` by :math:`1 + \eta` per step and shrinks the other coordinates, so
    :math:`f \le -\text{drop}` once :math:`\tfrac12 (1+\eta)^{2t} r^2/d \ge \text{drop}`:

    .. math:: t \approx \frac{\tfrac12\log d + \log(\sqrt{2\,\text{drop}}/r)}{\log(1+\eta)},

    a line in :math:`\log d` with slope :math:`1/(2\log(1+\eta))` (chapter 7; the
    :math:`\log d` of Jin et al. 2017, Theorem 3).
    """
    d = np.asarray(d, dtype=float)
    return (0.5 * np.log(d) + np.log(np.sqrt(2 * drop) / radius)) / np.log1p(eta)


def escape_times_by_dimension(dims: list[int], eta: float = 0.5, n_runs: int = 200,
                              seed: int = 0, max_steps: int = 2000) -> dict[int, np.ndarray]:
    """Escape steps of GD from random starts in :math:`B(0, r)` around the saddle, per dimension.

    Uses :func:`~pgdlib.diagnostics.escape.escape_time` on :math:`\\tfrac12(-x_1^2 + \\|x_{2:d}\\|^2)` with
    ``r = RADIUS`` and ``drop = DROP``. Runs not escaped within ``max_steps`` are -1.
    """
    out = {}
    for k, d in enumerate(dims):
        res = escape_time(_saddle(d), np.zeros(d), RADIUS, DROP, eta, max_steps, n_runs, seed + k)
        out[d] = np.asarray(res.steps)
    return out


def escape_dimension_figure(dims: tuple[int, ...] = (10, 30, 100, 300, 1000, 3000, 10000),
                            eta: float = 0.5, n_runs: int = 200) -> Figure:
    """Median escape step (with quartiles) against :math:`\\log d`, beside the predicted line."""
    times = escape_times_by_dimension(list(dims), eta, n_runs)
    logd = np.log(np.array(dims, dtype=float))
    q = np.array([np.percentile(times[d], [25, 50, 75]) for d in dims])
    fig, (ax,) = new_figure(1, width=7.0, height=4.0)
    ax.fill_between(logd, q[:, 0], q[:, 2], color=COLORS["measured"], alpha=0.25, label="quartiles")
    ax.plot(logd, q[:, 1], "o-", color=COLORS["measured"], label="median escape step (GD)")
    ax.plot(logd, predicted_escape_steps(np.array(dims), eta), "--", color=COLORS["bound"],
            label=r"prediction $(\frac{1}{2}\log d + \log(\sqrt{2\Delta}/r))/\log(1+\eta)$")
    ax.set_xlabel(r"$\log d$")
    ax.set_ylabel("steps until $f$ dropped by 0.5")
    ax.set_title(f"escape time grows like log d ({n_runs} starts per d, eta = {eta})")
    ax.legend(fontsize=9, loc="upper left")
    return fig


def escape_histogram_figure(log10_d: float = 2.0, eta: float = 0.5, n_runs: int = 300) -> Figure:
    """Histogram of GD escape steps for :math:`d = 10^{\\text{log10\\_d}}`, with the prediction."""
    d = int(round(10**log10_d))
    steps = escape_times_by_dimension([d], eta, n_runs, max_steps=4000)[d]
    fig, (ax,) = new_figure(1, width=7.0, height=3.6)
    ok = steps[steps >= 0]
    ax.hist(ok, bins=30, color=COLORS["measured"], alpha=0.8, label=f"{ok.size} escaped runs")
    ax.axvline(float(predicted_escape_steps(d, eta)), color=COLORS["bound"], ls="--",
               label="predicted typical step")
    ax.set_xlabel("escape step")
    ax.set_ylabel("number of runs")
    capped = int((steps < 0).sum())
    ax.set_title(f"d = {d}, eta = {eta:.2f}" + (f", {capped} runs capped" if capped else ""))
    ax.legend(fontsize=9)
    return fig


def escape_exploration() -> Exploration:
    """Chapter 7's exploration: dimension and step size -> histogram of escape steps."""
    return Exploration(
        title="escape time",
        draw=escape_histogram_figure,
        controls=(
            Control("log10_d", "log10 of dimension d", 2.0, low=1.0, high=3.5, step=0.5),
            Control("eta", "step size η", 0.5, low=0.1, high=0.9, step=0.1),
        ),
        description="the sliders set the dimension (on a log scale) and the step size",
        fixed={"n_runs": 300},
    )


def escape_animation(dims: tuple[int, ...] = (10, 30, 100, 300, 1000, 3000, 10000),
                     eta: float = 0.5, n_runs: int = 200) -> Animation:
    """Kernel-free animation: the histogram of escape steps, one frame per dimension."""
    times = escape_times_by_dimension(list(dims), eta, n_runs)
    top = max(int(t.max()) for t in times.values()) + 2
    bins = np.arange(0, top + 1)
    fig, (ax,) = new_figure(1, width=7.0, height=3.4)

    def update(d: int) -> None:
        ax.clear()
        ax.hist(times[d], bins=bins, color=COLORS["measured"], alpha=0.8)
        ax.axvline(float(predicted_escape_steps(d, eta)), color=COLORS["bound"], ls="--",
                   label="predicted typical step")
        ax.set_xlim(0, top)
        ax.set_ylim(0, n_runs * 0.6)
        ax.set_xlabel("escape step")
        ax.set_ylabel("number of runs")
        ax.set_title(f"d = {d}: median {np.median(times[d]):.0f} steps")
        ax.legend(fontsize=9, loc="upper left")

    return animate(fig, update, list(dims), [f"d = {d}" for d in dims], "dimension d",
                   "Histogram of escape steps moving slowly to the right as d grows from 10 to 10000.")


@dataclass(frozen=True)
class OctopusRace:
    """Steps of GD and PGD to reach the octopus's minimum, per dimension and seed.

    Attributes
    ----------
    dims : tuple of int
    gd_steps, pgd_steps : ndarray of shape (len(dims), n_seeds)
        First step with :math:`f \\le f_{\\min} + 10^{-3}`; -1 if not reached within ``cap``.
    gd_subnormal : ndarray of bool, shape (len(dims), n_seeds)
        Whether some coordinate of a GD iterate became a nonzero subnormal float
        (:math:`0 < |x_j| < 2.2\\times 10^{-308}`), or exactly zero after starting nonzero.
    cap : int
    """

    dims: tuple[int, ...]
    gd_steps: np.ndarray
    pgd_steps: np.ndarray
    gd_subnormal: np.ndarray
    cap: int


def octopus_race(dims: tuple[int, ...] = (2, 3, 4, 5), n_seeds: int = 3, cap: int = 20000,
                 seed: int = 0) -> OctopusRace:
    r"""GD against PGD on :class:`~pgdlib.Octopus` from uniform starts in :math:`[-1, 1]^d`.

    Du et al. (2017), Theorem 4.1: GD from such starts needs :math:`e^{\Omega(d)}` steps, PGD
    polynomially many. Both use :math:`\eta = 1/(2\ell)`; PGD jumps with radius 0.01 when
    :math:`\|\nabla f\| \le 0.1`, at most once every 20 steps. Runs stop at ``cap`` steps.
    """
    tiny = np.finfo(float).tiny
    gd_steps = np.full((len(dims), n_seeds), -1)
    pgd_steps = np.full((len(dims), n_seeds), -1)
    sub = np.zeros((len(dims), n_seeds), bool)
    for k, d in enumerate(dims):
        f = Octopus(d)
        rng = np.random.default_rng(seed + k)
        x0 = rng.uniform(-1.0, 1.0, (n_seeds, d))
        eta = 1.0 / (2.0 * f.smoothness)
        target = f.f_min + 1e-3
        x = x0.copy()
        for t in range(cap + 1):
            reached = (f.value(x) <= target) & (gd_steps[k] < 0)
            gd_steps[k, reached] = t
            if (gd_steps[k] >= 0).all() or t == cap:
                break
            x = x - eta * f.grad(x)
            a = np.abs(x)
            sub[k] |= ((a < tiny) & (x0 != 0)).any(axis=1)
        run = perturbed_gd(f, x0, eta, 0.01, 20, 0.1, cap, seed + k, record="values")
        vals = np.asarray(run.values)
        for j in range(n_seeds):
            hit = np.flatnonzero(vals[:, j] <= target)
            pgd_steps[k, j] = hit[0] if hit.size else -1
    return OctopusRace(tuple(dims), gd_steps, pgd_steps, sub, cap)


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
                ax.plot([d + dx] * capped, [race.cap] * capped, "^", color=color, mfc="none", ms=9,
                        label=f"{name}: capped at {race.cap}" if d == race.dims[-1] or k == 0 else None)
    ax.set_yscale("log")
    ax.set_xticks(list(race.dims))
    ax.set_xlabel("dimension d")
    ax.set_ylabel("steps to reach $f_{\\min} + 10^{-3}$")
    ax.set_title("the octopus: GD slows by a constant factor per saddle")
    ax.legend(fontsize=9, loc="upper left")
    return fig


CHAPTER = 7


def explorations() -> list[Exploration]:
    """This chapter's slider explorations (collected by :func:`pgdlib.viz.all_explorations`)."""
    return [escape_exploration()]
