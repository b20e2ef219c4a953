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


def test_solution_inside_a_function_becomes_not_implemented() -> None:
    code = "def step(x):\n    ### BEGIN SOLUTION\n    return x - 1\n    ### END SOLUTION\n\ncheck(step)"
    out = make_student.strip_solution_code(code)
    assert "return x - 1" not in out
    assert "    raise NotImplementedError" in out and out.endswith("check(step)")
    compile(out, "<student>", "exec")


def test_top_level_solution_sets_its_names_to_none() -> None:
    code = "import numpy as np\n### BEGIN SOLUTION\nradius, width = 1.0, 2.0\nfraction = radius / width\n" \
           "### END SOLUTION\ncheck(fraction)"
    out = make_student.strip_solution_code(code)
    namespace: dict = {"check": lambda v: v}
    exec(out, namespace)
    assert namespace["fraction"] is None and namespace["radius"] is None
    assert "/ width" not in out


def test_unterminated_solution_region_is_an_error() -> None:
    with pytest.raises(ValueError, match="without"):
        make_student.strip_solution_code("### BEGIN SOLUTION\nx = 1\n")


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
