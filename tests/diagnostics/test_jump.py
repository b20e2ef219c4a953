"""pgdlib.diagnostics.jump: the component of a uniform jump along a fixed direction."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import pgdlib as pg


def test_rms_component_is_r_over_sqrt_d_plus_2():
    result = pg.jump_projection([1, 10, 100, 1000], radius=1.0, n_samples=2000, seed=0)
    assert np.allclose(result.rms, result.exact, rtol=0.08)
    assert np.allclose(result.exact, 1 / np.sqrt(result.dims + 2.0))
    assert np.allclose(result.heuristic, 1 / np.sqrt(result.dims))


def test_scales_with_the_radius_and_reads_one_generator():
    a = pg.jump_projection([3, 30], radius=1.0, n_samples=500, seed=7)
    b = pg.jump_projection([3, 30], radius=0.01, n_samples=500, seed=np.random.default_rng(7))
    assert np.allclose(b.rms, 0.01 * a.rms, rtol=1e-12)
    assert (b.radius, b.n_samples, b.dims.tolist()) == (0.01, 500, [3, 30])
    rng = np.random.default_rng(7)
    first = np.sqrt(np.mean(pg.sample_ball(3, 1.0, size=500, seed=rng)[:, 0] ** 2))
    assert a.rms[0] == first


def test_result_is_frozen():
    result = pg.jump_projection([2], radius=1.0, n_samples=10, seed=0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.radius = 2.0  # type: ignore[misc]


@pytest.mark.parametrize("kwargs, error, name", [
    ({"dims": [0, 3]}, ValueError, "dims"),
    ({"dims": [[1, 2]]}, ValueError, "dims"),
    ({"dims": ["a"]}, TypeError, "dims"),
    ({"radius": 0.0}, ValueError, "radius"),
    ({"n_samples": 0}, ValueError, "n_samples"),
    ({"n_samples": 2.0}, TypeError, "n_samples"),
    ({"dims": [10**6], "n_samples": 10**6}, ValueError, "n_samples"),
])
def test_bad_arguments_are_named(kwargs, error, name):
    args = {"dims": [3], "radius": 1.0, "n_samples": 10, "seed": 0, **kwargs}
    with pytest.raises(error, match=name):
        pg.jump_projection(**args)
