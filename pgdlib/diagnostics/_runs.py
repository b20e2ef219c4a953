"""Checks shared by the measurements that take a run (a :class:`~pgdlib.trajectory.Trajectory`)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from pgdlib._validation import check_objective
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import Trajectory

#: Algorithms whose steps between perturbations are plain gradient steps.
GRADIENT_METHODS = ("gd", "perturbed_gd", "pgd_jin")


def check_run(f: Objective, traj: Trajectory, *, name: str = "traj") -> NDArray[np.float64]:
    """Check that ``traj`` is a run of a gradient method on ``f`` with every iterate recorded.

    Returns its iterates as ``(k, n, d)`` (``n = 1`` for one start).
    """
    check_objective("f", f)
    if not isinstance(traj, Trajectory):
        raise TypeError(f"{name} must be a Trajectory (from gd, perturbed_gd or pgd_jin), "
                        f"got {type(traj).__name__}")
    if traj.algorithm not in GRADIENT_METHODS:
        raise ValueError(f"{name} must be a run of one of {GRADIENT_METHODS}, got {traj.algorithm!r}")
    if traj.x.shape[-1] != f.dim:
        raise ValueError(f"{name} must be a run in dimension f.dim = {f.dim}, got {traj.x.shape[-1]}")
    steps = traj.iterate_steps
    if steps.size == 0 or not np.array_equal(steps, np.arange(steps.size)):
        raise ValueError(f"{name} must have every iterate recorded (record='all')")
    X = traj.iterates
    return X if traj.batched else X[:, np.newaxis, :]
