r"""The plateau at a saddle: how many iterates of a run lie within a radius of a point.

Gradient descent started close to a saddle's stable manifold crawls past it: the gradient
is tiny there, and the run spends many steps near the saddle before the escape direction
takes over (the lecture's figure 6.3). This module counts those steps,

.. math:: N = \#\{\, t \le n_{\text{steps}} : \|x_t - \tilde x\| \le r \,\},

on a recorded run, for each of its starts.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import check_real
from pgdlib.diagnostics._runs import check_run
from pgdlib.diagnostics.curvature import _one_point
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import Trajectory

__all__ = ["steps_near"]


def steps_near(f: Objective, traj: Trajectory, point: ArrayLike, *, radius: float) -> NDArray[np.int64]:
    r"""Number of iterates :math:`x_t`, :math:`t \le` ``n_steps``, within ``radius`` of ``point``, per run.

    Parameters
    ----------
    f : Objective
        The function the run minimised.
    traj : Trajectory
        A run of ``gd``, ``perturbed_gd`` or ``pgd_jin`` with every iterate recorded
        (``record='all'``).
    point : array_like of shape (d,)
        :math:`\tilde x`, e.g. a saddle.
    radius : float
        :math:`r \ge 0`.

    Returns
    -------
    ndarray of int, the shape of ``traj.status``

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range; if ``traj`` is not a run of
        ``gd``, ``perturbed_gd`` or ``pgd_jin`` on ``f`` (same dimension) with every iterate
        recorded (``record='all'``).

    Notes
    -----
    :math:`N = \#\{\, t \le n_{\text{steps}} : \|x_t - \tilde x\| \le r \,\}` for each run.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.1.2, figure 6.3.

    Examples
    --------
    >>> import pgdlib as pg
    >>> run = pg.gd(pg.DoubleWell(), [[1e-4, 1.0], [1e-8, 1.0]], eta=0.1, steps=400)
    >>> steps_near(pg.DoubleWell(), run, [0.0, 0.0], radius=0.1).tolist()
    [51, 148]
    """
    X = check_run(f, traj)
    center = _one_point(f, point, "point")[0]
    radius = check_real("radius", radius, low=0.0)
    t = np.arange(X.shape[0])[:, np.newaxis]
    near = (np.linalg.norm(X - center, axis=-1) <= radius) & (t <= np.atleast_1d(traj.n_steps))
    return near.sum(axis=0).astype(np.int64).reshape(traj.status.shape)
