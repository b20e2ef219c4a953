"""Weight of the two environments: the reader's (``requirements.txt``, what Binder installs)
against the maintainer's (``requirements-dev.txt``: the reader's pins plus the book build and
the tests, i.e. what Binder installed before the two were split).

Run ``python benchmarks/bench_env.py`` from the repository root (``make bench`` does). Each
environment is a new venv in a temporary folder, installed by pip with an empty cache of its
own (``PIP_CACHE_DIR`` pointing to an empty folder, so every wheel is fetched from the
registry again, as on a fresh Binder build), then measured on disk (``du``: every file,
bytecode included, as pip leaves it). One measurement each: the install time depends on the
registry's speed that minute, the size does not.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER_GOAL_MB = 400.0
READER_INSTALL_GOAL_S = 300.0


def _du_bytes(path: Path) -> int:
    out = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0])


def measure(requirements: str) -> tuple[float, float, int]:
    """(install seconds, size in MB, number of distributions) of a new venv from ``requirements``."""
    with tempfile.TemporaryDirectory() as tmp:
        venv, cache = Path(tmp) / "venv", Path(tmp) / "pip-cache"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        env = dict(os.environ, PIP_CACHE_DIR=str(cache))
        start = time.perf_counter()
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "-r", str(ROOT / requirements)],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        frozen = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
                                capture_output=True, text=True, check=True).stdout.split()
        return seconds, _du_bytes(venv) / 1e6, len(frozen)


def rows() -> list[dict]:
    """Table rows for ``benchmarks/run.py``: size and install time of each environment."""
    out = []
    reader = measure("requirements.txt")
    dev = measure("requirements-dev.txt")
    for label, (seconds, mb, count), goal_mb, goal_s in (
            ("reader venv (requirements.txt)", reader, READER_GOAL_MB, READER_INSTALL_GOAL_S),
            ("maintainer venv (requirements-dev.txt)", dev, None, None)):
        out.append(dict(name=f"env: {label}, size", value=mb, unit="MB",
                        goal=None if goal_mb is None else f"<= {goal_mb:g}",
                        ok=None if goal_mb is None else mb <= goal_mb,
                        note=f"{count} distributions, du of the venv with bytecode"))
        out.append(dict(name=f"env: {label}, install", value=seconds, unit="s",
                        goal=None if goal_s is None else f"<= {goal_s:g}",
                        ok=None if goal_s is None else seconds <= goal_s,
                        note="pip install -r, empty pip cache"))
    out.append(dict(name="env: reader / maintainer size", value=reader[1] / dev[1], unit="x", goal=None,
                    ok=None, note=f"{reader[1]:.0f} MB against {dev[1]:.0f} MB"))
    return out


def main() -> None:
    for row in rows():
        goal = row["goal"] or ""
        print(f"{row['name']:<52} {row['value']:9.2f} {row['unit']:>2}  {goal:>8}  {row['note']}")


if __name__ == "__main__":
    main()
