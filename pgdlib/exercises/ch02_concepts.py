"""Checker for chapter 2 (solution concepts): find and classify the critical points of a cubic."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from pgdlib.diagnostics import classify_point
from pgdlib.exercises.base import CheckResult, call_answer, failed, not_solved, passed
from pgdlib.objectives import Objective

__all__ = ["check_critical_points", "exercise_cubic"]

EXERCISE = "ex-concepts-code"
VERDICTS = ("local minimum", "local maximum", "strict saddle", "degenerate")
#: the critical points of exercise_cubic and their verdicts
TRUTH = {(1.0, 0.0): "local minimum", (-1.0, 0.0): "strict saddle"}


def exercise_cubic() -> Objective:
    """The exercise's function ``f(x, y) = x^3 - 3 x + y^2``.

    Gradient ``(3 x^2 - 3, 2 y)``, Hessian ``diag(6 x, 2)``: critical points at ``(1, 0)``
    (Hessian ``diag(6, 2)``, a local minimum) and ``(-1, 0)`` (``diag(-6, 2)``, a strict saddle).
    """
    return Objective.from_callables(
        value=lambda p: p[0] ** 3 - 3 * p[0] + p[1] ** 2,
        grad=lambda p: np.array([3 * p[0] ** 2 - 3, 2 * p[1]]),
        hess=lambda p: np.array([[6 * p[0], 0.0], [0.0, 2.0]]),
        dim=2,
        name="x^3 - 3x + y^2",
    )


def _point(key: object) -> np.ndarray | None:
    try:
        p = np.asarray(key, dtype=float)
    except Exception:  # noqa: BLE001 - a key numpy cannot read is no point
        return None
    return p if p.shape == (2,) and np.all(np.isfinite(p)) else None


def check_critical_points(critical_points) -> CheckResult:
    """Check ``critical_points()``: a dict ``{(x, y): verdict}`` of every critical point of
    :func:`exercise_cubic`.

    The answer is the function (or the dict it returns). Each point must have zero gradient,
    its verdict must be one of ``'local minimum'``, ``'local maximum'``, ``'strict saddle'``
    and ``'degenerate'`` and be what :func:`~pgdlib.diagnostics.classify.classify_point` says,
    no point may appear twice, and no critical point may be missing.
    """
    if critical_points is None or critical_points is Ellipsis:
        return not_solved(EXERCISE)
    answer = critical_points
    if callable(critical_points):
        answer = call_answer(EXERCISE, critical_points)
        if isinstance(answer, CheckResult):
            return answer
    if not isinstance(answer, Mapping):
        return failed(EXERCISE, "return a dict mapping each point (x, y) to its verdict, "
                      f"got {type(answer).__name__}")
    f = exercise_cubic()
    seen: dict[tuple, str] = {}
    for key, verdict in answer.items():
        p = _point(key)
        if p is None:
            return failed(EXERCISE, f"{key!r} is not a point (x, y) of two finite numbers")
        if not isinstance(verdict, str) or verdict not in VERDICTS:
            return failed(EXERCISE, f"the verdict for {tuple(p.tolist())} is {verdict!r}: use one of "
                          + ", ".join(repr(v) for v in VERDICTS))
        if np.linalg.norm(f.grad(p)) > 1e-6:
            if np.linalg.norm(f.grad(p[::-1])) <= 1e-6:
                return failed(EXERCISE, f"{tuple(p.tolist())} is not a critical point, but "
                              f"{tuple(p[::-1].tolist())} is: write each point as (x, y), not (y, x)")
            return failed(EXERCISE, f"{tuple(p.tolist())} is not a critical point: the gradient "
                          f"(3x^2 - 3, 2y) there is {f.grad(p).tolist()}")
        rounded = tuple(np.round(p, 6).tolist())
        if rounded in seen:
            return failed(EXERCISE, f"{rounded} appears twice: give each critical point once")
        c = classify_point(f, p)
        if verdict != c.verdict:
            return failed(EXERCISE, f"{rounded} is a {c.verdict}, not a {verdict} "
                          f"(Hessian diag(6x, 2) has eigenvalues {c.eigenvalues.tolist()} there)")
        seen[rounded] = verdict
    missing = [p for p in TRUTH if tuple(np.round(p, 6)) not in seen]
    if missing:
        return failed(EXERCISE, f"{len(missing)} critical point(s) missing: 3x^2 - 3 = 0 has two "
                      "solutions, and 2y = 0 one")
    return passed(EXERCISE, "both critical points found and classified")
