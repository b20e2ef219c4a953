"""Write each inline ``<script>`` of the HTML pages once.

Sphinx 7.4 adds an inline script (``app.add_js_file(None, body=...)``) that an
extension registers after the builder is initialised to the page twice: once
as it is registered (file name ``None``) and once more in
``StandaloneHTMLBuilder.prepare_writing``, which re-adds every registered
asset as ``js_filename or ''``; ``None != ''``, so the builder's de-duplication
misses it. sphinx-thebe (``env-before-read-docs``) and sphinx-togglebutton
(``builder-inited``) register such scripts, and thebe's ``const THEBE_JS_URL``
declared twice is a SyntaxError on every page. This drops the repeats from each
page's ``script_files`` (Sphinx sorts that list by priority after this event).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _dedupe_scripts(app: Sphinx, pagename: str, templatename: str,
                    context: dict[str, Any], doctree: Any) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen = set()
    unique = []
    for js in scripts:
        filename = getattr(js, "filename", js) or ""
        attributes = getattr(js, "attributes", {})
        key = (filename, getattr(js, "priority", 500), tuple(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique  # in place: the builder restores its own list before each page


def setup(app: Sphinx) -> dict[str, Any]:
    # Late, after extensions that add per-page scripts (myst-nb) have run.
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
