"""Headless execution of the chapters with live widgets, many times over: does any cell stall?

Usage (from the repository root; not part of ``make test`` or ``make bench``)::

    python benchmarks/stress_headless.py                      # every chapter, 30 runs each
    python benchmarks/stress_headless.py -n 3 book/05_release.ipynb --timeout 60
    python benchmarks/stress_headless.py --via nbconvert -n 5  # `jupyter nbconvert --execute`

Each run executes one notebook top to bottom in a fresh kernel, as ``jupyter nbconvert
--execute``, papermill and nbgrader's autograde do (all three run nbclient), with
``PGDLIB_STATIC`` unset, so every ``show(...)`` cell builds its ipywidgets sliders and Output
widget. The working directory is ``book/``. The script prints the wall time of every run and
ends with, per notebook, the runs, the stalls and the run times; it exits with status 1 if
any cell stalled or failed.

What a stall is, and why it happened (issue 18, item 4). nbclient waits for a cell's
``execute_reply`` with ``await shell_channel.get_msg(timeout=cell timeout)``, an asyncio poll
of its shell socket. Meanwhile, when the kernel's Output widget has a ``msg_id`` (inside
``with output:``, which :func:`ipywidgets.interactive_output` uses), nbclient routes that
cell's outputs into its stand-in for the Output widget (``nbclient/output_widget.py``), and
the stand-in answers each one with a ``comm_msg`` sent on that same shell socket.
jupyter_client's ``Session.send`` sends it through a blocking shadow of the asyncio socket
(``zmq.Socket.shadow(stream.underlying)``), so pyzmq's asyncio layer never learns of the
send. When the execute_reply reaches the socket while the client is busy (handling the
cell's iopub messages) just before that send, the send lets libzmq process the socket's pending
command and clear its edge-triggered ``ZMQ_FD``: the reply sits in the socket and the
event loop is never woken. Only the poll's timeout ends the wait, when ``poll(0)`` finds the
reply: the cell "takes" exactly its timeout (600 s under nbconvert) and no error is raised.
This is jupyter/nbclient issue 312. ``pgdlib`` avoids it on its side: ``Exploration.widget``
writes each figure into the Output widget's ``outputs`` state and never captures, so no
message of a cell is routed into the stand-in and nothing is sent on the shell socket
while a reply is awaited.

A stall is therefore measured where it happens: the time between the later of the kernel's
execute_reply and its idle status (the kernel's own timestamps) and the moment nbclient hands
the cell back. Normally a few milliseconds; ``--stall`` seconds (default 5) or more is a
stall. A cell that runs past ``--timeout`` (default 60 s per cell) is reported as an error:
the kernel was still computing (chapter 7's race takes about 40 s on two busy cores).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
CHAPTERS = sorted(BOOK.glob("0*.ipynb"))
STATIC_ENV = "PGDLIB_STATIC"  # read by pgdlib.viz.explore.show


def _kernel_time(stamp: str | None) -> float | None:
    """A kernel timestamp of nbclient's timing metadata (UTC, ISO 8601) as Unix seconds."""
    if not stamp:
        return None
    return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def run_nbclient(path: Path, timeout: int, stall: float) -> tuple[float, list[str], str | None]:
    """Execute ``path`` once in a fresh kernel; (seconds, stalled cells, error or None).

    A cell timeout is an error, not a stall: a held reply is found when the wait ends
    (nbclient's last ``poll(0)``), so a stalled cell never raises; a timeout means that the
    kernel was still computing (a slow cell on a busy machine).
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})
    stalled: list[str] = []
    current: dict = {}

    def started(cell, cell_index: int) -> None:
        current.update(index=cell_index, start=time.monotonic())

    def executed(cell, cell_index: int, execute_reply: dict) -> None:
        done = time.time()
        timing = cell.metadata.get("execution", {})
        sent = [t for t in (_kernel_time(timing.get("shell.execute_reply")),
                            _kernel_time(timing.get("iopub.status.idle"))) if t is not None]
        if sent and done - max(sent) >= stall:
            stalled.append(f"cell {cell_index}: its reply waited {done - max(sent):.1f} s in the client "
                           f"(cell took {time.monotonic() - current['start']:.1f} s)")

    client.on_cell_start = started
    client.on_cell_executed = executed
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except CellTimeoutError:
        error = f"cell {current.get('index')} still computing at its {timeout} s timeout"
    except Exception as exc:  # noqa: BLE001 -- reported, and the stress run goes on
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
    return time.perf_counter() - start, stalled, error


def run_nbconvert(path: Path, timeout: int, stall: float) -> tuple[float, list[str], str | None]:
    """``jupyter nbconvert --execute`` of ``path`` once, as an instructor would run it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / path.name
        cmd = [str(Path(sys.executable).parent / "jupyter"), "nbconvert", "--execute", "--to", "notebook",
               f"--ExecutePreprocessor.timeout={timeout}", "--output", str(out), str(path)]
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=path.parent, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            return seconds, [], done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
        nb = nbformat.read(out, as_version=4)
    stalled = []
    code = [(i, c.get("metadata", {}).get("execution", {})) for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and c.get("metadata", {}).get("execution")]
    # nbconvert keeps no receipt time: a stall shows as the gap between a cell's end and the
    # next cell's start, both by the kernel's clock (the last cell cannot be judged so)
    for (index, timing), (_, following) in zip(code, code[1:], strict=False):
        ended = [t for t in (_kernel_time(timing.get("shell.execute_reply")),
                             _kernel_time(timing.get("iopub.status.idle"))) if t is not None]
        begun = _kernel_time(following.get("iopub.status.busy"))
        if ended and begun and begun - max(ended) >= stall:
            stalled.append(f"cell {index}: the next cell began {begun - max(ended):.1f} s after its reply")
    return seconds, stalled, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter, book/0*.ipynb")
    parser.add_argument("-n", "--runs", type=int, default=30, help="runs of each notebook (default 30)")
    parser.add_argument("--timeout", type=int, default=60, help="per-cell timeout in seconds (default 60)")
    parser.add_argument("--stall", type=float, default=5.0,
                        help="a reply held this many seconds in the client is a stall (default 5)")
    parser.add_argument("--via", choices=("nbclient", "nbconvert"), default="nbclient",
                        help="nbclient in this process (default) or `jupyter nbconvert --execute`")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.timeout < 1 or not 0 < args.stall < args.timeout:
        parser.error("need --runs >= 1, --timeout >= 1 and 0 < --stall < --timeout")
    notebooks = [p.resolve() for p in args.notebooks] or CHAPTERS
    os.environ.pop(STATIC_ENV, None)  # kernels inherit this environment: live widgets
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    run = run_nbclient if args.via == "nbclient" else run_nbconvert
    summary = []
    for path in notebooks:
        times, stalls, errors = [], 0, 0
        for i in range(1, args.runs + 1):
            seconds, stalled, error = run(path, args.timeout, args.stall)
            times.append(seconds)
            stalls += bool(stalled)
            errors += error is not None
            note = ("STALL " if stalled else "") + "; ".join(stalled) + (f" ERROR {error}" if error else "")
            print(f"{path.name} run {i}/{args.runs}: {seconds:6.1f} s  {note or 'ok'}", flush=True)
        summary.append((path.name, len(times), stalls, errors, times))
    print(f"\n{'notebook':<30} runs stalls errors   min  median    max"
          f"  (s; {args.via}, cell timeout {args.timeout} s)")
    for name, runs, stalls, errors, times in summary:
        print(f"{name:<30} {runs:4d} {stalls:6d} {errors:6d} {min(times):6.1f} "
              f"{statistics.median(times):7.1f} {max(times):6.1f}")
    runs, stalls, errors = (sum(row[k] for row in summary) for k in (1, 2, 3))
    print(f"total: {runs} runs, {stalls} with a stall, {errors} with an error")
    return 1 if stalls or errors else 0


if __name__ == "__main__":
    sys.exit(main())
