"""Time of each stage of ``make test``, run one after the other on this checkout.

Run ``python benchmarks/bench_make.py`` from the repository root (or
``make bench BENCH="--only make"``): each target of ``make test`` in its order, timed on its own, with
``.venv`` warm and everything else as the previous target left it (so ``test-book`` is the
build and ``test-browser`` only the browser tests). The reader's venv is removed first, so
``test-binder-env`` includes building it, as on a fresh clone. Goals: ``make check`` <= 180 s,
``make test`` <= 600 s (issue 15).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECK = ["lint", "test-lib", "test-notebooks"]
REST = ["test-book", "test-browser", "test-student", "test-binder-env", "test-frontends"]


def rows() -> list[tuple[str, float, float | None, str]]:
    """(name, seconds, goal seconds or None, note), one per target, then the two sums."""
    shutil.rmtree(ROOT / "_build" / "binder-venv", ignore_errors=True)
    shutil.rmtree(ROOT / "_build" / "html", ignore_errors=True)
    out, times = [], {}
    for target in CHECK + REST:
        start = time.perf_counter()
        subprocess.run(["make", target], cwd=ROOT, check=True, capture_output=True)
        times[target] = time.perf_counter() - start
        out.append((f"make {target}", times[target], None, "one run, after the targets above"))
    check = sum(times[t] for t in CHECK)
    out.append(("make check (sum of its targets)", check, 180.0, ", ".join(CHECK)))
    out.append(("make test (sum of its targets)", check + sum(times[t] for t in REST), 600.0,
                "warm .venv, the reader's venv built anew"))
    return out


def main() -> None:
    for name, seconds, goal, note in rows():
        print(f"{name:<40} {seconds:8.1f} s  {'' if goal is None else f'goal {goal:.0f} s'}  {note}")


if __name__ == "__main__":
    main()
