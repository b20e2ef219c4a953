"""Speed of every slider: each exploration's compute-and-draw at its default values.

Run ``python benchmarks/bench_widgets.py``. A slider move costs one call of the
exploration's draw function plus rendering the figure to PNG (what Jupyter sends
to the browser), so both are timed together, on the Agg backend, after one
warm-up call. Goal (issue 7): median <= 50 ms; above 100 ms is a bug to fix.
"""

from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("Agg")

from pgdlib.viz import Exploration, all_explorations  # noqa: E402

GOAL_S = 0.050


def draw_and_render(exploration: Exploration) -> int:
    """One slider move: the figure at the defaults, rendered to PNG as the widget does; its size."""
    return len(exploration.png())


def bench_exploration(exploration: Exploration, repeats: int = 7) -> tuple[float, float]:
    """Median seconds of compute-and-draw, and of compute alone (no PNG)."""
    draw_and_render(exploration)
    full, compute = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        exploration.figure()
        compute.append(time.perf_counter() - start)
        start = time.perf_counter()
        draw_and_render(exploration)
        full.append(time.perf_counter() - start)
    return statistics.median(full), statistics.median(compute)


def rows() -> list[tuple[str, float, float, str]]:
    """(name, median seconds, goal seconds, note) for every exploration of the book."""
    out = []
    for exploration in all_explorations():
        full, compute = bench_exploration(exploration)
        out.append((f"widget: {exploration.title}", full, GOAL_S, f"figure alone {compute * 1e3:.0f} ms"))
    return out


def main() -> None:
    for name, seconds, goal, note in rows():
        print(f"{name:<46} {seconds * 1e3:8.1f} ms  goal {goal * 1e3:.0f} ms  {note}")


if __name__ == "__main__":
    main()
