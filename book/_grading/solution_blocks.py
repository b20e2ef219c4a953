"""Drop the written solutions (sphinx-exercise ``{solution}`` blocks) from a notebook's markdown.

nbgrader's own ``ClearSolutions`` replaces the solution regions of solution *cells*; it never
touches ordinary markdown, and the book's written solutions are ``{solution}`` directives inside
the markdown cells that hold the exercises. Making nbgrader clear them would mean turning every
written exercise into a manually graded answer cell with points, so this preprocessor removes
the directives instead. ``nbgrader_config.py`` runs it first in ``GenerateAssignment``;
``make student`` uses :func:`strip_solution_blocks` for the same job.
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}")


def strip_solution_blocks(markdown: str) -> str:
    """Drop every ``{solution}`` directive (backtick or colon fence) from a markdown text.

    Raises ``ValueError`` when a block is not closed (a release must not keep half of one).
    """
    lines, out, closing = markdown.splitlines(keepends=True), [], None
    for line in lines:
        if closing is None:
            match = FENCE.match(line.lstrip())
            if match:
                closing = match.group("fence")
                continue
            out.append(line)
        elif line.strip() == closing:
            closing = None
    if closing is not None:
        raise ValueError("a {solution} block is not closed")
    return re.sub(r"\n{3,}", "\n\n", "".join(out)).strip("\n")


class DropSolutionBlocks(Preprocessor):
    """An nbconvert/nbgrader preprocessor: markdown cells lose their ``{solution}`` blocks."""

    enabled = Bool(True, help="Whether to drop the written solutions").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and "{solution}" in cell.source:
            cell.source = strip_solution_blocks(cell.source)
        return cell, resources
