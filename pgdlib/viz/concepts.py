"""Chapter 2 figures: stationary points, saddles, and GD crawling past a saddle."""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure
from numpy.polynomial import Polynomial

from pgdlib._validation import checked_arguments
from pgdlib.algorithms.gd import gd
from pgdlib.objectives import DoubleWell, QuadraticSaddle
from pgdlib.trajectory import Trajectory
from pgdlib.viz.contours import draw_contours, draw_path, mark_critical_points
from pgdlib.viz.explore import Control, Exploration
from pgdlib.viz.style import COLORS, fixed_step_axis, message_figure, new_figure

__all__ = [
    "CRAWL_GRAD_RANGE",
    "CrawlRun",
    "crawl_run",
    "saddle_crawl_background",
    "saddle_crawl_overlay",
    "stationary_points_figure",
    "saddle_surfaces_figure",
    "saddle_crawl_figure",
    "saddle_exploration",
]


def _classify_1d(p: Polynomial) -> list[tuple[float, str]]:
    """Real roots of ``p'`` with their type from the sign of ``p''`` (1-D second-derivative test)."""
    dp, ddp = p.deriv(), p.deriv(2)
    roots = [r.real for r in dp.roots() if abs(r.imag) < 1e-12]
    kinds = []
    for r in sorted(roots):
        curv = ddp(r)
        kinds.append((r, "local minimum" if curv > 0 else "local maximum" if curv < 0 else "degenerate"))
    return kinds


def stationary_points_figure() -> Figure:
    """Figure 6.1 redrawn: a convex and a non-convex curve with their stationary points.

    Convex: :math:`f(x) = x^2/2`, one stationary point, the global minimum.
    Non-convex: :math:`f(x) = x^4/4 - x^3/6 - x^2 + 1`, whose derivative
    :math:`x^3 - x^2/2 - 2x` vanishes at a local maximum and at two minima of
    different height, only one of them global.
    """
    curves = [
        ("(a) convex: $f(x) = x^2/2$", Polynomial([0.0, 0.0, 0.5])),
        ("(b) non-convex: $f(x) = x^4/4 - x^3/6 - x^2 + 1$", Polynomial([1.0, 0.0, -1.0, -1 / 6, 0.25])),
    ]
    fig, axes = new_figure(2, width=9.0, height=3.6)
    xs = np.linspace(-2.2, 2.6, 400)
    style = {"local minimum": ("v", COLORS["gd"]), "local maximum": ("^", COLORS["pgd"])}
    for ax, (title, p) in zip(axes, curves, strict=True):
        ax.plot(xs, p(xs), color="black", lw=1.5)
        points = _classify_1d(p)
        lowest = min(p(r) for r, _ in points)
        for r, kind in points:
            marker, color = style[kind]
            label = kind if not (kind == "local minimum" and p(r) == lowest) else "global minimum"
            ax.plot(r, p(r), marker, color=color, ms=10, mec="black",
                    mfc=color if label != "global minimum" else COLORS["yellow"], label=label)
        ax.set_title(title)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$f(x)$")
        handles, labels = ax.get_legend_handles_labels()
        unique = dict(zip(labels, handles, strict=True))
        ax.legend(unique.values(), unique.keys(), loc="upper center")
    return fig


def saddle_surfaces_figure() -> Figure:
    r"""Figure 6.2 redrawn: :math:`x^2 - y^2` (a saddle) beside :math:`x^2 + y^2` (a minimum)."""
    fig = Figure(figsize=(9.0, 4.0), layout="constrained")
    grid = np.linspace(-1.0, 1.0, 41)
    XX, YY = np.meshgrid(grid, grid)
    points = np.column_stack([XX.ravel(), YY.ravel()])
    cases = [("(a) saddle: $x^2 - y^2$", QuadraticSaddle([2.0, -2.0])),
             ("(b) minimum: $x^2 + y^2$", QuadraticSaddle([2.0, 2.0]))]
    for i, (title, f) in enumerate(cases):
        ax = fig.add_subplot(1, 2, i + 1, projection="3d")
        Z = f.value(points).reshape(XX.shape)
        ax.plot_surface(XX, YY, Z, cmap="cividis", linewidth=0, antialiased=True, alpha=0.9)
        ax.plot([0], [0], [0], "o", color=COLORS["pgd"], ms=7, mec="black", zorder=10)
        ax.set_title(title)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$y$")
        ax.set_zlabel("$f$")
        ax.view_init(elev=25, azim=-60)
    return fig


