"""Input checks shared by every public function of :mod:`pgdlib`.

Each check raises :class:`ValueError` that names the offending argument and the
range it must lie in, so that a notebook user sees what to change.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_points",
    "check_positive",
    "check_nonnegative",
    "check_int",
    "check_probability",
    "make_rng",
]


def check_positive(name: str, value: float) -> float:
    """Return ``value`` as a float if it is finite and > 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number > 0, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or value <= 0.0:
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return value


def check_nonnegative(name: str, value: float) -> float:
    """Return ``value`` as a float if it is finite and >= 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number >= 0, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or value < 0.0:
        raise ValueError(f"{name} must be finite and >= 0, got {value!r}")
    return value


def check_int(name: str, value: int, minimum: int = 0) -> int:
    """Return ``value`` if it is an integer >= ``minimum``, else raise.

    Floats such as ``3.0`` are rejected: a step count is a count.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_probability(name: str, value: float) -> float:
    """Return ``value`` if it lies in the open interval (0, 1), else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number in (0, 1), got {value!r}")
    value = float(value)
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must lie in the open interval (0, 1), got {value!r}")
    return value


def as_points(name: str, x: ArrayLike, dim: int) -> tuple[NDArray[np.float64], bool]:
    """Return ``x`` as a float array of shape ``(n, dim)`` and whether it was one point.

    Parameters
    ----------
    name : str
        Argument name used in error messages.
    x : array_like
        One point of shape ``(dim,)`` or a batch of shape ``(n, dim)``.
    dim : int
        The dimension the objective expects.

    Raises
    ------
    ValueError
        If the shape is not ``(dim,)`` or ``(n, dim)`` or an entry is not finite.
    """
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim == 1 and arr.shape[0] == dim:
        single = True
        arr = arr[np.newaxis, :]
    elif arr.ndim == 2 and arr.shape[1] == dim:
        single = False
    else:
        raise ValueError(
            f"{name} must have shape ({dim},) or (n, {dim}), got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers")
    return arr, single


def make_rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` from a seed or a generator.

    ``None`` is refused: every random draw in pgdlib is seeded by the caller.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        raise ValueError("seed must be an integer >= 0 or a numpy.random.Generator, got None")
    seed = check_int("seed", seed, minimum=0)
    return np.random.default_rng(seed)
