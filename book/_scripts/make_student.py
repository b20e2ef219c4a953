"""Write the student edition of the book under ``_build/student/``.

Usage: ``python book/_scripts/make_student.py`` (``make student`` runs it).

The student edition is the book with every solution removed, by the same preprocessors that
make the nbgrader release (``make assignment``):

* nbgrader's own ``ClearSolutions`` replaces the code between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` of each solution cell by ``raise NotImplementedError()`` (every coding
  exercise is a function, so the stub leaves the rest of the chapter running), and refuses a
  solution region outside a solution cell;
* ``DropSolutionBlocks`` (``book/_grading/solution_blocks.py``) drops the ``{solution}``
  blocks of the markdown: no nbgrader preprocessor touches ordinary markdown (nbgrader could
  clear a written solution only if each were its own manually graded answer cell). The
  hand-written part is that one preprocessor; the HTML build also sets sphinx-exercise's
  ``hide_solutions``, so a solution that slipped through would still not be shown.

It writes the notebooks to ``_build/student/notebooks/``, executes each of them, two
at a time (every one must run top to bottom, where only the graded test cells may fail, each
with its checker's "not yet solved"), and builds their HTML book into ``_build/student/html``
from those executed notebooks (with execution off: each ran once, here).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "_build" / "student"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
NOT_SOLVED = "not yet solved"

sys.path.insert(0, str(ROOT / "book" / "_grading"))
from solution_blocks import DropSolutionBlocks, strip_solution_blocks  # noqa: E402

__all__ = ["strip_solution_blocks", "student_notebook"]


def student_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without solutions and without outputs (nbgrader's ``ClearSolutions``,
    after :class:`DropSolutionBlocks`)."""
    from nbgrader.preprocessors import ClearSolutions

    nb = nbformat.from_dict(nb)
    nb, _ = DropSolutionBlocks().preprocess(nb, {})
    nb, _ = ClearSolutions().preprocess(nb, {})
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def check_runs(nb: nbformat.NotebookNode, path: Path) -> int:
    """Execute a student notebook; return how many checkers said "not yet solved".

    The kernel runs with ``PGDLIB_STATIC=1`` (set in :func:`main`), as the book's stored
    outputs are made: exploration cells show the placeholder that the book's extension turns
    into kernel-free controls in the student HTML (the ipywidgets sliders themselves are tested
    in JupyterLab by ``make test-frontends``). Only the graded test cells (nbgrader ``grade``)
    may fail, and each must fail with the checker's "not yet solved"; any other error fails the
    run.
    """
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    # nbclient needs widget state while it runs (its Output-widget hook writes into it); the
    # student edition keeps none, so that no page of its HTML loads a widget manager.
    nb.metadata.pop("widgets", None)
    unsolved = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        graded = cell.metadata.get("nbgrader", {}).get("grade", False)
        if errors and not (graded and errors[0].ename == "AssertionError"):
            raise AssertionError(f"{path.name}: a cell fails in the student edition:\n{cell.source}\n"
                                 f"-> {errors[0].ename}: {errors[0].evalue}")
        if "check_" in cell.source:
            text = "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                           for o in cell.outputs)
            if NOT_SOLVED not in text:
                raise AssertionError(f"{path.name}: a check cell does not report {NOT_SOLVED!r}:\n"
                                     f"{cell.source}\n-> {text}")
            unsolved += 1
    return unsolved


def main() -> None:
    os.environ["PGDLIB_STATIC"] = "1"
    src = OUT / "src"
    shutil.rmtree(OUT, ignore_errors=True)
    (src / "book").mkdir(parents=True)
    shutil.copy(ROOT / "_toc.yml", src / "_toc.yml")
    # The notebooks below are executed once, by check_runs; the build shows those outputs.
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    config.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
    (src / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    for path in sorted((ROOT / "book").iterdir()):
        if path.suffix in (".md", ".bib"):
            shutil.copy(path, src / "book" / path.name)
    # The book's local Sphinx extension and favicon (see _config.yml).
    shutil.copytree(ROOT / "book" / "_ext", src / "book" / "_ext",
                    ignore=shutil.ignore_patterns("__pycache__"))
    mathjax = ROOT / "_build" / "mathjax_site"
    if mathjax.exists():
        shutil.copytree(mathjax, src / "_build" / "mathjax_site")
    notebooks = OUT / "notebooks"
    notebooks.mkdir()
    paths = sorted((ROOT / "book").glob("*.ipynb"))
    students = {}
    for path in paths:
        nb = student_notebook(nbformat.read(path, as_version=4))
        text = nbformat.writes(nb)
        for leftover in (BEGIN, "{solution}"):
            if leftover in text:
                raise AssertionError(f"{path.name}: {leftover!r} left in the student edition")
        students[path] = nb
    # Two kernels at once: the project's machines have two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        unsolved = dict(zip(paths, pool.map(lambda p: check_runs(students[p], p), paths), strict=True))
    for path in paths:
        nbformat.write(students[path], notebooks / path.name)
        nbformat.write(students[path], src / "book" / path.name)
        print(f"{path.name}: runs without solutions; {unsolved[path]} check cell(s) report {NOT_SOLVED!r}")
    env = dict(os.environ, PGDLIB_STATIC="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(src), "-W", "-n",
                    "--keep-going", "--path-output", str(OUT)], check=True, env=env)
    shutil.move(OUT / "_build" / "html", OUT / "html")
    print(f"Student notebooks: {notebooks}\nStudent HTML book: {OUT / 'html' / 'index.html'}")


if __name__ == "__main__":
    main()
