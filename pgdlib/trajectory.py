"""The :class:`Trajectory` every algorithm returns, and the recorder that fills it.

A run of ``n`` independent trajectories (``x0`` of shape ``(n, d)``) is stored
with a leading step axis: ``values[k, i]`` is ``f`` of run ``i`` at recorded step
``recorded_steps[k]``. A run that has stopped (converged, terminated, diverged)
keeps its last point, so later entries repeat it; ``n_steps[i]`` says where it
stopped. For one start ``x0`` of shape ``(d,)`` the run axis is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from pgdlib._validation import check_choice, check_int

__all__ = ["Trajectory", "Recorder", "RecordMode", "STOP_REASONS", "EARLY_STOPS"]

RecordMode = Literal["all", "values", "final"] | int

STOP_REASONS = ("max steps", "converged", "terminated", "diverged", "left the domain")

#: The stop reasons of a run that ended on a non-finite number or far away: its last
#: finite iterate is kept, and values recorded there may be ``inf`` (the status says why).
EARLY_STOPS = ("diverged", "left the domain")


@dataclass(frozen=True)
class Trajectory:
    """What an optimisation run recorded.

    Attributes
    ----------
    x : ndarray, shape (d,) or (n, d)
        The final point of each run (for ``pgd_jin`` stopped by its termination
        rule, the point before the last perturbation, as in Algorithm 2).
    iterates : ndarray, shape (k, d) or (k, n, d)
        Recorded iterates: every step for ``record='all'``; steps ``0, k, 2k, ...``
        and the last for an integer ``k``; only the last for ``'final'``; none
        (``k = 0``) for ``'values'``.
    iterate_steps : ndarray of int, shape (k,)
        The step number of each recorded iterate.
    values, grad_norms : ndarray, shape (m,) or (m, n)
        ``f(x_t)`` and ``||grad f(x_t)||`` at ``value_steps``.
    value_steps : ndarray of int, shape (m,)
        The steps at which values were recorded (every step unless ``record='final'``).
    perturbation_steps : ndarray of int, or tuple of them (one per run)
        The steps ``t`` at which ``x_{t+1} = x_t + xi_t`` was a random jump.
    stop_reason : str or tuple of str
        One of ``'max steps'``, ``'converged'``, ``'terminated'``, ``'diverged'``,
        ``'left the domain'``. Only the last two leave non-finite numbers in a run's
        record: ``'diverged'`` when the next iterate, ``f`` or the gradient left the
        finite range or the divergence bound; ``'left the domain'`` when the run
        reached a point outside the objective's domain (the
        :class:`~pgdlib.objectives.octopus.Octopus`), where ``f = inf``.
    n_steps : int or ndarray of int
        Steps taken before stopping (a diverged run stops before the step that
        left the finite range).
    algorithm : str
        Name of the algorithm that produced it.
    params : dict
        The parameters used (eta, radius, ...), for tables and captions.
    """

    x: NDArray[np.float64]
    iterates: NDArray[np.float64]
    iterate_steps: NDArray[np.int64]
    values: NDArray[np.float64]
    grad_norms: NDArray[np.float64]
    value_steps: NDArray[np.int64]
    perturbation_steps: NDArray[np.int64] | tuple[NDArray[np.int64], ...]
    stop_reason: str | tuple[str, ...]
    n_steps: int | NDArray[np.int64]
    algorithm: str
    params: dict

    @property
    def batched(self) -> bool:
        """True when the run was started from a batch ``x0`` of shape ``(n, d)``."""
        return self.x.ndim == 2

    @property
    def n_runs(self) -> int:
        """Number of independent runs (1 for a single start)."""
        return self.x.shape[0] if self.batched else 1

    @property
    def final_value(self) -> float | NDArray[np.float64]:
        """``f`` at the last recorded step."""
        return self.values[-1]

    def run(self, i: int) -> Trajectory:
        """The ``i``-th run of a batch as a single-run :class:`Trajectory`.

        Entries after the run stopped are dropped. A stopped run repeats its last
        state, so when its stopping step was not itself recorded (``record='final'``
        or every ``k``-th step) the first later entry is kept, relabelled with that
        step: the result equals what a single run from the same start records.
        """
        if not self.batched:
            raise ValueError("run(i) needs a batched trajectory")
        i = check_int("i", i, minimum=0, maximum=self.n_runs - 1)
        last = int(self.n_steps[i])
        ix, x_steps = _up_to(self.iterate_steps, last)
        iv, v_steps = _up_to(self.value_steps, last)
        return Trajectory(
            x=self.x[i],
            iterates=self.iterates[ix, i],
            iterate_steps=x_steps,
            values=self.values[iv, i],
            grad_norms=self.grad_norms[iv, i],
            value_steps=v_steps,
            perturbation_steps=self.perturbation_steps[i],
            stop_reason=self.stop_reason[i],
            n_steps=last,
            algorithm=self.algorithm,
            params=self.params,
        )

    def __repr__(self) -> str:
        if self.batched:
            reasons, counts = np.unique(np.array(self.stop_reason), return_counts=True)
            summary = ", ".join(f"{r}: {c}" for r, c in zip(reasons, counts, strict=True))
            return f"Trajectory({self.algorithm}, {self.n_runs} runs, {summary})"
        return (
            f"Trajectory({self.algorithm}, {self.n_steps} steps, stop: {self.stop_reason}, "
            f"f = {float(self.values[-1]):.6g}, perturbations: {len(self.perturbation_steps)})"
        )


def _up_to(steps: NDArray[np.int64], last: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Indices of the entries of a run that stopped at ``last``, and their steps."""
    idx = np.flatnonzero(steps <= last)
    if (idx.size == 0 or steps[idx[-1]] != last) and np.any(steps > last):
        idx = np.append(idx, np.flatnonzero(steps > last)[0])
    out = steps[idx].copy()
    if out.size:
        out[-1] = min(out[-1], last)
    return idx, out


