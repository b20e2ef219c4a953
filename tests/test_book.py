"""pgdlib.book.glue writes what myst-nb's glue writes, with or without myst-nb."""

from __future__ import annotations

import pytest

import pgdlib.book as book

myst_glue = pytest.importorskip("myst_nb.ext.glue")


@pytest.mark.parametrize("value", [0.6812, 42, "a sentence", [1, 2]])
@pytest.mark.parametrize("shown", [True, False])
def test_bundle_equals_myst_nb_output(monkeypatch, value, shown):
    captured = []
    # Capture what myst-nb hands to IPython's display (a test double, in the test only).
    monkeypatch.setattr(myst_glue, "ipy_display",
                        lambda data, raw, metadata: captured.append((data, metadata)))
    myst_glue.glue("key", value, shown)
    assert captured == [book.bundle("key", value, shown)]


def test_hidden_values_carry_the_prefix_the_book_reads():
    data, metadata = book.bundle("r", 0.5, display=False)
    assert set(data) == {book.GLUE_PREFIX + "text/plain"}
    assert data[book.GLUE_PREFIX + "text/plain"] == "0.5"
    assert metadata["scrapbook"] == {"name": "r", "mime_prefix": book.GLUE_PREFIX}
