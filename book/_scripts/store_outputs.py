"""Execute notebooks in place and store their outputs, as nbval will compare them.

Usage: ``python book/_scripts/store_outputs.py [--check] [--jobs N] book/01_gradient_descent.ipynb ...``

Each notebook runs in a fresh kernel with the working directory ``book/`` and with
``PGDLIB_STATIC=1``, as everywhere the book is executed without a person at the keyboard
(nbval, the student edition): an exploration then shows a placeholder with its figure at the
default setting instead of ipywidgets, which the book's extension
(``book/_ext/pgd_explorations.py``) turns into controls that work without a kernel. The HTML
book is built from these stored outputs (``execute_notebooks: off`` in ``_config.yml``), and
strict nbval proves that a fresh run prints what they show.

With ``--check`` the notebooks are executed and nothing is written: an error in any cell
fails the run (``make test-binder-env`` uses this in the reader's venv). ``--live`` leaves
``PGDLIB_STATIC`` unset, so explorations build their ipywidgets.

Notebooks run ``--jobs`` at a time (default 2, the cores of the project's machines): each
in its own kernel process, so two at once use two cores. Widget state and timing metadata
are dropped: both change on every run.
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

STATIC_ENV = "PGDLIB_STATIC"  # read by pgdlib.viz.explore.show


def store(path: Path, write: bool = True) -> float:
    """Execute ``path`` (in place when ``write``); return the wall time in seconds."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    if write:
        nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="execute only, write nothing")
    parser.add_argument("--live", action="store_true", help=f"leave {STATIC_ENV} unset (live widgets)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be >= 1, got {args.jobs}")
    # Kernels inherit this process's environment.
    if args.live:
        os.environ.pop(STATIC_ENV, None)
    else:
        os.environ[STATIC_ENV] = "1"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    verb = "executed without error" if args.check else "executed and stored"
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {p: pool.submit(store, p, not args.check) for p in args.notebooks}
        for path in args.notebooks:
            print(f"{path}: {verb} in {futures[path].result():.1f} s", flush=True)


if __name__ == "__main__":
    main()
