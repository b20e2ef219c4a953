"""Tests of :mod:`pgdlib.algorithms.sampling`."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import pgdlib as pg

# -- sample_ball ----------------------------------------------------------------------------------


@pytest.mark.parametrize("d", [1, 2, 5, 30])
def test_sample_ball_radius_to_the_d_is_uniform(d):
    radius = 2.5
    x = pg.sample_ball(d, radius, size=4000, seed=np.random.default_rng(d))
    assert x.shape == (4000, d)
    u = (np.linalg.norm(x, axis=1) / radius) ** d
    assert np.all(u <= 1.0)
    assert stats.kstest(u, "uniform").pvalue > 1e-3


@pytest.mark.parametrize("d", [2, 3, 10])
def test_sample_ball_directions_are_isotropic(d):
    x = pg.sample_ball(d, 1.0, size=20000, seed=7)
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    # mean direction 0 and second moment I/d, within a few standard errors
    assert np.all(np.abs(u.mean(axis=0)) < 5 / math.sqrt(20000 * d))
    assert np.allclose(u.T @ u / len(u), np.eye(d) / d, atol=5 / math.sqrt(20000) / d)
    # any fixed coordinate of a uniform unit vector: (u_1 + 1)/2 ~ Beta((d-1)/2, (d-1)/2)
    a = (d - 1) / 2
    assert stats.kstest((u[:, 0] + 1) / 2, stats.beta(a, a).cdf).pvalue > 1e-3


def test_sample_ball_shapes_seed_and_radius_zero():
    assert pg.sample_ball(3, 1.0, seed=0).shape == (3,)
    assert pg.sample_ball(3, 1.0, size=(2, 4), seed=0).shape == (2, 4, 3)
    assert pg.sample_ball(3, 1.0, size=0, seed=0).shape == (0, 3)
    assert np.array_equal(pg.sample_ball(4, 1.0, size=10, seed=5), pg.sample_ball(4, 1.0, size=10, seed=5))
    assert not np.array_equal(pg.sample_ball(4, 1.0, size=10, seed=5), pg.sample_ball(4, 1.0, size=10,
                                                                                      seed=6))
    assert np.all(pg.sample_ball(3, 0.0, size=5, seed=0) == 0.0)
    s = pg.sample_sphere(6, 3.0, size=100, seed=0)
    assert np.allclose(np.linalg.norm(s, axis=1), 3.0)


@pytest.mark.parametrize(
    "args, name",
    [
        ((None, 2, 1.0), "seed"),
        ((-1, 2, 1.0), "seed"),
        ((0, 0, 1.0), "d"),
        ((0, 2.0, 1.0), "d"),
        ((0, 2, -1.0), "radius"),
        ((0, 2, np.nan), "radius"),
        ((0, 2, 1.0, -1), "size"),
        ((0, 2, 1.0, 1.5), "size"),
    ],
)
def test_sample_ball_bad_input(args, name):
    seed, d, radius, *size = args
    with pytest.raises((TypeError, ValueError), match=name):  # TypeError for a wrong type
        pg.sample_ball(d, radius, size=size[0] if size else None, seed=seed)
