"""Speed of the book itself: a clean build with execution, a build from the stored outputs, a
rebuild with nothing changed, and the strict nbval run (every notebook executed in a fresh
kernel, as ``make check`` runs it).

The clean build with execution works on a copy of the book in a temporary directory: every
notebook executed and stored (``store_outputs.py``, two kernels at once), then the build with
an empty cache of exploration images, so that every static setting of every exploration is
rendered (``book/_ext/pgd_explorations.py``).

Run ``python benchmarks/bench_book.py`` from the repository root (``make bench`` does).
The build shows the notebooks' stored outputs (``execute_notebooks: off``); nbval is where
they are executed and compared. Each figure is one wall-clock measurement: these runs take a
minute or more, so they are not repeated; compare them with their goals, not to the
millisecond.
"""

from __future__ import annotations

import os
import shutil
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


def _clean_build_with_execution() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "book-copy"
        copy.mkdir()
        for name in ("_config.yml", "_toc.yml"):
            shutil.copy2(ROOT / name, copy / name)
        shutil.copytree(ROOT / "book", copy / "book", ignore=shutil.ignore_patterns("_build"))
        if (ROOT / "_build" / "mathjax_site").is_dir():  # html_extra_path of _config.yml
            shutil.copytree(ROOT / "_build" / "mathjax_site", copy / "_build" / "mathjax_site")
        env = dict(ENV, PGD_EXPLORE_CACHE=str(Path(tmp) / "explorations"))
        start = time.perf_counter()
        for cmd in ([str(BIN / "python"), str(ROOT / "book" / "_scripts" / "store_outputs.py"),
                     *map(str, sorted((copy / "book").glob("*.ipynb")))],
                    [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]):
            done = subprocess.run(cmd, cwd=copy, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return time.perf_counter() - start


def rows() -> list[tuple[str, float, float, str]]:
    """(name, seconds, goal seconds, note) for the book build and nbval."""
    out = [("book: clean build with execution", _clean_build_with_execution(), 180.0,
            "every notebook executed (2 kernels), then jupyter-book build -W -n with every "
            "exploration setting rendered (empty image cache)")]
    with tempfile.TemporaryDirectory() as tmp:
        build = [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going", "--path-output", tmp]
        clean, _ = _run(build)
        out.append(("book: build from stored outputs", clean, 180.0,
                    "jupyter-book build -W -n into an empty directory; exploration images cached"))
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
