"""Chapter 3 and 4 figures: draw, animations change between frames, the trap radius."""

import numpy as np

from pgdlib.viz import pgd, trap


def _frames_differ(anim):
    frames = anim.frames
    assert 2 <= len(frames) <= 40
    assert len(set(frames)) == len(frames)


def test_pgd_animation_frames_differ():
    _frames_differ(pgd.pgd_animation(frames=6))


def test_trap_animation_frames_differ():
    _frames_differ(trap.trap_animation(frames=6))


def test_trap_radius():
    assert np.isclose(trap.trap_radius(0.1, 20, 0.3), np.sqrt(1.2))
    assert trap.trap_radius(0.1, 20, -1.0) == 0.0


def test_figures_draw():
    assert pgd.pgd_figure(radius=0.0, T=1, threshold=0.0).axes
    assert trap.trap_figure(eta_ell=1.0, T=1).axes
