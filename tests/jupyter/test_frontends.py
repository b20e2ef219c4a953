"""The chapters' sliders in real Jupyter front ends (JupyterLab 4 and Notebook 7) in Chromium.

A JupyterLab server runs on a temporary copy of book/ (so autosave can never touch the
repository), started with the Python of ``$FRONTEND_PYTHON`` when set (``make test`` sets it
to the fresh venv that ``make test-binder-env`` built from requirements.txt alone, as Binder
does) and with this Python otherwise. Each notebook whose cells call ``show(`` is opened, run
with Run All Cells, and its first slider is moved (keyboard, else a click on the track): the
figure (a PNG in the widget's Output area) must change and no cell may show an error; then a
few more key presses are timed (steps and jumps), from the keydown to the new figure decoded in
the page, and kept in ``_build/bench/jupyterlab_moves/`` for ``make bench``. The first chapter is run the
same way in Notebook 7. Skipped without Chromium, except when CI is
set.

Run with ``make test-frontends`` (or ``pytest tests/jupyter``); the library tests skip this
folder with ``pytest tests --ignore=tests/jupyter``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
# Every notebook with an exploration (the Makefile runs the others in the reader's venv by nbclient).
CHAPTERS = sorted(p.name for p in BOOK.glob("*.ipynb") if "show(" in p.read_text(encoding="utf-8"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
RUN_TIMEOUT_MS = 300_000  # running every cell of a chapter on two busy cores
FIGURE_TIMEOUT_MS = 15_000
READING_MS = 700  # between timed key presses: a reader looks at the figure first

SLIDER = ".widget-slider"
HANDLE = ".widget-slider .noUi-handle"
FIGURE = ".widget-output img"  # the PNG in the exploration's Output widget
ERRORS = ('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]', ".jp-RenderedText")


def _need_chromium():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed (CI is set, so this is a failure)")
        pytest.skip("playwright is not installed")
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (CI is set, so this is a failure)")
        pytest.skip("Chromium is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    """(base URL, token) of a JupyterLab serving a temporary copy of book/."""
    _need_chromium()
    tmp = Path(tempfile.mkdtemp(prefix="pgd-frontends-"))
    shutil.copytree(BOOK, tmp / "book")
    for sub in ("config", "data", "runtime", "settings", "workspaces"):
        (tmp / "jupyter" / sub).mkdir(parents=True)
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "jupyter" / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp / "jupyter" / "runtime"),
               PYDEVD_DISABLE_FILE_VALIDATION="1", MPLBACKEND="module://matplotlib_inline.backend_inline")
    env.pop(STATIC := "PGDLIB_STATIC", None)
    python = os.environ.get("FRONTEND_PYTHON") or sys.executable
    cmd = [python, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp}",
           "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.expose_app_in_browser=True", "--JupyterNotebookApp.expose_app_in_browser=True",
           f"--LabApp.user_settings_dir={tmp / 'jupyter' / 'settings'}",
           f"--LabApp.workspaces_dir={tmp / 'jupyter' / 'workspaces'}",
           f"--JupyterNotebookApp.user_settings_dir={tmp / 'jupyter' / 'settings'}",
           f"--JupyterNotebookApp.workspaces_dir={tmp / 'jupyter' / 'workspaces'}",
           "--LabApp.extension_manager=readonly", "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI often run as root
        cmd.append("--allow-root")
    log = open(tmp / "server.log", "wb")
    proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited: {(tmp / 'server.log').read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("JupyterLab did not answer /api/status within 120 s")
            time.sleep(0.5)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)
    assert STATIC  # keeps the name used


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


# Waits for the notebook panel, its kernel idle, then runs every cell through the app's
# command registry (window.jupyterapp, exposed by expose_app_in_browser) and awaits the result.
_RUN_ALL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const ok = await app.commands.execute('notebook:run-all-cells');
  const errors = [];
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') continue;
    if (cell.model.executionCount === null)
      errors.push('not run: ' + cell.model.sharedModel.source.slice(0, 60));
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const out = cell.model.outputs.get(i).toJSON();
      if (out.output_type === 'error') errors.push(out.ename + ': ' + out.evalue);
    }
  }
  return {ok, errors};
}"""

_READY = """() => {
  const app = window.jupyterapp;
  if (!app || !app.shell || !app.shell.currentWidget) return false;
  const panel = app.shell.currentWidget;
  if (!panel.sessionContext || !panel.sessionContext.session) return false;
  const k = panel.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}"""


_PANEL_ID = "() => window.jupyterapp.shell.currentWidget.id"

_CHANGED = "([el, src]) => { const i = el.querySelector('img'); return !!i && i.src !== src; }"


# Notebook 7.6 (with JupyterLab 4.6) raises these while it loads its settings, before any
# notebook is open: they come with `jupyter notebook` as with `jupyter lab`, and for any
# notebook. They are upstream's, not the book's; any other page error fails the test.
NOTEBOOK7_STARTUP_ERRORS = ("Cannot read properties of undefined (reading 'schema')",
                            "Command 'filebrowser:open-path' not registered.")


