# nbgrader configuration of the course "Escaping Saddle Points" (nbgrader 0.9.6).
# `make assignment` copies this file, with solution_blocks.py, to the root of the course tree
# _build/course/, whose source/<chapter>/<chapter>.ipynb are the book's chapters 1-8.
import os
import sys

from nbgrader.converters import GenerateAssignment

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from solution_blocks import DropSolutionBlocks  # noqa: E402 - found beside this file

c = get_config()  # noqa: F821 - defined by traitlets when it loads this file

c.CourseDirectory.course_id = "escaping-saddle-points"

# The release has no written solution either: nbgrader's ClearSolutions strips the code between
# ### BEGIN SOLUTION and ### END SOLUTION; DropSolutionBlocks drops the {solution} blocks of the
# markdown, which no nbgrader preprocessor touches (see solution_blocks.py).
c.GenerateAssignment.preprocessors = [
    DropSolutionBlocks, *GenerateAssignment.class_traits()["preprocessors"].default()]

# Per-cell time limit of autograde (nbgrader's default is 30 s). A chapter's slowest cell is an
# experiment, not an exercise: chapter 7's octopus race took 67 s, chapter 6's animation 20 s,
# every other cell under 10 s, measured on the project's 2-core machine with both cores busy.
# 300 s is 4.5 times the slowest, so a slow grading machine still finishes, while a cell that
# hangs is stopped within 5 minutes instead of holding the queue.
c.Execute.timeout = 300

# Explorations show their figure at the default setting instead of live ipywidgets sliders (as
# in the book's stored outputs and tests): nobody moves a slider during autograde.
os.environ.setdefault("PGDLIB_STATIC", "1")
