"""The student edition drops every written solution and every solution region of code."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_student", ROOT / "book" / "_scripts" / "make_student.py")
make_student = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_student)

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def test_solution_blocks_are_dropped_with_either_fence() -> None:
    text = (
        "Before.\n\n```{exercise}\n:label: ex-a\n\nProve it.\n```\n\n"
        "```{solution} ex-a\n:class: dropdown\n\nThe secret proof.\n```\n\n"
        "::::{solution} ex-b\nAnother secret.\n::::\nAfter.\n"
    )
    out = make_student.strip_solution_blocks(text)
    assert "secret" not in out and "{solution}" not in out
    assert "Prove it." in out and "Before." in out and "After." in out


def test_unclosed_solution_block_is_an_error() -> None:
    with pytest.raises(ValueError, match="not closed"):
        make_student.strip_solution_blocks("```{solution} ex-a\nno end\n")


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    nb.cells = list(cells)
    return nb


def _solution_cell(source: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": False, "grade_id": "ex-solution", "locked": False,
                                 "schema_version": 3, "solution": True, "task": False}
    return cell


def test_solution_inside_a_function_becomes_not_implemented() -> None:
    code = "def step(x):\n    ### BEGIN SOLUTION\n    return x - 1\n    ### END SOLUTION"
    md = nbformat.v4.new_markdown_cell("```{exercise}\n:label: ex-a\nDo it.\n```\n\n"
                                       "```{solution} ex-a\n:class: dropdown\nThe secret.\n```\n")
    out = make_student.student_notebook(_notebook(md, _solution_cell(code)))
    source = out.cells[1].source
    assert "return x - 1" not in source and "    raise NotImplementedError()" in source
    namespace: dict = {}
    exec(source, namespace)  # the stub defines the function: the cell runs
    with pytest.raises(NotImplementedError):
        namespace["step"](1)
    assert "secret" not in out.cells[0].source and "Do it." in out.cells[0].source


def test_solution_region_outside_a_solution_cell_is_refused() -> None:
    cell = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    with pytest.raises(RuntimeError, match="non-solution cell"):
        make_student.student_notebook(_notebook(cell))


def test_unterminated_solution_region_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="no end solution"):
        cell = _solution_cell("def f():\n    ### BEGIN SOLUTION\n    x = 1\n")
        make_student.student_notebook(_notebook(cell))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_solution_region_is_inside_a_function(path: Path) -> None:
    """nbgrader's stub is ``raise NotImplementedError()``: at the top level of a cell it would stop
    Run all of the release; inside the exercise's function it only fails the test cell."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code" or make_student.BEGIN not in cell.source:
            continue
        for line in cell.source.splitlines():
            if line.strip() in (make_student.BEGIN, make_student.END):
                assert line.startswith("    "), f"{path.name}: a solution region at the top level"


def _solution_texts(nb) -> list[str]:
    """Sentences of the written solutions (long lines, to test that none survives)."""
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for block in re.findall(r"```\{solution\}[^\n]*\n(.*?)\n```", cell.source, flags=re.S):
            texts += [line for line in block.splitlines() if len(line) > 40 and not line.startswith(":")]
    return texts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_book_notebooks_have_no_solution_left(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    student = nbformat.writes(make_student.student_notebook(nb))
    assert make_student.BEGIN not in student and "{solution}" not in student
    for line in _solution_texts(nb):
        assert line not in student, line
