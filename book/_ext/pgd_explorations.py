"""Kernel-free explorations in the HTML book.

A notebook run for the book (``PGDLIB_STATIC=1``) shows each exploration as a placeholder
(:func:`pgdlib.viz.explore.placeholder_html`) that names it. This extension replaces every
placeholder by the exploration's controls as HTML form controls (range inputs, selects,
a play button for a time scrub) and the figure of each setting of
:meth:`~pgdlib.viz.explore.Exploration.static_settings`, rendered here, at build time, by
pgdlib itself (:meth:`~pgdlib.viz.explore.Exploration.static_png`). The page's script
(``assets/explore/pgd_explorations.js``) only looks up the image of the chosen setting: nothing
is computed in the browser and nothing is loaded from outside the site.

Images are cached in ``_build/.explorations/<digest>`` (:func:`_cache_root`), where the digest covers pgdlib's
sources and the versions of matplotlib, NumPy, SciPy and Pillow, so a rebuild renders nothing when the
library has not changed. Rendering uses two processes (the project's machines have two
cores).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
#: The page script and style sheet, copied to ``_static/explore/``.
ASSETS = Path(__file__).parent / "assets"
PLACEHOLDER = re.compile(r'data-pgd-exploration="([A-Za-z0-9-]+)"')
#: Where a page finds its images, relative to the site's root.
IMAGE_DIR = "_static/explore"
WORKERS = 2


def _explorations() -> dict:
    from pgdlib.viz import all_explorations

    return {e.name: e for e in all_explorations()}


_WORKER_FIGURE: list = []  # one figure per worker process, drawn into again and again


def _render(name: str, index: int) -> tuple[bytes, str, str]:
    """One setting's image, text alternative and summary (run in a worker process).

    The figure of :meth:`~pgdlib.viz.explore.Exploration.static_png`, drawn into the
    worker's one figure (:func:`~pgdlib.viz.style.drawing_into`, as the Jupyter widget
    does): its renderer, and with it matplotlib's caches of text and mathtext, is kept from
    one setting to the next. The browser tests check that the result is the same image.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from pgdlib.viz.explore import STATIC_COLORS, WIDGET_DPI, render_png
    from pgdlib.viz.style import drawing_into

    if not _WORKER_FIGURE:
        _WORKER_FIGURE.append(Figure())
    exploration = _explorations()[name]
    setting = exploration.static_settings()[index]
    with drawing_into(_WORKER_FIGURE[0]):
        fig = exploration.figure(**setting)
    return (render_png(fig, dpi=WIDGET_DPI, colors=STATIC_COLORS), exploration.describe(**setting),
            exploration.summary(**setting))


def _digest() -> str:
    """What the images depend on: pgdlib's sources and the versions of what it runs on."""
    import matplotlib
    import numpy
    import PIL
    import scipy

    import pgdlib

    versions = " ".join(m.__version__ for m in (matplotlib, numpy, PIL, scipy))
    digest = hashlib.sha256(versions.encode())
    root = Path(pgdlib.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_root() -> Path:
    """``$PGD_EXPLORE_CACHE``, else ``_build/.explorations`` of the repository pgdlib is imported
    from (the student edition's build, from a copy of the book, then finds the images the
    book rendered; ``benchmarks/bench_book.py`` times a build with an empty cache)."""
    import pgdlib

    if os.environ.get("PGD_EXPLORE_CACHE"):
        return Path(os.environ["PGD_EXPLORE_CACHE"])
    return Path(pgdlib.__file__).resolve().parents[1] / "_build" / ".explorations"


def _images(app: Sphinx, name: str) -> tuple[list[Path], list[str], list[str]]:
    """The cached images, text alternatives and summaries of an exploration, rendered if missing."""
    cache = _cache_root() / app.env.pgd_explore_digest / name
    manifest = cache / "texts.json"
    exploration = _explorations()[name]
    count = len(exploration.static_settings())
    paths = [cache / f"{i:02d}.png" for i in range(count)]
    if manifest.exists() and all(p.exists() for p in paths):
        texts = json.loads(manifest.read_text())
        return paths, texts["alts"], texts["summaries"]
    LOGGER.info(f"rendering {count} settings of exploration {name!r}")
    cache.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(_render, [name] * count, range(count), chunksize=4))
    for path, (png, _, _) in zip(paths, results, strict=True):
        path.write_bytes(png)
    alts, summaries = [r[1] for r in results], [r[2] for r in results]
    manifest.write_text(json.dumps({"alts": alts, "summaries": summaries}, ensure_ascii=False))
    return paths, alts, summaries


