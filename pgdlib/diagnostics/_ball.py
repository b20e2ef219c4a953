"""Uniform samples in a ball, for the diagnostics' random starts.

Uses :func:`pgdlib.algorithms.sample_ball` when the algorithms package provides it
(the shared sampler of perturbed gradient descent), and the same construction
here otherwise.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["sample_ball"]


def sample_ball(rng: np.random.Generator, d: int, radius: float, size: int) -> NDArray[np.float64]:
    r"""``size`` points uniform in the ball :math:`B(0, r) \subset \mathbb{R}^d`, shape ``(size, d)``.

    A Gaussian direction :math:`g/\|g\|` times the radius :math:`r\,U^{1/d}` with
    :math:`U` uniform on :math:`[0, 1]`: uniform in the ball, not on the sphere
    (the lecture's :math:`\xi \sim U(B(0, r))`, section 6.2.1).
    """
    try:
        from pgdlib.algorithms import sample_ball as shared
    except ImportError:
        shared = None
    if shared is not None:
        return np.asarray(shared(rng, d, radius, size), dtype=np.float64).reshape(size, d)
    g = rng.standard_normal((size, d))
    norms = np.linalg.norm(g, axis=1, keepdims=True)
    norms[norms == 0.0] = 1.0
    return g / norms * (radius * rng.random((size, 1)) ** (1.0 / d))
