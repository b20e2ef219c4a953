r"""Chapter 5 figures: how far a random jump moves along the escape direction, and the stuck region.

Source: lecture 6, sections 6.2.2.1 and 6.2.2.2 (figures 6.4 and 6.5); Jin, Ge, Netrapalli,
Kakade, Jordan, "How to Escape Saddle Points Efficiently", ICML 2017.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator
from numpy.typing import NDArray

from pgdlib._validation import checked_arguments
from pgdlib.diagnostics.jump import JumpProjection
from pgdlib.diagnostics.stuck import ball_slab_fraction, quadratic_stuck_region, stuck_region
from pgdlib.objectives import QuadraticSaddle
from pgdlib.viz.explore import Control, Exploration
from pgdlib.viz.style import COLORS, new_figure

__all__ = [
    "STUCK_CURVATURES",
    "STUCK_DIMENSIONS",
    "STUCK_RADII",
    "StuckFractionData",
    "slab_saddle",
    "jump_figure",
    "stuck_figure",
    "stuck_fraction_data",
    "stuck_fraction_figure",
    "stuck_exploration",
    "STUCK_T",
    "STUCK_F",
    "STUCK_ETA",
]

#: gradient-descent steps, required descent and step size used for the stuck region in chapter 5
STUCK_T = 10
STUCK_F = 0.01
STUCK_ETA = 0.5


@checked_arguments(delta=(0, 1e300, "open"))
def slab_saddle(d: int, delta: float) -> QuadraticSaddle:
    r"""The saddle :math:`f(x) = -\tfrac{\delta}{2}x_1^2` in :math:`\mathbb R^d`.

    Only :math:`e_1` is curved, so its stuck region in a ball is the slab
    :math:`|x_1| < h` (:func:`~pgdlib.diagnostics.stuck.quadratic_stuck_region`).
    """
    return QuadraticSaddle([-float(delta)] + [0.0] * (int(d) - 1))


def jump_figure(result: JumpProjection) -> Figure:
    """Log-log plot of the measured component along ``u`` against :math:`r/\\sqrt d`.

    ``result`` is a measurement of :func:`~pgdlib.diagnostics.jump.jump_projection`.
    """
    fig, (ax,) = new_figure(width=6.5, height=4.0)
    d = result.dims.astype(float)
    ax.loglog(d, result.heuristic, "--", color=COLORS["bound"], label=r"$r/\sqrt{d}$")
    ax.loglog(d, result.exact, ":", color=COLORS["accent"], lw=2, label=r"$r/\sqrt{d+2}$ (exact)")
    ax.loglog(d, result.rms, "o", color=COLORS["measured"], ms=6,
              label=fr"measured, {result.n_samples} jumps per $d$")
    ax.set_xlabel("dimension $d$")
    ax.set_ylabel(r"rms of $\langle \xi, u\rangle$")
    ax.set_title(f"component of a jump in the ball of radius r = {result.radius:g} along u")
    ax.legend()
    return fig


def _draw_stuck_2d_axes(ax) -> None:
    """The ball of :func:`stuck_figure`, in units of its radius: circle, direction u, labels."""
    theta = np.linspace(0, 2 * np.pi, 200)
    ax.plot(np.cos(theta), np.sin(theta), color=COLORS["bound"], lw=1)
    ax.annotate("", xy=(0.9, 0), xytext=(0, 0), arrowprops={"arrowstyle": "->", "lw": 1.5})
    ax.text(0.45, 0.05, "$u$", fontsize=12)
    ax.set_aspect("equal")
    ax.set_xlim(-1.1, 1.1)
    ax.set_ylim(-1.1, 1.1)
    ax.set_xlabel("$x_1/r$ (along $u$, curvature $-\\delta$)")
    ax.set_ylabel("$x_2/r$ (flat)")


@dataclass(frozen=True)
class StuckFractionData:
    r"""What :func:`stuck_fraction_figure` draws at one setting (its compute step).

    Attributes
    ----------
    d : int
        Dimension of the Monte Carlo estimate.
    half_width : float
        :math:`h`, the closed-form half-width of the slab
        (:func:`~pgdlib.diagnostics.stuck.quadratic_stuck_region`).
    starts_2d : ndarray of shape (n, 2)
        The 2-D Monte Carlo starts, in units of :math:`r`.
    stuck_2d : ndarray of bool
        Which of them are stuck.
    fraction_2d : float
        Their stuck fraction.
    closed : ndarray
        The closed-form fraction at each of ``_STUCK_DIMS``.
    fraction, stderr : float
        Monte Carlo stuck fraction in ``d`` dimensions and its standard error.
    n_samples : int
        Monte Carlo starts per estimate.
    """

    d: int
    half_width: float
    starts_2d: NDArray[np.float64]
    stuck_2d: NDArray[np.bool_]
    fraction_2d: float
    closed: NDArray[np.float64]
    fraction: float
    stderr: float
    n_samples: int


#: the dimensions of :func:`stuck_fraction_figure`'s closed-form curve
_STUCK_DIMS = np.unique(np.geomspace(1, 1000, 40).astype(int))


@functools.lru_cache(maxsize=128)
def _stuck_2d(r: float, delta: float, n_samples: int, seed: int):
    """The 2-D Monte Carlo starts of :func:`stuck_figure` and the closed-form half-width."""
    f = slab_saddle(2, delta)
    region = stuck_region(f, np.zeros(2), radius=r, steps=STUCK_T, threshold=STUCK_F, eta=STUCK_ETA,
                          n_samples=n_samples, seed=seed, u=[1.0, 0.0])
    h = quadratic_stuck_region(f, radius=r, steps=STUCK_T, threshold=STUCK_F, eta=STUCK_ETA).half_width
    return region.starts / r, region.stuck, float(region.fraction), float(h)


@checked_arguments(r=(0, 10, "open"), delta=(0, 100, "open"))
@functools.lru_cache(maxsize=128)
def stuck_fraction_data(d: int = 10, r: float = 0.1, delta: float = 0.5, n_samples: int = 300,
                        seed: int = 0) -> StuckFractionData:
    """The closed form and Monte Carlo estimates behind :func:`stuck_fraction_figure` (cached)."""
    d = int(d)
    starts, stuck, fraction_2d, h = _stuck_2d(float(r), float(delta), int(n_samples), int(seed))
    closed = np.array([ball_slab_fraction(int(k), r, half_width=h) for k in _STUCK_DIMS])
    mc = stuck_region(slab_saddle(d, delta), np.zeros(d), radius=r, steps=STUCK_T, threshold=STUCK_F,
                      eta=STUCK_ETA, n_samples=n_samples, seed=seed,
                      u=np.eye(d)[0])
    return StuckFractionData(d, h, starts, stuck, fraction_2d, closed, float(mc.fraction), float(mc.stderr),
                             int(n_samples))


def _draw_stuck_2d(ax, r: float, starts: NDArray, stuck: NDArray, fraction: float, h: float) -> None:
    """The starts of :func:`stuck_figure` and the closed-form slab, on :func:`_draw_stuck_2d_axes`."""
    if h < r:
        y = np.sqrt(1.0 - (h / r) ** 2)
        ax.fill_betweenx([-y, y], -h / r, h / r, color=COLORS["sky"], alpha=0.25, lw=0)
        for s in (-h / r, h / r):
            ax.plot([s, s], [-y, y], color=COLORS["gd"], lw=1.5)
    else:
        ax.fill(np.cos(np.linspace(0, 2 * np.pi, 200)), np.sin(np.linspace(0, 2 * np.pi, 200)),
                color=COLORS["sky"], alpha=0.25, lw=0)
    ax.plot(starts[stuck, 0], starts[stuck, 1], ".", color=COLORS["gd"], ms=4, label="stuck start")
    ax.plot(starts[~stuck, 0], starts[~stuck, 1], ".", color=COLORS["pgd"], ms=4, label="escapes")
    ax.set_title(f"2-D: width {2 * min(h, r):.3g} of 2r = {2 * r:g}, {fraction:.0%} stuck")
    ax.legend(loc="lower left", fontsize=8, framealpha=0.9)


@checked_arguments(r=(0, 10, "open"), delta=(0, 100, "open"))
def stuck_figure(r: float = 0.1, delta: float = 0.5, n_samples: int = 600, seed: int = 0) -> Figure:
    r"""Figure 6.5 in 2-D: uniform starts in :math:`B(0, r)` coloured by whether GD escapes.

    The saddle is :func:`slab_saddle` with :math:`\mathscr F =` ``STUCK_F``,
    :math:`T =` ``STUCK_T``, :math:`\eta =` ``STUCK_ETA``; a start is stuck when
    :math:`T` GD steps lower :math:`f` by less than :math:`\mathscr F`. The shaded band is
    the closed form :math:`|x_1| < h`. Coordinates are in units of :math:`r`.
    """
    fig, (ax,) = new_figure(width=5.0, height=4.6)
    _draw_stuck_2d_axes(ax)
    _draw_stuck_2d(ax, r, *_stuck_2d(float(r), float(delta), int(n_samples), int(seed)))
    return fig


@checked_arguments(r=(0, 10, "open"), delta=(0, 100, "open"))
def stuck_fraction_figure(d: int = 10, r: float = 0.1, delta: float = 0.5, n_samples: int = 300,
                          seed: int = 0) -> Figure:
    r"""Stuck fraction against dimension: closed form, Monte Carlo, and (left) the 2-D region.

    Left: :func:`stuck_figure`'s picture. Right: the fraction
    :math:`I_{h^2/r^2}(\tfrac12, \tfrac{d+1}{2})` of the ball in the slab, for
    :math:`d = 1, \dots, 1000`, with a Monte Carlo estimate
    (:func:`~pgdlib.diagnostics.stuck.stuck_region`) at the chosen ``d``
    (:func:`stuck_fraction_data`).
    """
    data = stuck_fraction_data(int(d), float(r), float(delta), int(n_samples), int(seed))
    fig, (ax_2d, ax_d) = new_figure(2, width=9.5, height=4.2)
    _draw_stuck_2d_axes(ax_2d)
    _draw_stuck_2d(ax_2d, r, data.starts_2d, data.stuck_2d, data.fraction_2d, data.half_width)
    ax_d.set_xscale("log")
    ax_d.xaxis.set_minor_locator(NullLocator())  # a tick per decade; minor ticks were a quarter of a redraw
    ax_d.set_xlim(_STUCK_DIMS[0] / 1.4, _STUCK_DIMS[-1] * 1.4)
    ax_d.set_ylim(-0.02, 1.02)
    ax_d.set_xlabel("dimension $d$")
    ax_d.set_ylabel("fraction of the ball stuck")
    ax_d.plot(_STUCK_DIMS, data.closed, color=COLORS["gd"], label="closed form (slab)")
    ax_d.errorbar([data.d], [data.fraction], yerr=[2 * data.stderr], fmt="o", color=COLORS["pgd"], capsize=4,
                  label=f"Monte Carlo, d = {data.d}: {data.fraction:.2f}")
    ax_d.set_title(f"same slab in d dimensions (r = {r:g}, $\\delta$ = {delta:g})")
    ax_d.legend(loc="upper left", fontsize=9)
    return fig


def _stuck_alt(d: int, r: float, delta: float, n_samples: int, seed: int) -> str:
    """The text alternative of :func:`stuck_fraction_figure` at one setting."""
    data = stuck_fraction_data(int(d), float(r), float(delta), int(n_samples), int(seed))
    closed = ball_slab_fraction(data.d, r, half_width=data.half_width)
    width = 2 * min(data.half_width, r)
    return (f"In d = {data.d}, {data.fraction:.0%} of {data.n_samples} uniform starts in the ball of radius "
            f"{r:g} are stuck (closed form {closed:.0%}); the stuck slab is {width:.3g} wide, and in 2-D "
            f"it holds {data.fraction_2d:.0%} of the starts")


#: the dimension control's values, and the radius and curvature controls'
STUCK_DIMENSIONS = (1, 3, 10, 30, 100, 300, 1000)
STUCK_RADII = (0.03, 0.05, 0.1, 0.2, 0.5)
STUCK_CURVATURES = (0.05, 0.1, 0.2, 0.5, 1.0)


def stuck_exploration() -> Exploration:
    """Chapter 5's exploration: dimension, radius, curvature -> stuck fraction and 2-D region."""
    return Exploration(
        name="stuck-region",
        title="stuck region",
        draw=stuck_fraction_figure,
        controls=(
            # starts away from the figure above it (d = 100, r = 0.1)
            Control("d", "dimension d", STUCK_DIMENSIONS, 30, fmt="d"),
            Control("r", "radius r", STUCK_RADII, 0.2, fmt="g"),
            Control("delta", "curvature δ", STUCK_CURVATURES, 0.5, fmt="g"),
        ),
        static=("d", "r"),
        alt=_stuck_alt,
        description=(
            "the sliders set the dimension, the ball's radius and the negative curvature -δ; "
            "the left picture is the 2-D ball, the right one the stuck fraction against d"
        ),
        fixed={"n_samples": 300, "seed": 0},
    )


CHAPTER = 5


def explorations() -> list[Exploration]:
    """This chapter's slider explorations (collected by :func:`pgdlib.viz.all_explorations`)."""
    return [stuck_exploration()]
