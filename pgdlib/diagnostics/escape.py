r"""Escape time: how many gradient-descent steps after a random jump until ``f`` has dropped.

The release step of the lecture's proof (section 6.2.1, idea 4; section 6.2.2.1): after
a jump to :math:`x_0 \sim U(B(\tilde x, r))` from a stuck point :math:`\tilde x`,
gradient descent should decrease ``f`` by a prescribed amount within a bounded number
of steps with high probability (Jin et al. 2017, proof of Theorem 3: by
:math:`f_{\text{thres}}` within :math:`t_{\text{thres}}` steps). This module measures the distribution of

.. math:: \tau = \min\{\, t \ge 0 : f(x_t) \le f(\tilde x) - \text{drop} \,\}

over many random starts, all run together as one batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import (
    MAX_RUNS,
    MAX_STEPS,
    check_floats,
    check_int,
    check_positive,
    check_real,
    check_work,
    make_rng,
)
from pgdlib.algorithms._engine import DEFAULT_DIVERGENCE_BOUND
from pgdlib.algorithms.gd import gd
from pgdlib.algorithms.sampling import sample_ball
from pgdlib.diagnostics.curvature import _one_point
from pgdlib.objectives.base import Objective
from pgdlib.objectives.quadratic import QuadraticSaddle
from pgdlib.trajectory import EARLY_STOPS

__all__ = ["EscapeTimes", "escape_time", "NOT_ESCAPED"]

NOT_ESCAPED = -1
"""Marker in :attr:`EscapeTimes.steps` for a run that did not escape within ``max_steps``."""

BLOCK_FLOATS = 2**22
"""Values held in memory at once: runs advance in blocks of steps, escaped runs drop out."""

FIRST_BLOCK = 16
"""Steps in the first block; each later block is twice as long (up to ``BLOCK_FLOATS``)."""


@dataclass(frozen=True)
class EscapeTimes:
    r"""Per-run escape steps and their summary.

    Attributes
    ----------
    steps : ndarray of int, shape (n_runs,)
        :math:`\tau` for each run, or ``NOT_ESCAPED`` (-1) if ``f`` had not dropped
        by ``drop`` within ``max_steps`` steps (or the run diverged first).
    escaped : ndarray of bool, shape (n_runs,)
        ``steps != NOT_ESCAPED``.
    starts : ndarray of shape (n_runs, d)
        The random starts.
    diverged : ndarray of bool, shape (n_runs,)
        Runs stopped by divergence before escaping (also counted as not escaped).
    f_center : float
        :math:`f(\tilde x)`.
    drop, radius, eta : float
        Required drop, jump radius, step size.
    max_steps : int
        Step budget per run.
    """

    steps: NDArray[np.int64]
    escaped: NDArray[np.bool_]
    starts: NDArray[np.float64]
    diverged: NDArray[np.bool_]
    f_center: float
    drop: float
    radius: float
    eta: float
    max_steps: int

    @property
    def n_runs(self) -> int:
        """Number of runs."""
        return int(self.steps.size)

    @property
    def n_escaped(self) -> int:
        """Runs that escaped within ``max_steps``."""
        return int(np.sum(self.escaped))

    @property
    def n_not_escaped(self) -> int:
        """Runs that did not escape within ``max_steps`` (censored)."""
        return self.n_runs - self.n_escaped

    @property
    def fraction_escaped(self) -> float:
        """``n_escaped / n_runs``."""
        return self.n_escaped / self.n_runs

    @property
    def mean(self) -> float | None:
        """Mean escape step over the runs that escaped (``None`` if none did)."""
        return float(np.mean(self.steps[self.escaped])) if self.n_escaped else None

    def quantile(self, q: float) -> float | None:
        r"""The ``q``-quantile of :math:`\tau` over all runs, non-escaped counted as :math:`+\infty`.

        ``None`` when it falls among the non-escaped runs (it exceeds ``max_steps``).
        """
        q = check_real("q", q, low=0.0, high=1.0)
        tau = np.where(self.escaped, self.steps, np.inf).astype(np.float64)
        value = float(np.quantile(tau, q, method="inverted_cdf"))
        return value if np.isfinite(value) else None

    @property
    def median(self) -> float | None:
        """Median escape step over all runs (``None`` if half or more did not escape)."""
        return self.quantile(0.5)

    @property
    def max(self) -> int | None:
        """Largest escape step among the runs that escaped (``None`` if none did)."""
        return int(np.max(self.steps[self.escaped])) if self.n_escaped else None

    def __repr__(self) -> str:
        median = "> max_steps" if self.median is None else f"{self.median:g}"
        mean = "n/a" if self.mean is None else f"{self.mean:.4g}"
        text = (
            f"EscapeTimes({self.n_runs} runs, escaped {self.n_escaped}, "
            f"not escaped within {self.max_steps} steps: {self.n_not_escaped}, "
            f"median={median}, mean over escaped={mean}, max over escaped={self.max}"
        )
        if np.any(self.diverged):
            text += f", diverged before escaping: {int(np.sum(self.diverged))}"
        return text + ")"


def escape_time(
    f: Objective,
    x_center: ArrayLike,
    radius: float,
    drop: float,
    eta: float,
    max_steps: int,
    n_runs: int,
    seed: int | np.random.Generator,
) -> EscapeTimes:
    r"""Steps of gradient descent until :math:`f(x_t) \le f(\tilde x) - \text{drop}`, from random starts.

    Each run starts at :math:`x_0 = \tilde x + \xi`, :math:`\xi` uniform in
    :math:`B(0, r)` (the lecture's random jump, section 6.2.1), and follows
    :func:`~pgdlib.algorithms.gd.gd`. Its escape step is the first
    :math:`t \ge 0` with :math:`f(x_t) \le f(\tilde x) - \text{drop}` (0 if the jump
    itself lands that low). All runs advance together in blocks of steps, 16 and then twice
    as many each time, and a run leaves the batch at the end of the block in which it
    escaped; so a batch whose runs escape by step :math:`t` costs fewer than about
    :math:`2t + 16` steps, whatever ``max_steps`` is. Runs that never escape within
    ``max_steps`` are marked ``NOT_ESCAPED`` and counted, never dropped. On a
    :class:`~pgdlib.objectives.quadratic.QuadraticSaddle` whose positive eigenvalues
    satisfy :math:`\eta\lambda < 2`, the steps come from GD's closed form (one pass over
    each start instead of one per step; the tests check they equal the stepped ones).

    Parameters
    ----------
    f : Objective
        The function.
    x_center : array_like of shape (d,)
        :math:`\tilde x`, the stuck point.
    radius : float
        Jump radius :math:`r > 0`.
    drop : float
        Required decrease below :math:`f(\tilde x)`, > 0.
    eta : float
        Step size, > 0.
    max_steps : int
        Step budget per run, in ``[0, MAX_STEPS]``.
    n_runs : int
        Number of random starts, in ``[1, MAX_RUNS]`` (and ``n_runs * d <= MAX_FLOATS``).
    seed : int or numpy.random.Generator
        Seeds the starts.

    Returns
    -------
    EscapeTimes

    Raises
    ------
    TypeError, ValueError
        On a bad argument (named), or if ``f(x_center)`` is not finite (outside the domain).
    """
    Xc = _one_point(f, x_center, "x_center")
    radius = check_positive("radius", radius)
    drop = check_positive("drop", drop)
    eta = check_positive("eta", eta)
    max_steps = check_int("max_steps", max_steps, minimum=0, maximum=MAX_STEPS)
    n_runs = check_int("n_runs", n_runs, minimum=1, maximum=MAX_RUNS)
    check_floats("n_runs", n_runs * f.dim, f"{n_runs} starts in dimension {f.dim}")
    closed_form = _has_closed_form(f, eta)
    if not closed_form:
        check_work("max_steps", max_steps, n_runs, f.dim)
    rng = make_rng(seed)
    f_center = float(f._value(Xc)[0])
    if not np.isfinite(f_center):
        raise ValueError(
            f"x_center must be a point where f is finite (inside the objective's domain), got f = {f_center}"
        )
    starts = Xc + sample_ball(rng, f.dim, radius, n_runs)
    if not np.all(np.isfinite(starts)):
        raise ValueError(f"radius = {radius!r} is too large: starts x_center + xi overflow")
    target = f_center - drop

    steps = np.full(n_runs, NOT_ESCAPED, dtype=np.int64)
    diverged = np.zeros(n_runs, dtype=bool)
    done0 = f._value(starts) <= target
    steps[done0] = 0
    active = np.flatnonzero(~done0)
    X = starts[active]
    if closed_form:
        steps[active], diverged[active] = _quadratic_escape_steps(f, X, eta, target, max_steps)
        active = active[:0]
    t0, block = 0, FIRST_BLOCK
    while t0 < max_steps and active.size:
        k = min(block, max(1, BLOCK_FLOATS // active.size), max_steps - t0)
        block *= 2
        traj = gd(f, X, eta, k, record="values")
        below = traj.values[1:] <= target  # (k', m): step t0 + 1 + row; k' < k if all stopped early
        hit = below.any(axis=0)
        if hit.any():
            steps[active[hit]] = t0 + 1 + np.argmax(below[:, hit], axis=0)
        gone = np.isin(np.array(traj.stop_reason), EARLY_STOPS)
        diverged[active[gone & ~hit]] = True
        keep = ~hit & ~gone
        active = active[keep]
        X = traj.x[keep]
        t0 += k
    return EscapeTimes(
        steps=steps,
        escaped=steps != NOT_ESCAPED,
        starts=starts,
        diverged=diverged,
        f_center=f_center,
        drop=drop,
        radius=radius,
        eta=eta,
        max_steps=max_steps,
    )


def _has_closed_form(f: Objective, eta: float) -> bool:
    """Whether GD on ``f`` is a :class:`QuadraticSaddle` whose positive directions contract."""
    return type(f) is QuadraticSaddle and eta * float(np.max(f.eigenvalues, initial=0.0)) < 2.0


def _quadratic_escape_steps(f: QuadraticSaddle, X: NDArray[np.float64], eta: float, target: float,
                            max_steps: int) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    r"""Escape steps of GD on :math:`f(x) = \tfrac12\sum_i \lambda_i x_i^2` in closed form.

    GD multiplies coordinate :math:`i` by :math:`1 - \eta\lambda_i` at every step, so

    .. math:: f(x_t) = \tfrac12 \sum_k \mu_k (1 - \eta\mu_k)^{2t} \, c_k,
              \qquad c_k = \sum_{i:\lambda_i = \mu_k} x_{0,i}^2,

    over the distinct eigenvalues :math:`\mu_k`: each run costs one pass over its
    :math:`d` coordinates instead of one per step. With :math:`\eta\lambda_i < 2` for
    every positive eigenvalue the positive directions contract; the negative ones grow,
    and, as in the stepped path (:func:`~pgdlib.algorithms.gd.gd`'s divergence bound
    ``1e10``), a run whose :math:`\|x_t\|^2 = \sum_k (1 - \eta\mu_k)^{2t} c_k` exceeds
    ``1e20`` at or before its escape step is diverged, not escaped.
    Steps are checked in blocks that double in length, as in :func:`escape_time`, each
    holding at most ``BLOCK_FLOATS`` values.

    Returns
    -------
    steps : ndarray of int
        Escape step or ``NOT_ESCAPED``.
    diverged : ndarray of bool
        Runs that passed the divergence bound before escaping.
    """
    mu, which = np.unique(f.eigenvalues, return_inverse=True)
    c = np.zeros((X.shape[0], mu.size))
    np.add.at(c.T, which, (X**2).T)
    steps = np.full(X.shape[0], NOT_ESCAPED, dtype=np.int64)
    diverged = np.zeros(X.shape[0], dtype=bool)
    bound_sq = DEFAULT_DIVERGENCE_BOUND**2
    pending = np.arange(X.shape[0])
    t0, block = 0, FIRST_BLOCK
    with np.errstate(over="ignore", invalid="ignore"):
        while t0 < max_steps and pending.size:
            k = min(block, max_steps - t0, max(1, BLOCK_FLOATS // (pending.size * mu.size)))
            t = np.arange(t0 + 1, t0 + k + 1)
            decay = (1.0 - eta * mu)[None, :] ** (2.0 * t[:, None])  # (k, K)
            values = 0.5 * c[pending] @ (mu[:, None] * decay.T)  # (m, k)
            below = values <= target
            far = ~(c[pending] @ decay.T <= bound_sq)  # ||x_t||^2 past the bound (or not finite)
            hit, gone = below.any(axis=1), far.any(axis=1)
            first_hit, first_far = np.argmax(below, axis=1), np.argmax(far, axis=1)
            escaped = hit & (~gone | (first_hit < first_far))
            steps[pending[escaped]] = t[first_hit[escaped]]
            diverged[pending[gone & ~escaped]] = True
            pending = pending[~(escaped | gone)]
            t0, block = t[-1], 2 * block
    return steps, diverged
