"""Chapter 5-6 figures and measurements: the claims the notebooks make, and the animation."""

from __future__ import annotations

import numpy as np

from pgdlib.viz import release, repulsion


def test_jump_projection_matches_r_over_sqrt_d() -> None:
    result = release.jump_projection([1, 10, 100, 1000], 1.0, 2000, 0)
    assert np.allclose(result.rms, result.exact, rtol=0.08)


def test_twin_gap_follows_lemma_on_quadratic() -> None:
    m, iterates = repulsion.twin_run("quadratic saddle", 0.2, 0.5, 0.01, 30)
    assert np.allclose(m.ratio, 1.0, rtol=1e-9)
    assert iterates.shape == (31, 2, 2)


def test_twin_gap_falls_below_bound_on_double_well() -> None:
    m, _ = repulsion.twin_run("double well", 0.1, 1.0, 0.01, 60)
    assert m.ratio[-1] < 0.8


def test_animation_frames_differ() -> None:
    animation = repulsion.twin_animation(T=5)
    frames = animation.frames
    assert 2 <= len(frames) <= 40
    assert len(set(frames)) == len(frames)
