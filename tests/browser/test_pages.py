"""Real-browser tests of the built HTML book (Chromium through Playwright).

Every page of the build (``BOOK_HTML``, default ``_build/html``; run ``make book``
first) is served from a local ``http.server`` on 127.0.0.1 and loaded once in
Chromium. Checked on each page:

* no console errors, no uncaught exceptions, no failed requests, no HTTP error;
* no request leaves the local server at page load (Binder/Thebe only when clicked);
* math is typeset: each Sphinx ``.math`` element holds an ``mjx-container``,
  no MathJax error, no raw TeX (``$$``, ``\\frac``, ...) in the visible text, and no
  display equation wider than the page at 1280 px (it would be clipped);
* every ``<img>`` has loaded (``naturalWidth > 0``) and has non-empty ``alt``;
* every internal link resolves: the file exists and so does the ``#anchor``;
* exercise solutions (``.solution``, togglebutton dropdowns, ``<details>``)
  are collapsed until their title is clicked and shown once it is;
* every chapter page has a kernel-free exploration (``figure.pgd-explore``): each of its
  controls, moved, by mouse, keyboard, touch or play button, shows the figure of the new
  setting, which is pgdlib's own rendering of it; a URL fragment off the grid shows the
  nearest setting; the controls fit a phone's screen;
* a page weighs at most 2 MB with its images (sizes printed at the end).

Without Chromium these tests skip, except under ``CI`` where they fail.
Run with ``make test-browser`` or ``pytest tests/browser``.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import io
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
BOOK = Path(os.environ.get("BOOK_HTML", REPO / "_build" / "html")).resolve()
IN_CI = bool(os.environ.get("CI"))
MAX_PAGE_BYTES = 2 * 1024 * 1024
# Not pages of the book: Sphinx's generated index and search pages, assets.
SKIP_FILES = {"genindex.html", "search.html"}
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads", "jupyter_execute"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# TeX left in the visible text means MathJax did not typeset it.
RAW_TEX = ["$$", "\\frac", "\\(", "\\)", "\\[", "\\]", "\\begin{", "\\mathbb", "\\nabla"]


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI is set, so this is an error, not a skip)")
    pytest.skip(reason)


def _is_redirect(path: Path) -> bool:
    head = path.read_text(encoding="utf-8", errors="replace")[:300].lower()
    return 'http-equiv="refresh"' in head and "<body" not in head


def book_pages() -> list[str]:
    """Every HTML page of the build, as a path relative to its root."""
    if not BOOK.is_dir():
        return []
    pages = []
    for path in sorted(BOOK.rglob("*.html")):
        rel = path.relative_to(BOOK)
        if rel.parts[0] in SKIP_DIRS or rel.as_posix() in SKIP_FILES or _is_redirect(path):
            continue
        pages.append(rel.as_posix())
    return pages


PAGES = book_pages()


# --------------------------------------------------------------------------- server


class _Handler(http.server.SimpleHTTPRequestHandler):
    errors: list[str]  # set on the subclass the server uses

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self.errors.append(f"{code} {self.path}")
        super().send_error(code, message, explain)


@pytest.fixture(scope="session")
def server():
    if not (BOOK / "book").is_dir():
        _unavailable(f"no built book at {BOOK} (run `make book`, or set BOOK_HTML)")
    handler = type("Handler", (_Handler,), {"errors": []})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(BOOK)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_port}/"
    httpd.errors = handler.errors
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:  # no Debian chromium and no Playwright download
            _unavailable(f"Chromium cannot be launched: {str(exc).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture(scope="session")
def context(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    # Anything not on the local server is recorded (by the page listeners) and refused, so an
    # offline machine fails fast instead of waiting for a timeout.
    ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.base)
              or route.request.url.startswith("data:") else route.abort("blockedbyclient"))
    yield ctx
    ctx.close()


# --------------------------------------------------------------------------- one visit per page

_COLLECT_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const imgs = [...document.images];
  imgs.forEach(i => { i.loading = "eager"; });
  await Promise.all(imgs.map(i => i.decode().catch(() => null)));
  const article = document.querySelector("article") || document.querySelector("main") || document.body;
  const clone = article.cloneNode(true);
  clone.querySelectorAll("pre, code, script, style, mjx-container, .highlight, textarea")
       .forEach(e => e.remove());
  const math = [...document.querySelectorAll(".math")];
  return {
    mathElements: math.length,
    untypeset: math.filter(m => !m.querySelector("mjx-container")).map(m => m.textContent.slice(0, 80)),
    mjx: document.querySelectorAll("mjx-container").length,
    mathErrors: [...document.querySelectorAll("mjx-merror, [data-mjx-error]")]
                  .map(e => e.getAttribute("data-mjx-error") || e.textContent.slice(0, 80)),
    // display math wider than its box or than the article: the reader sees it clipped
    clippedMath: [...document.querySelectorAll('mjx-container[display="true"]')].filter(m => {
      const right = (m.firstElementChild || m).getBoundingClientRect().right;
      return m.scrollWidth > m.clientWidth + 2 || right > article.getBoundingClientRect().right + 2;
    }).map(m => (m.closest("div.math") || m).textContent.slice(0, 60)),
    text: clone.textContent,
    images: imgs.map(i => ({src: (i.currentSrc || i.src).slice(0, 120), ok: i.complete && i.naturalWidth > 0,
                            alt: (i.getAttribute("alt") || "").trim()})),
    links: [...document.querySelectorAll("a[href]")].map(a => ({href: a.href, raw: a.getAttribute("href")})),
    ids: [...document.querySelectorAll("[id], a[name]")].map(e => e.id || e.getAttribute("name")),
    solutions: document.querySelectorAll(
      "article .solution, article .admonition.dropdown, article details").length,
  };
}"""


