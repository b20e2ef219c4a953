"""Check that the running Python's environment is a reader's: no build or test tool in it.

Usage: ``<reader venv>/bin/python book/_scripts/reader_env.py --check-no-tools``
(``make test-binder-env`` runs it in the venv built from ``requirements.txt`` alone).

The tools are read from the pin files, not listed here: every distribution pinned in
``requirements-dev.txt`` and not in ``requirements.txt`` is a build or test tool, and none may
be installed in the reader's environment. Runs on the standard library alone.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")


def canonical(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(path: Path) -> set[str]:
    """The canonical names pinned with ``==`` in a requirements file (``-r`` lines not followed)."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            names.add(canonical(match.group(1)))
    return names


def tools() -> set[str]:
    """Distributions of the maintainer's environment that a reader does not need."""
    return pinned(ROOT / "requirements-dev.txt") - pinned(ROOT / "requirements.txt")


def installed() -> set[str]:
    return {canonical(d.metadata["Name"]) for d in metadata.distributions()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-no-tools", action="store_true", required=True)
    parser.parse_args(argv)
    present = sorted(tools() & installed())
    if present:
        print(f"the reader's environment holds build or test tools: {', '.join(present)}")
        return 1
    print(f"reader environment: {len(installed())} distributions, none of the {len(tools())} tools")
    return 0


if __name__ == "__main__":
    sys.exit(main())