#: the gradient-norm axis of :func:`saddle_crawl_figure`, fixed for every slider setting
#: (from below the plateau of the smallest offset to above the largest start's gradient)
CRAWL_GRAD_RANGE = (1e-13, 1e4)


@checked_arguments(radius=(0, 100, "open"))
def saddle_crawl_background(steps: int = 200, radius: float = 0.1) -> Figure:
    """The axes of :func:`saddle_crawl_figure`: contours, the ball around the saddle, labels."""
    f = DoubleWell()
    fig, (ax_path, ax_grad) = new_figure(2, width=9.0, height=4.0)
    draw_contours(ax_path, f, (-1.6, 1.6), (-1.4, 1.4))
    ax_path.add_patch(_circle(np.zeros(2), radius))
    ax_grad.set_yscale("log")
    # the ticks the log locator picks, without its three beyond the limits, which constrained
    # layout would measure too (a mathtext label each: most of a redraw's cost)
    ax_grad.set_yticks(10.0 ** np.arange(-13, 4, 2))
    fixed_step_axis(ax_grad, steps)
    ax_grad.set_ylim(*CRAWL_GRAD_RANGE)
    ax_grad.set_xlabel("step $t$")
    ax_grad.set_ylabel("gradient norm (log scale)")
    return fig


class CrawlRun(NamedTuple):
    r"""GD on the double well from :math:`(\text{offset}, y_0)`, and its iterates near the saddle."""

    run: Trajectory
    near: np.ndarray  # bool per iterate: within the radius of the saddle (the origin)

    def summary(self, radius: float) -> str:
        """In words: how long the run stays near the saddle and where it goes."""
        steps = self.run.n_steps
        count = int(self.near.sum())
        if count == 0:
            return f"GD passes the saddle without coming within {radius:g} of it"
        inside = np.flatnonzero(self.near)
        text = (f"GD spends {count} of {steps + 1} iterates within {radius:g} of the saddle "
                f"(steps {inside[0]} to {inside[-1]})")
        if inside[-1] == steps:
            return text + f" and is still there after {steps} steps"
        side = "(1, 0)" if self.run.iterates[-1, 0] > 0 else "(-1, 0)"
        return text + f", then leaves towards the minimum {side}"


@functools.lru_cache(maxsize=256)
def _crawl_run(offset: float, y0: float, eta: float, steps: int, radius: float) -> CrawlRun:
    run = gd(DoubleWell(), np.array([offset, y0]), eta=eta, steps=steps)
    return CrawlRun(run, np.linalg.norm(run.iterates, axis=1) <= radius)  # the saddle is the origin


@checked_arguments(eta=(0, 10, "open"), radius=(0, 100, "open"))
def crawl_run(offset: float = 1e-4, y0: float = 1.0, eta: float = 0.1, steps: int = 200,
              radius: float = 0.1) -> CrawlRun:
    """The run that :func:`saddle_crawl_figure` draws (computed once per setting, then cached).

    The figure and its text alternative (:func:`saddle_exploration`) share it.
    """
    return _crawl_run(float(offset), float(y0), float(eta), int(steps), float(radius))


