"""Tests of :mod:`pgdlib.algorithms.noisy`."""

from __future__ import annotations

import numpy as np
import pytest

import pgdlib as pg

# -- noisy gradient descent -------------------------------------------------------------------------


def test_noisy_gd_noise_sizes():
    f = pg.DoubleWell()
    eta, sigma = 0.1, 0.3
    sphere = pg.noisy_gd(f, np.zeros((2000, 2)), eta=eta, sigma=sigma, steps=1, seed=0)
    assert np.allclose(np.linalg.norm(sphere.x, axis=1), eta * sigma)
    gauss = pg.noisy_gd(f, np.zeros((2000, 2)), eta=eta, sigma=sigma, steps=1, seed=0, noise="gaussian")
    assert np.mean(np.sum(gauss.x**2, axis=1)) / eta**2 == pytest.approx(sigma**2, rel=0.1)


def test_noisy_gd_escapes_and_repeats_with_the_seed():
    f = pg.DoubleWell()
    a = pg.noisy_gd(f, np.zeros((20, 2)), eta=0.1, sigma=0.1, steps=300, seed=1, record="final")
    assert np.all(a.values[-1] < -0.2)
    b = pg.noisy_gd(f, np.zeros((20, 2)), eta=0.1, sigma=0.1, steps=300, seed=1, record="final")
    assert np.array_equal(a.x, b.x)


@pytest.mark.parametrize(
    "change, name",
    [
        (dict(sigma=-1.0), "sigma"),
        (dict(noise="laplace"), "noise"),
        (dict(eta=-0.1), "eta"),
        (dict(seed=None), "seed"),
    ],
)
def test_noisy_gd_bad_input(change, name):
    args = dict(x0=np.zeros(2), eta=0.1, sigma=0.1, steps=10, seed=0)
    args.update(change)
    with pytest.raises((TypeError, ValueError), match=name):  # TypeError for a wrong type
        pg.noisy_gd(pg.DoubleWell(), **args)
