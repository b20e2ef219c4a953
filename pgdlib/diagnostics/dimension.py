r"""Escape time against dimension: GD after a random jump at the saddle of a quadratic.

Jin et al. (2017), Theorem 3, pay for the dimension only through a :math:`\log d` factor.
After a jump :math:`x_0` uniform in :math:`B(0, r)` at the saddle of

.. math:: f(x) = \tfrac12\big(-x_1^2 + \|x_{2:d}\|^2\big),

gradient descent multiplies :math:`x_1` by :math:`1 + \eta` per step and shrinks the other
coordinates. The escape direction's share of the jump is about :math:`r/\sqrt d`, so the
steps until ``f`` has dropped by ``drop`` grow like :math:`\log d`. This module measures
those steps (:func:`escape_times_by_dimension`) and gives the prediction
(:func:`predicted_escape_steps`).

References
----------
C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to Escape Saddle Points
Efficiently", ICML 2017 (arXiv:1703.00887), Theorem 3.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import as_array, check_dims, check_int, check_real
from pgdlib.diagnostics.escape import escape_time
from pgdlib.objectives.quadratic import QuadraticSaddle

__all__ = ["escape_times_by_dimension", "predicted_escape_steps"]


def _saddle(d: int) -> QuadraticSaddle:
    """The saddle of the module's formula in dimension ``d >= 2`` (eigenvalues -1, 1, ..., 1)."""
    return QuadraticSaddle(np.r_[-1.0, np.ones(d - 1)])


def predicted_escape_steps(d: ArrayLike, *, eta: float, radius: float = 1e-3,
                           threshold: float = 0.5) -> NDArray[np.float64]:
    r"""Steps for GD to lower ``f`` by ``threshold`` after a jump of radius ``radius`` in dimension ``d``.

    Parameters
    ----------
    d : float or array_like
        Dimensions, each >= 1.
    eta : float
        Step size, in ``(0, 10]``.
    radius : float, default 1e-3
        Jump radius :math:`r > 0`.
    threshold : float, default 0.5
        Required decrease below the saddle's value, > 0.

    Returns
    -------
    ndarray of float, the shape of ``d``

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    A start uniform in the ball :math:`B(0, r)` has :math:`|x_1| \approx r/\sqrt d`; GD multiplies
    :math:`x_1` by :math:`1 + \eta` per step and shrinks the other coordinates, so
    :math:`f \le -\mathscr{F}` once :math:`\tfrac12 (1+\eta)^{2t} r^2/d \ge \mathscr{F}`:

    .. math:: t \approx \frac{\tfrac12\log d + \log(\sqrt{2\,\mathscr{F}}/r)}{\log(1+\eta)},

    a line in :math:`\log d` with slope :math:`1/(2\log(1+\eta))`.

    Examples
    --------
    >>> float(np.round(predicted_escape_steps(100, eta=0.5), 2))
    22.72
    """
    d = as_array("d", d)
    if not (np.all(np.isfinite(d)) and np.all(d >= 1)):
        raise ValueError(f"d must hold finite dimensions >= 1, got {d}")
    eta = check_real("eta", eta, low=0.0, high=10.0, low_open=True)
    radius = check_real("radius", radius, low=0.0, low_open=True)
    threshold = check_real("threshold", threshold, low=0.0, low_open=True)
    with np.errstate(over="ignore", divide="ignore"):
        steps = (0.5 * np.log(d) + np.log(np.sqrt(2 * threshold) / radius)) / np.log1p(eta)
    if not np.all(np.isfinite(steps)):
        raise ValueError(f"eta, radius and threshold must give a finite number of steps, got eta = {eta}, "
                         f"radius = {radius}, threshold = {threshold}")
    return steps


def escape_times_by_dimension(
    dims: ArrayLike,
    *,
    eta: float = 0.5,
    n_runs: int = 200,
    seed: int = 0,
    steps: int = 2000,
    radius: float = 1e-3,
    threshold: float = 0.5,
) -> dict[int, NDArray[np.int64]]:
    r"""Escape steps of GD from random jumps at the saddle of the module's formula, per dimension.

    For each :math:`d` of ``dims``, :func:`~pgdlib.diagnostics.escape.escape_time` of
    ``n_runs`` starts uniform in :math:`B(0, r)`: the first :math:`t` with
    :math:`f(x_t) \le -\mathscr{F}`, or -1 (``NOT_ESCAPED``) for a run that had not escaped
    within ``steps``. Dimension ``dims[k]`` is seeded with ``seed + k``.

    Parameters
    ----------
    dims : sequence of int
        Dimensions, each >= 2.
    eta : float, default 0.5
        Step size, in ``(0, 10]``.
    n_runs : int, default 200
        Starts per dimension.
    seed : int, default 0
        Seed of the first dimension.
    steps : int, default 2000
        Step budget per run.
    radius : float, default 1e-3
        Jump radius :math:`r`.
    threshold : float, default 0.5
        Required decrease below :math:`f(0) = 0`.

    Returns
    -------
    dict
        :math:`d \mapsto` the escape steps, an int array of shape ``(n_runs,)``.

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    References
    ----------
    1. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Theorem 3.
    """
    dims = check_dims("dims", dims)
    if dims.min() < 2:
        raise ValueError(f"dims must hold dimensions >= 2 (a saddle needs a stable direction), got {dims}")
    eta = check_real("eta", eta, low=0.0, high=10.0, low_open=True)
    seed = check_int("seed", seed)
    out = {}
    for k, d in enumerate(int(d) for d in dims):
        res = escape_time(_saddle(d), np.zeros(d), radius=radius, threshold=threshold, eta=eta, steps=steps,
                          n_runs=n_runs, seed=seed + k)
        out[d] = np.asarray(res.steps)
    return out
