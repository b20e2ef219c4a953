"""Chapter 3 and 4 checkers accept the reference answers and reject plausible mistakes."""

import numpy as np

import pgdlib as pg
from pgdlib.exercises import check_lecture_pgd, check_trap_radius


def lecture_pgd(f, x0, eta, r, T, F, steps, rng, late=0, both=False, from_before=False, sphere=False):
    x = np.array(x0, dtype=float)
    s, f_s = 0, f.value(x)
    jumps = []
    for t in range(steps):
        if t - s == T + late:
            if f_s - f.value(x) < F:
                xi = (pg.sample_sphere if sphere else pg.sample_ball)(rng, x.size, r)
                f_before = f.value(x)
                x = x + xi - (eta * f.grad(x + xi) if both else 0.0)
                jumps.append(t)
                s, f_s = t + 1, (f_before if from_before else f.value(x))
                continue
            s, f_s = t, f.value(x)
        x = x - eta * f.grad(x)
    return x, jumps


def test_lecture_pgd_reference():
    assert check_lecture_pgd(lecture_pgd).ok


def test_lecture_pgd_rejects():
    variants = {
        "late": dict(late=1),
        "both": dict(both=True),
        "from_before": dict(from_before=True),
        "sphere": dict(sphere=True),
    }
    for name, kw in variants.items():
        res = check_lecture_pgd(lambda *a, kw=kw: lecture_pgd(*a, **kw))
        assert not res.ok and res.solved, name
    res = check_lecture_pgd(lambda f, x0, *a: (x0, []))
    assert not res.ok and "no jump" in res.message
    res = check_lecture_pgd(lambda *a: 3.0)
    assert not res.ok and "pair" in res.message


def test_lecture_pgd_not_solved():
    def stub(*args):
        raise NotImplementedError

    assert not check_lecture_pgd(None).solved
    assert not check_lecture_pgd(stub).solved


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
