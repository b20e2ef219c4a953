"""pgdlib.diagnostics.octopus: GD against PGD on the octopus (Du et al. 2017)."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg


@pytest.fixture(scope="module")
def race():
    return pg.octopus_race(dims=(2, 3), n_seeds=2, steps=3000)


def test_both_reach_the_minimum_and_gd_is_the_plain_loop(race):
    assert (race.gd_steps >= 0).all() and (race.pgd_steps >= 0).all()
    assert not race.gd_subnormal.any() and race.steps == 3000 and race.dims == (2, 3)
    for k, d in enumerate(race.dims):
        f = pg.Octopus(d)
        x = np.random.default_rng(k).uniform(-1.0, 1.0, (2, d))
        eta = 1.0 / (2.0 * f.smoothness)
        first = np.full(2, -1)
        for t in range(race.steps + 1):  # the loop a user would write
            first[(f.value(x) <= f.f_min + 1e-3) & (first < 0)] = t
            if (first >= 0).all():
                break
            x = x - eta * f.grad(x)
        assert np.array_equal(first, race.gd_steps[k])


def test_pgd_uses_the_decrease_threshold_of_its_gradient_threshold(race):
    """F = eta T g^2 / 2, the descent lemma's decrease of an epoch whose gradients stay above g."""
    f = pg.Octopus(2)
    eta = 1.0 / (2.0 * f.smoothness)
    assert race.threshold == pytest.approx(eta * 20 * 0.1**2 / 2, rel=1e-14)
    x0 = np.random.default_rng(0).uniform(-1.0, 1.0, (2, 2))
    run = pg.perturbed_gd(f, x0, eta=eta, radius=0.01, epoch=20, threshold=race.threshold, steps=3000, seed=0,
                          record="values")
    assert np.array_equal(pg.first_step_below(run, target=f.f_min + 1e-3), race.pgd_steps[0])


def test_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        pg.octopus_race((2,))  # type: ignore[misc]


@pytest.mark.parametrize("kwargs, error, name", [
    ({"dims": [0]}, ValueError, "dims"),
    ({"n_seeds": 0}, ValueError, "n_seeds"),
    ({"steps": -1}, ValueError, "steps"),
    ({"epoch": 0}, ValueError, "epoch"),
    ({"g_thres": 0.0}, ValueError, "g_thres"),
    ({"radius": -0.1}, ValueError, "radius"),
    ({"seed": 1.5}, TypeError, "seed"),
])
def test_bad_arguments_are_named(kwargs, error, name):
    with pytest.raises(error, match=name):
        pg.octopus_race(**{"dims": (2,), "n_seeds": 1, "steps": 5, **kwargs})
