"""The :class:`Trajectory` every algorithm returns, and the recorder that fills it.

Shapes follow the start ``x0`` as numpy ufuncs follow their input: one start of
shape ``(d,)`` gives fields without a run axis (``x`` of shape ``(d,)``, ``status``
and ``n_steps`` 0-d arrays); a batch of ``n`` starts ``(n, d)`` gives a run axis
(``x`` of shape ``(n, d)``, ``status`` of shape ``(n,)``). Recorded quantities have a
leading step axis: ``values[k, i]`` is ``f`` of run ``i`` at recorded step
``value_steps[k]``. A run that has stopped (converged, terminated, diverged, ...)
keeps its last point, so later entries repeat it; ``n_steps[i]`` says where it
stopped. Every field has this one type whatever the input and the algorithm.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import check_choice, check_int

__all__ = [
    "Trajectory",
    "Recorder",
    "RecordMode",
    "Status",
    "STOP_REASONS",
    "EARLY_STOPS",
    "NO_STEP",
]

RecordMode = Literal["all", "values", "final"] | int


class Status(IntEnum):
    """Why a run stopped: the integer in :attr:`Trajectory.status`, with its message.

    ``STOP_REASONS[s]`` is the message of status ``s`` (what :attr:`Trajectory.stop_reason`
    shows).
    """

    MAX_STEPS = 0  #: the step budget ran out
    CONVERGED = 1  #: a tolerance test passed (``tol``)
    TERMINATED = 2  #: the algorithm's own termination rule (Jin et al.'s Algorithm 2)
    DIVERGED = 3  #: the next iterate, ``f`` or the gradient left the finite range or the bound
    LEFT_DOMAIN = 4  #: the run reached a point outside the objective's domain (``f = inf``)
    TARGET = 5  #: ``f(x_t) <= target`` (the ``target`` stop condition)
    STOPPED = 6  #: the ``until`` stop condition returned True

    @property
    def message(self) -> str:
        """The stop reason as text (``'max steps'``, ``'converged'``, ...)."""
        return STOP_REASONS[self]


#: The message of each :class:`Status`, indexed by its integer value.
STOP_REASONS = (
    "max steps",
    "converged",
    "terminated",
    "diverged",
    "left the domain",
    "target reached",
    "stopped",
)

#: The stop reasons of a run that ended on a non-finite number or far away: its last
#: finite iterate is kept, and values recorded there may be ``inf`` (the status says why).
EARLY_STOPS = ("diverged", "left the domain")

_EARLY_CODES = (int(Status.DIVERGED), int(Status.LEFT_DOMAIN))
_REASON_ARRAY = np.array(STOP_REASONS)

#: Padding in :attr:`Trajectory.perturbation_steps` of a batch, after a run's last jump.
NO_STEP = -1


@dataclass(frozen=True)
class Trajectory:
    """What an optimisation run recorded.

    Attributes
    ----------
    x : ndarray, shape (d,) or (n, d)
        The point each run reports as its result: its last iterate, except where the
        algorithm documents otherwise (``pgd_jin`` stopped by its termination rule
        reports the point before its last perturbation, as Algorithm 2 returns it;
        ``iterates[-1]`` is then the last iterate).
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
    perturbation_steps : ndarray of int, shape (p,) or (n, p)
        The steps ``t`` at which ``x_{t+1} = x_t + xi_t`` was a random jump (for
        ``pgd_jin``, at which ``x_t`` was perturbed), in increasing order. In a batch,
        ``p`` is the largest number of jumps of any run and row ``i`` is padded after
        run ``i``'s last jump with :data:`NO_STEP` (-1); ``n_perturbations`` counts them.
    status : ndarray of int, shape () or (n,)
        Why each run stopped, a :class:`Status` (0 ``MAX_STEPS``, 1 ``CONVERGED``,
        2 ``TERMINATED``, 3 ``DIVERGED``, 4 ``LEFT_DOMAIN``, 5 ``TARGET``,
        6 ``STOPPED``); :attr:`stop_reason` gives the messages. Only ``DIVERGED`` and
        ``LEFT_DOMAIN`` leave non-finite numbers in a run's record: ``DIVERGED`` when
        the next iterate or the gradient left the finite range or the divergence
        bound, or ``f`` overflowed; ``LEFT_DOMAIN`` when the run reached a point
        outside the objective's domain (the :class:`~pgdlib.objectives.octopus.Octopus`),
        where ``f = inf``.
    n_steps : ndarray of int, shape () or (n,)
        Steps taken before stopping (a diverged run stops before the step that
        left the finite range). A 0-d array for one start: ``int(traj.n_steps)`` works.
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
    perturbation_steps: NDArray[np.int64]
    status: NDArray[np.int64]
    n_steps: NDArray[np.int64]
    algorithm: str
    params: dict

    @property
    def stop_reason(self) -> NDArray[np.str_]:
        """The message of each run's :attr:`status`: a numpy str array of the same shape.

        ``traj.stop_reason == 'diverged'`` is a boolean array (0-d for one start, so it
        works in an ``if``).
        """
        return np.asarray(_REASON_ARRAY[self.status])

    @property
    def stopped_early(self) -> NDArray[np.bool_]:
        """Runs that stopped because they diverged or left the domain (shape of ``status``)."""
        return np.isin(self.status, _EARLY_CODES)

    @property
    def n_perturbations(self) -> NDArray[np.int64]:
        """Number of jumps of each run (shape of ``status``)."""
        return np.asarray(np.sum(self.perturbation_steps != NO_STEP, axis=-1), dtype=np.int64)

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

        Parameters
        ----------
        i : int
            The run, in ``[0, n_runs)``.

        Returns
        -------
        Trajectory

        Raises
        ------
        TypeError, ValueError
            If ``i`` is not an integer in range, or the trajectory is not batched.

        Examples
        --------
        >>> import pgdlib as pg
        >>> batch = pg.gd(pg.QuadraticSaddle([1.0, 2.0]), [[1.0, 1.0], [0.0, 0.0]], eta=0.25,
        ...               steps=100, tol=1e-8)
        >>> batch.stop_reason.tolist(), int(batch.run(1).n_steps)
        (['converged', 'converged'], 0)
        """
        if not self.batched:
            raise ValueError("run(i) needs a batched trajectory")
        i = check_int("i", i, minimum=0, maximum=self.n_runs - 1)
        last = int(self.n_steps[i])
        ix, x_steps = _up_to(self.iterate_steps, last)
        iv, v_steps = _up_to(self.value_steps, last)
        jumps = self.perturbation_steps[i]
        return Trajectory(
            x=self.x[i],
            iterates=self.iterates[ix, i],
            iterate_steps=x_steps,
            values=self.values[iv, i],
            grad_norms=self.grad_norms[iv, i],
            value_steps=v_steps,
            perturbation_steps=jumps[jumps != NO_STEP],
            status=self.status[i, ...],
            n_steps=self.n_steps[i, ...],
            algorithm=self.algorithm,
            params=self.params,
        )

    def __repr__(self) -> str:
        if self.batched:
            reasons, counts = np.unique(self.stop_reason, return_counts=True)
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


def pad_perturbations(runs: ArrayLike, steps: ArrayLike, n: int) -> NDArray[np.int64]:
    """The ``(n, p)`` array of each run's jump steps, padded with :data:`NO_STEP`.

    ``runs[j]`` and ``steps[j]`` are the run and step of jump ``j``, in the order taken
    (steps non-decreasing).
    """
    r = np.asarray(runs, dtype=np.int64)
    counts = np.bincount(r, minlength=n)
    out = np.full((n, int(counts.max(initial=0))), NO_STEP, dtype=np.int64)
    if r.size:
        order = np.argsort(r, kind="stable")
        starts = np.cumsum(counts) - counts
        col = np.arange(r.size) - np.repeat(starts, counts)
        out[r[order], col] = np.asarray(steps, dtype=np.int64)[order]
    return out


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
        result: NDArray[np.float64],
        perturbations: NDArray[np.int64],
        status: NDArray[np.int64],
        n_steps: NDArray[np.int64],
        algorithm: str,
        params: dict,
    ) -> Trajectory:
        """Close the record at step ``t`` and build the :class:`Trajectory` (once).

        ``X`` is the last iterate of each run (recorded as such) and ``result`` what each
        run reports (``Trajectory.x``); ``perturbations`` is ``(n, p)`` (see
        ``pad_perturbations``). For ``single``, the run axis is dropped.
        """
        if self.record == "final":
            self._values.append(fx.copy())
            self._grad_norms.append(gnorm.copy())
            self._value_steps.append(t)
        if self.record != "values" and (not self._iterate_steps or self._iterate_steps[-1] != t):
            self._iterates.append(X)  # the run is over: np.stack below copies it
            self._iterate_steps.append(t)
        n, d = X.shape
        # np.stack, not np.array: np.array of a list of large arrays is ~10x slower
        iterates = np.stack(self._iterates) if self._iterates else np.empty((0, n, d))
        values = np.stack(self._values)
        grad_norms = np.stack(self._grad_norms)
        run = 0 if single else slice(None)
        return Trajectory(
            x=result[run],
            iterates=iterates[:, run],
            iterate_steps=np.array(self._iterate_steps, dtype=np.int64),
            values=values[:, run],
            grad_norms=grad_norms[:, run],
            value_steps=np.array(self._value_steps, dtype=np.int64),
            perturbation_steps=perturbations[run],
            status=np.array(status[run], dtype=np.int64),
            n_steps=np.array(n_steps[run], dtype=np.int64),
            algorithm=algorithm,
            params=params,
        )
