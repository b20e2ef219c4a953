"""Figures and slider explorations for the book's chapters."""

from pgdlib.viz.explore import Control, Exploration, show
from pgdlib.viz.style import COLORS, enable_inline_figures, message_figure, new_figure

enable_inline_figures()

__all__ = [
    "COLORS",
    "Control",
    "Exploration",
    "enable_inline_figures",
    "message_figure",
    "new_figure",
    "show",
]


def all_explorations() -> list[Exploration]:
    """Every exploration in the book, in chapter order (for tests and benchmarks)."""
    from pgdlib.viz import concepts, descent

    return [descent.descent_exploration(), concepts.saddle_exploration()]


__all__ += ["all_explorations"]
