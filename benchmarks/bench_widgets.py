"""Speed of every slider: each exploration's compute-and-draw, as a reader moves it.

Run ``python benchmarks/bench_widgets.py``. A slider move costs one call of the
exploration's drawing plus the PNG Jupyter sends to the browser, so both are timed
together, on the Agg backend, through the :class:`~pgdlib.viz.explore.SliderRenderer`
the widget uses. Every figure is drawn in :class:`~pgdlib.viz.explore.Layers`: a
slider that changes only the data redraws only the overlay on the kept background,
and a control the background depends on (a drop-down, or the step size of the
escape-time histogram, whose step axis follows it) redraws everything.

Per exploration, after a warm-up at the default values:

* ``at defaults``: the median of repeated renders at the default values (the issue's
  measure; every one of them is an overlay-only redraw);
* ``slider moves``: each slider in turn moved one step away from its default and back,
  four times, and the median over all of these moves;
* the slowest slider's median; for a control the background depends on, the median of
  moves back and forth between kept settings and, for a slider, the first move to a
  setting not drawn before (everything is drawn; a drop-down's options are all drawn when
  the widget opens, :meth:`~pgdlib.viz.explore.SliderRenderer.prepare_options`);
* opening the widget: its first render, with those options;
* for comparison, a new figure drawn and rendered from scratch (what every move cost
  before the renderer reused its figure).

Goal (issue 7): median <= 50 ms.
"""

from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("Agg")

from pgdlib.viz import Control, Exploration, all_explorations  # noqa: E402
from pgdlib.viz.explore import Layers  # noqa: E402

GOAL_S = 0.050
MOVES_PER_SLIDER = 8


def _median_seconds(call, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _neighbour(control: Control):
    """The value one slider step (or one option) away from the default."""
    if control.options is not None:
        options = list(control.options)
        return options[(options.index(control.default) + 1) % len(options)]
    if control.log:  # the widget's FloatLogSlider moves the exponent (by 0.1 unless told)
        factor = 10 ** (control.step or 0.1)
        value = control.default * factor
        if value > control.high:
            value = control.default / factor
    else:
        step = control.step or (1 if control.integer else (control.high - control.low) / 100)
        value = control.default + step
        if value > control.high:
            value = control.default - step
    return int(round(value)) if control.integer else value


def _move_seconds(renderer, control: Control) -> list[float]:
    times = []
    for k in range(MOVES_PER_SLIDER):
        value = _neighbour(control) if k % 2 == 0 else control.default
        start = time.perf_counter()
        renderer.png(**{control.name: value})
        times.append(time.perf_counter() - start)
    return times


def bench_exploration(exploration: Exploration, repeats: int = 7) -> dict:
    """Median seconds: at defaults, slider moves (all and per control), first visits, opening, scratch."""
    renderer = exploration.renderer()
    renderer.png()
    exploration.png()
    at_defaults = _median_seconds(renderer.png, repeats)
    background = exploration.draw.background_controls if isinstance(exploration.draw, Layers) else ()
    per_control, sliders = {}, []
    for control in exploration.controls:
        times = _move_seconds(renderer, control)
        per_control[control.name] = statistics.median(times)
        if control.name not in background:
            sliders += times
    first_visit = {}
    for control in exploration.controls:  # to a setting not drawn yet: everything is drawn
        if control.name not in background or control.options is not None:
            continue  # a drop-down's options are drawn when the widget opens (prepare_options)
        times = []
        for _ in range(3):
            fresh = exploration.renderer()
            fresh.png()
            start = time.perf_counter()
            fresh.png(**{control.name: _neighbour(control)})
            times.append(time.perf_counter() - start)
        first_visit[control.name] = statistics.median(times)
    opening = _median_seconds(lambda: exploration.renderer().prepare_options(), 3)
    scratch = _median_seconds(exploration.png, repeats)
    return {"at_defaults": at_defaults, "moves": statistics.median(sliders) if sliders else float("nan"),
            "per_control": per_control, "first_visit": first_visit, "background": list(background),
            "opening": opening, "scratch": scratch}


def rows() -> list[tuple[str, float, float, str]]:
    """(name, median seconds, goal seconds, note) for every exploration of the book."""
    out = []
    for exploration in all_explorations():
        result = bench_exploration(exploration)
        first = result["first_visit"]
        sliders = {k: v for k, v in result["per_control"].items() if k not in result["background"]}
        slowest = max(sliders, key=sliders.get)
        note = (f"slider moves {result['moves'] * 1e3:.0f} ms (slowest: {slowest} "
                f"{sliders[slowest] * 1e3:.0f} ms)")
        for name in result["background"]:
            if name not in result["per_control"]:
                continue
            note += f"; {name}: back and forth {result['per_control'][name] * 1e3:.0f} ms"
            if name in first:
                note += f", to a setting not drawn yet {first[name] * 1e3:.0f} ms"
        note += f"; opening the widget {result['opening'] * 1e3:.0f} ms"
        note += f"; new figure from scratch {result['scratch'] * 1e3:.0f} ms"
        out.append((f"widget: {exploration.title}", result["at_defaults"], GOAL_S, note))
    return out


def main() -> None:
    for name, seconds, goal, note in rows():
        print(f"{name:<36} {seconds * 1e3:6.1f} ms  goal {goal * 1e3:.0f} ms  {note}")


if __name__ == "__main__":
    main()
