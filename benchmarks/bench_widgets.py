"""Speed of every slider: each exploration's compute-and-draw at its default values.

Run ``python benchmarks/bench_widgets.py``. A slider move costs one call of the
exploration's draw function plus rendering the figure to PNG (what Jupyter sends
to the browser), so both are timed together, on the Agg backend, through the
:class:`~pgdlib.viz.explore.SliderRenderer` the widget uses, after one warm-up
call. For comparison each row also gives the draw function alone and a new
figure rendered from scratch (what every move cost before the renderer reused
its figure and layout). Goal (issue 7): median <= 50 ms.
"""

from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("Agg")

from pgdlib.viz import Exploration, all_explorations  # noqa: E402

GOAL_S = 0.050


def _median_seconds(call, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_exploration(exploration: Exploration, repeats: int = 7) -> tuple[float, float, float]:
    """Median seconds of a slider move, of the draw function alone, and of a from-scratch render."""
    renderer = exploration.renderer()
    renderer.png()
    exploration.png()
    move = _median_seconds(renderer.png, repeats)
    compute = _median_seconds(exploration.figure, repeats)
    scratch = _median_seconds(exploration.png, repeats)
    return move, compute, scratch


def rows() -> list[tuple[str, float, float, str]]:
    """(name, median seconds, goal seconds, note) for every exploration of the book."""
    out = []
    for exploration in all_explorations():
        move, compute, scratch = bench_exploration(exploration)
        note = f"figure alone {compute * 1e3:.0f} ms; new figure from scratch {scratch * 1e3:.0f} ms"
        out.append((f"widget: {exploration.title}", move, GOAL_S, note))
    return out


def main() -> None:
    for name, seconds, goal, note in rows():
        print(f"{name:<46} {seconds * 1e3:8.1f} ms  goal {goal * 1e3:.0f} ms  {note}")


if __name__ == "__main__":
    main()
