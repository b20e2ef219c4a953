r"""How cost grows with problem size: the batched engine against ``n * d``, ``min_eigen`` against ``d``.

Run ``python benchmarks/bench_scaling.py``; prints the measured points and the
fitted log-log slopes, and draws ``_build/bench/scaling.png`` (``make bench``
adds the slopes to its table).

1. Engine. ``perturbed_gd`` (the general loop: a rule, values and divergence
   checked every step) and ``gd`` with ``record='final'`` (the lean loop), each
   ``STEPS`` steps of ``n`` runs in ``d`` dimensions on ``QuadraticSaddle``, over
   the grid ``n`` in 1..10^4, ``d`` in 10..10^6 with ``10^2 <= n*d <= 10^6``.
   Every step is a few elementwise passes over the ``(n, d)`` array, so the
   expected cost is ``a + b * n * d``: a constant Python overhead per step (the
   *floor*), then slope 1 on a log-log plot. The slope is fitted on the points with
   ``n*d >= ENGINE_FIT_FROM``; the floor is the median time of the points with
   ``n*d <= FLOOR_UP_TO``, and the crossover is where the fitted line meets it.
   ``perturbed_gd`` starts at the saddle, so its runs jump once, at step ``EPOCH``.
2. ``min_eigen`` (Lanczos, ARPACK) at ``d`` from 10^3 to 10^6 on a quadratic with
   one negative eigenvalue and the rest in [0.1, 1]: the gap does not depend on
   ``d``, so neither does the number of iterations, and the expected cost is
   (Hessian-vector products) x (cost of one, O(d)): slope 1. Each point is set
   beside ``n_hvp`` x the measured time of one product as ``min_eigen`` calls it.
   ARPACK's own work per iteration (orthogonalising against up to ``ncv = 20``
   Lanczos vectors) is also O(d), so the slope stays 1 but, for an HVP as cheap as
   this one, that work and not the HVPs dominates the constant. The slope is
   fitted for ``d >= EIGEN_FIT_FROM``; below, the fixed cost per iteration (the
   Python side of ARPACK's reverse-communication loop: about 1 ms in all at
   d = 10^3) is a visible share.

Slopes somewhat above 1 are the memory hierarchy, not the algorithm: between 10^5
and 10^6 elements the arrays (0.8 MB -> 8 MB each) leave a core's 2 MB L2 cache and
share the memory bus with whatever else runs on the machine, so each element costs
more; the one bare HVP, timed alongside, rises the same way. A Python loop over
runs or an O(d^2) step would show as a slope near 2; hence the tolerance
``SLOPE_TOLERANCE``.

Timings are medians over interleaved rounds (``interleaved_medians``) after a
warm-up, so that a burst of load on a shared machine falls on every size alike
rather than bending the slope. They are measured in a
subprocess with one BLAS thread (``OPENBLAS_NUM_THREADS=1``) unless the variable is
already set: ARPACK's small BLAS calls with several threads on a loaded machine
cost up to 5x more and vary from run to run (see ``bench_diagnostics``); the engine
makes no BLAS calls. Nothing here is asserted: the figures are for reading.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import pgdlib as pg

K = TypeVar("K")

ROOT = Path(__file__).resolve().parents[1]
FIGURE = ROOT / "_build" / "bench" / "scaling.png"

STEPS = 20
EPOCH = 10
N_VALUES = (1, 10, 100, 1_000, 10_000)
D_VALUES = (10, 100, 1_000, 10_000, 100_000, 1_000_000)
SIZE_RANGE = (100, 1_000_000)
FLOOR_UP_TO = 1_000
ENGINE_FIT_FROM = 100_000
EIGEN_DIMS = (1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000)
EIGEN_FIT_FROM = 10_000
ENGINE_ROUNDS = 5
EIGEN_ROUNDS = 3
EXPECTED_SLOPE = 1.0
SLOPE_TOLERANCE = 0.25
"""A fitted slope within this distance of 1 counts as linear (``make bench``'s "ok")."""


@dataclass(frozen=True)
class LogLogFit:
    """Least-squares line ``log10 y = slope * log10 x + intercept``.

    Attributes
    ----------
    slope, intercept : float
        Of the line in log10-log10 coordinates.
    n_points : int
        Points fitted.
    x_min, x_max : float
        Range of the fitted ``x``.
    """

    slope: float
    intercept: float
    n_points: int
    x_min: float
    x_max: float

    def predict(self, x: float | np.ndarray) -> float | np.ndarray:
        """``y`` on the fitted line at ``x``."""
        return 10.0 ** (self.slope * np.log10(x) + self.intercept)

    def crossing(self, y: float) -> float:
        """The ``x`` at which the fitted line reaches ``y``."""
        return float(10.0 ** ((np.log10(y) - self.intercept) / self.slope))


def fit_loglog_slope(x: Sequence[float], y: Sequence[float]) -> LogLogFit:
    """Fit ``y = c * x**slope`` by least squares on ``log10 y`` against ``log10 x``.

    Parameters
    ----------
    x, y : sequence of float
        Sizes and costs, the same length; positive and finite.

    Returns
    -------
    LogLogFit

    Raises
    ------
    ValueError
        If the lengths differ, a value is not positive and finite, or there are
        fewer than 2 distinct ``x`` (a slope needs two sizes).

    Examples
    --------
    >>> round(fit_loglog_slope([10, 100, 1000], [2.0, 20.0, 200.0]).slope, 12)
    1.0
    """
    xa, ya = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if xa.ndim != 1 or xa.shape != ya.shape:
        raise ValueError(f"x and y must be 1-D of the same length, got shapes {xa.shape} and {ya.shape}")
    if not (np.all(np.isfinite(xa)) and np.all(np.isfinite(ya)) and np.all(xa > 0) and np.all(ya > 0)):
        raise ValueError("x and y must be positive and finite for a log-log fit")
    if np.unique(xa).size < 2:
        raise ValueError(f"a slope needs at least 2 points with distinct x, got {np.unique(xa).size}")
    slope, intercept = np.polyfit(np.log10(xa), np.log10(ya), 1)
    return LogLogFit(float(slope), float(intercept), int(xa.size), float(xa.min()), float(xa.max()))


@dataclass(frozen=True)
class EngineTiming:
    """Median seconds of one call of ``method`` on ``n`` runs in ``d`` dimensions."""

    method: str
    n: int
    d: int
    seconds: float


@dataclass(frozen=True)
class EigenTiming:
    """Median seconds of ``min_eigen`` at dimension ``d``, its HVP count and one HVP's seconds."""

    d: int
    seconds: float
    n_hvp: int
    hvp_seconds: float
    value: float


def interleaved_medians(
    calls: dict[K, Callable[[], object]], rounds: int, min_sample: float = 0.02
) -> dict[K, float]:
    """Median seconds per call of each of ``calls``, measured in interleaved rounds.

    After one warm-up call each, every round times each call once, as a loop of
    enough calls to last ``min_sample`` seconds (one call if it is slower). A burst
    of load from another process then falls on all sizes alike, not on one of them,
    which is what a fitted slope needs.
    """
    loops = {}
    for key, fn in calls.items():
        start = time.perf_counter()
        fn()
        loops[key] = max(1, int(min_sample / max(time.perf_counter() - start, 1e-9)))
    samples: dict[K, list[float]] = {key: [] for key in calls}
    for _ in range(rounds):
        for key, fn in calls.items():
            start = time.perf_counter()
            for _ in range(loops[key]):
                fn()
            samples[key].append((time.perf_counter() - start) / loops[key])
    return {key: statistics.median(times) for key, times in samples.items()}


def engine_grid() -> list[tuple[int, int]]:
    """The ``(n, d)`` pairs measured, by increasing ``n * d``."""
    lo, hi = SIZE_RANGE
    pairs = [(n, d) for n in N_VALUES for d in D_VALUES if lo <= n * d <= hi]
    return sorted(pairs, key=lambda p: (p[0] * p[1], p[0]))


def bench_engine_scaling(rounds: int = ENGINE_ROUNDS) -> list[EngineTiming]:
    """``perturbed_gd`` and ``gd``, ``STEPS`` steps, ``record='final'``, at every grid point."""
    calls: dict[tuple[str, int, int], Callable[[], object]] = {}
    for n, d in engine_grid():
        f = pg.QuadraticSaddle(np.linspace(-0.01, 1.0, d))
        saddle, start = np.zeros((n, d)), np.ones((n, d))
        calls["perturbed_gd", n, d] = lambda f=f, X=saddle: pg.perturbed_gd(
            f, X, eta=0.5, radius=0.01, epoch=EPOCH, threshold=1e-3, steps=STEPS, seed=0, record="final"
        )
        calls["gd", n, d] = lambda f=f, X=start: pg.gd(f, X, eta=0.5, steps=STEPS, record="final")
    seconds = interleaved_medians(calls, rounds)
    return [EngineTiming(method, n, d, seconds[method, n, d]) for method, n, d in calls]


def bench_min_eigen_scaling(rounds: int = EIGEN_ROUNDS) -> list[EigenTiming]:
    """``min_eigen`` at every ``d`` of ``EIGEN_DIMS``, with one HVP timed as it calls it."""
    eig_calls, hvp_calls, results = {}, {}, {}
    for d in EIGEN_DIMS:
        lam = np.linspace(0.1, 1.0, d)
        lam[d // 3] = -0.5
        f = pg.QuadraticSaddle(lam)
        x = np.zeros(d)
        eig_calls[d] = lambda f=f, x=x: pg.min_eigen(f, x)
        # min_eigen's product: the objective's batched kernel on one (1, d) point.
        X, V = x[np.newaxis, :], np.random.default_rng(0).standard_normal((1, d))
        hvp_calls[d] = lambda f=f, X=X, V=V: f._hvp(X, V)
        results[d] = pg.min_eigen(f, x)
    seconds = interleaved_medians(eig_calls, rounds)
    hvp_seconds = interleaved_medians(hvp_calls, max(rounds, 7))
    return [
        EigenTiming(d, seconds[d], results[d].n_hvp, hvp_seconds[d], results[d].value) for d in EIGEN_DIMS
    ]


@dataclass(frozen=True)
class ScalingResult:
    """All measured points, and the BLAS thread setting they were measured with."""

    engine: list[EngineTiming]
    eigen: list[EigenTiming]
    blas_threads: str

    def engine_fit(self, method: str) -> LogLogFit:
        """Slope of ``method``'s time against ``n * d`` for ``n * d >= ENGINE_FIT_FROM``."""
        pts = [(t.n * t.d, t.seconds) for t in self.engine
               if t.method == method and t.n * t.d >= ENGINE_FIT_FROM]
        return fit_loglog_slope(*zip(*pts, strict=True))

    def engine_floor(self, method: str) -> float:
        """Median seconds of the points with ``n * d <= FLOOR_UP_TO``: the Python overhead."""
        return statistics.median(
            t.seconds for t in self.engine if t.method == method and t.n * t.d <= FLOOR_UP_TO
        )

    def eigen_fit(self) -> LogLogFit:
        """Slope of ``min_eigen``'s time against ``d`` for ``d >= EIGEN_FIT_FROM``."""
        pts = [(t.d, t.seconds) for t in self.eigen if t.d >= EIGEN_FIT_FROM]
        return fit_loglog_slope(*zip(*pts, strict=True))

    def hvp_fit(self) -> LogLogFit:
        """Slope of ``n_hvp`` x one HVP against ``d`` for ``d >= EIGEN_FIT_FROM``."""
        pts = [(t.d, t.n_hvp * t.hvp_seconds) for t in self.eigen if t.d >= EIGEN_FIT_FROM]
        return fit_loglog_slope(*zip(*pts, strict=True))

    def hvp_counts(self) -> str:
        """The HVP counts of ``min_eigen`` over all ``d``: ``'22'``, or a range ``'20-24'``."""
        counts = sorted({t.n_hvp for t in self.eigen})
        return str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"

    def to_json(self) -> str:
        """The measured points as JSON (what the measuring subprocess prints)."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ScalingResult:
        """Inverse of :meth:`to_json`."""
        raw = json.loads(text)
        return cls(
            [EngineTiming(**t) for t in raw["engine"]],
            [EigenTiming(**t) for t in raw["eigen"]],
            raw["blas_threads"],
        )


def measure_here() -> ScalingResult:
    """Both benchmarks in this process, with its BLAS setting."""
    return ScalingResult(
        bench_engine_scaling(), bench_min_eigen_scaling(), os.environ.get("OPENBLAS_NUM_THREADS", "default")
    )


def measure() -> ScalingResult:
    """Both benchmarks with one BLAS thread: in a subprocess unless ``OPENBLAS_NUM_THREADS`` is set."""
    if "OPENBLAS_NUM_THREADS" in os.environ:
        return measure_here()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run(
        [sys.executable, __file__, "--json"], env=env, capture_output=True, text=True, check=True
    )
    return ScalingResult.from_json(out.stdout)


def _sci(x: float) -> str:
    """``1e+05`` style label of a power of ten, ``3e+05`` otherwise."""
    return f"{x:.0e}".replace("e+0", "e")


def _plot_engine(ax: Axes, result: ScalingResult) -> None:
    """Left panel: both engine methods against ``n * d``, fits, floors and the slope-1 line."""
    styles = {"perturbed_gd": ("tab:blue", "o"), "gd": ("tab:orange", "s")}
    for method, (color, marker) in styles.items():
        pts = [t for t in result.engine if t.method == method]
        size = np.array([t.n * t.d for t in pts], dtype=float)
        ms = np.array([t.seconds for t in pts]) * 1e3
        fit = result.engine_fit(method)
        ax.scatter(size, ms, color=color, marker=marker, s=36, zorder=3, label=f"{method}, measured")
        xs = np.array([fit.x_min, fit.x_max])
        ax.plot(xs, fit.predict(xs) * 1e3, color=color, lw=2, label=f"{method}, fitted slope {fit.slope:.2f}")
        ax.axhline(result.engine_floor(method) * 1e3, color=color, lw=1.2, ls=":")
    ax.plot([], [], color="0.3", lw=1.2, ls=":", label=f"overhead floor (median, n*d <= {_sci(FLOOR_UP_TO)})")
    fit = result.engine_fit("perturbed_gd")
    xs = np.array(SIZE_RANGE, dtype=float)
    ax.plot(xs, fit.predict(fit.x_max) * 1e3 * xs / fit.x_max, color="0.4", ls="--", lw=1.2,
            label="slope 1 (expected)")
    ax.axvspan(ENGINE_FIT_FROM, SIZE_RANGE[1] * 1.3, color="0.92", zorder=0)
    ax.text(ENGINE_FIT_FROM * 1.1, 0.02, "fit range", transform=ax.get_xaxis_transform(), fontsize=10)
    ax.set(xscale="log", yscale="log", xlabel="n runs x d dimensions (elements per step)",
           ylabel=f"wall time of {STEPS} steps (ms)",
           title=f"Batched engine: {STEPS} steps on QuadraticSaddle, record='final'")


def _plot_eigen(ax: Axes, result: ScalingResult) -> None:
    """Right panel: ``min_eigen`` and HVPs x one HVP against ``d``, the fit and the slope-1 line."""
    d = np.array([t.d for t in result.eigen], dtype=float)
    ms = np.array([t.seconds for t in result.eigen]) * 1e3
    hvp_ms = np.array([t.n_hvp * t.hvp_seconds for t in result.eigen]) * 1e3
    fit, hfit = result.eigen_fit(), result.hvp_fit()
    ax.scatter(d, ms, color="tab:green", marker="o", s=36, zorder=3, label="min_eigen, measured")
    xs = np.array([fit.x_min, fit.x_max])
    ax.plot(xs, fit.predict(xs) * 1e3, color="tab:green", lw=2,
            label=f"min_eigen, fitted slope {fit.slope:.2f}")
    ax.scatter(d, hvp_ms, color="tab:purple", marker="^", s=36, zorder=3,
               label=f"{result.hvp_counts()} HVPs x one HVP (fitted slope {hfit.slope:.2f})")
    ax.plot(d[[0, -1]], fit.predict(d[-1]) * 1e3 * d[[0, -1]] / d[-1], color="0.4", ls="--", lw=1.2,
            label="slope 1 (expected)")
    ax.axvspan(EIGEN_FIT_FROM, d[-1] * 1.3, color="0.92", zorder=0)
    ax.text(EIGEN_FIT_FROM * 1.1, 0.02, "fit range", transform=ax.get_xaxis_transform(), fontsize=10)
    ratio = statistics.median(ms / hvp_ms)
    ax.text(0.97, 0.1, f"min_eigen takes {ratio:.0f}x its HVPs' time (median):\n"
            "the rest is ARPACK orthogonalising against\nup to 20 Lanczos vectors, also O(d)",
            transform=ax.transAxes, ha="right", va="bottom", fontsize=10,
            bbox=dict(facecolor="white", edgecolor="0.7"))
    threads = "1 BLAS thread" if result.blas_threads == "1" else f"BLAS threads: {result.blas_threads}"
    ax.set(xscale="log", yscale="log", xlabel="dimension d", ylabel="wall time (ms)",
           title=f"min_eigen (Lanczos) on QuadraticSaddle, {threads}")


def plot(result: ScalingResult, path: Path = FIGURE) -> Path:
    """Two log-log panels (engine against ``n*d``, ``min_eigen`` against ``d``), saved as PNG."""
    fig = Figure(figsize=(12, 5.2), dpi=100, facecolor="white", layout="constrained")
    ax_e, ax_l = fig.subplots(1, 2)
    _plot_engine(ax_e, result)
    _plot_eigen(ax_l, result)
    for ax in (ax_e, ax_l):
        ax.grid(True, which="major", color="0.85", lw=0.8)
        ax.legend(loc="upper left", fontsize=10, framealpha=0.95)
        ax.title.set_fontsize(11)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, facecolor="white")
    return path


def rows(result: ScalingResult) -> list[tuple[str, float, str, float | None, str]]:
    """(name, value, unit, expected slope or None, note) for ``make bench``'s table."""
    out = []
    for method in ("perturbed_gd", "gd"):
        fit, floor = result.engine_fit(method), result.engine_floor(method)
        out.append((
            f"scaling: {method}, slope vs n*d (n*d >= {_sci(ENGINE_FIT_FROM)})", fit.slope, "",
            EXPECTED_SLOPE,
            f"{fit.n_points} points; floor {floor * 1e3:.2f} ms / {STEPS} steps "
            f"({floor / STEPS * 1e6:.0f} us/step), dominant below n*d ~ {_sci(fit.crossing(floor))}",
        ))
    fit, hfit = result.eigen_fit(), result.hvp_fit()
    out.append((
        f"scaling: min_eigen, slope vs d (d >= {_sci(EIGEN_FIT_FROM)})", fit.slope, "", EXPECTED_SLOPE,
        f"{fit.n_points} points; {result.hvp_counts()} HVPs; HVPs x one HVP: slope {hfit.slope:.2f}",
    ))
    last = result.eigen[-1]
    out.append((
        f"scaling: min_eigen / (HVPs x one HVP), d={last.d:,}",
        last.seconds / (last.n_hvp * last.hvp_seconds), "x", None,
        "the rest is ARPACK's orthogonalisation, also O(d) per iteration",
    ))
    return out


def print_tables(result: ScalingResult) -> None:
    """The measured points and the fitted slopes."""
    print(f"Batched engine, {STEPS} steps, record='final' (median ms)")
    print(f"{'n':>6} {'d':>9} {'n*d':>9} {'perturbed_gd':>13} {'gd':>9}")
    by = {(t.method, t.n, t.d): t.seconds for t in result.engine}
    for n, d in engine_grid():
        pgd, gd = by["perturbed_gd", n, d] * 1e3, by["gd", n, d] * 1e3
        print(f"{n:>6} {d:>9} {n * d:>9.0e} {pgd:>13.2f} {gd:>9.2f}")
    print(f"\nmin_eigen on QuadraticSaddle (BLAS threads: {result.blas_threads})")
    print(f"{'d':>9} {'ms':>9} {'n_hvp':>6} {'one HVP us':>11} {'HVPs x HVP ms':>14} {'ratio':>6}")
    for t in result.eigen:
        total = t.n_hvp * t.hvp_seconds
        print(f"{t.d:>9} {t.seconds * 1e3:>9.2f} {t.n_hvp:>6} {t.hvp_seconds * 1e6:>11.2f} "
              f"{total * 1e3:>14.3f} {t.seconds / total:>6.0f}")
    print()
    for name, value, unit, expected, note in rows(result):
        goal = f"(expected {expected:g})" if expected is not None else ""
        print(f"{name:<56} {value:6.2f}{unit:<1} {goal:<14} {note}")


def main() -> None:
    result = measure()
    print_tables(result)
    print(f"\nfigure: {plot(result)}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--json"]:
        print(measure_here().to_json())
    else:
        main()
