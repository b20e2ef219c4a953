"""Figures and slider explorations for the book's chapters."""

from pgdlib.viz.explore import Control, Exploration, show
from pgdlib.viz.style import COLORS, message_figure, new_figure

__all__ = ["COLORS", "Control", "Exploration", "message_figure", "new_figure", "show"]
