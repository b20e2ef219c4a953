"""Tests for the slope fit of benchmarks/bench_scaling.py (no timing is measured or asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_scaling import (  # noqa: E402
    EigenTiming,
    EngineTiming,
    ScalingResult,
    engine_grid,
    fit_loglog_slope,
)


@pytest.mark.parametrize("slope", [0.5, 1.0, 2.0])
def test_fit_recovers_a_known_power_law(slope: float) -> None:
    x = np.logspace(2, 6, 9)
    fit = fit_loglog_slope(x, 3e-7 * x**slope)
    assert fit.slope == pytest.approx(slope, abs=1e-12)
    assert fit.predict(1e4) == pytest.approx(3e-7 * 1e4**slope, rel=1e-10)
    assert (fit.n_points, fit.x_min, fit.x_max) == (9, 1e2, 1e6)


def test_fit_is_least_squares_in_log_space() -> None:
    x = np.logspace(3, 6, 7)
    noise = 10.0 ** np.array([0.05, -0.05, 0.05, -0.05, 0.05, -0.05, 0.05])
    fit = fit_loglog_slope(x, 2e-6 * x * noise)
    assert fit.slope == pytest.approx(np.polyfit(np.log10(x), np.log10(2e-6 * x * noise), 1)[0])
    assert abs(fit.slope - 1.0) < 0.05


def test_crossing_inverts_predict() -> None:
    fit = fit_loglog_slope([1e5, 1e6], [0.05, 0.5])
    assert fit.crossing(1e-3) == pytest.approx(2e3)
    assert fit.predict(fit.crossing(0.2)) == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("x", "y", "match"),
    [
        ([1e3], [1.0], "at least 2 points"),
        ([1e3, 1e3], [1.0, 2.0], "at least 2 points"),
        ([], [], "at least 2 points"),
        ([1e3, 1e4], [1.0], "same length"),
        ([1e3, 0.0], [1.0, 2.0], "positive and finite"),
        ([1e3, 1e4], [1.0, -2.0], "positive and finite"),
        ([1e3, 1e4], [1.0, np.nan], "positive and finite"),
    ],
)
def test_fit_refuses_what_has_no_slope(x: list[float], y: list[float], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        fit_loglog_slope(x, y)


def test_grid_spans_the_size_range_in_order() -> None:
    sizes = [n * d for n, d in engine_grid()]
    assert sizes == sorted(sizes)
    assert (min(sizes), max(sizes)) == (100, 1_000_000)


def test_result_survives_json_and_fits_the_large_points() -> None:
    # a floor of 0.1 ms up to n*d = 1e4, linear beyond
    engine = [EngineTiming(m, n, d, max(1e-4, 1e-8 * n * d)) for n, d in engine_grid() for m in ("gd", "pgd")]
    eigen = [EigenTiming(d, 1e-6 * d, 22, 1e-9 * d, -0.5) for d in (1_000, 10_000, 100_000, 1_000_000)]
    result = ScalingResult.from_json(ScalingResult(engine, eigen, "1").to_json())
    assert result == ScalingResult(engine, eigen, "1")
    assert result.engine_floor("gd") == pytest.approx(1e-4)
    fit = result.engine_fit("gd")
    assert (fit.slope, fit.n_points) == (pytest.approx(1.0), 10)
    assert fit.crossing(result.engine_floor("gd")) == pytest.approx(1e4)
    assert result.eigen_fit().slope == pytest.approx(1.0)
    assert result.hvp_fit().slope == pytest.approx(1.0)
    assert result.hvp_counts() == "22"