@checked_arguments(eta=(0, 10, "open"), radius=(0, 100, "open"))
def saddle_crawl_overlay(fig: Figure, offset: float = 1e-4, y0: float = 1.0, eta: float = 0.1,
                         steps: int = 200, radius: float = 0.1) -> Figure | None:
    """The data of :func:`saddle_crawl_figure`, drawn on :func:`saddle_crawl_background`'s axes.

    Returns ``None``, or a message figure (drawn instead) when ``eta`` makes GD diverge.
    """
    f = DoubleWell()
    if eta >= 2.0 / 1.0:
        return message_figure("GD diverges", r"$\eta \geq 2$: the steps along $x_2$ (curvature 1) overshoot.")
    run, near = crawl_run(offset, y0, eta, steps, radius)
    ax_path, ax_grad = fig.axes
    draw_path(ax_path, run.iterates, "GD", COLORS["gd"], marker=".")
    mark_critical_points(ax_path, f)
    ax_path.set_title(f"start $(10^{{{np.log10(offset):.1f}}}, {y0:g})$, $\\eta = {eta:g}$")

    t = run.value_steps
    ax_grad.plot(t, np.clip(run.grad_norms, *CRAWL_GRAD_RANGE), color=COLORS["gd"], lw=1.8,
                 label=r"$\|\nabla f(x_t)\|$")
    if near.any():
        ax_grad.fill_between(t, 0, 1, where=near, transform=ax_grad.get_xaxis_transform(),
                             color=COLORS["accent"], alpha=0.3, label=f"within {radius:g} of the saddle")
    ax_grad.set_title(f"{int(near.sum())} of {run.n_steps + 1} iterates near the saddle")
    ax_grad.legend(loc="lower left")
    return None


@checked_arguments(eta=(0, 10, "open"), radius=(0, 100, "open"))
def saddle_crawl_figure(offset: float = 1e-4, y0: float = 1.0, eta: float = 0.1,
                        steps: int = 200, radius: float = 0.1) -> Figure:
    r"""Figure 6.3 redrawn: GD on the double well from :math:`(\text{offset}, y_0)`.

    Left: the path. Right: :math:`\|\nabla f(x_t)\|` on a log scale; the steps
    spent within ``radius`` of the saddle :math:`(0, 0)` are shaded, the plateau
    where the gradient is tiny and GD barely moves. The smaller the offset from
    the saddle's stable manifold :math:`x_1 = 0`, the longer the plateau:
    about :math:`\log(\text{radius}/\text{offset}) / \log(1 + \eta)` steps.
    """
    fig = saddle_crawl_background(steps, radius)
    shown = saddle_crawl_overlay(fig, offset, y0, eta, steps, radius)
    return fig if shown is None else shown


def _circle(center: np.ndarray, radius: float):
    from matplotlib.patches import Circle

    return Circle(center, radius, fill=False, ls="--", color=COLORS["accent"], lw=1.5)


def _crawl_alt(offset: float, y0: float, eta: float, steps: int, radius: float) -> str:
    if eta >= 2.0:
        return "GD diverges: the step size is 2 or more"
    return crawl_run(offset, y0, eta, steps, radius).summary(radius)


def saddle_exploration() -> Exploration:
    """Chapter 2's exploration: start and step size -> path and time spent near the saddle.

    It starts at an offset of 1e-8, closer to the stable line than the chapter's figure
    (1e-4), so that its first picture is a longer plateau than the one above it.
    """
    return Exploration(
        name="saddle-crawl",
        title="crawling past a saddle",
        draw=saddle_crawl_figure,
        controls=(
            Control("offset", "offset from x₁ = 0", (1e-10, 1e-8, 1e-6, 1e-4, 1e-2), 1e-8, fmt=".0e"),
            Control("eta", "step size η", (0.05, 0.1, 0.2, 0.5), 0.1, fmt="g"),
            Control("y0", "start x₂", (-1.0, -0.5, 0.0, 0.5, 1.0, 1.3), 1.0, fmt="g"),
        ),
        fixed={"steps": 200, "radius": 0.1},
        static=("offset", "eta"),
        alt=_crawl_alt,
        description=(
            "the sliders move the start closer to or further from the saddle's stable line, "
            "change the step size and (in Jupyter) the start's height; the shaded plateau grows "
            "as the offset shrinks"
        ),
    )


CHAPTER = 2


def explorations() -> list[Exploration]:
    """This chapter's slider explorations (collected by :func:`pgdlib.viz.all_explorations`)."""
    return [saddle_exploration()]
