"""Figures and slider explorations for the book's chapters.

Each chapter's figures live in one module of this package. A module that offers
slider explorations defines ``CHAPTER`` (its chapter number) and
``explorations() -> list[Exploration]``; :func:`all_explorations` collects them,
so tests and benchmarks cover every slider of the book without a list to keep.
"""

import importlib
import pkgutil

from pgdlib.viz.explore import Control, Exploration, show
from pgdlib.viz.style import COLORS, enable_inline_figures, message_figure, new_figure

enable_inline_figures()

__all__ = [
    "COLORS",
    "Control",
    "Exploration",
    "all_explorations",
    "enable_inline_figures",
    "message_figure",
    "new_figure",
    "show",
]


def all_explorations() -> list[Exploration]:
    """Every exploration in the book, in chapter order (for tests and benchmarks)."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "explorations") and hasattr(module, "CHAPTER"):
            found.append((module.CHAPTER, info.name, module.explorations()))
    return [e for _, _, group in sorted(found, key=lambda t: (t[0], t[1])) for e in group]
