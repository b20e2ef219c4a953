"""Time of each stage of ``make test`` on a fresh clone, run one after the other.

Run ``python benchmarks/bench_make.py`` from the repository root (or
``make bench BENCH="--only make"``). The committed ``HEAD`` is cloned into a temporary folder,
and there ``make venv`` and then each target of ``make test``, in its order, is run and timed
on its own (with ``CI=true``, as ``.ci/run`` sets it). Their sum is what ``make test`` costs a
newcomer on a fresh clone; the pip cache and the Debian packages (Chromium, npm) of this
machine are used as they are. Goals (issue 15): ``make check`` <= 180 s from a warm ``.venv``,
``make test`` <= 600 s.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECK = ["lint", "test-lib", "test-notebooks"]


def test_targets() -> list[str]:
    """The prerequisites of ``make test``, in order, as the Makefile lists them."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    line = re.search(r"^test:(.*)$", text, flags=re.MULTILINE).group(1).split()
    return [t for name in line for t in (CHECK if name == "check" else [name])]


def rows() -> list[tuple[str, float, float | None, str]]:
    """(name, seconds, goal seconds or None, note), one per target, then the two sums."""
    out, times = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        env = dict(os.environ, CI="true")
        for target in ["venv", *test_targets()]:
            start = time.perf_counter()
            done = subprocess.run(["make", target], cwd=clone, env=env, capture_output=True, text=True)
            times[target] = time.perf_counter() - start
            if done.returncode != 0:
                raise RuntimeError(f"make {target} failed on a fresh clone:\n{done.stdout[-3000:]}"
                                   f"\n{done.stderr[-3000:]}")
            out.append((f"make {target}", times[target], None, "fresh clone, after the targets above"))
    check = sum(times[t] for t in CHECK)
    out.append(("make check (its targets, warm .venv)", check, 180.0, ", ".join(CHECK)))
    out.append(("make test on a fresh clone (sum)", sum(times.values()), 600.0,
                "make venv, then every target of make test"))
    return out


def main() -> None:
    for name, seconds, goal, note in rows():
        print(f"{name:<40} {seconds:8.1f} s  {'' if goal is None else f'goal {goal:.0f} s'}  {note}")


if __name__ == "__main__":
    main()
