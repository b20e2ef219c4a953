"""Jin, Ge, Netrapalli, Kakade, Jordan 2017: perturbed gradient descent, Algorithm 2.

"How to Escape Saddle Points Efficiently", ICML 2017, arXiv:1703.00887.
:func:`jin_parameters` computes the algorithm's constants; :func:`pgd_jin` runs it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pgdlib._validation import (
    MAX_FLOATS,
    check_int,
    check_nonnegative,
    check_objective,
    check_positive,
    check_probability,
    make_rng,
)
from pgdlib.algorithms._engine import (
    DEFAULT_DIVERGENCE_BOUND,
    RunState,
    StepRule,
    check_common,
    run,
    start_points,
    stop_rules,
)
from pgdlib.algorithms.sampling import ball_points
from pgdlib.objectives.base import Objective
from pgdlib.trajectory import RecordMode, Status, Trajectory

__all__ = ["JinParameters", "jin_parameters", "pgd_jin", "PRESET_C", "DEFAULT_MAX_STEPS"]

#: The constant ``c`` of each preset. Theorem 3 holds for ``c <= c_max``, an absolute
#: constant the paper does not evaluate. ``'theory'`` takes ``c = 0.1`` as a stand-in
#: for it; ``'practical'`` takes ``c = 1``: ``eta = 1/ell``, the largest step the descent
#: lemma covers, ``t_thres`` 100 times shorter, ``r`` and ``g_thres`` sqrt(10) times and
#: ``f_thres`` 10 times larger than with ``'theory'``.
PRESET_C: dict[str, float] = {"theory": 0.1, "practical": 1.0}

#: Safety cap on the iterations of :func:`pgd_jin` when the theorem's bound is larger.
DEFAULT_MAX_STEPS = 100_000

Preset = Literal["theory", "practical"]


@dataclass(frozen=True)
class JinParameters:
    r"""The constants of Jin et al. 2017, Algorithm 2, and of its Theorem 3.

    Attributes
    ----------
    d, ell, rho, eps, c, delta, delta_f : float
        The inputs: dimension, gradient-Lipschitz constant :math:`\ell`,
        Hessian-Lipschitz constant :math:`\rho`, target accuracy :math:`\epsilon`,
        the constant :math:`c`, failure probability :math:`\delta`, and
        :math:`\Delta_f \ge f(x_0) - f^\star`.
    chi : float
        :math:`\chi = 3\max\{\log(d\ell\Delta_f/(c\epsilon^2\delta)),\ 4\}`.
    eta : float
        Step size :math:`\eta = c/\ell`.
    r : float
        Perturbation radius :math:`r = \frac{\sqrt c}{\chi^2}\frac{\epsilon}{\ell}`.
    g_thres : float
        Gradient threshold :math:`g_{thres} = \frac{\sqrt c}{\chi^2}\epsilon`.
    f_thres : float
        Decrease threshold :math:`f_{thres} = \frac{c}{\chi^3}\sqrt{\epsilon^3/\rho}`.
    t_thres : int
        Steps between perturbations,
        :math:`t_{thres} = \lceil \frac{\chi}{c^2}\frac{\ell}{\sqrt{\rho\epsilon}} \rceil`,
        rounded up to an integer because Algorithm 2 compares it with the integer
        ``t - t_noise`` (for equality in its termination test).
    t_thres_exact : float
        The same before rounding.
    kappa : float
        The local condition number :math:`\kappa = \ell/\sqrt{\rho\epsilon}`.
    iteration_bound : float
        :math:`\frac{\chi^4}{c^3}\frac{\ell\Delta_f}{\epsilon^2}`: :math:`\Delta_f` divided
        by the least average decrease per iteration in the proof of Theorem 3,
        :math:`f_{thres}/t_{thres} = \frac{c^3}{\chi^4}\frac{\epsilon^2}{\ell}` (large-gradient
        steps decrease ``f`` faster when :math:`c \le 1/2`). Theorem 3 states it as
        :math:`O\big(\frac{\ell\Delta_f}{\epsilon^2}\log^4(\frac{d\ell\Delta_f}{\epsilon^2\delta})\big)`.
    preset : str or None
        ``'theory'`` or ``'practical'`` when ``c`` came from :data:`PRESET_C`.

    Notes
    -----
    Build it with :func:`jin_parameters`, :meth:`for_objective`, :meth:`theory` or
    :meth:`practical`; the formulas are those of Jin et al. 2017, Algorithm 2 and
    Theorem 3 (see :func:`jin_parameters`).

    References
    ----------
    1. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Algorithm 2 and Theorem 3.
    """

    d: int
    ell: float
    rho: float
    eps: float
    c: float
    delta: float
    delta_f: float
    chi: float
    eta: float
    r: float
    g_thres: float
    f_thres: float
    t_thres: int
    t_thres_exact: float
    kappa: float
    iteration_bound: float
    preset: str | None = None

    @classmethod
    def theory(
        cls, *, d: int, ell: float, rho: float, eps: float, delta: float, delta_f: float
    ) -> JinParameters:
        """Algorithm 2's constants with ``c = PRESET_C['theory']`` (0.1).

        Raises
        ------
        TypeError, ValueError
            As :func:`jin_parameters`.
        """
        return jin_parameters(d=d, ell=ell, rho=rho, eps=eps, c="theory", delta=delta, delta_f=delta_f)

    @classmethod
    def practical(
        cls, *, d: int, ell: float, rho: float, eps: float, delta: float, delta_f: float
    ) -> JinParameters:
        """Algorithm 2's constants with ``c = PRESET_C['practical']`` (1, so ``eta = 1/ell``).

        Raises
        ------
        TypeError, ValueError
            As :func:`jin_parameters`.
        """
        return jin_parameters(d=d, ell=ell, rho=rho, eps=eps, c="practical", delta=delta, delta_f=delta_f)

    @classmethod
    def for_objective(
        cls, f: Objective, *, eps: float, c: float | Preset, delta: float, delta_f: float
    ) -> JinParameters:
        r"""Algorithm 2's constants for ``f``: :func:`jin_parameters` with ``d = f.dim``,
        ``ell = f.smoothness`` and ``rho = f.hessian_lipschitz``.

        Parameters
        ----------
        f : Objective
            Needs finite ``smoothness`` and ``hessian_lipschitz`` > 0.
        eps, c, delta, delta_f
            As in :func:`jin_parameters`.

        Returns
        -------
        JinParameters

        Raises
        ------
        TypeError, ValueError
            As :func:`jin_parameters`, and ValueError if ``f.smoothness`` or
            ``f.hessian_lipschitz`` is not finite and > 0.

        Examples
        --------
        >>> from pgdlib import DoubleWell
        >>> p = JinParameters.for_objective(DoubleWell(), eps=0.01, c="practical", delta=0.1, delta_f=1.0)
        >>> p.d, p.eta == 1.0 / DoubleWell().smoothness
        (2, True)
        """
        check_objective("f", f)
        ell, rho = float(f.smoothness), float(f.hessian_lipschitz)
        if not (np.isfinite(ell) and ell > 0 and np.isfinite(rho) and rho > 0):
            raise ValueError(
                "f.smoothness and f.hessian_lipschitz must be finite and > 0 for Algorithm 2 "
                f"(it needs ell and rho), got {ell!r} and {rho!r}; "
                "call jin_parameters(d=..., ell=..., rho=..., ...) to choose them"
            )
        return jin_parameters(d=f.dim, ell=ell, rho=rho, eps=eps, c=c, delta=delta, delta_f=delta_f)


def _resolve_c(c: float | str) -> tuple[float, str | None]:
    if isinstance(c, str):
        if c not in PRESET_C:
            raise ValueError(f"c must be a number > 0 or one of {tuple(PRESET_C)}, got {c!r}")
        return PRESET_C[c], c
    try:
        return check_positive("c", c), None
    except TypeError:
        raise TypeError(f"c must be a finite number > 0 or one of {tuple(PRESET_C)}, got {c!r}") from None


def _constants(d: int, ell: float, rho: float, eps: float, c: float, delta: float,
               delta_f: float) -> dict[str, float]:
    """Algorithm 2's constants from validated inputs, as written in the paper.

    Where a formula's intermediate overflows or underflows (``eps**2`` for a tiny ``eps``,
    ``d * ell * delta_f`` for huge ones) the logarithm in ``chi`` is taken term by term;
    a constant that is still not a finite positive number raises ValueError.
    """
    try:
        chi_arg = d * ell * delta_f / (c * eps**2 * delta)
        log_arg = math.log(chi_arg) if 0.0 < chi_arg < math.inf else None
    except (OverflowError, ZeroDivisionError):
        log_arg = None
    if log_arg is None:
        log_arg = (math.log(d) + math.log(ell) + math.log(delta_f) - math.log(c) - 2.0 * math.log(eps)
                   - math.log(delta))
    chi = 3.0 * max(log_arg, 4.0)
    out: dict[str, float] = {"chi": chi}
    formulas = {
        "kappa": lambda: ell / math.sqrt(rho * eps),
        "eta": lambda: c / ell,
        "r": lambda: math.sqrt(c) / chi**2 * eps / ell,
        "g_thres": lambda: math.sqrt(c) / chi**2 * eps,
        "f_thres": lambda: c / chi**3 * math.sqrt(eps**3 / rho),
        "iteration_bound": lambda: chi**4 / c**3 * ell * delta_f / eps**2,
    }
    for name, formula in formulas.items():
        try:
            value = formula()
            if name == "kappa":
                out["t_thres_exact"] = chi / c**2 * value
        except (OverflowError, ZeroDivisionError):
            value = math.nan
            out.setdefault("t_thres_exact", math.nan)
        out[name] = value
    for name in ("eta", "r", "g_thres", "f_thres", "kappa", "t_thres_exact", "iteration_bound"):
        value = out[name]
        if not (math.isfinite(value) and value > 0.0):
            raise ValueError(
                f"ell={ell!r}, rho={rho!r}, eps={eps!r}, c={c!r}, delta={delta!r}, delta_f={delta_f!r} "
                f"give {name} = {value!r}, not a finite positive float (an overflow or underflow); "
                "choose less extreme values"
            )
    return out


def jin_parameters(
    *,
    d: int,
    ell: float,
    rho: float,
    eps: float,
    c: float | Preset,
    delta: float,
    delta_f: float,
) -> JinParameters:
    r"""The constants of Jin et al. 2017, Algorithm 2 (PGD), exactly as in the paper.

    Parameters
    ----------
    d : int
        Dimension, >= 1.
    ell, rho : float
        Gradient- and Hessian-Lipschitz constants, > 0.
    eps : float
        Target accuracy, in ``(0, ell**2 / rho]`` (the paper's requirement).
    c : float or {'theory', 'practical'}
        The constant ``c > 0``, or a preset name (see :data:`PRESET_C`).
    delta : float
        Failure probability, in ``(0, 1)``.
    delta_f : float
        An upper bound on :math:`f(x_0) - f^\star`, > 0.

    Returns
    -------
    JinParameters

    Raises
    ------
    TypeError, ValueError
        On an argument of the wrong type or out of its range, and (ValueError) when the
        inputs are so extreme that a constant overflows or underflows the float range
        (e.g. ``eps = 1e-200`` makes :math:`f_{thres}` underflow to 0).

    Notes
    -----
    .. math::

        \chi = 3\max\{\log\tfrac{d\ell\Delta_f}{c\epsilon^2\delta}, 4\},\quad
        \eta = \tfrac{c}{\ell},\quad
        r = \tfrac{\sqrt c}{\chi^2}\tfrac{\epsilon}{\ell},

        g_{thres} = \tfrac{\sqrt c}{\chi^2}\epsilon,\quad
        f_{thres} = \tfrac{c}{\chi^3}\sqrt{\tfrac{\epsilon^3}{\rho}},\quad
        t_{thres} = \tfrac{\chi}{c^2}\tfrac{\ell}{\sqrt{\rho\epsilon}}

    (``log`` is the natural logarithm; ``t_thres`` is rounded up to an integer).
    Theorem 3: for an :math:`\ell`-gradient-Lipschitz, :math:`\rho`-Hessian-Lipschitz
    ``f``, :math:`\epsilon \le \ell^2/\rho`, :math:`\Delta_f \ge f(x_0) - f^\star` and
    :math:`c \le c_{max}` (an absolute constant), PGD outputs an
    :math:`\epsilon`-second-order stationary point
    (:math:`\|\nabla f\| \le \epsilon`, :math:`\lambda_{min}(\nabla^2 f) \ge -\sqrt{\rho\epsilon}`)
    with probability :math:`1 - \delta`. The lecture's Theorem 1 misstates ``r``, the
    iteration count and the probability (book errata 1-4).

    References
    ----------
    1. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Algorithm 2, Definition 4 and
       Theorem 3.
    2. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Theorem 1 (misstated; book errata, items 1-4).

    Examples
    --------
    >>> p = jin_parameters(d=2, ell=1.0, rho=1.0, eps=0.01, c=1.0, delta=0.1, delta_f=1.0)
    >>> p.eta, round(p.chi, 4), p.t_thres  # chi = 3 log(2e5); t_thres = ceil(chi * 10)
    (1.0, 36.6182, 367)
    """
    d = check_int("d", d, minimum=1, maximum=MAX_FLOATS)
    ell = check_positive("ell", ell)
    rho = check_positive("rho", rho)
    eps = check_positive("eps", eps)
    c, preset = _resolve_c(c)
    delta = check_probability("delta", delta)
    delta_f = check_positive("delta_f", delta_f)
    if eps > ell * (ell / rho):
        raise ValueError(f"eps must lie in (0, ell**2/rho] = (0, {ell * (ell / rho):g}], got {eps!r}")
    k = _constants(d, ell, rho, eps, c, delta, delta_f)
    chi, kappa, t_exact = k["chi"], k["kappa"], k["t_thres_exact"]
    return JinParameters(
        d=d,
        ell=ell,
        rho=rho,
        eps=eps,
        c=c,
        delta=delta,
        delta_f=delta_f,
        chi=chi,
        eta=k["eta"],
        r=k["r"],
        g_thres=k["g_thres"],
        f_thres=k["f_thres"],
        t_thres=math.ceil(t_exact),
        t_thres_exact=t_exact,
        kappa=kappa,
        iteration_bound=k["iteration_bound"],
        preset=preset,
    )


class JinRule(StepRule):
    r"""Algorithm 2's perturbation clock ``t_noise`` and termination test, per run.

    Holds the points :math:`\tilde x` before each run's last perturbation; a run that
    terminates reports its :math:`\tilde x` (:meth:`result`).
    """

    def __init__(self, f: Objective, n: int, p: JinParameters, rng: np.random.Generator, steps: int) -> None:
        self.f, self.p, self.rng = f, p, rng
        # A t_thres beyond the run (steps + 1) behaves as steps + 1: after a perturbation
        # neither the termination test nor the next perturbation can come. Clipping keeps
        # the int64 clock exact for a t_thres of any size.
        self.t_thres = min(int(p.t_thres), steps + 1)
        self.t_noise = np.full(n, -self.t_thres - 1, dtype=np.int64)
        self.x_tilde = np.zeros((n, f.dim))
        self.f_tilde = np.full(n, np.nan)
        self.terminated = np.zeros(n, dtype=bool)

    def before_step(self, t: int, state: RunState, last: bool) -> None:
        p, active, t_thres = self.p, state.active, self.t_thres
        since = t - self.t_noise
        # Termination: t - t_noise = t_thres and f(x_t) - f(x_tilde) > -f_thres: return x_tilde.
        due = np.flatnonzero(active & (since == t_thres))
        if due.size:
            fx = state.values(due)
            done = due[active[due] & (fx - self.f_tilde[due] > -p.f_thres)]
            self.terminated[done] = True
            state.stop(done, Status.TERMINATED, t)
        if last:
            return
        # Perturbation: ||grad f(x_t)|| <= g_thres and t - t_noise > t_thres.
        rows = np.flatnonzero(active & (since > t_thres))
        if rows.size == 0:
            return
        rows = rows[state.grad_norms(rows) <= p.g_thres]
        if rows.size == 0:
            return
        fx = state.values(rows)
        keep = active[rows]  # f(x_t) may have stopped a run
        rows, fx = rows[keep], fx[keep]
        self.x_tilde[rows] = state.X[rows]
        self.f_tilde[rows] = fx
        self.t_noise[rows] = t
        state.replace(rows, state.X[rows] + ball_points(self.rng, (rows.size,), self.f.dim, p.r))
        state.record_perturbation(rows, t)

    def result(self, state: RunState) -> NDArray[np.float64]:
        r"""Each run's last iterate, or :math:`\tilde x_{t_{noise}}` for a run that terminated."""
        if not self.terminated.any():
            return state.X
        out = state.X.copy()
        out[self.terminated] = self.x_tilde[self.terminated]
        return out


def pgd_jin(
    f: Objective,
    x0: ArrayLike,
    params: JinParameters,
    *,
    seed: int | np.random.Generator,
    steps: int | None = None,
    target: float | None = None,
    until: Callable | None = None,
    record: RecordMode = "all",
    divergence_bound: float = DEFAULT_DIVERGENCE_BOUND,
) -> Trajectory:
    r"""Perturbed gradient descent, Jin et al. 2017, Algorithm 2, exactly.

    Parameters
    ----------
    f : Objective
        The function to minimise; ``params.d`` must equal ``f.dim``.
    x0 : array_like, shape (d,) or (n, d)
        Start, or ``n`` starts, each with its own ``t_noise`` and termination.
    params : JinParameters
        Algorithm 2's constants: ``jin_parameters(d=..., ell=..., rho=..., eps=..., c=...,
        delta=..., delta_f=...)``, or ``JinParameters.for_objective(f, eps=..., c=...,
        delta=..., delta_f=...)`` with ``ell``, ``rho`` and ``d`` taken from ``f``.
    seed : int or numpy.random.Generator
        Source of the perturbations.
    steps : int, optional
        Cap on iterations (stop reason ``'max steps'``), in ``[0, MAX_STEPS]``; default
        ``min(ceil(params.iteration_bound), 100000)``.
    target : float, optional
        Stop a run at the first step ``t`` with :math:`f(x_t) \le` ``target`` (status
        ``TARGET``); see :func:`~pgdlib.algorithms.gd.gd`.
    until : callable, optional
        ``until(t, x) -> bool`` or a bool array of shape ``(n,)``: stop the runs for which
        it is true at step ``t`` (status ``STOPPED``); see :func:`~pgdlib.algorithms.gd.gd`.
        A stopped run draws nothing more, so in a batch (one stream) the later draws of
        the other runs differ from those of a batch run without the stop condition.
    record : {'all', 'values', 'final'} or int, default 'all'
        What to keep; see :class:`~pgdlib.trajectory.Recorder`.
    divergence_bound : float, default 1e10
        A run whose next iterate is not finite or has norm above this bound stops
        with stop reason ``'diverged'``.

    Returns
    -------
    Trajectory
        ``x`` is what Algorithm 2 returns: for a run stopped by its termination test
        (status ``TERMINATED``), :math:`\tilde x_{t_{noise}}`, the point before its last
        perturbation; for any other run, its last iterate. ``iterates[-1]`` is always
        the last iterate, and ``perturbation_steps`` the steps ``t`` whose :math:`x_t` was
        perturbed.

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.
        ValueError also if ``params.d`` differs from ``f.dim``.

    Notes
    -----
    With the constants ``params`` (:func:`jin_parameters`, or
    :meth:`JinParameters.for_objective` for ``ell = f.smoothness``,
    ``rho = f.hessian_lipschitz``, ``d = f.dim``) and
    :math:`t_{noise} = -t_{thres} - 1`, for :math:`t = 0, 1, \ldots`:

    1. if :math:`\|\nabla f(x_t)\| \le g_{thres}` and :math:`t - t_{noise} > t_{thres}`:
       :math:`\tilde x_t = x_t`, :math:`t_{noise} = t`,
       :math:`x_t = \tilde x_t + \xi_t` with :math:`\xi_t` uniform in :math:`B(0, r)`;
    2. if :math:`t - t_{noise} = t_{thres}` and
       :math:`f(x_t) - f(\tilde x_{t_{noise}}) > -f_{thres}`: return
       :math:`\tilde x_{t_{noise}}`;
    3. :math:`x_{t+1} = x_t - \eta\nabla f(x_t)`.

    Conventions: one iteration ``t`` is one step, including a perturbation (which
    replaces :math:`x_t` before its gradient step, so an iteration costs two
    gradient evaluations then). The record at step ``t`` is :math:`x_t` *before*
    the perturbation (:math:`\tilde x_t`); ``perturbation_steps`` lists those ``t``.
    A run stopped by step 2 has stop reason ``'terminated'`` at ``t``, and
    ``Trajectory.x`` is :math:`\tilde x_{t_{noise}}`, the point before the last
    perturbation, while the recorded iterates end at :math:`x_t`. No perturbation
    is drawn at the final step ``steps``.

    References
    ----------
    1. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Algorithm 2 and Theorem 3.

    Examples
    --------
    From the saddle of the double well, the first perturbation is at step 0; the run
    reaches a minimum :math:`(\pm 1, 0)` and terminates after a last perturbation that
    brings no progress:

    >>> from pgdlib import DoubleWell
    >>> f = DoubleWell()
    >>> p = JinParameters.for_objective(f, eps=1e-3, c="practical", delta=0.1, delta_f=1.0)
    >>> traj = pgd_jin(f, [0.0, 0.0], p, seed=0, record="final")
    >>> str(traj.stop_reason), traj.perturbation_steps.tolist()
    ('terminated', [0, 3376])
    >>> bool(np.allclose(np.abs(traj.x), [1.0, 0.0]))
    True
    """
    check_objective("f", f)
    if not isinstance(params, JinParameters):
        raise TypeError(
            f"params must be a JinParameters (from jin_parameters), got {type(params).__name__}"
        )
    if params.d != f.dim:
        raise ValueError(f"params.d must equal f.dim = {f.dim}, got {params.d}")
    for field in ("r", "g_thres", "f_thres"):  # a JinParameters built by hand
        check_nonnegative(f"params.{field}", getattr(params, field))
    check_int("params.t_thres", params.t_thres, minimum=1)
    if steps is None:
        bound = params.iteration_bound
        steps = DEFAULT_MAX_STEPS if not bound < DEFAULT_MAX_STEPS else int(math.ceil(bound))
    X, single = start_points(f, x0)
    eta, steps, divergence_bound = check_common(params.eta, steps, divergence_bound)
    rng = make_rng(seed)
    return run(
        f,
        X,
        eta,
        steps,
        rule=stop_rules(target, until, single) + [JinRule(f, X.shape[0], params, rng, steps)],
        single=single,
        record=record,
        divergence_bound=divergence_bound,
        algorithm="pgd_jin",
        params={**params.__dict__, "steps": steps},
    )

