"""What the book's notebooks need beside the library: storing a value for the text.

The HTML book inserts computed numbers into its sentences with myst-nb's ``glue``: a cell
records a value under a name, and ``{glue:text}`name:.3g``` in the markdown shows it, so a
re-run that changes the number changes the sentence. myst-nb belongs to the book build, not
to a reader's environment (Binder installs ``requirements.txt``, which holds no build tool),
so the notebooks import :func:`glue` from here.
"""

from __future__ import annotations

from typing import Any

__all__ = ["glue"]

# The MIME prefix myst-nb 1.x gives a value glued with display=False (myst_nb.ext.glue).
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, variable: Any, display: bool = True) -> None:
    """Record ``variable`` under ``name`` for the book's ``{glue}`` roles (myst-nb's ``glue``).

    Parameters
    ----------
    name : str
        The key the markdown refers to, unique within the notebook.
    variable : object
        The value; what is stored is its display (``text/plain``, and richer forms where
        IPython has them).
    display : bool
        Whether the cell also shows the value.

    Notes
    -----
    Where myst-nb is installed (the book build, nbval, ``make test``) this is
    ``myst_nb.glue`` itself. In a reader's environment, which has no myst-nb, it writes
    the same output myst-nb would, so the stored notebook and a reader's run agree; a test
    compares the two (``tests/test_book.py``). Hand-written only because the one library
    that offers it pulls Sphinx into the reader's environment.

    References
    ----------
    myst-nb, "Embedding outputs as variables":
    https://myst-nb.readthedocs.io/en/latest/render/glue.html
    """
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        myst_glue = None
    if myst_glue is not None:
        myst_glue(name, variable, display)
        return
    data, metadata = bundle(name, variable, display)
    from IPython.display import display as ipy_display

    ipy_display(data, raw=True, metadata=metadata)


def bundle(name: str, variable: Any, display: bool = True) -> tuple[dict, dict]:
    """The display data and metadata :func:`glue` writes without myst-nb."""
    from IPython.core.formatters import format_display_data

    data, metadata = format_display_data(variable)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = dict(name=name, mime_prefix=prefix)
    return {prefix + key: value for key, value in data.items()}, metadata
