"""All of the project's speed figures in one table (``make bench``).

Runs the engine, diagnostics, scaling, widget, book, environment and make-stage benchmarks
(``--only`` picks some: ``make bench BENCH="--only env make"``), prints one table with each
median beside its goal, and writes the same rows as JSON to ``_build/bench.json`` and to
``book/bench.json``, the snapshot the status page shows (rows of sections not run keep their
last values there; the status notebook's outputs are stored again). The scaling benchmark
adds the fitted log-log slopes of cost against problem size (goal: 1, linear) and draws
``_build/bench/scaling.png``. The machines are shared and noisy: read the figures as medians
of one run, and the ratios (measured pairwise in the same run) as the robust ones.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_book  # noqa: E402
import bench_diagnostics  # noqa: E402
import bench_engine  # noqa: E402
import bench_env  # noqa: E402
import bench_make  # noqa: E402
import bench_scaling  # noqa: E402
import bench_widgets  # noqa: E402

import pgdlib  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# bench_engine reports (name, value, note); its goals, by row:
ENGINE_GOALS = {
    "speed-up": (50.0, "x", ">="),
    "ratio pgd / plain": (1.0, "x", "<="),
    "ratio gd / bare": (1.0, "x", "<="),
}


def _engine_rows() -> list[dict]:
    out = []
    for name, value, note in bench_engine.bench_batched_pgd() + bench_engine.bench_gd_large():
        goal = next((g for key, g in ENGINE_GOALS.items() if key in name), None)
        if goal is None:
            out.append(dict(name=name.strip(), value=value, unit="s", goal=None, ok=None, note=note))
        else:
            target, unit, sense = goal
            ok = value >= target if sense == ">=" else value <= target
            out.append(dict(name=name.strip(), value=value, unit=unit, goal=f"{sense} {target:g}",
                            ok=ok, note=note))
    return out


def _timed_rows(rows: list[tuple[str, float, float | None, str]]) -> list[dict]:
    return [dict(name=name.strip(), value=seconds, unit="s", goal=None if goal is None else f"<= {goal:g}",
                 ok=None if goal is None else seconds <= goal, note=note)
            for name, seconds, goal, note in rows]


def _scaling_rows(result: bench_scaling.ScalingResult) -> list[dict]:
    """The fitted slopes beside the expected slope 1 (within ``SLOPE_TOLERANCE``)."""
    tol = bench_scaling.SLOPE_TOLERANCE
    out = []
    for name, value, unit, expected, note in bench_scaling.rows(result):
        if expected is None:
            goal, ok = None, None
        else:
            goal, ok = f"{expected:g} +- {tol:g}", abs(value - expected) <= tol
        out.append(dict(name=name, value=value, unit=unit, goal=goal, ok=ok, note=note))
    return out


def _scaling_json(result: bench_scaling.ScalingResult, figure: Path) -> dict:
    """Every measured point, the fits and the figure's path, for ``bench.json``."""
    fits = {m: asdict(result.engine_fit(m)) for m in ("perturbed_gd", "gd")}
    fits["min_eigen"], fits["hvps x one hvp"] = asdict(result.eigen_fit()), asdict(result.hvp_fit())
    return dict(figure=str(figure), fits=fits, **asdict(result))


SECTIONS = ("engine", "diagnostics", "scaling", "widgets", "book", "env", "make")
SNAPSHOT = ROOT / "book" / "bench.json"


def _print(table: list[dict]) -> None:
    print(f"{'benchmark':<52} {'value':>12} {'goal':>10} {'ok':>4}  note")
    print("-" * 110)
    for row in table:
        value = f"{row['value'] * 1e3:9.1f} ms" if row["unit"] == "s" and row["value"] < 1 else (
            f"{row['value']:9.2f} {row['unit']:>2}")
        goal = row["goal"] or ""
        ok = {True: "yes", False: "NO", None: ""}[row["ok"]]
        print(f"{row['name']:<52} {value:>12} {goal:>10} {ok:>4}  {row['note']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=None,
                        help="run these sections only (default: all but make)")
    parser.add_argument("--no-book", action="store_true", help="skip the (minutes-long) book timings")
    args = parser.parse_args()
    sections = args.only or [s for s in SECTIONS if s != "make" and not (args.no_book and s == "book")]
    table, scaling, figure = [], None, None
    for section in sections:
        if section == "engine":
            rows = _engine_rows()
        elif section == "diagnostics":
            rows = _timed_rows([bench_diagnostics.bench_min_eigen(), bench_diagnostics.bench_stuck_region()])
        elif section == "scaling":
            scaling = bench_scaling.measure()
            figure = bench_scaling.plot(scaling)
            rows = _scaling_rows(scaling)
        elif section == "widgets":
            rows = _timed_rows(bench_widgets.rows())
            for row in rows:  # the pages' weights are in MiB, not seconds
                if row["name"].startswith("page weight"):
                    row["unit"] = "MiB"
        elif section == "book":
            rows = _timed_rows(bench_book.rows())
        elif section == "env":
            rows = bench_env.rows()
        else:
            rows = _timed_rows(bench_make.rows())
        table += [dict(row, section=section) for row in rows]
    _print(table)
    meta = dict(pgdlib=pgdlib.__version__, python=platform.python_version(), machine=platform.machine(),
                date=datetime.date.today().isoformat())
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    result = dict(meta=meta, rows=table)
    if scaling is not None:
        result["scaling"] = _scaling_json(scaling, figure)
        print(f"\nscaling figure: {figure}")
    out.write_text(json.dumps(result, indent=2))
    print(f"written to {out}")
    # The snapshot: this run's sections replace theirs, the others keep their last rows.
    old = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {"sections": {}}
    for section in sections:
        old["sections"][section] = dict(meta, rows=[r for r in table if r["section"] == section])
    SNAPSHOT.write_text(json.dumps(old, indent=1) + "\n")
    subprocess.run([sys.executable, str(ROOT / "book" / "_scripts" / "store_outputs.py"),
                    str(ROOT / "book" / "status.ipynb")], check=True)
    print(f"snapshot for the status page: {SNAPSHOT} (book/status.ipynb stored again)")


if __name__ == "__main__":
    main()
