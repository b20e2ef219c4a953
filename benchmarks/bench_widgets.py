"""Speed and weight of every exploration, in the three places a reader moves its controls.

Run ``python benchmarks/bench_widgets.py`` (or ``make bench BENCH="--only widgets"``).

* **Kernel** (Jupyter, Binder): a control released -> the widget's new PNG in its Output's
  state (sent to the browser at once), timed on the widget itself (``control.value = v`` runs
  its observer), over every control stepped one value at a time, down to its first value, up to
  its last and back: a step that goes on the way the control moved finds the figure the widget
  drew ahead, as stepping a slider does; the first step after a turn does not. Beside it, the
  same setting drawn from scratch (a new figure and canvas, :meth:`Exploration.png`): what a
  jump to a setting not drawn yet costs, at most.
* **HTML book** (no kernel): in Chromium, on the built book (``make book``), a control set and
  its ``input`` event dispatched -> the new image decoded, over every value of every control
  of every exploration; goal 50 ms. And each chapter page's weight with all its images
  (the HTML plus every setting's image, which the page prefetches); goal 2 MiB.
* **JupyterLab**: key press on a slider -> new figure decoded in the page, as measured by
  the front-end tests (``make test-frontends`` writes ``_build/bench/jupyterlab_moves/``);
  goal 150 ms; steps (arrow keys: the widget has drawn the neighbouring values ahead) apart
  from jumps (Home, End: drawn when asked). Not measured here: this reads the last run's
  figures.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from pgdlib.viz import all_explorations  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "_build" / "html"
MOVES = ROOT / "_build" / "bench" / "jupyterlab_moves"
STATIC_GOAL_S = 0.050
JUPYTERLAB_GOAL_S = 0.150
PAGE_GOAL_BYTES = 2 * 1024 * 1024


def kernel_rows() -> list[tuple[str, float, float | None, str]]:
    """(name, median seconds, goal, note): a widget move to a new setting, per exploration."""
    out = []
    for exploration in all_explorations():
        box = exploration.widget()
        rows = box.children[0].children
        widgets = [row.children[-1] if hasattr(row, "children") else row for row in rows]
        shown: list[float] = []  # when the Output's new state is set (then sent to the browser)
        box.children[1].observe(lambda change, shown=shown: shown.append(time.perf_counter()), "outputs")
        moves, scratch = [], []
        for spec, widget in zip(exploration.controls, widgets, strict=True):
            d, n = spec.values.index(spec.default), len(spec.values)
            # one value at a time: down to the first, up to the last, back to the default
            walk = [*range(d - 1, -1, -1), *range(1, n), *range(n - 2, d - 1, -1)]
            for index in walk:
                value = spec.values[index]
                start = time.perf_counter()
                widget.value = value  # shows the figure, then draws the next value ahead
                moves.append(shown[-1] - start)
                start = time.perf_counter()
                exploration.png(**{spec.name: value})
                scratch.append(time.perf_counter() - start)
        out.append((f"kernel move: {exploration.name}", statistics.median(moves), None,
                    f"{len(moves)} one-value steps of every control, slowest {max(moves) * 1e3:.0f} ms; "
                    f"a new figure each time: median {statistics.median(scratch) * 1e3:.0f} ms"))
    return out


_SWAP_JS = """async ([name, control, index]) => {
  const root = document.getElementById('explore-' + name);
  const input = root.querySelector(`[name='${control}']`);
  const img = root.querySelector('img.pgd-explore-figure');
  const t0 = performance.now();
  input.value = String(index);
  input.dispatchEvent(new Event('input', {bubbles: true}));
  await img.decode();
  return performance.now() - t0;
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 -- the base class's name
        """No line per request on stderr."""


def _serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def static_rows() -> list[tuple[str, float, float | None, str]]:
    """Chromium on the built book: control -> image on screen, and each page's weight."""
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from playwright.sync_api import sync_playwright
    from test_pages import _explorations_on, page_bytes  # the browser tests' own measure

    known = {e.name: e for e in all_explorations()}
    pages = sorted(p.relative_to(BOOK).as_posix() for p in (BOOK / "book").glob("0*.html"))
    server = _serve(BOOK)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            for path in pages:
                size = page_bytes(path)
                out.append((f"page weight: {path}", size / 2**20, PAGE_GOAL_BYTES / 2**20,
                            "MiB (the unit of this row), HTML and every image it shows or prefetches"))
                page = browser.new_page()
                page.goto(base + path, wait_until="load")
                page.wait_for_load_state("networkidle")  # the prefetched images are in the cache
                for name in _explorations_on(path):
                    exploration = known[name]
                    times = []
                    for control in (exploration.control(n) for n in exploration.static):
                        for index in [*range(len(control.values)), control.values.index(control.default)]:
                            times.append(page.evaluate(_SWAP_JS, [name, control.name, index]) / 1e3)
                    out.append((f"HTML book swap: {name}", statistics.median(times), STATIC_GOAL_S,
                                f"{len(times)} moves in Chromium, slowest {max(times) * 1e3:.0f} ms"))
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def jupyterlab_rows() -> list[tuple[str, float, float | None, str]]:
    """The front-end tests' key press -> figure timings, per chapter (last run)."""
    out = []
    for path in sorted(MOVES.glob("*.json")):
        data = json.loads(path.read_text())
        when = time.strftime("%Y-%m-%d", time.gmtime(path.stat().st_mtime))
        for kind, what in (("step", "arrow keys, a neighbouring value (drawn ahead)"),
                           ("jump", "Home/End, a value drawn when asked")):
            ms = data["ms"].get(kind, [])
            if ms:
                out.append((f"JupyterLab {kind}: {data['chapter']}", statistics.median(ms) / 1e3,
                            JUPYTERLAB_GOAL_S, f"{len(ms)} key presses, {what}; slowest "
                            f"{max(ms):.0f} ms (make test-frontends, {when})"))
    return out


def rows() -> list[tuple[str, float, float | None, str]]:
    """Every row: kernel moves, the HTML book's swaps and weights, JupyterLab's moves."""
    found = kernel_rows()
    if (BOOK / "book").is_dir() and shutil.which("chromium"):
        found += static_rows()
    return found + jupyterlab_rows()


def main() -> None:
    for name, value, goal, note in rows():
        unit = "MiB" if name.startswith("page weight") else "ms"
        scale = 1 if unit == "MiB" else 1e3
        goal_text = "" if goal is None else f"goal {goal * scale:.3g} {unit}"
        print(f"{name:<44} {value * scale:8.2f} {unit}  {goal_text:<16} {note}")


if __name__ == "__main__":
    main()
