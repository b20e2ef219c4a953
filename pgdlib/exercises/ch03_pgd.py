"""Checker for chapter 3 (perturbed gradient descent): the random jump."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pgdlib.exercises.base import CheckResult, failed, not_solved, passed

__all__ = ["check_jump"]

EXERCISE = "ex-pgd-jump"


def check_jump(jump: Callable | None) -> CheckResult:
    r"""Check ``jump(rng, d, r)``: one draw of :math:`\xi` uniform in the ball :math:`B(0, r)`.

    In the ball of :math:`\mathbb R^d`, :math:`P(\|\xi\| \le s r) = s^d`; the check draws 4000
    samples for ``d = 2`` and ``d = 5`` and compares the fraction inside radius ``r/2`` with
    :math:`2^{-d}`, the largest norm with ``r``, and the mean with zero (lecture notes 6.2.1).
    """
    if jump is None:
        return not_solved(EXERCISE)
    rng = np.random.default_rng(12345)
    for d, r in [(2, 0.5), (5, 2.0)]:
        try:
            xs = np.array([np.asarray(jump(rng, d, r), dtype=float) for _ in range(4000)])
        except NotImplementedError:
            return not_solved(EXERCISE)
        except (TypeError, ValueError) as err:
            return failed(EXERCISE, f"jump(rng, {d}, {r}) must return a vector of length {d}: {err}")
        if xs.shape != (4000, d):
            return failed(EXERCISE, f"jump(rng, {d}, {r}) must return a vector of shape ({d},), "
                          f"got shape {xs.shape[1:]}")
        norms = np.linalg.norm(xs, axis=1)
        if np.allclose(norms, r, rtol=1e-6):
            return failed(EXERCISE, "every sample has norm exactly r: that is the sphere, not the ball")
        if norms.max() > r * (1 + 1e-9):
            return failed(EXERCISE, f"samples of norm up to {norms.max():.3g} leave the ball of radius {r} "
                          "(a cube or an unscaled Gaussian?)")
        inside = float(np.mean(norms <= r / 2))
        if abs(inside - 0.5**d) > 0.03:
            return failed(EXERCISE, f"in dimension {d}, {inside:.3f} of the samples lie within r/2, but a "
                          f"uniform sample of the ball has {0.5**d:.3f} there: scale the norm by U^(1/d)")
        if np.linalg.norm(xs.mean(axis=0)) > 0.1 * r:
            return failed(EXERCISE, "the samples are not centred at 0")
        if np.max(np.abs(xs[1:] - xs[:-1])) == 0:
            return failed(EXERCISE, "the samples do not vary: use the generator rng")
    return passed(EXERCISE, "norms at most r, distributed like a uniform draw from the ball (d = 2, 5)")
