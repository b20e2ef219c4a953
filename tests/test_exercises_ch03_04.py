"""Chapter 3 and 4 checkers accept the reference answers and reject plausible mistakes."""

import numpy as np

import pgdlib as pg
from pgdlib.exercises import check_jump, check_trap_radius


def good_jump(rng, d, r):
    v = rng.standard_normal(d)
    return r * rng.uniform() ** (1 / d) * v / np.linalg.norm(v)


def test_jump_reference_and_library():
    assert check_jump(good_jump).ok
    assert check_jump(lambda rng, d, r: pg.sample_ball(rng, d, r)).ok


def test_jump_rejects():
    def sphere(rng, d, r):
        v = rng.standard_normal(d)
        return r * v / np.linalg.norm(v)

    def no_root(rng, d, r):
        v = rng.standard_normal(d)
        return r * rng.uniform() * v / np.linalg.norm(v)

    def cube(rng, d, r):
        return rng.uniform(-r, r, d)

    for wrong in (sphere, no_root, cube):
        res = check_jump(wrong)
        assert not res.ok and res.solved, wrong.__name__


def test_jump_not_solved():
    def stub(rng, d, r):
        raise NotImplementedError

    assert not check_jump(None).solved
    assert not check_jump(stub).solved


def test_trap_radius():
    assert check_trap_radius(lambda eta, T, F: np.sqrt(2 * eta * T * F)).ok
    for wrong in (lambda eta, T, F: 2 * eta * T * F, lambda eta, T, F: np.sqrt(eta * T * F),
                  lambda eta, T, F: np.sqrt(2 * eta * F), lambda eta, T, F: T * np.sqrt(2 * eta * F)):
        res = check_trap_radius(wrong)
        assert not res.ok and res.solved

    def stub(eta, T, F):
        raise NotImplementedError

    assert not check_trap_radius(stub).solved
    assert not check_trap_radius(None).solved
