"""Tests of :mod:`pgdlib.exercises.ch05_release`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.exercises import check_repulsion_gap, check_stuck_fraction


def _ball(seed, d, radius, n):
    return pg.sample_ball(d, radius, size=n, seed=seed)


def _sphere(seed, d, radius, n):
    return pg.sample_sphere(d, radius, size=n, seed=seed)


def _fraction(sampler, sign: float = 1.0):
    def stuck_fraction(delta, d, radius, T, F, eta, n, seed):
        f = pg.QuadraticSaddle([-sign * delta] + [0.0] * (d - 1))
        w = sampler(seed, d, radius, n)
        w_T = pg.gd(f, w, eta=eta, steps=T).iterates[-1]
        return float(np.mean(f.value(w) - f.value(w_T) < F))

    return stuck_fraction


def test_stuck_fraction_accepts_reference_and_rejects_mistakes() -> None:
    assert check_stuck_fraction(_fraction(_ball)).ok
    sphere = check_stuck_fraction(_fraction(_sphere))
    assert not sphere.ok and "sphere" in sphere.message
    sign = check_stuck_fraction(_fraction(_ball, sign=-1.0))
    assert not sign.ok and "sign" in sign.message
    escaped = check_stuck_fraction(lambda *a: 1 - _fraction(_ball)(*a))
    assert not escaped.ok


def _sampler_line(seed, d, radius, n):  # every start on one line through 0, in a random direction
    rng = np.random.default_rng(seed)
    u = pg.sample_sphere(d, 1.0, seed=rng)
    return pg.sample_ball(1, radius, size=n, seed=rng) * u


def _sampler_cube(seed, d, radius, n):
    return np.random.default_rng(seed).uniform(-radius, radius, size=(n, d))


def _sampler_gauss(seed, d, radius, n):
    return radius / np.sqrt(d + 2) * np.random.default_rng(seed).standard_normal((n, d))


def _sampler_no_root(seed, d, radius, n):  # length r U instead of r U^(1/d)
    rng = np.random.default_rng(seed)
    return radius * rng.random((n, 1)) * pg.sample_sphere(d, 1.0, size=n, seed=rng)


def _global_rng(delta, d, radius, T, F, eta, n, seed):
    return _fraction(lambda s, *a: _ball(np.random.default_rng(), *a))(
        delta, d, radius, T, F, eta, n, seed)


def _closed_form(delta, d, radius, T, F, eta, n, seed):
    f = pg.QuadraticSaddle([-delta] + [0.0] * (d - 1))
    return pg.quadratic_stuck_region(f, radius=radius, steps=T, threshold=F, eta=eta).fraction


STUCK_MISTAKES = {
    "sphere": (_fraction(_sphere), "sphere"),
    "sign": (_fraction(_ball, sign=-1.0), "sign"),
    "escaped": (lambda *a: 1 - _fraction(_ball)(*a), "escapes"),
    "one line": (_fraction(_sampler_line), "uniform in B(0, radius)"),
    "cube": (_fraction(_sampler_cube), "uniform in B(0, radius)"),
    "gaussian": (_fraction(_sampler_gauss), "uniform in B(0, radius)"),
    "length r U": (_fraction(_sampler_no_root), "uniform in B(0, radius)"),
    "global random state": (_global_rng, "two calls with seed = 0"),
    "closed form, not Monte Carlo": (_closed_form, "count over 7"),
    "constant": (lambda *a: 3 / 7, "the same fraction"),
    "percent": (lambda *a: 100 * _fraction(_ball)(*a), "lies in [0, 1]"),
    "raises": (lambda *a: pg.sample_ball(0, 1.0, seed=0), "raised"),
    "array": (lambda delta, d, *a: np.zeros(d), "must be one number"),
    "string": (lambda *a: "0.27", "must be a number, got str"),
}


@pytest.mark.parametrize("name", list(STUCK_MISTAKES))
def test_stuck_fraction_names_each_mistake(name: str) -> None:
    answer, phrase = STUCK_MISTAKES[name]
    result = check_stuck_fraction(answer)
    assert not result.ok and result.solved, name
    assert phrase in result.message, (name, result.message)


def test_not_yet_solved() -> None:
    def stub(*args):
        raise NotImplementedError

    for check in (check_stuck_fraction, check_repulsion_gap):
        for answer in (None, stub):
            result = check(answer)
            assert not result.ok and not result.solved