def _exercise(page, url: str, tolerated: tuple[str, ...] = ()) -> dict[str, list[float]]:
    problems: list[str] = []
    page.on("pageerror", lambda e: None if str(e) in tolerated else problems.append(f"page error: {e}"))
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_function(_READY, timeout=180_000, polling=500)
    result = page.evaluate(_RUN_ALL)
    assert not result["errors"], result["errors"]
    _assert_no_error_output(page)
    # Only this notebook's panel (the one Run All ran), whatever else the shell shows.
    panel = page.locator(f"[id='{page.evaluate(_PANEL_ID)}']")
    panel.locator(HANDLE).first.wait_for(state="attached", timeout=60_000)
    slider = panel.locator(SLIDER).first
    handle = slider.locator(".noUi-handle").first
    # The first slider's figure: the first Output-area image after the slider in its widget box.
    box = slider.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
    figure = box.locator("img").first
    figure.wait_for(state="attached", timeout=60_000)
    before = figure.get_attribute("src")
    assert before, "the exploration shows no figure"
    handle.scroll_into_view_if_needed()
    changed = False
    track = slider.locator(".noUi-target").first
    for attempt in range(4):
        src = figure.evaluate("i => i.src")
        if attempt < 2:  # the keyboard: focus the handle, one step right (JupyterLab)
            handle.focus()
            page.keyboard.press("ArrowRight")
        else:  # a click on the track, as a reader would (Notebook 7 ignores the arrow keys)
            box_ = track.bounding_box()
            track.click(position={"x": box_["width"] * (0.8 if attempt == 2 else 0.2),
                                  "y": box_["height"] / 2})
        try:
            page.wait_for_function(_CHANGED, arg=[box.element_handle(), src],
                                   timeout=FIGURE_TIMEOUT_MS, polling=250)
            changed = True
            break
        except Exception:  # noqa: BLE001 -- try another move (the slider may sit at its end)
            continue
    assert changed, "moving the first slider did not change the figure within 15 s"
    _assert_no_error_output(page)
    assert not problems, problems
    return _timed_moves(page, handle, box)


# Milliseconds from a key press on the slider to the new figure in the page: the keydown is
# stamped in the page (capture phase), the image's src change by a MutationObserver.
_ARM = """([box]) => {
  window.__pgdMove = {};
  document.addEventListener('keydown', () => { window.__pgdMove.t0 = performance.now(); },
                            {capture: true, once: true});
  const seen = box.querySelector('img') && box.querySelector('img').src;
  const observer = new MutationObserver(() => {
    const img = box.querySelector('img');
    if (img && img.src !== seen) {
      img.decode().catch(() => null).then(() => { window.__pgdMove.t1 = performance.now(); });
      observer.disconnect();
    }
  });
  observer.observe(box, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
}"""


def _timed_moves(page, handle, box) -> dict[str, list[float]]:
    """Key presses on the first slider: milliseconds from key press to figure on screen.

    Arrow keys step to a neighbouring value, whose figure the widget has usually drawn
    ahead (pgdlib.viz.explore.Exploration.widget); Home and End jump to the ends, which are
    drawn when asked (unless one is next to where the slider was). A key that does not
    change the value (a slider already at that end) is skipped.
    """
    timings: dict[str, list[float]] = {"step": [], "jump": []}
    for key in ("ArrowLeft", "ArrowLeft", "ArrowRight", "ArrowRight", "Home", "End"):
        page.wait_for_timeout(READING_MS)
        page.evaluate(_ARM, [box.element_handle()])
        handle.focus()
        page.keyboard.press(key)
        try:
            page.wait_for_function("() => window.__pgdMove.t1 !== undefined", timeout=5_000,
                                   polling="raf")
        except Exception:  # noqa: BLE001 -- the value did not change: nothing to time
            continue
        kind = "jump" if key in ("Home", "End") else "step"
        timings[kind].append(page.evaluate("() => window.__pgdMove.t1 - window.__pgdMove.t0"))
    return timings


def _assert_no_error_output(page) -> None:
    stderr = page.locator(ERRORS[0])
    texts = [stderr.nth(i).inner_text() for i in range(stderr.count())]
    bad = [t for t in texts if "Traceback" in t or "Error" in t]
    errs = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
    assert not bad and errs.count() == 0, bad or [errs.nth(i).inner_text() for i in range(errs.count())]


#: Key press -> new figure in JupyterLab, per chapter (read by benchmarks/bench_widgets.py).
MOVES_FILE = ROOT / "_build" / "bench" / "jupyterlab_moves"


def _record(chapter: str, timings: dict[str, list[float]]) -> None:
    """Keep the measured moves (one JSON file per chapter: xdist workers write in parallel)."""
    import json

    MOVES_FILE.mkdir(parents=True, exist_ok=True)
    (MOVES_FILE / f"{Path(chapter).stem}.json").write_text(json.dumps(
        {"chapter": chapter, "ms": timings, "python": os.environ.get("FRONTEND_PYTHON") or sys.executable}))
    assert timings["step"] or timings["jump"], f"{chapter}: no key press changed the figure"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_sliders_in_jupyterlab(server, browser, chapter):
    base, token = server
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        # a workspace of its own: JupyterLab would otherwise reopen the earlier chapters too
        workspace = Path(chapter).stem.replace("_", "-")
        timings = _exercise(page, f"{base}/lab/workspaces/{workspace}/tree/book/{chapter}?token={token}")
    finally:
        page.close()
    _record(chapter, timings)


@pytest.mark.parametrize("chapter", CHAPTERS[:1])
def test_sliders_in_notebook7(server, browser, chapter):
    base, token = server
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        _exercise(page, f"{base}/notebooks/book/{chapter}?token={token}", NOTEBOOK7_STARTUP_ERRORS)
    finally:
        page.close()