class Visit:
    """What one load of a page showed: console, network and DOM."""

    def __init__(self, context, server, path: str):
        self.path = path
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        self.server_errors_before = len(server.errors)
        page = context.new_page()
        page.on("console", lambda m: self.console_errors.append(
            f"{m.text} @ {m.location.get('url', '')}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: None if r.url.startswith((server.base, "data:", "blob:", "about:"))
                else self.external.append(f"{r.resource_type} {r.url}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url[:160]}: {r.failure}"))
        page.on("response", lambda r: self.failed.append(f"HTTP {r.status} {r.url}")
                if r.status >= 400 else None)
        start = time.perf_counter()
        page.goto(server.base + path, wait_until="load")
        self.dom = page.evaluate(_COLLECT_JS)
        page.wait_for_load_state("networkidle")
        self.seconds = time.perf_counter() - start
        page.close()
        self.server_errors = server.errors[self.server_errors_before:]


@pytest.fixture(scope="session")
def visits(context, server):
    cache: dict[str, Visit] = {}

    def visit(path: str) -> Visit:
        if path not in cache:
            cache[path] = Visit(context, server, path)
        return cache[path]

    return visit


def test_book_has_pages():
    if not BOOK.is_dir():
        _unavailable(f"no built book at {BOOK}")
    assert "book/intro.html" in PAGES, f"pages found: {PAGES}"
    assert any(p.startswith("book/0") for p in PAGES), "no chapter pages in the build"


def test_root_redirects_to_intro(context, server):
    page = context.new_page()
    page.goto(server.base + "index.html")
    page.wait_for_url("**/book/intro.html")
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_errors_and_nothing_external(visits, path):
    v = visits(path)
    problems = ([f"console: {e}" for e in v.console_errors] + [f"request: {e}" for e in v.failed]
                + [f"server: {e}" for e in v.server_errors]
                + [f"external request at load: {e}" for e in v.external])
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", PAGES)
def test_math_is_typeset(visits, path):
    d = visits(path).dom
    assert not d["untypeset"], f"{path}: math not typeset: {d['untypeset'][:5]}"
    assert not d["mathErrors"], f"{path}: MathJax errors: {d['mathErrors'][:5]}"
    if d["mathElements"]:
        assert d["mjx"] >= d["mathElements"], f"{path}: {d['mjx']} mjx-container for {d['mathElements']} math"
    raw = [t for t in RAW_TEX if t in d["text"]]
    contexts = [d["text"][max(0, d["text"].find(t) - 60):d["text"].find(t) + 60] for t in raw]
    assert not raw, f"{path}: raw TeX visible: {contexts}"
    assert not d["clippedMath"], f"{path}: display math wider than the page (clipped): {d['clippedMath']}"


@pytest.mark.parametrize("path", PAGES)
def test_images_load_and_have_alt(visits, path):
    imgs = visits(path).dom["images"]
    broken = [i["src"] for i in imgs if not i["ok"]]
    no_alt = [i["src"] for i in imgs if not i["alt"]]
    assert not broken, f"{path}: images that did not load: {broken}"
    assert not no_alt, f"{path}: images without alt text: {no_alt}"


class _Ids(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value or "")


@functools.cache
def _ids_of(file: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(file.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


@pytest.mark.parametrize("path", PAGES)
def test_internal_links_resolve(visits, server, path):
    v = visits(path)
    here_ids = set(v.dom["ids"])
    bad = []
    for link in v.dom["links"]:
        url = urlsplit(link["href"])
        if not link["href"].startswith(server.base) or url.scheme not in ("http", "https"):
            continue
        rel = unquote(url.path)[1:]
        target = BOOK / rel
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            bad.append(f"{link['raw']}: no file {rel}")
            continue
        anchor = unquote(url.fragment)
        if not anchor:
            continue
        ids = here_ids if rel == path else _ids_of(target)
        if anchor not in ids and anchor not in _ids_of(target):
            bad.append(f"{link['raw']}: no id {anchor!r} in {rel}")
    assert not bad, f"{path}: broken internal links:\n  " + "\n  ".join(sorted(set(bad)))


@pytest.mark.parametrize("path", PAGES)
def test_solutions_collapsed_until_clicked(visits, context, server, path):
    if not visits(path).dom["solutions"]:
        return
    page = context.new_page()
    page.goto(server.base + path, wait_until="load")
    problems = []
    # Every solution of an exercise is a togglebutton dropdown.
    for sol in page.locator("article .solution").all():
        if "dropdown" not in (sol.get_attribute("class") or ""):
            problems.append(f"solution {sol.get_attribute('id')} is not a dropdown (shown at once)")
    for i, box in enumerate(page.locator("article .admonition.dropdown").all()):
        name = box.get_attribute("id") or f"dropdown {i}"
        title = box.locator(":scope > .admonition-title")
        body = box.locator(":scope > :not(.admonition-title)")
        if body.count() == 0:
            problems.append(f"{name}: empty")
            continue
        if any(body.nth(k).is_visible() for k in range(body.count())):
            problems.append(f"{name}: content visible before the click")
        title.click()
        try:
            body.first.wait_for(state="visible", timeout=3000)
        except Exception:
            problems.append(f"{name}: content still hidden after the click")
        if title.locator(".toggle-button").get_attribute("aria-expanded") != "true":
            problems.append(f"{name}: button not aria-expanded after the click")
    for i, details in enumerate(page.locator("article details").all()):
        if details.evaluate("d => d.open"):
            problems.append(f"details {i}: open before the click")
            continue
        details.locator(":scope > summary").click()
        if not details.evaluate("d => d.open"):
            problems.append(f"details {i}: still closed after the click")
    page.close()
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


def _explorations_on(path: str) -> list[str]:
    text = (BOOK / path).read_text(encoding="utf-8", errors="replace")
    return re.findall(r'<figure class="pgd-explore[^"]*" id="explore-([A-Za-z0-9-]+)"', text)


def _same_pixels(a: bytes, b: bytes) -> bool:
    from PIL import Image

    return np.array_equal(np.asarray(Image.open(io.BytesIO(a)).convert("RGB")),
                          np.asarray(Image.open(io.BytesIO(b)).convert("RGB")))


def _shown(page, root) -> tuple[int, str]:
    """The setting an exploration shows and its image's URL, once the image has loaded."""
    img = root.locator("img.pgd-explore-figure")
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=img.element_handle(),
                           timeout=5000)
    return int(root.get_attribute("data-setting")), img.get_attribute("src")


def _mean_difference(a: bytes, b: bytes) -> float:
    """Mean absolute difference of two images' RGB levels (0-255); inf for other sizes."""
    from PIL import Image

    x, y = (np.asarray(Image.open(io.BytesIO(i)).convert("RGB"), dtype=float) for i in (a, b))
    return float(np.abs(x - y).mean()) if x.shape == y.shape else float("inf")


EXPLORED = [p for p in PAGES if _explorations_on(p)]


def test_every_chapter_page_has_a_kernel_free_exploration():
    chapters = [p for p in PAGES if re.match(r"book/0[1-8]_", p)]
    assert len(chapters) == 8, chapters
    assert set(chapters) <= set(EXPLORED), sorted(set(chapters) - set(EXPLORED))


@pytest.mark.parametrize("path", EXPLORED)
def test_explorations_respond_and_show_what_pgdlib_draws(context, server, path):
    """Every control of every exploration moved: a new figure that loads, and for sampled
    settings the image shown is pgdlib's rendering of that setting (pixel for pixel), which is
    the Jupyter widget's figure in a palette of colours (mean difference at most 2.5 of 255)."""
    from pgdlib.viz import all_explorations

    known = {e.name: e for e in all_explorations()}
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.base + path, wait_until="load")
    problems = []
    for name in _explorations_on(path):
        exploration = known[name]
        settings = exploration.static_settings()
        root = page.locator(f"#explore-{name}")
        img = root.locator("img.pgd-explore-figure")
        status = root.locator(".pgd-explore-status")

        k0, src0 = _shown(page, root)
        defaults = {n: exploration.control(n).default for n in exploration.static}
        if settings[k0] != defaults:
            problems.append(f"{name}: shows setting {settings[k0]} at load, not the defaults")
        checked = 0
        for spec in (exploration.control(n) for n in exploration.static):
            control = root.locator(f"[name='{spec.name}']")
            for i in [*range(len(spec.values)), spec.values.index(spec.default)]:
                if spec.numeric:
                    control.fill(str(i))
                else:
                    control.select_option(str(i))
                k, src = _shown(page, root)
                expected = settings[k]
                if settings[k][spec.name] != spec.values[i]:
                    problems.append(f"{name}: {spec.name} set to {spec.values[i]!r}, figure shows "
                                    f"{settings[k]}")
                if exploration.describe(**expected) != img.get_attribute("alt") or \
                        status.text_content() != exploration.summary(**expected):
                    problems.append(f"{name}: alt text or status line not the setting's at {expected}")
                if i in (0, len(spec.values) - 1) and checked < 6:
                    served = (BOOK / path).parent.joinpath(src).resolve().read_bytes()
                    if not _same_pixels(served, exploration.static_png(**settings[k])):
                        problems.append(f"{name}: image at {settings[k]} is not pgdlib's rendering")
                    if _mean_difference(served, exploration.png(**settings[k])) > 2.5:
                        problems.append(f"{name}: image at {settings[k]} differs from the Jupyter "
                                        "widget's figure by more than its palette")
                    checked += 1
            if len(spec.values) > 1 and _shown(page, root)[1] != src0:
                problems.append(f"{name}: back at the defaults, the image is not the first one")
        # the keyboard moves a slider by one value
        first = next((exploration.control(n) for n in exploration.static
                      if exploration.control(n).numeric), None)
        if first is not None:
            control = root.locator(f"[name='{first.name}']")
            control.fill("0")
            control.focus()
            control.press("ArrowRight")
            if settings[_shown(page, root)[0]][first.name] != first.values[1]:
                problems.append(f"{name}: ArrowRight on {first.name} did not show its second value")
            control.fill(str(first.values.index(first.default)))
        for button in root.locator("button.pgd-explore-play").all():
            target = page.locator("#" + button.get_attribute("aria-controls"))
            target.fill("0")
            target.dispatch_event("input")
            button.click()
            try:
                page.wait_for_function("el => Number(el.value) >= 2", arg=target.element_handle(),
                                       timeout=5000)
            except Exception:
                problems.append(f"{name}: play did not advance past the second value")
            button.click()  # pause
        if not checked:
            problems.append(f"{name}: no image compared with pgdlib's rendering")
    page.close()
    assert not errors, errors
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", EXPLORED[:2])
def test_a_fragment_off_the_grid_shows_the_nearest_setting(context, server, path):
    """``#explore-<name>&<control>=<value>`` picks a setting; a value off the grid takes the
    nearest value (numbers) or the default (strings, nonsense), never a broken image."""
    from pgdlib.viz import all_explorations
    from pgdlib.viz.explore import nearest_setting

    name = _explorations_on(path)[0]
    exploration = {e.name: e for e in all_explorations()}[name]
    asked = {}
    for n in exploration.static:
        spec = exploration.control(n)
        asked[n] = str(spec.values[-1] * 10 + 1) if spec.numeric else "no such option"
    asked["not_a_control"] = "1"
    for request in (asked, {n: "garbage" for n in exploration.static}):
        fragment = "&".join([f"explore-{name}", *(f"{k}={v}" for k, v in request.items())])
        page = context.new_page()
        page.goto(server.base + path + "#" + fragment, wait_until="load")
        root = page.locator(f"#explore-{name}")
        img = root.locator("img.pgd-explore-figure")
        page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=img.element_handle(),
                               timeout=5000)
        k = int(root.get_attribute("data-setting"))
        page.close()
        assert exploration.static_settings()[k] == nearest_setting(exploration, request), request


