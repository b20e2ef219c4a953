"""Checker for chapter 5 (release: random jumps and the stuck region)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pgdlib.diagnostics.stuck import ball_slab_fraction, quadratic_stuck_region
from pgdlib.exercises.base import CheckResult, failed, not_solved, numeric_answer, passed
from pgdlib.objectives import QuadraticSaddle

__all__ = ["check_stuck_fraction"]

EXERCISE = "ex-release-code"

#: (delta, d, radius, T, F, eta, n) the checker tries
_CASES = [(0.5, 2, 0.1, 10, 0.01, 0.5, 20000), (0.5, 5, 0.1, 10, 0.01, 0.5, 20000),
          (1.0, 3, 0.2, 5, 0.02, 0.3, 20000)]


def _slab_fraction(delta: float, d: int, r: float, T: int, F: float, eta: float,
                   sphere: bool = False) -> float:
    f = QuadraticSaddle([-delta] + [0.0] * (d - 1))
    h = quadratic_stuck_region(f, r, T, F, eta).half_width
    if not sphere:
        return ball_slab_fraction(d, r, h)
    # on the sphere x_1^2 / r^2 ~ Beta(1/2, (d-1)/2): the ball's formula one dimension down
    return 1.0 if h >= r else (ball_slab_fraction(d - 2, r, h) if d > 2 else 2 / np.pi * np.arcsin(h / r))


def check_stuck_fraction(stuck_fraction: Callable | None) -> CheckResult:
    r"""Check ``stuck_fraction(delta, d, radius, T, F, eta, n, seed)``.

    The answer should estimate, from ``n`` starts uniform in the ball :math:`B(0, r)`, the
    fraction that gradient descent on :math:`f(x) = -\tfrac{\delta}{2}x_1^2` in
    :math:`\mathbb R^d` (``T`` steps of size ``eta``) lowers by less than ``F``. It is
    compared with the closed form :math:`I_{h^2/r^2}(\tfrac12, \tfrac{d+1}{2})`
    (:func:`~pgdlib.diagnostics.stuck.ball_slab_fraction`) within five standard errors.
    """
    if stuck_fraction is None:
        return not_solved(EXERCISE)
    for delta, d, r, T, F, eta, n in _CASES:
        value = numeric_answer(EXERCISE, stuck_fraction, delta, d, r, T, F, eta, n, 0)
        if isinstance(value, CheckResult):
            return value
        expected = _slab_fraction(delta, d, r, T, F, eta)
        tol = 5 * np.sqrt(expected * (1 - expected) / n) + 1e-3
        if abs(value - expected) <= tol:
            continue
        if not 0.0 <= value <= 1.0:
            return failed(EXERCISE, f"a fraction lies in [0, 1], got {value:.4g}")
        if value > 0.97:
            return failed(EXERCISE, "almost every start is stuck: check the sign of the curvature "
                          "(the saddle is -delta/2 x_1^2, negative along u) and that stuck means "
                          "f(w) - f(w_T) < F")
        if abs(value - (1 - expected)) <= tol:
            return failed(EXERCISE, "this is the fraction that escapes, not the fraction stuck")
        sphere = _slab_fraction(delta, d, r, T, F, eta, sphere=True)
        if abs(value - sphere) <= tol:
            return failed(EXERCISE, "the starts look uniform on the sphere ||x|| = r, not in the ball: "
                          "use pg.sample_ball")
        return failed(EXERCISE, f"for delta={delta}, d={d}, r={r}, T={T}, F={F}, eta={eta}: expected "
                      f"about {expected:.4f}, got {value:.4f}")
    return passed(EXERCISE, "Monte Carlo fraction agrees with the closed form in d = 2, 3, 5")
