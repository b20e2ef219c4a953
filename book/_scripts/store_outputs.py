"""Execute notebooks in place and store their outputs, as nbval will compare them.

Usage: ``python book/_scripts/store_outputs.py book/01_gradient_descent.ipynb ...``

With ``--check`` the notebooks are executed and nothing is written: an error in
any cell fails the run (``make test-binder-env`` uses this in a fresh venv).

Each notebook runs in a fresh kernel with the working directory ``book/``.
Widget state and timing metadata are dropped: both change on every run and the
HTML book does not use them (it shows still figures, see ``pgdlib.viz.explore``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


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
        store_widget_state=True,
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    if write:
        nbformat.write(nb, path)
    return time.perf_counter() - start


def main(args: list[str]) -> None:
    check = "--check" in args
    for name in [a for a in args if a != "--check"]:
        seconds = store(Path(name), write=not check)
        print(f"{name}: executed {'without error' if check else 'and stored'} in {seconds:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