def _exploration_html(app: Sphinx, docname: str, name: str) -> str:
    exploration = _explorations()[name]
    paths, alts, summaries = _images(app, name)
    outdir = Path(app.outdir) / IMAGE_DIR / name
    outdir.mkdir(parents=True, exist_ok=True)
    prefix = "../" * docname.count("/") + f"{IMAGE_DIR}/{name}/"
    urls = []
    for path in paths:
        (outdir / path.name).write_bytes(path.read_bytes())
        urls.append(prefix + path.name)
    settings = exploration.static_settings()
    default = settings.index({n: exploration.control(n).default for n in exploration.static})
    uid = f"explore-{name}"
    controls, data = [], []
    for spec in (exploration.control(n) for n in exploration.static):
        cid = f"{uid}-{spec.name}"
        index = spec.values.index(spec.default)
        label = f'<label for="{cid}">{html.escape(spec.label)}</label>'
        if spec.numeric:
            widget = (f'<input type="range" id="{cid}" name="{spec.name}" min="0" '
                      f'max="{len(spec.values) - 1}" step="1" value="{index}" '
                      f'aria-valuetext="{html.escape(spec.labels[index])}">'
                      f'<output for="{cid}">{html.escape(spec.labels[index])}</output>')
            if spec.play:
                widget = (f'<button type="button" class="pgd-explore-play" aria-controls="{cid}" '
                          f'aria-label="play {html.escape(spec.label)}">play</button>') + widget
        else:
            options = "".join(f'<option value="{i}"{" selected" if i == index else ""}>'
                              f"{html.escape(v)}</option>" for i, v in enumerate(spec.values))
            widget = f'<select id="{cid}" name="{spec.name}">{options}</select>'
        controls.append(f'<div class="pgd-explore-control">{label}{widget}</div>')
        data.append({"name": spec.name, "labels": list(spec.labels),
                     "values": list(spec.values), "default": index})
    fixed = [c for c in exploration.controls if c.name not in exploration.static]
    note = ""
    if fixed:
        held = ", ".join(f"{c.label} = {c.label_of(c.default)}" for c in fixed)
        note = (f'<p class="pgd-explore-fixed">Fixed on this page: {html.escape(held)}. '
                f"Run the chapter in Jupyter to change {'it' if len(fixed) == 1 else 'them'} "
                "too.</p>")
    payload = json.dumps({"controls": data, "images": urls, "alts": alts, "summaries": summaries},
                         ensure_ascii=False)
    payload = payload.replace("</", "<\\/")  # no "</script>" inside the script element
    return (
        f'<figure class="pgd-explore mathjax_ignore" id="{uid}" data-name="{name}">'
        f'<div class="pgd-explore-controls" role="group" '
        f'aria-label="{html.escape(exploration.title)}: controls">{"".join(controls)}</div>'
        f'<img class="pgd-explore-figure" src="{urls[default]}" alt="{html.escape(alts[default])}">'
        f'<figcaption class="pgd-explore-status" aria-live="polite">'
        f"{html.escape(summaries[default])}</figcaption>{note}"
        f'<script type="application/json" class="pgd-explore-data">'
        f"{payload}</script></figure>"
    )


def _replace_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    known = None
    for node in list(doctree.findall(nodes.raw)):
        match = PLACEHOLDER.search(node.astext())
        if match is None:
            continue
        known = known if known is not None else _explorations()
        name = match.group(1)
        if name not in known:
            LOGGER.warning(f"{docname}: exploration {name!r} is not in pgdlib.viz.all_explorations()",
                           location=node)
            continue
        node.replace_self(nodes.raw("", _exploration_html(app, docname, name), format="html"))
        app.env.pgd_explore_pages.add(docname)


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename in getattr(app.env, "pgd_explore_pages", ()):
        app.add_js_file("explore/pgd_explorations.js", defer="defer")
        app.add_css_file("explore/pgd_explorations.css")


def _builder_inited(app: Sphinx) -> None:
    app.env.pgd_explore_digest = _digest()
    app.env.pgd_explore_pages = set()
    root = _cache_root()
    if root.is_dir():  # images of older versions of pgdlib are never shown again
        for old in root.iterdir():
            if old.name != app.env.pgd_explore_digest:
                shutil.rmtree(old, ignore_errors=True)


def _config_inited(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(ASSETS))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("doctree-resolved", _replace_placeholders)
    app.connect("html-page-context", _page_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
