"""Checker for chapter 7 (the theorem in practice): the slope of escape time against log d."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pgdlib.exercises.base import CheckResult, failed, not_solved, numeric_answer, passed

__all__ = ["check_escape_slope"]

EXERCISE = "ex-practice-slope"
ETA = 0.5
DIMS = (10, 100, 1000, 10000)


def _fit(times: dict) -> float:
    d = np.array(list(times), dtype=float)
    return float(np.polyfit(np.log(d), [np.median(times[k]) for k in times], 1)[0])


def _synthetic() -> list[tuple[str, dict]]:
    """Data sets whose medians, means, end points and dimensions differ, so each slip shows."""
    rng = np.random.default_rng(7)
    out = []
    # skewed escape steps (mean well above the median); medians not on a line
    dims = (5, 50, 400, 3000, 20000)
    base = {d: 3.0 + 2.0 * np.log(d) + 0.3 * np.log(d) ** 1.5 for d in dims}
    out.append(("skewed steps in d = 5 ... 20000",
                {d: np.round(base[d] + rng.exponential(4.0 + d**0.2, size=301)).astype(int) for d in dims}))
    # dimensions listed from the largest down, an even number of runs
    dims = (8000, 700, 60, 4)
    out.append(("d = 8000, 700, 60, 4, listed from the largest",
                {d: np.round(10 + 0.8 * np.log(d) ** 2 + rng.exponential(2.0, size=200)).astype(int)
                 for d in dims}))
    return out


def _measured() -> dict:
    from pgdlib.diagnostics.dimension import escape_times_by_dimension

    return escape_times_by_dimension(list(DIMS), eta=ETA, n_runs=200)


def _diagnose(value: float, times: dict) -> str | None:
    d = np.array(list(times), dtype=float)
    med = np.array([np.median(times[k]) for k in times])
    mean = np.array([np.mean(times[k]) for k in times])
    fit = np.polyfit(np.log(d), med, 1)
    mistakes = [
        (np.polyfit(np.log(d), mean, 1)[0], "this is the slope of the mean escape step: fit the median"),
        (np.polyfit(np.log10(d), med, 1)[0], "this is the slope against log10 d: fit against the natural "
         "log np.log(d)"),
        (np.polyfit(d, med, 1)[0], "this is the slope against d itself: fit against np.log(d)"),
        (fit[1], "this is the intercept: np.polyfit returns the highest power first, the slope is [0]"),
        (np.polyfit(med, np.log(d), 1)[0], "this is the slope of log d against the median: the median "
         "escape step is y, log d is x"),
        ((med[-1] - med[0]) / (np.log(d[-1]) - np.log(d[0])), "this is the slope between the first and "
         "last dimension only: fit a least-squares line through every (log d, median)"),
        (-fit[0], "wrong sign: the median escape step grows with d"),
    ]
    for wrong, message in mistakes:
        if np.isclose(value, wrong, rtol=1e-6, atol=1e-12):
            return message
    return None


def check_escape_slope(escape_slope: Callable | None) -> CheckResult:
    r"""Check ``escape_slope(times)``: the least-squares slope of the median escape step against
    :math:`\log d` (natural log), for ``times = {d: escape steps}`` as
    :func:`~pgdlib.diagnostics.dimension.escape_times_by_dimension` returns it.

    The function is called on two made-up data sets (skewed steps, medians off a line,
    dimensions in either order), where it must give the least-squares slope of
    ``(log d, median)`` to ``1e-6``, and on the chapter's measurement for
    ``d = 10, 100, 1000, 10000`` (``eta = 0.5``, 200 runs), whose slope is set beside the
    prediction :math:`1/(2\log(1+\eta)) \approx 1.233` of chapter 7.
    """
    if escape_slope is None or escape_slope is Ellipsis:
        return not_solved(EXERCISE)
    if not callable(escape_slope):
        return failed(EXERCISE, f"the answer is a function escape_slope(times), got "
                      f"{type(escape_slope).__name__}: a typed-in number cannot follow the data")
    data = [*_synthetic(), ("the chapter's measurement", _measured())]
    got = []
    for where, times in data:
        value = numeric_answer(EXERCISE, escape_slope, {d: t.copy() for d, t in times.items()})
        if isinstance(value, CheckResult):
            if value.solved and "raised KeyError" in value.message:
                return failed(EXERCISE, value.message + f" (on {where}): take the dimensions from "
                              "times itself, list(times), not from a fixed list")
            return value
        got.append(value)
    expected = [_fit(times) for _, times in data]
    predicted = 1.0 / (2.0 * np.log1p(ETA))
    if np.ptp(got) < 1e-9 and not np.allclose(got, expected, rtol=1e-6):
        typed = (" (the prediction)" if np.isclose(got[0], predicted, rtol=0.01)
                 else " (the chapter's measured slope)" if np.isclose(got[0], expected[-1], rtol=0.01)
                 else "")
        return failed(EXERCISE, f"the same slope {got[0]:.4g}{typed} for every data set: compute it "
                      "from times")
    for (where, times), value, want in zip(data, got, expected, strict=True):
        if np.isclose(value, want, rtol=1e-6, atol=1e-12):
            continue
        message = _diagnose(value, times)
        if message:
            return failed(EXERCISE, f"on {where}: {message}")
        return failed(EXERCISE, f"on {where}: the least-squares slope of the median escape step "
                      f"against log d is {want:.4g}, got {value:.4g}")
    return passed(EXERCISE, f"the least-squares slope on two made-up data sets, and {got[-1]:.3f} steps "
                  f"per unit of log d on the measurement, against the predicted {predicted:.3f}")
