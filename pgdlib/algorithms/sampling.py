"""Uniform random points in a ball or on a sphere, the perturbations of PGD.

The lecture's jump (section 6.2.1, step 2) and Jin et al. 2017, Algorithm 2,
draw ``xi`` uniformly from the *ball* ``B(0, r)``; Ge, Huang, Jin, Yuan 2015,
Algorithm 1, draw their noise uniformly from the *sphere*. In high dimension
the two are close (most of a ball's volume lies near its surface) but not equal.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import NDArray

from pgdlib._validation import MAX_FLOATS, check_floats, check_int, check_nonnegative, make_rng

__all__ = ["sample_ball", "sample_sphere"]


def _shape(size: int | tuple[int, ...] | None, d: int) -> tuple[int, ...]:
    """The leading shape of a draw: ``()``, ``(size,)`` or ``size``; at most ``MAX_FLOATS`` floats in all."""
    if size is None:
        shape: tuple[int, ...] = ()
    elif isinstance(size, tuple):
        shape = tuple(check_int("size", s, minimum=0, maximum=MAX_FLOATS) for s in size)
    elif isinstance(size, numbers.Integral) and not isinstance(size, bool):
        shape = (check_int("size", size, minimum=0, maximum=MAX_FLOATS),)
    else:
        raise TypeError(f"size must be None, an integer >= 0 or a tuple of them, got {size!r}")
    check_floats("size", d * math.prod(shape), f"a sample of shape {shape + (d,)}")
    return shape


def _directions(rng: np.random.Generator, shape: tuple[int, ...], d: int) -> NDArray[np.float64]:
    """Isotropic unit vectors ``Z / ||Z||`` with ``Z ~ N(0, I_d)``."""
    Z = rng.standard_normal(shape + (d,))
    norms = np.linalg.norm(Z, axis=-1, keepdims=True)
    # ||Z|| = 0 has probability zero; map it to the first basis vector all the same.
    zero = norms[..., 0] == 0.0
    if np.any(zero):
        Z[zero] = 0.0
        Z[zero, 0] = 1.0
        norms[zero] = 1.0
    return Z / norms


def sample_sphere(
    d: int,
    radius: float,
    *,
    size: int | tuple[int, ...] | None = None,
    seed: int | np.random.Generator,
) -> NDArray[np.float64]:
    r"""Points uniform on the sphere :math:`\{x : \|x\| = r\}` in :math:`\mathbb{R}^d`.

    Parameters
    ----------
    d : int
        Dimension, >= 1.
    radius : float
        ``r >= 0``.
    size : int or tuple of int, optional
        Number (or shape) of points; ``None`` for one point.
    seed : int or numpy.random.Generator
        Seed or generator, from the caller.

    Returns
    -------
    ndarray of shape ``(d,)`` or ``size + (d,)``

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    :math:`x = r\, Z / \|Z\|` with :math:`Z \sim N(0, I_d)`: the Gaussian is
    rotation invariant, so its direction is uniform on the unit sphere
    (Muller 1959).

    References
    ----------
    1. M. E. Muller, "A note on a method for generating points uniformly on n-dimensional
       spheres", Communications of the ACM 2(4), 1959.
    """
    rng = make_rng(seed, "seed")
    d = check_int("d", d, minimum=1, maximum=MAX_FLOATS)
    radius = check_nonnegative("radius", radius)
    return radius * _directions(rng, _shape(size, d), d)


def sample_ball(
    d: int,
    radius: float,
    *,
    size: int | tuple[int, ...] | None = None,
    seed: int | np.random.Generator,
) -> NDArray[np.float64]:
    r"""Points uniform in the ball :math:`B(0, r) = \{x : \|x\| \le r\}` of :math:`\mathbb{R}^d`.

    Parameters
    ----------
    d : int
        Dimension, >= 1.
    radius : float
        ``r >= 0`` (``r = 0`` gives the origin).
    size : int or tuple of int, optional
        Number (or shape) of points; ``None`` for one point. At most
        :data:`~pgdlib._validation.MAX_FLOATS` floats in all.
    seed : int or numpy.random.Generator
        Seed or generator, from the caller (never global state).

    Returns
    -------
    ndarray of shape ``(d,)`` or ``size + (d,)``

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    :math:`x = r\, U^{1/d}\, Z / \|Z\|` with :math:`Z \sim N(0, I_d)` and
    :math:`U \sim \mathrm{Uniform}[0, 1]` independent. The direction is uniform on
    the sphere, and the radius has :math:`P(\|x\| \le s) = (s/r)^d`, the share of
    the ball's volume inside radius ``s``; so :math:`(\|x\|/r)^d = U` is uniform on
    ``[0, 1]``. This is the perturbation of the lecture's PGD (section 6.2.1) and of
    Jin et al. 2017, Algorithm 2: uniform *in* the ball, not
    on its surface.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.2.1, step 2 of PGD.
    2. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Algorithm 2.
    3. M. E. Muller, "A note on a method for generating points uniformly on n-dimensional
       spheres", Communications of the ACM 2(4), 1959.

    Examples
    --------
    >>> x = sample_ball(3, 0.5, size=1000, seed=0)
    >>> bool((np.linalg.norm(x, axis=1) <= 0.5).all())
    True
    """
    rng = make_rng(seed, "seed")
    d = check_int("d", d, minimum=1, maximum=MAX_FLOATS)
    radius = check_nonnegative("radius", radius)
    return ball_points(rng, _shape(size, d), d, radius)


def ball_points(rng: np.random.Generator, shape: tuple[int, ...], d: int,
                radius: float) -> NDArray[np.float64]:
    """:func:`sample_ball` on checked arguments (the algorithms' per-jump calls): the same draws."""
    directions = _directions(rng, shape, d)
    radii = radius * rng.random(shape + (1,)) ** (1.0 / d)
    return radii * directions
