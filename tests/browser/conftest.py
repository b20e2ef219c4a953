"""Print the size of every page of the book after the browser tests (see test_page_size)."""

from __future__ import annotations

_SIZES: dict[str, int] = {}


def pytest_runtest_logreport(report):
    if report.when == "call":
        for key, value in report.user_properties:
            if key == "page_bytes":
                path, size = value
                _SIZES[path] = size


def pytest_terminal_summary(terminalreporter):
    if not _SIZES:
        return
    terminalreporter.section("page sizes (HTML with its images; limit 2 MiB)")
    for path, size in sorted(_SIZES.items()):
        terminalreporter.write_line(f"{size / 1e6:8.2f} MB  {size:>10,d} B  {path}")
