"""Checker for chapter 3 (perturbed gradient descent): the lecture's rule from scratch."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pgdlib.algorithms.perturbed import perturbed_gd
from pgdlib.exercises.base import CheckResult, call_answer, failed, not_solved, passed
from pgdlib.objectives import DoubleWell, QuadraticSaddle

__all__ = ["check_lecture_pgd"]

EXERCISE = "ex-pgd-code"

#: (objective, x0, eta, r, T, F, steps, seed) the checker runs
_CASES = [
    (DoubleWell(), [0.0, 0.0], 0.5 / 5.75, 0.05, 10, 1e-3, 200, 0),
    (DoubleWell(), [0.0, 0.0], 0.5 / 5.75, 0.05, 10, 1e-3, 200, 1),
    (QuadraticSaddle([1.0, -0.5, 2.0]), [0.3, 0.0, -0.2], 0.2, 0.1, 5, 1e-2, 60, 7),
]


def check_lecture_pgd(lecture_pgd: Callable | None) -> CheckResult:
    r"""Check ``lecture_pgd(f, x0, eta, r, T, F, steps, rng)``: the lecture's PGD, from scratch.

    The answer returns ``(x, jumps)``: the last point and the steps at which it jumped. On
    the double well from the saddle (two seeds) and on a quadratic saddle in
    :math:`\mathbb R^3` that makes progress in some epochs, it is run with
    ``numpy.random.default_rng(seed)`` and compared with
    :func:`~pgdlib.algorithms.perturbed.perturbed_gd` on the same seed: the same jump
    steps, and the same final point to ``1e-10``.
    """
    if lecture_pgd is None or lecture_pgd is Ellipsis:
        return not_solved(EXERCISE)
    for f, x0, eta, r, T, F, steps, seed in _CASES:
        x0 = np.array(x0)
        where = f"on the {f.name} from {x0.tolist()} (eta={eta:.3g}, r={r}, T={T}, F={F}, seed={seed})"
        answer = call_answer(EXERCISE, lecture_pgd, f, x0.copy(), eta, r, T, F, steps,
                             np.random.default_rng(seed))
        if isinstance(answer, CheckResult):
            return answer
        try:
            x, jumps = answer
            x = np.asarray(x, dtype=float)
            jumps = [int(t) for t in jumps]
        except Exception:  # noqa: BLE001 - TypeError, ValueError, OverflowError, or a strange object
            return failed(EXERCISE, "lecture_pgd must return a pair (x, jumps): the last point and "
                          "the list of steps at which it jumped")
        if x.shape != x0.shape or not np.all(np.isfinite(x)):
            if x.shape == x0.shape:
                return failed(EXERCISE, f"{where}: the last point is not finite: {x.tolist()}")
            return failed(EXERCISE, f"the last point must have shape {x0.shape}, got {x.shape}")
        ref = perturbed_gd(f, x0, eta=eta, radius=r, epoch=T, threshold=F, steps=steps, seed=seed)
        expected = [int(t) for t in ref.perturbation_steps]
        if jumps != expected:
            if not jumps:
                return failed(EXERCISE, f"{where}: no jump, but pg.perturbed_gd jumps at steps "
                              f"{expected}: an epoch that lowers f by less than F ends in a jump")
            k = next((i for i, (a, b) in enumerate(zip(jumps, expected, strict=False)) if a != b),
                     min(len(jumps), len(expected)))
            if k == 0 and len(expected) > 0 and jumps[0] == expected[0] + 1:
                return failed(EXERCISE, f"{where}: your first jump is at step {jumps[0]}, one step late: "
                              f"the epoch that starts at step s ends at step s + T, and that step is "
                              f"the jump (pg.perturbed_gd jumps at {expected[0]})")
            return failed(EXERCISE, f"{where}: your jumps are at steps {jumps}, pg.perturbed_gd's at "
                          f"{expected}; they first differ at jump {k + 1}. Check the epoch clock (after a "
                          "jump at step t the next epoch starts at t + 1 and measures its decrease from "
                          "f(x_{t+1}); after an epoch with enough progress the next one starts at t), "
                          "that the jump replaces the gradient step, and that each jump is "
                          "pg.sample_ball(d, r, seed=rng)")
        if not np.allclose(x, ref.x, rtol=0, atol=1e-10):
            return failed(EXERCISE, f"{where}: the jumps are at the right steps, but the last point is "
                          f"{np.round(x, 6).tolist()}, not {np.round(ref.x, 6).tolist()}: the jump "
                          "replaces the gradient step (x_{t+1} = x_t + xi), and each xi is "
                          "pg.sample_ball(d, r, seed=rng) drawn from the rng passed in")
    return passed(EXERCISE, "same jump steps and same last point as pg.perturbed_gd on the same seed "
                  "(double well, two seeds; a saddle in R^3)")
