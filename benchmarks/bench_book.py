"""Speed of the book itself: a clean build, a rebuild with nothing changed, and the strict
nbval run (every notebook executed in a fresh kernel, as ``make check`` runs it).

Run ``python benchmarks/bench_book.py`` from the repository root (``make bench`` does).
The build shows the notebooks' stored outputs (``execute_notebooks: off``); nbval is where
they are executed and compared. Each figure is one wall-clock measurement: these runs take a
minute or more, so they are not repeated; compare them with their goals, not to the
millisecond.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = dict(os.environ, PGDLIB_STATIC="1", PYDEVD_DISABLE_FILE_VALIDATION="1")


def _run(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return seconds, out.stdout + out.stderr


def rows() -> list[tuple[str, float, float, str]]:
    """(name, seconds, goal seconds, note) for the book build and nbval."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        build = [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going", "--path-output", tmp]
        clean, _ = _run(build)
        out.append(("book: clean build", clean, 180.0, "jupyter-book build -W -n, from stored outputs"))
        rebuild, _ = _run(build)
        out.append(("book: rebuild, nothing changed", rebuild, 20.0, "Sphinx's incremental build"))
    for workers in (1, 2):
        nbval, _ = _run([str(BIN / "python"), "-m", "pytest", "--nbval", "--nbval-current-env",
                         "--nbval-sanitize-with", "book/_scripts/nbval_sanitize.cfg",
                         "-p", "no:cacheprovider", "-q", "book", "-n", str(workers), "--dist", "loadscope"])
        out.append((f"nbval: strict run over book/, {workers} worker(s)", nbval, 120.0,
                    f"pytest --nbval -n {workers} (make check uses 2)"))
    return out


def main() -> None:
    for name, seconds, goal, note in rows():
        print(f"{name:<46} {seconds:8.1f} s  goal {goal:.0f} s  {note}")


if __name__ == "__main__":
    main()
