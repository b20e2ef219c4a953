"""The grading stage of ``make test``: the nbgrader course, end to end, scored from the gradebook.

Usage: ``python book/_grading/check_grading.py`` (``make test-grading``).

1. Writes the course tree of ``make assignment`` to ``_build/grading/`` and generates every
   chapter's release (the release must hold no solution code and no written solution).
2. Three submissions of every chapter: ``solved`` (the book's notebook, with its solutions),
   ``unsolved`` (the release as handed out) and ``wrong`` (the book's notebook with the solution
   replaced by one plausible wrong answer, :data:`WRONG`).
3. ``nbgrader autograde`` of each, in one process (nbgrader's Python API), then the scores from
   the gradebook: solved work full marks, unsolved and wrong work 0 in every test cell; and the
   checker's explanation in each graded cell's output ("not yet solved", or the mistake named).
4. ``nbgrader generate_feedback`` for the wrong submissions: the feedback shows the explanation.

To stay cheap, autograde here executes only each chapter's cells that import and the nbgrader
cells (solution and test), :class:`ExecuteExerciseCells`: the graded cells depend on nothing
else, which is checked on the side (no other cell defines the name an exercise asks for), and
every chapter is executed in full elsewhere (strict nbval for the book, ``make student`` for
the release).
"""

from __future__ import annotations

import ast
import re
import shutil
import sys
import time
import warnings
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_course import ROOT, generate, nbgrader_api, nbgrader_config, write_tree  # noqa: E402

COURSE = ROOT / "_build" / "grading"
NOT_SOLVED = "not yet solved"

#: chapter -> (the body of a wrong solution, a phrase of the checker's message for it)
WRONG = {
    "01_gradient_descent": ("g = f.grad(x)\nreturn eta * float(g @ g)", "twice the lemma's value"),
    "02_solution_concepts": ('return {(0.0, 1.0): "local minimum", (0.0, -1.0): "strict saddle"}',
                             "not (y, x)"),
    "03_perturbed_gd": ("return np.asarray(x0, dtype=float), []", "no jump"),
    "04_trap": ("return 2 * eta * T * F", "the square of the radius"),
    "05_release": ("f = pg.QuadraticSaddle([-delta] + [0.0] * (d - 1))\n"
                   "w = pg.sample_sphere(d, radius, size=n, seed=seed)\n"
                   "w_T = pg.gd(f, w, eta=eta, steps=T).iterates[-1]\n"
                   "return float(np.mean(f.value(w) - f.value(w_T) < F))", "on the sphere"),
    "06_repulsion": ("return (1 + eta * beta * delta) ** t", "the notes'"),
    "07_in_practice": ("return 1.233", "the prediction"),
    "08_machine_learning": ("return [-2.0, 2.0, 6.0]", "compute them from M"),
}


def _is_import_cell(source: str) -> bool:
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in body)


def _execute_exercise_cells():
    from nbgrader.preprocessors import Execute

    class ExecuteExerciseCells(Execute):
        """nbgrader's Execute, running only the cells that import and the nbgrader cells."""

        def preprocess_cell(self, cell, resources, index):
            if cell.cell_type != "code" or not ("nbgrader" in cell.metadata or _is_import_cell(cell.source)):
                return cell, resources
            return super().preprocess_cell(cell, resources, index)

    return ExecuteExerciseCells


def _solution_cell(nb) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("solution"))


