"""Execute notebooks in place and store their outputs, as nbval will compare them.

Usage: ``python book/_scripts/store_outputs.py book/01_gradient_descent.ipynb ...``

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


def store(path: Path) -> float:
    """Execute ``path`` in place; return the wall time in seconds."""
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
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(paths: list[str]) -> None:
    for name in paths:
        seconds = store(Path(name))
        print(f"{name}: executed and stored in {seconds:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
