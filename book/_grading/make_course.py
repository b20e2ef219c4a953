"""Write a ready nbgrader course tree from the book's chapters and generate its release.

Usage: ``python book/_grading/make_course.py [COURSE_DIR]`` (``make assignment`` runs it;
default ``_build/course``).

The tree is nbgrader's standard layout: ``nbgrader_config.py`` (from ``book/_grading/``, with
``solution_blocks.py`` beside it), ``source/<chapter>/<chapter>.ipynb`` for each chapter 1-8
(the book's notebooks, with their solutions), and, after ``nbgrader generate_assignment`` for
each chapter, ``release/<chapter>/<chapter>.ipynb`` (no solution code, no written solution)
and the gradebook ``gradebook.db``. Each release is checked for leftovers.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHAPTERS = sorted(p for p in (ROOT / "book").glob("0[1-8]_*.ipynb"))
BIN = Path(sys.executable).parent


def nbgrader_env() -> dict[str, str]:
    """The environment for nbgrader: the venv's bin first on PATH (nbgrader runs ``alembic`` by
    name to create its gradebook), and still figures for the explorations (as nbgrader_config.py)."""
    return dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", PGDLIB_STATIC="1")


def write_tree(course: Path, chapters: list[Path] = CHAPTERS) -> list[str]:
    """A fresh course tree in ``course`` (removed first); return the assignment names."""
    shutil.rmtree(course, ignore_errors=True)
    (course / "source").mkdir(parents=True)
    for name in ("nbgrader_config.py", "solution_blocks.py"):
        shutil.copy(HERE / name, course / name)
    names = []
    for path in chapters:
        folder = course / "source" / path.stem
        folder.mkdir()
        shutil.copy(path, folder / path.name)
        names.append(path.stem)
    return names


def nbgrader_config(course: Path):
    """The configuration of ``course``: its ``nbgrader_config.py``, with its root."""
    from traitlets.config.loader import PyFileConfigLoader

    os.environ.update(nbgrader_env())
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.CourseDirectory.root = str(course)
    return config


def nbgrader_api(course: Path, config=None):
    """nbgrader's Python API on ``course`` (what the ``nbgrader`` command does from that folder,
    without a process for each call)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = nbgrader_config(course) if config is None else config
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _run(what: str, result: dict) -> None:
    if not result["success"]:
        raise RuntimeError(f"nbgrader {what} failed:\n{result.get('log', '')}\n{result.get('error', '')}")


def generate(course: Path, names: list[str]) -> None:
    """``nbgrader generate_assignment`` for each assignment, then check each release."""
    api = nbgrader_api(course)
    for name in names:
        _run(f"generate_assignment {name}", api.generate_assignment(name, force=True, create=True))
    for name in names:
        release = course / "release" / name / f"{name}.ipynb"
        text = release.read_text(encoding="utf-8")
        for leftover in ("{solution}", "BEGIN SOLUTION", "END SOLUTION"):
            if leftover in text:
                raise AssertionError(f"{release}: {leftover!r} left in the release")
        nb = nbformat.read(release, as_version=4)
        graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        print(f"{name}: released; {len(graded)} autograded test cell(s), "
              f"{sum(c.metadata.nbgrader.points for c in graded):g} point(s)")


def main(argv: list[str]) -> None:
    course = Path(argv[0]) if argv else ROOT / "_build" / "course"
    generate(course, write_tree(course))
    print(f"Course tree: {course}")


if __name__ == "__main__":
    main(sys.argv[1:])
