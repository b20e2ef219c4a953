"""Scaling that keeps a homogeneous objective's value finite where its direct formula overflows.

A polynomial of degree ``k`` satisfies :math:`f(x) = s^k f(x / s)`. With ``s`` a power
of two, ``x / s`` is exact, so the rescaled formula differs from the direct one only in
where it overflows: a direct ``inf - inf`` (``nan``) becomes the true value, or
``+-inf`` with the true value's sign.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["power_of_two_scale"]


def power_of_two_scale(X: NDArray[np.float64]) -> NDArray[np.float64]:
    """Per row of ``X``, the power of two ``s`` with ``max_i |x_i| / s`` in ``[1, 2)`` (1 if all 0).

    (``s <= 2**1023``, so it is finite for every finite row.)
    """
    top = np.max(np.abs(X), axis=1)
    _, exponent = np.frexp(top)
    return np.where(top > 0, np.ldexp(1.0, exponent - 1), 1.0)
