"""Checkers of chapters 5-6 accept the reference answer and reject plausible mistakes."""

from __future__ import annotations

import numpy as np

import pgdlib as pg
from pgdlib.exercises import check_repulsion_gap, check_stuck_fraction


def _fraction(sampler, sign: float = 1.0):
    def stuck_fraction(delta, d, radius, T, F, eta, n, seed):
        f = pg.QuadraticSaddle([-sign * delta] + [0.0] * (d - 1))
        w = sampler(seed, d, radius, n)
        w_T = pg.gd(f, w, eta, T).iterates[-1]
        return float(np.mean(f.value(w) - f.value(w_T) < F))

    return stuck_fraction


def test_stuck_fraction_accepts_reference_and_rejects_mistakes() -> None:
    assert check_stuck_fraction(_fraction(pg.sample_ball)).ok
    sphere = check_stuck_fraction(_fraction(pg.sample_sphere))
    assert not sphere.ok and "sphere" in sphere.message
    sign = check_stuck_fraction(_fraction(pg.sample_ball, sign=-1.0))
    assert not sign.ok and "sign" in sign.message
    escaped = check_stuck_fraction(lambda *a: 1 - _fraction(pg.sample_ball)(*a))
    assert not escaped.ok


def test_repulsion_gap_accepts_reference_and_rejects_mistakes() -> None:
    assert check_repulsion_gap(lambda eta, delta, beta, t: (1 + eta * delta) ** t * beta).ok
    notes = check_repulsion_gap(lambda eta, delta, beta, t: (1 + eta * beta * delta) ** t)
    assert not notes.ok and "notes" in notes.message
    off = check_repulsion_gap(lambda eta, delta, beta, t: (1 + eta * delta) ** (t + 1) * beta)
    assert not off.ok and "off by one" in off.message
    no_beta = check_repulsion_gap(lambda eta, delta, beta, t: (1 + eta * delta) ** t)
    assert not no_beta.ok


def test_not_yet_solved() -> None:
    def stub(*args):
        raise NotImplementedError

    for check in (check_stuck_fraction, check_repulsion_gap):
        for answer in (None, stub):
            result = check(answer)
            assert not result.ok and not result.solved
