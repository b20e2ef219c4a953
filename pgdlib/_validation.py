"""Input checks shared by every public function of :mod:`pgdlib`.

Every public entry point checks its arguments here, once, before any work, so
that a mistake is reported where it is made and in the same words everywhere:

* :class:`TypeError` for a value of the wrong type (a string where a number is
  asked, ``True`` for a count, a complex point, something that is not an
  :class:`~pgdlib.objectives.base.Objective`);
* :class:`ValueError` for a value of the right type out of its range (a negative
  step size, ``inf``, a point of the wrong shape, a count above its cap).

Each message names the argument and says what it must be, e.g.
``"eta must be a finite number > 0, got inf"``.

Caps
----
Counts that set the amount of work or memory are bounded, so that a typo such as
``steps=10**12`` fails at once instead of running for hours:

* :data:`MAX_STEPS` steps of one run (``steps``, ``epoch``, ``initial_budget``, ...);
* :data:`MAX_RUNS` random starts or samples made by the library (``n_runs``, ...);
* :data:`MAX_FLOATS` floats in one array the library allocates (a recorded
  trajectory, a batch of samples);
* :data:`MAX_WORK` coordinate updates (steps x runs x dimension) in one call.

Non-finite numbers
------------------
A result holds ``inf`` or ``nan`` only where it says why:

* an objective's ``value`` at a finite point is finite, or ``+-inf`` with the true
  value's sign where ``|f(x)|`` exceeds the float range (a direct formula's
  ``inf - inf`` is recomputed in a rescaled form), never ``nan``; the octopus returns
  ``inf`` outside its domain, by design;
* a run (:class:`~pgdlib.trajectory.Trajectory`) whose iterate, ``f`` or gradient
  leaves the finite range stops with ``'diverged'``, or ``'left the domain'``;
  a norm of a huge finite vector is computed rescaled, not reported as ``inf``;
* measurements keep such runs and flag them (``diverged``, ``n_diverged``);
* constants derived from arguments (smoothness, Jin et al.'s thresholds) must be
  finite and, where they are sizes, positive: arguments that overflow or underflow
  them are refused with a ValueError naming them.
"""

from __future__ import annotations

import numbers
import operator
from collections.abc import Iterable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "MAX_FLOATS",
    "MAX_RUNS",
    "MAX_STEPS",
    "MAX_WORK",
    "as_array",
    "as_points",
    "check_choice",
    "check_floats",
    "check_int",
    "check_nonnegative",
    "check_objective",
    "check_positive",
    "check_probability",
    "check_real",
    "check_work",
    "finite_constant",
    "make_rng",
]

#: Largest number of steps of one run (about a minute of the plainest loop).
MAX_STEPS = 10**7

#: Largest number of random starts or samples one call draws.
MAX_RUNS = 10**7

#: Largest number of floats (8 bytes each: 2 GiB) in one array the library allocates.
MAX_FLOATS = 2**28

#: Largest number of coordinate updates (steps x runs x dimension) in one call.
MAX_WORK = 10**11


# -- numbers ---------------------------------------------------------------------------
def _real(name: str, value: Any, what: str) -> float:
    """``value`` as a float, or TypeError / ValueError naming ``name`` (``what``: the range)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {what}, got {_show(value)}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(
            f"{name} must be {what}, got an integer too large for a float ({_digits(value)} digits)"
        ) from None


def _show(value: Any) -> str:
    """A short description of a bad value for an error message."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and abs(int(value)) > 10**30:
        return f"an integer of {_digits(value)} digits"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{text} ({type(value).__name__})" if not isinstance(value, (int, float)) else text


def _digits(value: Any) -> int:
    return len(str(abs(int(value))))


def check_real(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    finite: bool = True,
) -> float:
    """Return ``value`` as a float if it is a real number in the given range, else raise.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        What the caller passed. ``bool`` is refused (it is not a number here);
        numpy scalars and 0-d arrays are accepted.
    low, high : float, optional
        Bounds of the allowed interval.
    low_open, high_open : bool, default False
        Whether the bounds themselves are excluded.
    finite : bool, default True
        Whether ``inf`` is refused (``nan`` always is).

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If it is ``nan``, infinite (with ``finite``) or out of range.
    """
    what = _range_text(low, high, low_open, high_open, finite)
    x = _real(name, value, what)
    bad = np.isnan(x) or (finite and not np.isfinite(x))
    if low is not None:
        bad = bad or (x <= low if low_open else x < low)
    if high is not None:
        bad = bad or (x >= high if high_open else x > high)
    if bad:
        raise ValueError(f"{name} must be {what}, got {x!r}")
    return x


