"""Checker for chapter 5 (release: random jumps and the stuck region)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pgdlib.diagnostics.stuck import ball_slab_fraction, quadratic_stuck_region
from pgdlib.exercises.base import CheckResult, failed, not_solved, numeric_answer, passed
from pgdlib.objectives import QuadraticSaddle

__all__ = ["check_stuck_fraction"]

EXERCISE = "ex-release-code"

#: (delta, d, radius, T, F, eta, n) the checker tries: the stuck fraction ranges from 0.08 to 0.41
#: and the dimension from 1 to 20, so a start distribution other than the ball shows in some
_CASES = [(0.5, 2, 0.1, 10, 0.01, 0.5, 20000), (0.5, 5, 0.1, 10, 0.01, 0.5, 20000),
          (1.0, 3, 0.2, 5, 0.02, 0.3, 20000), (0.5, 1, 0.1, 10, 0.01, 0.5, 20000),
          (2.0, 10, 0.3, 8, 0.05, 0.25, 20000), (1.0, 20, 0.5, 6, 0.02, 0.4, 20000)]


def _slab_fraction(delta: float, d: int, r: float, T: int, F: float, eta: float,
                   sphere: bool = False) -> float:
    f = QuadraticSaddle([-delta] + [0.0] * (d - 1))
    h = quadratic_stuck_region(f, radius=r, steps=T, threshold=F, eta=eta).half_width
    if not sphere:
        return ball_slab_fraction(d, r, half_width=h)
    # on the sphere x_1^2 / r^2 ~ Beta(1/2, (d-1)/2): the ball's formula two dimensions down
    if h >= r:
        return 1.0
    if d == 1:
        return 0.0
    return ball_slab_fraction(d - 2, r, half_width=h) if d > 2 else 2 / np.pi * np.arcsin(h / r)


def check_stuck_fraction(stuck_fraction: Callable | None) -> CheckResult:
    r"""Check ``stuck_fraction(delta, d, radius, T, F, eta, n, seed)``.

    The answer should estimate, from ``n`` starts uniform in the ball :math:`B(0, r)`, the
    fraction that gradient descent on :math:`f(x) = -\tfrac{\delta}{2}x_1^2` in
    :math:`\mathbb R^d` (``T`` steps of size ``eta``) lowers by less than ``F``. Checked:

    * it is a Monte Carlo fraction: a count over ``n`` (``n = 7`` and ``n = 20000``), the same
      for the same ``seed``;
    * in six settings (``d`` from 1 to 20) it agrees with the closed form
      :math:`I_{h^2/r^2}(\tfrac12, \tfrac{d+1}{2})`
      (:func:`~pgdlib.diagnostics.stuck.ball_slab_fraction`) within five standard errors; a
      start distribution other than the ball's (the sphere, a line, a cube, a Gaussian) fails
      in some of them.
    """
    if stuck_fraction is None or stuck_fraction is Ellipsis:
        return not_solved(EXERCISE)
    small = (0.5, 3, 0.1, 10, 0.01, 0.5, 7)
    value = numeric_answer(EXERCISE, stuck_fraction, *small, 0)
    if isinstance(value, CheckResult):
        return value
    if not 0.0 <= value <= 1.0:
        return failed(EXERCISE, f"a fraction lies in [0, 1], got {value:.4g}")
    if abs(value * 7 - round(value * 7)) > 1e-9:
        return failed(EXERCISE, f"with n = 7 starts the fraction should be a count over 7, got {value:.6g}: "
                      "estimate it by Monte Carlo (the mean of stuck over the n starts), not by a formula")
    values = []
    for case in _CASES:
        value = numeric_answer(EXERCISE, stuck_fraction, *case, 0)
        if isinstance(value, CheckResult):
            return value
        values.append(value)
    if np.ptp(values) == 0:
        return failed(EXERCISE, f"the same fraction {values[0]:.4f} in six different settings: compute "
                      "it from the arguments")
    for (delta, d, r, T, F, eta, n), value in zip(_CASES, values, strict=True):
        where = f"for delta={delta}, d={d}, r={r}, T={T}, F={F}, eta={eta}, n={n}"
        if not 0.0 <= value <= 1.0:
            return failed(EXERCISE, f"{where}: a fraction lies in [0, 1], got {value:.4g}")
        if abs(value * n - round(value * n)) > 1e-6:
            return failed(EXERCISE, f"{where}: {value:.6g} is not a count over n = {n}: estimate the "
                          "fraction by Monte Carlo, not by a formula")
        expected = _slab_fraction(delta, d, r, T, F, eta)
        tol = 5 * np.sqrt(expected * (1 - expected) / n) + 1e-3
        if abs(value - expected) <= tol:
            again = numeric_answer(EXERCISE, stuck_fraction, delta, d, r, T, F, eta, n, 0)
            if isinstance(again, CheckResult):
                return again
            if again != value:
                return failed(EXERCISE, f"{where}: two calls with seed = 0 give {value:.4f} and {again:.4f}: "
                              "draw the starts from the seed (pg.sample_ball(d, radius, size=n, seed=seed)), "
                              "not from numpy's global random state")
            continue
        if value > 0.97:
            return failed(EXERCISE, f"{where}: almost every start is stuck ({value:.4f}): check the sign "
                          "of the curvature (the saddle is -delta/2 x_1^2, negative along u) and that "
                          "stuck means f(w) - f(w_T) < F")
        if abs(value - (1 - expected)) <= tol:
            return failed(EXERCISE, f"{where}: {value:.4f} is the fraction that escapes, not the "
                          "fraction stuck")
        sphere = _slab_fraction(delta, d, r, T, F, eta, sphere=True)
        if abs(value - sphere) <= tol:
            return failed(EXERCISE, f"{where}: {value:.4f} is the fraction of starts on the sphere "
                          "||x|| = r, not in the ball: use pg.sample_ball")
        return failed(EXERCISE, f"{where}: expected about {expected:.4f} for starts uniform in the ball, "
                      f"got {value:.4f}: are the starts uniform in B(0, radius) (pg.sample_ball), "
                      "and is a start stuck when f(w) - f(w_T) < F?")
    return passed(EXERCISE, "a Monte Carlo fraction of starts uniform in the ball: it agrees with the "
                  "closed form in six settings, d = 1 to 20")
