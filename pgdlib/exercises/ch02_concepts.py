"""Checker for chapter 2 (solution concepts): find and classify the critical points of a cubic."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from pgdlib.diagnostics import classify_point
from pgdlib.exercises.base import CheckResult, failed, not_solved, passed
from pgdlib.objectives import Objective

__all__ = ["check_critical_points", "exercise_cubic"]

EXERCISE = "ex-concepts-code"


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


def check_critical_points(answer: Mapping | None) -> CheckResult:
    """Check a mapping ``{(x, y): verdict}`` of every critical point of :func:`exercise_cubic`.

    Each point must have zero gradient, its verdict must be what
    :func:`~pgdlib.diagnostics.classify.classify_point` says, and no critical point may be missing.
    """
    if answer is None:
        return not_solved(EXERCISE)
    if not isinstance(answer, Mapping):
        return failed(EXERCISE, "give a dict mapping each point (x, y) to its verdict")
    f = exercise_cubic()
    truth = {(1.0, 0.0): "local minimum", (-1.0, 0.0): "strict saddle"}
    for point, verdict in answer.items():
        p = np.asarray(point, dtype=float)
        if p.shape != (2,):
            return failed(EXERCISE, f"{point!r} is not a point (x, y)")
        if np.linalg.norm(f.grad(p)) > 1e-6:
            return failed(EXERCISE, f"{tuple(p)} is not a critical point: the gradient there is {f.grad(p)}")
        expected = classify_point(f, p).verdict
        if verdict != expected:
            return failed(EXERCISE, f"{tuple(p)} is a {expected}, not a {verdict!r} "
                          f"(Hessian eigenvalues {classify_point(f, p).eigenvalues})")
    found = {tuple(np.round(np.asarray(p, dtype=float), 6)) for p in answer}
    missing = [p for p in truth if p not in found]
    if missing:
        return failed(EXERCISE, f"{len(missing)} critical point(s) missing: "
                      "solve grad f = 0 in both coordinates")
    return passed(EXERCISE, "both critical points found and classified")
