r"""How far a random jump uniform in a ball moves along a fixed direction: :math:`\langle \xi, u\rangle`.

The release step of the lecture (section 6.2.2.1, figure 6.4): a jump of length about
:math:`r` moves only about :math:`r/\sqrt d` along the escape direction :math:`u`. For
:math:`\xi` uniform in the ball, :math:`\mathbb E\|\xi\|^2 = \tfrac{d}{d+2}r^2`, shared equally
by the :math:`d` coordinates, so exactly

.. math:: \sqrt{\mathbb E\,\langle \xi, u\rangle^2} = \frac{r}{\sqrt{d + 2}}.

References
----------
C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to Escape Saddle Points
Efficiently", ICML 2017 (arXiv:1703.00887), section 5.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import MAX_FLOATS, check_dims, check_floats, check_int, check_real, make_rng
from pgdlib.algorithms.sampling import sample_ball

__all__ = ["JumpProjection", "jump_projection"]


@dataclass(frozen=True)
class JumpProjection:
    r"""Root-mean-square component of a uniform jump in :math:`B(0, r)` along a fixed unit vector.

    Attributes
    ----------
    dims : ndarray of int
        Dimensions :math:`d`.
    rms : ndarray
        Measured :math:`\sqrt{\mathbb E\,\langle \xi, u\rangle^2}` over the samples.
    exact : ndarray
        :math:`r/\sqrt{d + 2}`, the exact value for :math:`\xi` uniform in the ball.
    heuristic : ndarray
        :math:`r/\sqrt{d}`, the lecture's order of magnitude.
    radius : float
        :math:`r`.
    n_samples : int
        Jumps per dimension.
    """

    dims: NDArray[np.int64]
    rms: NDArray[np.float64]
    exact: NDArray[np.float64]
    heuristic: NDArray[np.float64]
    radius: float
    n_samples: int


def jump_projection(dims: ArrayLike, *, radius: float, n_samples: int,
                    seed: int | np.random.Generator) -> JumpProjection:
    r"""Measure the component :math:`\langle \xi, u\rangle` of jumps :math:`\xi` uniform in :math:`B(0, r)`.

    By symmetry every unit :math:`u` gives the same law, so :math:`u = e_1`; the result
    holds the root mean square over ``n_samples`` jumps
    (:func:`~pgdlib.algorithms.sampling.sample_ball`) beside :math:`r/\sqrt{d+2}` and
    :math:`r/\sqrt d`.

    Parameters
    ----------
    dims : sequence of int
        Dimensions, each >= 1.
    radius : float
        :math:`r > 0`.
    n_samples : int
        Jumps per dimension, >= 1 (memory ``n_samples * max(dims)`` floats).
    seed : int or numpy.random.Generator
        Seeds one generator shared by all dimensions.

    Returns
    -------
    JumpProjection

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    For :math:`\xi` uniform in :math:`B(0, r)`, :math:`\mathbb E\|\xi\|^2 = \tfrac{d}{d+2}r^2`,
    shared equally by the :math:`d` coordinates, so the exact root mean square is
    :math:`r/\sqrt{d + 2}`; the lecture's :math:`r/\sqrt d` is its order of magnitude
    (section 6.2.2.1). Chapter 5 of the book derives it.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.2.2.1 and figure 6.4.

    Examples
    --------
    >>> jumps = jump_projection([1, 100], radius=1.0, n_samples=2000, seed=0)
    >>> bool(np.all(np.abs(jumps.rms / jumps.exact - 1) < 0.1))
    True
    """
    dims = check_dims("dims", dims)
    radius = check_real("radius", radius, low=0.0, high=1e150, low_open=True)
    n_samples = check_int("n_samples", n_samples, minimum=1, maximum=MAX_FLOATS)
    d_max = int(dims.max())
    check_floats("n_samples", n_samples * d_max, f"{n_samples} jumps in dimension {d_max}")
    rng = make_rng(seed)
    rms = np.array([np.sqrt(np.mean(sample_ball(int(d), radius, size=n_samples, seed=rng)[:, 0] ** 2))
                    for d in dims])
    return JumpProjection(dims, rms, radius / np.sqrt(dims + 2.0), radius / np.sqrt(dims.astype(float)),
                          float(radius), int(n_samples))
