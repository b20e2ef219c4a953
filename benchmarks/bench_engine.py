"""Speed of the batched engine of pgdlib.algorithms (issue 17, "Speed"), beside plain numpy.

Run ``python benchmarks/bench_engine.py``; prints a table of median wall times
against the issue's goals (figures, not timed tests). Each comparison times its two
sides alternately, ``repeats`` times, and reports the median of each and the median
of the per-repeat ratios (robust to load on a shared machine):

1. 1000 independent ``perturbed_gd`` runs x 1000 steps on the double well, keeping
   only the final point (``record='final'``), as one batch

   a. against :func:`plain_pgd`, the numpy loop a user would write for the same
      work (per-run epoch clocks, ``f`` evaluated only at epoch ends and after jumps,
      the same gradient formula, no divergence check). Goal: pgdlib <= 1.0x;
   b. against a Python loop over single runs, timed on its first ``LOOP_SUBSET`` runs
      and scaled by ``1000 / LOOP_SUBSET`` (each run does the same work). Goal: the
      batch >= 50x faster.
2. ``gd`` at d = 10^6 on ``QuadraticSaddle`` with ``record='final'``, per step,
   against the bare NumPy loop ``g = lam * x; x -= eta * g``. Goal: <= 1.0x.
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


PGD_ARGS = dict(eta=0.1, radius=0.01, epoch=20, threshold=1e-3)


def plain_pgd(X0: np.ndarray, eta: float, radius: float, epoch: int, threshold: float, steps: int,
              seed: int) -> np.ndarray:
    """The lecture's PGD on the double well, batched, as a user would write it in numpy.

    Per-run epoch clocks; ``f`` only at the runs whose epoch ends (and after a jump);
    a jump replaces the gradient step. Returns the final points.
    """
    rng = np.random.default_rng(seed)

    def value(X: np.ndarray) -> np.ndarray:
        x, y = X[:, 0], X[:, 1]
        return 0.25 * x**4 - 0.5 * x**2 + 0.5 * y**2

    def grad(X: np.ndarray) -> np.ndarray:
        x, y = X[:, 0], X[:, 1]
        return np.stack([x**3 - x, y], axis=1)

    X = X0.copy()
    n, d = X.shape
    start = np.zeros(n, dtype=np.int64)
    f_start = value(X)
    for t in range(steps):
        end = np.flatnonzero(t - start == epoch)
        X_next = X - eta * grad(X)
        if end.size:
            fx = value(X[end])
            stuck = f_start[end] - fx < threshold
            moved, jumped = end[~stuck], end[stuck]
            start[moved] = t
            f_start[moved] = fx[~stuck]
            if jumped.size:
                xi = rng.normal(size=(jumped.size, d))
                r = radius * rng.uniform(size=jumped.size) ** (1 / d)
                xi *= (r / np.linalg.norm(xi, axis=1))[:, None]
                X_next[jumped] = X[jumped] + xi
                start[jumped] = t + 1
                f_start[jumped] = value(X_next[jumped])
        X = X_next
    return X


def bench_batched_pgd(repeats: int = 7) -> list[tuple[str, float, str]]:
    """1000 perturbed_gd runs x 1000 steps, final point only: one batch against the plain
    numpy loop, and against a Python loop over single runs."""
    f = pg.DoubleWell()
    X = np.zeros((N_RUNS, 2))

    def batch() -> pg.Trajectory:
        return pg.perturbed_gd(f, X, seed=0, steps=STEPS, record="final", **PGD_ARGS)

    def plain() -> np.ndarray:
        return plain_pgd(X, steps=STEPS, seed=0, **PGD_ARGS)

    def loop() -> list[pg.Trajectory]:
        return [pg.perturbed_gd(f, X[i], seed=i, steps=STEPS, record="final", **PGD_ARGS)
                for i in range(LOOP_SUBSET)]

    tr, xp = batch(), plain()  # warm-up
    t_batch, t_plain, t_loop, ratios, speedups = [], [], [], [], []
    for _ in range(repeats):
        tp, _ = timed(plain)
        tb, tr = timed(batch)
        tl, _ = timed(loop)
        tl *= N_RUNS / LOOP_SUBSET
        t_batch.append(tb)
        t_plain.append(tp)
        t_loop.append(tl)
        ratios.append(tb / tp)
        speedups.append(tl / tb)
    in_minimum = float(np.mean(f.value(tr.x) < -0.2))
    plain_minimum = float(np.mean(f.value(xp) < -0.2))
    return [
        (f"perturbed_gd batch {N_RUNS} x {STEPS} steps, final", statistics.median(t_batch),
         f"{in_minimum:.0%} of runs in a minimum"),
        ("plain numpy PGD loop, same work", statistics.median(t_plain),
         f"{plain_minimum:.0%} of runs in a minimum"),
        ("  ratio pgd / plain (goal <= 1.0x)", statistics.median(ratios), "median of paired ratios"),
        (f"perturbed_gd loop, {LOOP_SUBSET} runs x {N_RUNS // LOOP_SUBSET}", statistics.median(t_loop),
         "scaled to 1000 runs"),
        ("  speed-up (goal >= 50x)", statistics.median(speedups), "loop time / batch time, paired"),
    ]


def bench_gd_large(d: int = 10**6, steps: int = 100, repeats: int = 9) -> list[tuple[str, float, str]]:
    """gd per-step cost at d = 10^6, record='final', against the bare NumPy update.

    pgdlib checks divergence at every step (one dot product) and reuses two buffers
    (``QuadraticSaddle._grad`` takes ``out``), where the bare loop allocates two arrays.
    """
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
        return pg.gd(f, x0, eta=eta, steps=steps, record="final")

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
        ("  ratio gd / bare (goal <= 1.0x)", statistics.median(ratios), "median of paired ratios"),
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