def _range_text(low: float | None, high: float | None, low_open: bool, high_open: bool,
                finite: bool) -> str:
    kind = "a finite number" if finite else "a number (not nan)"
    if low is not None and high is not None:
        return f"{kind} in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"{kind} {'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"{kind} {'<' if high_open else '<='} {high:g}"
    return kind


def check_positive(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is finite and > 0, else raise."""
    return check_real(name, value, low=0.0, low_open=True)


def check_nonnegative(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is finite and >= 0, else raise."""
    return check_real(name, value, low=0.0)


def check_probability(name: str, value: Any) -> float:
    """Return ``value`` if it lies in the open interval (0, 1), else raise."""
    return check_real(name, value, low=0.0, high=1.0, low_open=True, high_open=True)


def check_int(name: str, value: Any, minimum: int = 0, maximum: int | None = None) -> int:
    """Return ``value`` as an int if it is an integer in ``[minimum, maximum]``, else raise.

    Floats such as ``3.0`` and ``True`` are refused with :class:`TypeError`: a count is
    an integer. ``maximum=None`` means no upper bound (used for seeds only); every count
    that sets an amount of work passes a cap such as :data:`MAX_STEPS`.
    """
    what = f"an integer >= {minimum}" if maximum is None else f"an integer in [{minimum}, {maximum}]"
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {what}, got {_show(value)}")
    value = operator.index(value)
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be {what}, got {_show(value)}")
    return int(value)


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of the strings ``choices``, else raise.

    A non-string (an array, a number) raises :class:`TypeError`, so that an array is
    never compared with ``==`` (numpy's "truth value of an array is ambiguous").
    """
    choices = tuple(choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {choices}, got {_show(value)}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return value


def check_dims(name: str, dims: Any, maximum: int = MAX_FLOATS) -> NDArray[np.int64]:
    """Return ``dims``, a non-empty sequence of dimensions, as an int array, else raise.

    Each entry must be an integer (an integral float passes) in ``[1, maximum]``:
    TypeError for what is not real numbers (:func:`as_array`), ValueError otherwise.
    """
    arr = as_array(name, dims)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty sequence of dimensions, got shape {arr.shape}")
    if not (np.all(np.isfinite(arr)) and np.all(arr == np.round(arr))):
        raise ValueError(f"{name} must hold integers, got {_show(dims)}")
    if arr.min() < 1 or arr.max() > maximum:
        raise ValueError(f"{name} must hold integers in [1, {maximum}], got {_show(dims)}")
    return arr.astype(np.int64)


def finite_constant(value: float, what: str, hint: str) -> float:
    """Return a derived constant if it is finite, else raise ValueError.

    ``what`` names the constant and the arguments it comes from, ``hint`` says which
    argument to change, e.g. ``finite_constant(6 * radius, "smoothness 6 * radius",
    "radius must be smaller")``.
    """
    if not np.isfinite(value):
        raise ValueError(f"{hint}: the {what} is {value!r}, beyond the float range")
    return float(value)


# -- work and memory -----------------------------------------------------------------
def check_floats(name: str, count: int, what: str) -> None:
    """Refuse an allocation of more than :data:`MAX_FLOATS` floats, naming the argument."""
    if count > MAX_FLOATS:
        raise ValueError(
            f"{name} asks for {what} of {count:.3g} floats, more than the cap "
            f"MAX_FLOATS = 2**28 ({MAX_FLOATS * 8 / 2**30:g} GiB)"
        )


def check_work(name: str, steps: int, runs: int, dim: int) -> None:
    """Refuse more than :data:`MAX_WORK` coordinate updates ``steps * runs * dim``."""
    work = steps * runs * dim
    if work > MAX_WORK:
        raise ValueError(
            f"{name} = {steps} with {runs} runs in dimension {dim} asks for {work:.3g} coordinate "
            f"updates, more than the cap MAX_WORK = {MAX_WORK:.0e}; ask for fewer steps or runs"
        )


# -- objectives and points -----------------------------------------------------------
def check_objective(name: str, f: Any) -> Any:
    """Return ``f`` if it is a usable :class:`~pgdlib.objectives.base.Objective`, else raise.

    TypeError for anything else (a function, ``None``) and for the bare base class,
    which implements neither value nor gradient; ValueError if its ``dim`` is not a
    positive integer.
    """
    from pgdlib.objectives.base import Objective

    if not isinstance(f, Objective):
        raise TypeError(
            f"{name} must be an Objective (e.g. pgdlib.QuadraticSaddle or "
            f"Objective.from_callables), got {_show(f)}"
        )
    if type(f)._value is Objective._value or type(f)._grad is Objective._grad:
        raise TypeError(f"{name} must implement _value and _grad (a subclass of Objective), got {f!r}")
    dim = getattr(f, "dim", None)
    if isinstance(dim, bool) or not isinstance(dim, numbers.Integral) or dim < 1:
        raise ValueError(f"{name}.dim must be an integer >= 1, got {dim!r}")
    return f


def as_array(name: str, x: Any) -> NDArray[np.float64]:
    """``x`` as a float array of any shape, refusing what is not real numbers.

    TypeError for strings, ``None``, booleans, complex numbers and objects that are
    not numbers; ValueError for ragged nesting and for integers beyond the float range.
    Non-finite entries pass (callers that need finite ones check).
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be an array of real numbers, got {_show(x)}")
    try:
        arr = np.asarray(x)
    except ValueError as err:
        raise ValueError(f"{name} must be a (non-ragged) array of real numbers: {err}") from None
    kind = arr.dtype.kind
    if kind in "iuf":
        return arr.astype(np.float64, copy=False)
    if kind == "O":
        try:
            return arr.astype(np.float64)
        except OverflowError:
            raise ValueError(
                f"{name} must contain finite numbers, got an integer too large for a float"
            ) from None
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be an array of real numbers, got entries of type object") from None
    names = {"b": "booleans", "c": "complex numbers", "U": "strings", "S": "bytes"}
    described = names.get(kind, str(arr.dtype))
    raise TypeError(f"{name} must be an array of real numbers, got {described} (dtype {arr.dtype})")


def as_points(
    name: str, x: ArrayLike, dim: int, *, min_rows: int = 0
) -> tuple[NDArray[np.float64], bool]:
    """Return ``x`` as a float array of shape ``(n, dim)`` and whether it was one point.

    Parameters
    ----------
    name : str
        Argument name used in error messages.
    x : array_like
        One point of shape ``(dim,)`` or a batch of shape ``(n, dim)``.
    dim : int
        The dimension the objective expects.
    min_rows : int, default 0
        Smallest batch size accepted (algorithms and measurements ask for 1).

    Raises
    ------
    TypeError
        If ``x`` is not an array of real numbers (see :func:`as_array`).
    ValueError
        If the shape is not ``(dim,)`` or ``(n, dim)``, the batch is too small, or an
        entry is not finite.
    """
    arr = as_array(name, x)
    if arr.ndim == 1 and arr.shape[0] == dim:
        single = True
        arr = arr[np.newaxis, :]
    elif arr.ndim == 2 and arr.shape[1] == dim:
        single = False
    else:
        raise ValueError(
            f"{name} must have shape ({dim},) or (n, {dim}), got shape {arr.shape}"
        )
    if arr.shape[0] < min_rows:
        raise ValueError(f"{name} must hold at least {min_rows} point(s), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers")
    return arr, single


def make_rng(seed: Any, name: str = "seed") -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` from a seed or a generator.

    ``None`` is refused: every random draw in pgdlib is seeded by the caller.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= 0 or a numpy.random.Generator, got {_show(seed)}")
    seed = check_int(name, seed, minimum=0)
    return np.random.default_rng(seed)


# -- a figure function's arguments, from its annotations -------------------------------
def checked_arguments(fn: Any = None, /, **ranges: tuple) -> Any:
    """Decorate a figure or exploration function so that its plain arguments are checked first.

    Arguments annotated ``float`` must be finite real numbers, ``int`` integers in
    ``[0, MAX_STEPS]`` (a ``seed`` in ``[0, inf)``; an integral float such as ``10.0``, which
    a logarithmic slider gives, counts as an integer), ``str`` strings; anything else passes
    unchecked. ``ranges`` gives a number's interval: ``(low, high)`` for ``low <= x <= high``,
    ``(low, high, "open")`` for ``low < x <= high``; e.g.
    ``@checked_arguments(eta_ell=(0, 10, "open"))``. Other ranges (an objective's name) are checked
    where the value is used. The signature, name and docstring are kept
    (:func:`functools.wraps`), so :func:`inspect.signature` still shows the arguments.
    """
    if fn is None:
        return lambda f: checked_arguments(f, **ranges)
    import functools
    import inspect

    signature = inspect.signature(fn)
    kinds = {}
    for name, param in signature.parameters.items():
        annotation = param.annotation if isinstance(param.annotation, str) else getattr(
            param.annotation, "__name__", "")
        optional = "None" in annotation
        base = annotation.replace("| None", "").replace("None |", "").strip()
        if base in ("float", "int", "str"):
            kinds[name] = (base, optional)
    unknown = set(ranges) - set(kinds)
    if unknown:
        raise TypeError(f"checked_arguments: {fn.__name__} has no number argument {sorted(unknown)}")

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        for name, value in bound.arguments.items():
            if name not in kinds or (value is None and kinds[name][1]):
                continue
            kind = kinds[name][0]
            if kind == "float":
                low, high, *how = ranges.get(name, (None, None))
                check_real(name, value, low=low, high=high, low_open=how == ["open"])
            elif kind == "int":
                if isinstance(value, (float, np.floating)) and float(value).is_integer():
                    value = int(value)  # a log slider gives 10.0 for 10; the function rounds it
                low, high, *_ = ranges.get(name, (0, None if name == "seed" else MAX_STEPS))
                check_int(name, value, minimum=int(low), maximum=None if high is None else int(high))
            elif not isinstance(value, str):
                raise TypeError(f"{name} must be a string, got {_show(value)}")
        return fn(*args, **kwargs)

    return wrapper