def _check_record(record: RecordMode) -> RecordMode:
    if isinstance(record, str):
        return check_choice("record", record, ("all", "values", "final"))
    try:
        return check_int("record", record, minimum=1)
    except TypeError:
        raise TypeError(
            f"record must be 'all', 'values', 'final' or an integer >= 1, got {record!r}"
        ) from None


def record_floats(record: RecordMode, steps: int, n: int, d: int) -> int:
    """Floats a run of ``steps`` steps of ``n`` runs in dimension ``d`` records, at most."""
    values = 2 * (steps + 1) * n
    if record == "all":
        return (steps + 1) * n * d + values
    if record == "values":
        return values
    if record == "final":
        return 2 * n * d + 2 * n
    return (steps // record + 2) * n * d + values


class Recorder:
    """Collects what a run asked to keep, step by step, for a batch of runs.

    Parameters
    ----------
    record : {'all', 'values', 'final'} or int
        ``'all'``: every iterate; an int ``k``: every ``k``-th iterate and the last;
        ``'values'``: only ``f`` and ``||grad f||`` at every step;
        ``'final'``: only the final point, value and gradient norm.
    """

    def __init__(self, record: RecordMode) -> None:
        self.record = _check_record(record)
        self._iterates: list[NDArray[np.float64]] = []
        self._iterate_steps: list[int] = []
        self._values: list[NDArray[np.float64]] = []
        self._grad_norms: list[NDArray[np.float64]] = []
        self._value_steps: list[int] = []

    def keeps_values(self) -> bool:
        """Whether per-step values are kept (everything but ``'final'``)."""
        return self.record != "final"

    def add(
        self, t: int, X: NDArray[np.float64], fx: NDArray[np.float64], gnorm: NDArray[np.float64]
    ) -> None:
        """Record step ``t`` (copies what it keeps)."""
        if self.record != "final":
            self._values.append(fx.copy())
            self._grad_norms.append(gnorm.copy())
            self._value_steps.append(t)
        if self.record == "all" or (isinstance(self.record, int) and t % self.record == 0):
            self._iterates.append(X.copy())
            self._iterate_steps.append(t)

    def finish(
        self,
        t: int,
        X: NDArray[np.float64],
        fx: NDArray[np.float64],
        gnorm: NDArray[np.float64],
        *,
        single: bool,
        perturbations: list[list[int]],
        stop_reason: list[str],
        n_steps: NDArray[np.int64],
        algorithm: str,
        params: dict,
        x_final: NDArray[np.float64] | None = None,
    ) -> Trajectory:
        """Close the record at step ``t`` and build the :class:`Trajectory`.

        ``X`` is the last iterate of each run (recorded as such); ``x_final``, when
        given, is what the run reports as its result instead (``Trajectory.x``), e.g.
        the point before the last perturbation for Jin et al.'s Algorithm 2.
        """
        if self.record == "final":
            self._values.append(fx.copy())
            self._grad_norms.append(gnorm.copy())
            self._value_steps.append(t)
        if self.record != "values" and (not self._iterate_steps or self._iterate_steps[-1] != t):
            self._iterates.append(X.copy())
            self._iterate_steps.append(t)
        n, d = X.shape
        iterates = np.array(self._iterates) if self._iterates else np.empty((0, n, d))
        values = np.array(self._values)
        grad_norms = np.array(self._grad_norms)
        pert = tuple(np.array(p, dtype=np.int64) for p in perturbations)
        x_out = X.copy() if x_final is None else np.array(x_final, dtype=np.float64)
        if single:
            return Trajectory(
                x=x_out[0],
                iterates=iterates[:, 0],
                iterate_steps=np.array(self._iterate_steps, dtype=np.int64),
                values=values[:, 0],
                grad_norms=grad_norms[:, 0],
                value_steps=np.array(self._value_steps, dtype=np.int64),
                perturbation_steps=pert[0],
                stop_reason=stop_reason[0],
                n_steps=int(n_steps[0]),
                algorithm=algorithm,
                params=params,
            )
        return Trajectory(
            x=x_out,
            iterates=iterates,
            iterate_steps=np.array(self._iterate_steps, dtype=np.int64),
            values=values,
            grad_norms=grad_norms,
            value_steps=np.array(self._value_steps, dtype=np.int64),
            perturbation_steps=pert,
            stop_reason=tuple(stop_reason),
            n_steps=n_steps.astype(np.int64),
            algorithm=algorithm,
            params=params,
        )
