"""Tests of :mod:`pgdlib.exercises.ch03_pgd`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg
from pgdlib.exercises import check_lecture_pgd


def lecture_pgd(f, x0, eta, r, T, F, steps, rng, late=0, both=False, from_before=False, sphere=False):
    x = np.array(x0, dtype=float)
    s, f_s = 0, f.value(x)
    jumps = []
    for t in range(steps):
        if t - s == T + late:
            if f_s - f.value(x) < F:
                xi = (pg.sample_sphere if sphere else pg.sample_ball)(x.size, r, seed=rng)
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


def _late_by_one_raises(f, x0, *args):
    raise RuntimeError("epoch clock broken")


@pytest.mark.parametrize(("answer", "phrase"), [
    (_late_by_one_raises, "raised RuntimeError: epoch clock broken"),
    (lambda f, x0, *a: (x0, [1, 2], "extra"), "pair"),
    (lambda f, x0, *a: (x0, None), "pair"),
    (lambda f, x0, *a: (x0, ["ten"]), "pair"),
    (lambda f, x0, *a: (np.r_[x0, 0.0], [10]), "shape"),
    (lambda f, x0, *a: (np.full_like(x0, np.nan), [10]), "not finite"),
    (lambda f, x0, *a: ({"x": x0}, [10]), "pair"),
])
def test_lecture_pgd_malformed_answers(answer, phrase):
    res = check_lecture_pgd(answer)
    assert not res.ok and res.solved and phrase in res.message, res.message


def test_lecture_pgd_typed_in_number_and_late_jump_message():
    res = check_lecture_pgd(3.0)
    assert not res.ok and res.solved and "must be a function" in res.message
    late = check_lecture_pgd(lambda *a: lecture_pgd(*a, late=1))
    assert "one step late" in late.message


def test_lecture_pgd_not_solved():
    def stub(*args):
        raise NotImplementedError

    assert not check_lecture_pgd(None).solved
    assert not check_lecture_pgd(stub).solved
