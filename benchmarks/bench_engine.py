"""Speed of the batched engine of pgdlib.algorithms (issue 2, "Speed").

Run ``python benchmarks/bench_engine.py``; prints a table of median wall times
against the issue's goals (figures, not timed tests):

1. 1000 independent ``perturbed_gd`` runs x 1000 steps on the double well, as one
   batch against a Python loop over single runs. The loop is timed on its first
   ``LOOP_SUBSET`` runs and scaled by ``1000 / LOOP_SUBSET`` (each run does the same
   work: no tolerance, every run takes all 1000 steps). Goal: batch >= 20x faster.
2. ``gd`` at d = 10^6 on ``QuadraticSaddle`` with ``record='final'``, per step,
   against the bare NumPy loop ``g = lam * x; x -= eta * g``. Goal: <= 1.3x.
   The two are timed alternately, ``repeats`` times; the table gives the median of
   each and the median of the per-repeat ratios (robust to load on a shared machine).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

import pgdlib as pg

N_RUNS = 1000
STEPS = 1000
LOOP_SUBSET = 50


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Wall time of one call and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_batched_pgd(repeats: int = 5) -> list[tuple[str, float, str]]:
    """1000 perturbed_gd runs x 1000 steps: one batch against a loop over single runs."""
    f = pg.DoubleWell()
    args = dict(eta=0.1, radius=0.01, T=20, threshold=1e-3, steps=STEPS)
    X = np.zeros((N_RUNS, 2))

    def batch() -> pg.Trajectory:
        return pg.perturbed_gd(f, X, seed=0, **args)

    def loop() -> list[pg.Trajectory]:
        return [pg.perturbed_gd(f, X[i], seed=i, **args) for i in range(LOOP_SUBSET)]

    batch()  # warm-up
    t_batch, t_loop = [], []
    for _ in range(repeats):
        tb, tr = timed(batch)
        tl, _ = timed(loop)
        t_batch.append(tb)
        t_loop.append(tl * N_RUNS / LOOP_SUBSET)
    mb, ml = statistics.median(t_batch), statistics.median(t_loop)
    escaped = float(np.mean(tr.values[-1] < -0.2))
    return [
        (f"perturbed_gd batch {N_RUNS} x {STEPS} steps", mb, f"{escaped:.0%} of runs in a minimum"),
        (f"perturbed_gd loop, {LOOP_SUBSET} runs x {N_RUNS // LOOP_SUBSET}", ml, "scaled to 1000 runs"),
        ("  speed-up (goal >= 20x)", ml / mb, "loop time / batch time"),
    ]


def bench_gd_large(d: int = 10**6, steps: int = 100, repeats: int = 9) -> list[tuple[str, float, str]]:
    """gd per-step cost at d = 10^6, record='final', against the bare NumPy update."""
    lam = np.linspace(-0.01, 1.0, d)
    f = pg.QuadraticSaddle(lam)
    eta = 0.5
    x0 = np.random.default_rng(0).normal(size=d)

    def bare() -> np.ndarray:
        x = x0.copy()
        for _ in range(steps):
            g = lam * x
            x -= eta * g
        return x

    def engine() -> pg.Trajectory:
        return pg.gd(f, x0, eta, steps, record="final")

    xb, tr = bare(), engine()  # warm-up, and the same iterate
    same = bool(np.array_equal(xb, tr.x))
    t_bare, t_eng, ratios = [], [], []
    for _ in range(repeats):
        tb, _ = timed(bare)
        te, _ = timed(engine)
        t_bare.append(tb / steps)
        t_eng.append(te / steps)
        ratios.append(te / tb)
    return [
        (f"bare numpy step, d={d:,}", statistics.median(t_bare), "per step"),
        (f"gd step, record='final', d={d:,}", statistics.median(t_eng), f"x identical to bare: {same}"),
        ("  ratio gd / bare (goal <= 1.3x)", statistics.median(ratios), "median of paired ratios"),
    ]


def main() -> None:
    rows = bench_batched_pgd() + bench_gd_large()
    print(f"{'benchmark':<46} {'median':>12}  note")
    print("-" * 90)
    for name, value, note in rows:
        shown = f"{value:10.2f}x" if name.startswith("  ") else f"{value * 1e3:10.3f}ms"
        print(f"{name:<46} {shown:>12}  {note}")


if __name__ == "__main__":
    main()
