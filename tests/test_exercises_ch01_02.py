"""Checkers of chapters 1-2 accept the reference answer and reject plausible mistakes."""

from __future__ import annotations

import numpy as np

from pgdlib.exercises import check_critical_points, check_descent_guarantee


def reference_guarantee(f, x, eta):
    g = f.grad(x)
    return eta / 2 * float(g @ g)


def test_descent_guarantee_accepts_reference_and_rejects_mistakes() -> None:
    assert check_descent_guarantee(reference_guarantee).ok
    wrong_factor = check_descent_guarantee(lambda f, x, eta: eta * float(f.grad(x) @ f.grad(x)))
    assert not wrong_factor.ok and "twice" in wrong_factor.message
    unsquared = check_descent_guarantee(lambda f, x, eta: eta / 2 * float(np.linalg.norm(f.grad(x))))
    assert not unsquared.ok and "squared" in unsquared.message
    measured = check_descent_guarantee(lambda f, x, eta: float(f.value(x) - f.value(x - eta * f.grad(x))))
    assert not measured.ok and "measured decrease" in measured.message


def test_descent_guarantee_not_yet_solved() -> None:
    def stub(f, x, eta):
        raise NotImplementedError

    for answer in (None, stub):
        result = check_descent_guarantee(answer)
        assert not result.ok and not result.solved and "not yet solved" in repr(result)


def test_critical_points_accepts_reference_and_rejects_mistakes() -> None:
    assert check_critical_points({(1, 0): "local minimum", (-1, 0): "strict saddle"}).ok
    swapped = check_critical_points({(1, 0): "strict saddle", (-1, 0): "local minimum"})
    assert not swapped.ok and "is a local minimum" in swapped.message
    missing = check_critical_points({(1, 0): "local minimum"})
    assert not missing.ok and "missing" in missing.message
    not_critical = check_critical_points({(0, 0): "strict saddle"})
    assert not not_critical.ok and "not a critical point" in not_critical.message
    maximum = check_critical_points({(1, 0): "local minimum", (-1, 0): "local maximum"})
    assert not maximum.ok
    assert not check_critical_points(None).solved
