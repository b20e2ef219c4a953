r"""Iterations against accuracy: how many steps Jin et al.'s PGD needs to reach an :math:`\epsilon`-SOSP.

Theorem 3 of Jin, Ge, Netrapalli, Kakade and Jordan 2017 (*How to Escape Saddle
Points Efficiently*, ICML; arXiv:1703.00887) bounds the iterations of its
Algorithm 2 by :math:`O\big(\frac{\ell\Delta_f}{\epsilon^2}\log^4\frac{d\ell\Delta_f}{\epsilon^2\delta}\big)`
(the lecture's Theorem 1 says :math:`\epsilon^{-3}`: book errata, item 2). This module
measures, for a range of :math:`\epsilon`, the first step :math:`t` at which the
iterate :math:`x_t` of :func:`~pgdlib.algorithms.jin.pgd_jin` is an
:math:`\epsilon`-second-order stationary point (Definition 4 of the paper),

.. math:: \|\nabla f(x_t)\| \le \epsilon
          \quad\text{and}\quad \lambda_{\min}(\nabla^2 f(x_t)) \ge -\sqrt{\rho\,\epsilon},

over several seeds and for each preset of :data:`~pgdlib.algorithms.jin.PRESET_C`.
It is the cost of *finding* such a point; Algorithm 2 *stops* only after a further
:math:`t_{thres}` steps without progress, which this measurement does not count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import (
    MAX_FLOATS,
    MAX_RUNS,
    MAX_STEPS,
    as_array,
    check_choice,
    check_int,
    check_objective,
    check_positive,
    check_probability,
)
from pgdlib.algorithms.jin import PRESET_C, JinParameters, jin_parameters, pgd_jin
from pgdlib.diagnostics.classify import sosp_thresholds
from pgdlib.diagnostics.curvature import DENSE_MAX_DIM, _one_point
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import Status

__all__ = ["NOT_REACHED", "SospIterations", "first_sosp_step", "iterations_to_sosp", "predicted_sosp_steps"]

NOT_REACHED = -1
"""Marker for a run that reached no :math:`\\epsilon`-SOSP within its step budget."""

HESS_CHUNK = 4096
"""Points whose Hessians are formed at once by :func:`first_sosp_step`."""


def first_sosp_step(
    f: Objective, iterates: ArrayLike, *, eps: float, rho: float | None = None
) -> int | NDArray[np.int64]:
    r"""Index of the first iterate that is an :math:`\epsilon`-second-order stationary point.

    Parameters
    ----------
    f : Objective
    iterates : array_like of shape (T, d) or (T, n, d)
        One trajectory, or ``n`` of them with the step axis first (as
        :attr:`~pgdlib.trajectory.Trajectory.iterates` stores them).
    eps : float
        :math:`\epsilon > 0`.
    rho : float, optional
        :math:`\rho \ge 0`; default ``f.hessian_lipschitz``.

    Returns
    -------
    int or ndarray of int, shape (n,)
        The first such index per trajectory, or :data:`NOT_REACHED` (-1).

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.
        ValueError also if ``iterates`` is not finite or ``f.dim > DENSE_MAX_DIM``.

    Notes
    -----
    Row ``t`` of ``iterates`` counts when :math:`\|\nabla f(x_t)\| \le \epsilon` and
    :math:`\lambda_{\min}(\nabla^2 f(x_t)) \ge -\sqrt{\rho\epsilon}` (Jin et al. 2017,
    Definition 4), up to the round-off allowance :math:`10^{-9}\max(1, \ell)` that
    :func:`~pgdlib.diagnostics.classify.is_second_order_stationary` also uses. Gradients
    are evaluated for every row; dense Hessians only where the gradient test passes, so
    this is meant for small ``d``.

    References
    ----------
    1. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Definition 4.
    """
    check_objective("f", f)
    eps, threshold = sosp_thresholds(f, eps, rho)
    X = as_array("iterates", iterates)
    single = X.ndim == 2
    if single:
        X = X[:, None, :]
    if X.ndim != 3 or X.shape[2] != f.dim or X.shape[0] == 0:
        raise ValueError(
            f"iterates must have shape (T, {f.dim}) or (T, n, {f.dim}) with T >= 1, got {np.shape(iterates)}"
        )
    if not np.all(np.isfinite(X)):
        raise ValueError("iterates must contain only finite numbers")
    T, n, d = X.shape
    if d > DENSE_MAX_DIM:
        raise ValueError(f"f.dim must be <= {DENSE_MAX_DIM} for dense Hessians, got {d}")
    chunk = min(HESS_CHUNK, max(1, MAX_FLOATS // (d * d)))  # at most MAX_FLOATS floats of Hessians
    flat = X.reshape(T * n, d)
    ok = np.linalg.norm(f.grad(flat), axis=1) <= eps
    candidates = np.flatnonzero(ok)
    for start in range(0, candidates.size, chunk):
        rows = candidates[start : start + chunk]
        lam_min = np.linalg.eigvalsh(f.hess(flat[rows]))[:, 0]
        ok[rows] = lam_min >= threshold
    ok = ok.reshape(T, n)
    first = np.where(ok.any(axis=0), np.argmax(ok, axis=0), NOT_REACHED).astype(np.int64)
    return int(first[0]) if single else first


@dataclass(frozen=True)
class SospIterations:
    r"""Steps of :func:`~pgdlib.algorithms.jin.pgd_jin` to its first :math:`\epsilon`-SOSP.

    One entry per preset of ``c``, per :math:`\epsilon` and per seed.

    Attributes
    ----------
    objective : Objective
        The function.
    x0 : ndarray of shape (d,)
        The common start of every run.
    eps : ndarray of shape (k,)
        The accuracies, in the order given.
    presets : tuple of str
        Names of the settings of ``c`` (keys of :data:`~pgdlib.algorithms.jin.PRESET_C`).
    steps : dict of str to ndarray of int, shape (k, n_seeds)
        First step :math:`t` with :math:`x_t` an :math:`\epsilon`-SOSP, or :data:`NOT_REACHED`.
    points : dict of str to ndarray, shape (k, n_seeds, d)
        :math:`x_t` at that step (``nan`` where not reached).
    previous : dict of str to ndarray, shape (k, n_seeds, d)
        :math:`x_{t-1}`, which is not an :math:`\epsilon`-SOSP (``nan`` where :math:`t \le 0`).
    params : dict of str to tuple of JinParameters
        Algorithm 2's constants for each :math:`\epsilon`.
    budgets : dict of str to ndarray of int, shape (k,)
        The step budget of the last run for each :math:`\epsilon` (doubled until every seed
        reached an :math:`\epsilon`-SOSP, or up to ``steps``).

    References
    ----------
    1. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Algorithm 2 and Theorem 3.
    """

    objective: Objective
    x0: NDArray[np.float64]
    eps: NDArray[np.float64]
    presets: tuple[str, ...]
    steps: dict[str, NDArray[np.int64]]
    points: dict[str, NDArray[np.float64]]
    previous: dict[str, NDArray[np.float64]]
    params: dict[str, tuple[JinParameters, ...]]
    budgets: dict[str, NDArray[np.int64]]

    def _check(self, preset: str) -> str:
        return check_choice("preset", preset, self.presets)

    @property
    def n_seeds(self) -> int:
        """Runs per preset and :math:`\\epsilon`."""
        return int(self.steps[self.presets[0]].shape[1])

    def all_reached(self) -> bool:
        """Whether every run of every preset reached an :math:`\\epsilon`-SOSP."""
        return all(bool(np.all(s != NOT_REACHED)) for s in self.steps.values())

    def median(self, preset: str) -> NDArray[np.float64]:
        r"""Median first step per :math:`\epsilon` (the lower median for an even number of runs).

        Unreached runs count as :math:`+\infty`; the result is ``nan`` where the median
        falls among them.
        """
        s = self.steps[self._check(preset)].astype(np.float64)
        s[s == NOT_REACHED] = np.inf
        med = np.quantile(s, 0.5, axis=1, method="inverted_cdf")
        return np.where(np.isfinite(med), med, np.nan)

    def bound(self, preset: str) -> NDArray[np.float64]:
        r"""The proof's bound :math:`\chi^4 \ell\Delta_f / (c^3\epsilon^2)`, one per :math:`\epsilon`.

        :attr:`~pgdlib.algorithms.jin.JinParameters.iteration_bound`: :math:`\Delta_f` over the
        least average decrease per step in the proof of Theorem 3.
        """
        return np.array([p.iteration_bound for p in self.params[self._check(preset)]])

    def loglog_slope(self, preset: str) -> float:
        r"""Least-squares slope of :math:`\log(\text{median})` against :math:`\log\epsilon`.

        A count growing like :math:`\epsilon^{-a}` gives the slope :math:`-a`; Theorem 3's
        rate gives at most :math:`-2` (up to its logarithm). Uses the :math:`\epsilon`
        with a finite, positive median; needs two of them.
        """
        med = self.median(preset)
        keep = np.isfinite(med) & (med > 0)
        if keep.sum() < 2:
            raise ValueError(f"the {preset!r} medians need two finite positive values to fit a slope")
        return float(np.polyfit(np.log(self.eps[keep]), np.log(med[keep]), 1)[0])

    def steps_per_decade(self, preset: str) -> float:
        r"""Least-squares slope of the median against :math:`\log_{10}(1/\epsilon)`.

        The extra steps per tenfold gain in accuracy: constant when the count grows like
        :math:`\log(1/\epsilon)`.
        """
        med = self.median(preset)
        keep = np.isfinite(med)
        if keep.sum() < 2:
            raise ValueError(f"the {preset!r} medians need two finite values to fit a slope")
        return float(np.polyfit(np.log10(1.0 / self.eps[keep]), med[keep], 1)[0])


def iterations_to_sosp(
    f: Objective,
    x0: ArrayLike,
    *,
    eps: ArrayLike,
    presets: Sequence[str] = ("theory", "practical"),
    n_seeds: int = 10,
    seed: int = 0,
    delta: float = 0.1,
    delta_f: float | None = None,
    initial_budget: int = 256,
    steps: int = 20_000,
) -> SospIterations:
    r"""Steps of Jin et al.'s Algorithm 2 from ``x0`` to a first :math:`\epsilon`-SOSP, per :math:`\epsilon`.

    Parameters
    ----------
    f : Objective
        Needs finite ``smoothness`` and ``hessian_lipschitz``; dense Hessians are formed, so small ``d``.
    x0 : array_like of shape (d,)
        The start of every run, e.g. a saddle point.
    eps : array_like of shape (k,)
        Accuracies, each in ``(0, ell**2 / rho]``.
    presets : sequence of str, default ('theory', 'practical')
        Keys of :data:`~pgdlib.algorithms.jin.PRESET_C`, no repeats.
    n_seeds : int, default 10
        Runs per preset and :math:`\epsilon`, >= 1.
    seed : int, default 0
        Seeds every run (>= 0): the pair (preset, :math:`\epsilon`) number ``j`` uses
        ``numpy.random.SeedSequence(seed).spawn(...)[j]``.
    delta : float, default 0.1
        Failure probability of Algorithm 2, in ``(0, 1)``.
    delta_f : float, optional
        :math:`\Delta_f \ge f(x_0) - f^\star`; default ``f(x0) - f.f_min`` (needs a finite ``f.f_min``).
    initial_budget : int, default 256
        Steps of the first attempt, >= 1.
    steps : int, default 20000
        Largest budget, >= ``initial_budget``.

    Returns
    -------
    SospIterations

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.
        ValueError also if ``f(x0)`` is not finite, or ``f``'s constants are unknown.

    Notes
    -----
    For every preset (a value of ``c``, :data:`~pgdlib.algorithms.jin.PRESET_C`) and every
    :math:`\epsilon`, ``n_seeds`` runs of :func:`~pgdlib.algorithms.jin.pgd_jin` start at
    ``x0`` (as one batch; they differ in their random perturbations) with
    ``ell = f.smoothness`` and ``rho = f.hessian_lipschitz``, and :func:`first_sosp_step`
    finds the first iterate of each that is an :math:`\epsilon`-SOSP. Runs start with
    ``initial_budget`` steps (or 5/4 of the largest count for the previous
    :math:`\epsilon`, if more); while some run has not reached one, the budget doubles, up to
    ``steps``, and the batch is run again from the start with the same seed (the
    perturbations are drawn in step order, so the longer run repeats the shorter one).
    A run that Algorithm 2 terminates before it reaches an :math:`\epsilon`-SOSP, or that
    is still short of one at ``steps``, is :data:`NOT_REACHED`.

    References
    ----------
    1. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Algorithm 2, Definition 4 and
       Theorem 3.
    2. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Theorem 1 (its rate is misstated; book errata, item 2).
    """
    X0 = _one_point(f, x0, "x0")
    if not np.isfinite(f._value(X0)[0]):
        raise ValueError("x0 must be a point where f is finite (inside the objective's domain)")
    ell, rho = float(f.smoothness), float(f.hessian_lipschitz)
    if not (np.isfinite(ell) and ell > 0 and np.isfinite(rho) and rho > 0):
        raise ValueError(
            f"f.smoothness and f.hessian_lipschitz must be finite and > 0, got {ell!r} and {rho!r}"
        )
    eps = as_array("eps", eps)
    if eps.ndim != 1 or eps.size == 0:
        raise ValueError(f"eps must be a non-empty 1-D array, got shape {eps.shape}")
    if not np.all(np.isfinite(eps) & (eps > 0) & (eps <= ell**2 / rho)):
        raise ValueError(f"eps must lie in (0, ell**2/rho] = (0, {ell**2 / rho:g}], got {eps}")
    if isinstance(presets, str):
        raise TypeError(f"presets must be a sequence of preset names, got the string {presets!r}")
    try:
        presets = tuple(presets)
    except TypeError:
        raise TypeError(
            f"presets must be a sequence of names from {tuple(PRESET_C)}, got {presets!r}"
        ) from None
    for name in presets:
        check_choice("presets", name, PRESET_C)
    if not presets or len(set(presets)) != len(presets):
        raise ValueError(f"presets must be distinct names from {tuple(PRESET_C)}, got {presets!r}")
    n_seeds = check_int("n_seeds", n_seeds, minimum=1, maximum=MAX_RUNS)
    seed = check_int("seed", seed, minimum=0)
    delta = check_probability("delta", delta)
    if delta_f is None:
        if f.f_min is None or not np.isfinite(f.f_min):
            raise ValueError("delta_f must be given: f.f_min is unknown or not finite")
        delta_f = float(f._value(X0)[0]) - float(f.f_min)
    delta_f = check_positive("delta_f", delta_f)
    initial_budget = check_int("initial_budget", initial_budget, minimum=1, maximum=MAX_STEPS)
    if not isinstance(steps, bool) and isinstance(steps, int) and steps < initial_budget:
        raise ValueError(f"steps must be >= initial_budget = {initial_budget}, got {steps}")
    max_steps = check_int("steps", steps, minimum=initial_budget, maximum=MAX_STEPS)
    for e in eps:  # Algorithm 2's constants exist for every accuracy (before any run)
        for preset in presets:
            try:
                jin_parameters(d=f.dim, ell=ell, rho=rho, eps=float(e), c=preset, delta=delta,
                               delta_f=delta_f)
            except ValueError as err:
                raise ValueError(f"eps entry {e:g} is out of range: {err}") from None

    children = iter(np.random.SeedSequence(seed).spawn(len(presets) * eps.size))
    starts = np.repeat(X0, n_seeds, axis=0)
    out: dict[str, dict] = {name: {} for name in ("steps", "points", "previous", "params", "budgets")}
    for preset in presets:
        steps = np.full((eps.size, n_seeds), NOT_REACHED, dtype=np.int64)
        points = np.full((eps.size, n_seeds, f.dim), np.nan)
        previous = np.full((eps.size, n_seeds, f.dim), np.nan)
        params, budgets = [], np.zeros(eps.size, dtype=np.int64)
        budget = initial_budget
        for k, e in enumerate(eps):
            p = jin_parameters(d=f.dim, ell=ell, rho=rho, eps=float(e), c=preset, delta=delta,
                               delta_f=delta_f)
            child = next(children)
            while True:
                run = pgd_jin(f, starts, p, seed=np.random.default_rng(child), steps=budget, record="all")
                first = first_sosp_step(f, run.iterates, eps=float(e), rho=rho)
                capped = (first == NOT_REACHED) & (run.status == Status.MAX_STEPS)
                if not capped.any() or budget >= max_steps:
                    break  # every run reached one, or the rest stopped for good
                budget = min(2 * budget, max_steps)
            runs = np.flatnonzero(first != NOT_REACHED)
            steps[k] = first
            points[k, runs] = run.iterates[first[runs], runs]
            later = runs[first[runs] > 0]
            previous[k, later] = run.iterates[first[later] - 1, later]
            params.append(p)
            budgets[k] = budget
            reached_max = int(first.max()) if runs.size else budget
            budget = min(max(initial_budget, (5 * reached_max) // 4), max_steps)
        for name, value in zip(("steps", "points", "previous", "params", "budgets"),
                               (steps, points, previous, tuple(params), budgets), strict=True):
            out[name][preset] = value
    return SospIterations(objective=f, x0=X0[0].copy(), eps=eps.copy(), presets=presets, **out)


def predicted_sosp_steps(result: SospIterations, preset: str, *, saddle_curvature: float = 1.0,
                         minimum_curvature: float = 2.0) -> NDArray[np.float64]:
    r"""Steps from a saddle to a first :math:`\epsilon`-SOSP for each :math:`\epsilon`, up to a constant.

    Parameters
    ----------
    result : SospIterations
        A measurement of :func:`iterations_to_sosp`.
    preset : str
        One of ``result.presets``.
    saddle_curvature : float, default 1.0
        :math:`\delta > 0`.
    minimum_curvature : float, default 2.0
        :math:`\mu`, with :math:`0 < \eta\mu < 1` for every :math:`\eta` of the preset.

    Returns
    -------
    ndarray of float, shape (len(result.eps),)

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    After the jump of radius :math:`r` at the saddle, the component along the escape
    direction grows by the factor :math:`1 + \eta\delta` per step (:math:`-\delta` the
    saddle's negative eigenvalue, ``saddle_curvature``) until it is of order one; near the
    minimum the distance to it, and with it the gradient, shrinks by :math:`1 - \eta\mu` per
    step (:math:`\mu` the curvature there, ``minimum_curvature``) until the gradient is below
    :math:`\epsilon`. Hence

    .. math:: t(\epsilon) \approx \frac{\log(1/r)}{\log(1 + \eta\delta)}
              + \frac{\log(1/\epsilon)}{\log\big(1/(1 - \eta\mu)\big)} + \text{const},

    with :math:`r = \frac{\sqrt c}{\chi^2}\frac{\epsilon}{\ell}` and :math:`\eta = c/\ell`
    from Algorithm 2 (``result.params[preset]``). The constant is left out, so compare
    differences, or slopes. The defaults are the double well's :math:`\delta = 1` and
    :math:`\mu = 2`.

    References
    ----------
    1. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Algorithm 2 and the proof of
       Theorem 3.
    """
    if not isinstance(result, SospIterations):
        raise TypeError(f"result must be a SospIterations, got {type(result).__name__}")
    preset = result._check(preset)
    saddle_curvature = check_positive("saddle_curvature", saddle_curvature)
    minimum_curvature = check_positive("minimum_curvature", minimum_curvature)
    params = result.params[preset]
    eta = np.array([p.eta for p in params])
    if not np.all(eta * minimum_curvature < 1.0):
        raise ValueError(f"minimum_curvature must satisfy eta * minimum_curvature < 1 for every eta of "
                         f"{preset!r}, got {minimum_curvature} with eta up to {eta.max():.3g}")
    r = np.array([p.r for p in params])
    with np.errstate(over="ignore", divide="ignore"):
        steps = (np.log(1.0 / r) / np.log1p(eta * saddle_curvature)
                 + np.log(1.0 / result.eps) / -np.log1p(-eta * minimum_curvature))
    if not np.all(np.isfinite(steps)):
        raise ValueError(f"saddle_curvature and minimum_curvature must give a finite number of steps, got "
                         f"{saddle_curvature} and {minimum_curvature}")
    return steps