def wrong_submission(nb, body: str):
    """``nb`` with its solution region replaced by ``body`` (indented as the region)."""
    nb = nbformat.from_dict(nb)
    cell = nb.cells[_solution_cell(nb)]
    match = re.search(r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION", cell.source, re.S | re.M)
    indent = match.group(1)
    cell.source = cell.source[:match.start()] + "\n".join(indent + line for line in body.splitlines()) \
        + cell.source[match.end():]
    return nb


def check_names(nb, name: str) -> None:
    """The exercise's function is defined in its solution cell and in no other cell."""
    i = _solution_cell(nb)
    defined = {node.name for node in ast.walk(ast.parse(nb.cells[i].source))
               if isinstance(node, ast.FunctionDef)}
    assert len(defined) == 1, f"{name}: the solution cell should define one function, defines {defined}"
    (asked,) = defined
    for k, cell in enumerate(nb.cells):
        if k == i or cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            names = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.append(node.name)
            assert asked not in names, f"{name}: cell {k} also defines {asked!r}"


def graded_outputs(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    texts = []
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            texts.append("".join(o.get("text", "") + o.get("evalue", "") for o in cell.outputs))
    return texts


def main() -> None:
    start = time.perf_counter()
    # nbgrader 0.9.6 with SQLAlchemy 2 warns about its own session handling on every autograde
    warnings.filterwarnings("ignore", message=".*not in session.*")
    names = write_tree(COURSE)
    generate(COURSE, names)
    graded = []
    for name in names:
        source = nbformat.read(COURSE / "source" / name / f"{name}.ipynb", as_version=4)
        if not any(c.metadata.get("nbgrader", {}).get("grade") for c in source.cells):
            print(f"{name}: no autograded test cell yet, not graded here")
            continue
        check_names(source, name)
        graded.append(name)
        submissions = {
            "solved": source,
            "unsolved": nbformat.read(COURSE / "release" / name / f"{name}.ipynb", as_version=4),
            "wrong": wrong_submission(source, WRONG[name][0]),
        }
        for student, nb in submissions.items():
            folder = COURSE / "submitted" / student / name
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{name}.ipynb")
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde

    config = nbgrader_config(COURSE)
    config.Autograde.autograde_preprocessors = [
        _execute_exercise_cells() if p.__name__ == "Execute" else p
        for p in Autograde.class_traits()["autograde_preprocessors"].default()]
    api = nbgrader_api(COURSE, config)
    for student in ("solved", "unsolved", "wrong"):
        for name in graded:
            result = api.autograde(name, student, force=True, create=True)
            if not result["success"]:
                raise RuntimeError(f"autograde {name} {student}:\n{result.get('log')}\n{result.get('error')}")
    failures = []
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        for name in graded:
            row = []
            for student in ("solved", "unsolved", "wrong"):
                sub = gb.find_submission_notebook(name, name, student)
                score, top = sub.score, sub.max_score
                want = top if student == "solved" else 0.0
                texts = graded_outputs(COURSE / "autograded" / student / name / f"{name}.ipynb")
                phrase = {"solved": "correct", "unsolved": NOT_SOLVED, "wrong": WRONG[name][1]}[student]
                if score != want or top <= 0 or sub.needs_manual_grade:
                    failures.append(f"{name} {student}: {score:g}/{top:g}, expected {want:g}")
                if not all(phrase in t for t in texts):
                    failures.append(f"{name} {student}: test cell output lacks {phrase!r}: {texts}")
                row.append(f"{student} {score:g}/{top:g}")
            print(f"{name}: " + ", ".join(row))
    for name in graded:
        result = api.generate_feedback(name, "wrong", force=True)
        if not result["success"]:
            raise RuntimeError(f"generate_feedback {name}:\n{result.get('log')}\n{result.get('error')}")
        html = (COURSE / "feedback" / "wrong" / name / f"{name}.html").read_text(encoding="utf-8")
        if WRONG[name][1].replace("'", "&#39;") not in html and WRONG[name][1] not in html:
            failures.append(f"{name}: the feedback does not show the checker's explanation")
    if failures:
        raise SystemExit("grading stage failed:\n" + "\n".join(failures))
    print(f"grading stage: {len(graded)} chapters x 3 submissions autograded as expected, feedback "
          f"shows each explanation ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    shutil.rmtree(COURSE, ignore_errors=True)
    main()
