"""Speed of pgdlib.diagnostics: Lanczos at d = 10^5 and the batched stuck-region Monte Carlo.

Run ``python benchmarks/bench_diagnostics.py``; prints a table of median wall times
against the goals of issue 3 (figures, not timed tests).

ARPACK's work inside ``min_eigen`` is a handful of small BLAS calls per iteration;
with a multithreaded OpenBLAS on a loaded machine their thread synchronisation can
dominate (we measured 0.15-1.0 s with the load average above the core count, against
0.08 s single-threaded). So ``main`` also times ``min_eigen`` in a subprocess with
``OPENBLAS_NUM_THREADS=1``, unless the variable is already set.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np

import pgdlib as pg


def median_time(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Median wall time of ``repeats`` calls after one warm-up call, and the last result."""
    result = fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_min_eigen(d: int = 100_000, repeats: int = 5) -> tuple[str, float, float, str]:
    """``min_eigen`` on a quadratic with one negative eigenvalue, Hessian-vector products only."""
    lam = np.linspace(0.1, 1.0, d)
    lam[d // 3] = -0.5
    f = pg.QuadraticSaddle(lam)
    x = np.zeros(d)
    seconds, res = median_time(lambda: pg.min_eigen(f, x), repeats)
    check = f"lambda_min={res.value:.10f} (exact -0.5), {res.n_hvp} hvp"
    return f"min_eigen, d={d:,}", seconds, 1.0, check


def bench_stuck_region(n: int = 10_000, T: int = 100, repeats: int = 5) -> tuple[str, float, float, str]:
    """``stuck_region``: ``n`` starts x ``T`` GD steps at d = 2, plus the width line search."""
    f = pg.QuadraticSaddle([-1.0, 0.0])
    r, F, eta = 1.0, 1e-3, 0.01
    exact = pg.quadratic_stuck_region(f, radius=r, steps=T, threshold=F, eta=eta)
    seconds, res = median_time(lambda: pg.stuck_region(f, [0.0, 0.0], radius=r, steps=T, threshold=F,
                                                       eta=eta, n_samples=n, seed=0), repeats)
    check = (
        f"fraction={res.fraction:.4f}+/-{res.stderr:.4f} (exact {exact.fraction:.4f}), "
        f"width={res.width:.6f} (exact {exact.width:.6f})"
    )
    return f"stuck_region, {n:,} starts x {T} steps, d=2", seconds, 0.5, check


def single_thread_min_eigen() -> tuple[str, float, float, str] | None:
    """``bench_min_eigen`` in a subprocess with one BLAS thread (``None`` if already set)."""
    if "OPENBLAS_NUM_THREADS" in os.environ:
        return None
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run(
        [sys.executable, __file__, "--min-eigen-only"], env=env, capture_output=True, text=True, check=True
    )
    name, seconds, goal, check = out.stdout.strip().split("\t")
    return f"{name}, 1 BLAS thread", float(seconds), float(goal), check


def main() -> None:
    rows = [bench_min_eigen(), bench_stuck_region()]
    single = single_thread_min_eigen()
    if single is not None:
        rows.insert(1, single)
    head = f"{'benchmark':<44} {'median s':>9} {'goal s':>7} {'ok':>3}  check"
    print(head)
    print("-" * len(head))
    for name, seconds, goal, check in rows:
        ok = "yes" if seconds <= goal else "NO"
        print(f"{name:<44} {seconds:>9.3f} {goal:>7.2f} {ok:>3}  {check}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--min-eigen-only"]:
        print("\t".join(str(v) for v in bench_min_eigen()))
    else:
        main()