def test_explorations_fit_a_phone(browser, server):
    """At 390 px wide (a phone), the controls wrap and the figure shrinks: nothing wider than
    the screen; a screenshot is kept in _build/screenshots."""
    if not EXPLORED:
        pytest.skip("no exploration in this build")
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(server.base + EXPLORED[0], wait_until="load")
    root = page.locator("figure.pgd-explore").first
    root.scroll_into_view_if_needed()
    widths = root.evaluate("""el => ({page: document.documentElement.clientWidth,
        figure: el.getBoundingClientRect().right,
        parts: [...el.querySelectorAll('img, input, select, button, output, label')]
               .map(e => e.getBoundingClientRect().right)})""")
    shots = REPO / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    root.screenshot(path=str(shots / "exploration-390px.png"))
    control = root.locator("input[type=range]").first
    before = root.get_attribute("data-setting")
    box = control.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    moved = root.get_attribute("data-setting")
    context.close()
    assert max(widths["parts"]) <= widths["page"] + 1, widths
    assert moved != before, "tapping the end of a slider did not change the figure"


def page_bytes(path: str) -> int:
    """Bytes a reader downloads for the page's own content: the HTML (with its inline,
    base64 images) plus the local image files it shows, including every setting's image
    of its explorations (the page fetches them all, so that a move never waits)."""
    file = BOOK / path
    total = file.stat().st_size
    seen = set()

    class _Imgs(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            src = dict(attrs).get("src") if tag == "img" else None
            if src and not src.startswith(("data:", "http:", "https:", "//")):
                target = (file.parent / unquote(src.split("#")[0].split("?")[0])).resolve()
                if target not in seen and target.is_file():
                    seen.add(target)

    text = file.read_text(encoding="utf-8", errors="replace")
    _Imgs().feed(text)
    for data in re.findall(r'<script type="application/json" class="pgd-explore-data">(.*?)</script>',
                           text, flags=re.S):
        for src in json.loads(data)["images"]:
            seen.add((file.parent / src).resolve())
    return total + sum(t.stat().st_size for t in seen)


@pytest.mark.parametrize("path", PAGES)
def test_page_size(path, record_property):
    size = page_bytes(path)
    record_property("page_bytes", (path, size))  # printed at the end by conftest.py
    assert size <= MAX_PAGE_BYTES, f"{path} is {size / 2**20:.2f} MiB with its images (limit 2 MiB)"


def test_thebe_loads_only_when_launched(context, server):
    """Live Code (Thebe) fetches its JavaScript from unpkg, but only once the reader clicks."""
    path = next((p for p in PAGES if p.startswith("book/0")
                 and 'class="btn btn-sm btn-launch-thebe' in (BOOK / p).read_text(encoding="utf-8")), None)
    if path is None:
        pytest.skip("no page with a Live Code button")
    page = context.new_page()
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((server.base, "data:"))
            else external.append(r.url))
    page.goto(server.base + path)
    page.wait_for_load_state("networkidle")
    assert external == [], f"{path}: external requests before any click: {external}"
    page.locator(".dropdown-launch-buttons .dropdown-toggle").click()
    page.locator(".btn-launch-thebe").click()
    page.wait_for_timeout(1000)
    page.close()
    assert any("thebe" in url for url in external), f"Live Code requested {external}"
