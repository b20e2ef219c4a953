r"""The stuck region (lecture 6.2.2.2): starts in a ball from which gradient descent makes no progress.

Around a point ``x`` with :math:`\lambda_{\min}(\nabla^2 f(x)) = -\delta < 0`, the
*stuck region* is the set of starts :math:`w \in B(x, r)` from which ``T`` steps of
gradient descent fail to decrease ``f`` by :math:`\mathscr F`:

.. math:: \mathcal X_{\text{stuck}} = \{\, w \in B(x, r) : f(w) - f(w_T) < \mathscr F \,\},

:math:`w_T` being the ``T``-th gradient-descent iterate from :math:`w`. The lecture's
(6.3) claims it fills a small fraction of the ball, because its width along the
bad eigenvector ``u`` is small (Lemma 3 with the repulsion Lemma 4).
:func:`stuck_region` measures both, by Monte Carlo and by a line search along ``u``;
:func:`quadratic_stuck_region` gives the exact answer on a
:class:`~pgdlib.objectives.quadratic.QuadraticSaddle`.

On the quadratic :math:`f(x) = \tfrac12\sum_i \lambda_i x_i^2`, with the ball centred at
the saddle 0, gradient descent acts coordinate-wise, :math:`x_{T,i} = (1 - \eta\lambda_i)^T x_i`,
so the stuck set is exactly

.. math:: \mathcal X_{\text{stuck}} = \{\, x \in B(0, r) : \textstyle\sum_i c_i x_i^2 < \mathscr F \,\},

          c_i = \tfrac{\lambda_i}{2}\bigl(1 - (1 - \eta\lambda_i)^{2T}\bigr),

with every :math:`c_i \ge 0` when :math:`\eta\lambda_i \le 2`. It lies in the slab
:math:`|\langle x, u\rangle| < h = \sqrt{\mathscr F / c_u}` along the bottom eigenvector, and is
that slab when the other eigenvalues are 0; its share of the ball is then the regularised
incomplete beta function :math:`I_{\min(1, h^2/r^2)}(\tfrac12, \tfrac{d+1}{2})`
(:func:`ball_slab_fraction`). When every :math:`c_i > 0` and the ellipsoid fits in the ball,
the share is :math:`\prod_i \sqrt{\mathscr F / c_i}\,/\,r`. Chapter 5 of the book derives the
slab case; the general case follows in the same way, one coordinate at a time.

References
----------
1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical Understanding
   of Deep Learning, Princeton University, 2018 (scribe notes by P. Manocha and M. T. Islam).
   Section 6.2.2.2, equation (6.3), Lemmas 3 and 4.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import betainc

from pgdlib._validation import (
    MAX_FLOATS,
    MAX_RUNS,
    MAX_STEPS,
    as_array,
    check_floats,
    check_int,
    check_nonnegative,
    check_positive,
    check_real,
    check_work,
    make_rng,
)
from pgdlib.algorithms.gd import gd
from pgdlib.algorithms.sampling import sample_ball
from pgdlib.diagnostics.curvature import _one_point, finite_value_at, min_eigen
from pgdlib.diagnostics.repulsion import unit_direction
from pgdlib.objectives.base import Objective
from pgdlib.objectives.quadratic import QuadraticSaddle

__all__ = [
    "StuckRegion",
    "stuck_region",
    "QuadraticStuckRegion",
    "quadratic_stuck_region",
    "ball_slab_fraction",
]

LINE_POINTS = 129
"""Points per side of ``x`` on the first grid of the line search along ``u``."""

REFINE_POINTS = 33
"""Points per bracket in each refinement round of the line search."""

MAX_RADIUS = 1e150
"""Largest ball radius of :func:`stuck_region` (runs farther out than 1e10 diverge anyway)."""

MAX_REFINE_ROUNDS = 64
"""Cap on the refinement rounds (about 9 reach the 1e-12 r resolution)."""


@dataclass(frozen=True)
class StuckRegion:
    r"""Monte Carlo estimate of the stuck region in :math:`B(x, r)` and its width along ``u``.

    Attributes
    ----------
    fraction : float
        Fraction of the ``n_samples`` uniform starts that are stuck.
    stderr : float
        Its binomial standard error :math:`\sqrt{p(1-p)/n}`.
    width : float
        Length of the stuck segment through ``x`` along ``u``,
        :math:`s_+ - s_-` where :math:`\{x + s u : s_- < s < s_+\}` is the stuck
        interval containing ``x`` (clipped to the ball; 0 if ``x`` itself is not stuck).
    interval : tuple of float
        :math:`(s_-, s_+)`.
    u : ndarray of shape (d,)
        The unit direction (bottom eigenvector of :math:`\nabla^2 f(x)` by default).
    starts : ndarray of shape (n_samples, d)
        The Monte Carlo starts.
    stuck : ndarray of bool, shape (n_samples,)
        Which starts are stuck.
    descent : ndarray, shape (n_samples,)
        :math:`f(w) - f(w_T)` for each start.
    radius, threshold, eta : float
        Ball radius, required descent :math:`\mathscr F`, step size.
    steps : int
        Steps of gradient descent.
    n_diverged : int
        Starts whose run diverged before ``steps`` steps (their descent is measured at
        the last finite iterate).
    """

    fraction: float
    stderr: float
    width: float
    interval: tuple[float, float]
    u: NDArray[np.float64]
    starts: NDArray[np.float64]
    stuck: NDArray[np.bool_]
    descent: NDArray[np.float64]
    radius: float
    threshold: float
    eta: float
    steps: int
    n_diverged: int

    @property
    def n_samples(self) -> int:
        """Number of Monte Carlo starts."""
        return int(self.stuck.size)

    def __repr__(self) -> str:
        return (
            f"StuckRegion(fraction={self.fraction:.4g} +/- {self.stderr:.2g} of {self.n_samples} starts, "
            f"width along u={self.width:.4g}, r={self.radius:.3g}, steps={self.steps}, "
            f"threshold={self.threshold:.3g}"
            + (f", diverged: {self.n_diverged}" if self.n_diverged else "")
            + ")"
        )


def _descent(f: Objective, W: NDArray[np.float64], eta: float, T: int) -> tuple[NDArray, NDArray]:
    """``f(w) - f(w_T)`` for each row of ``W``, and which runs diverged."""
    traj = gd(f, W, eta=eta, steps=T, record="final")
    return f._value(W) - traj.values[-1], traj.stopped_early


def stuck_region(
    f: Objective,
    x: ArrayLike,
    *,
    radius: float,
    steps: int,
    threshold: float,
    eta: float,
    n_samples: int,
    seed: int | np.random.Generator,
    u: ArrayLike | None = None,
) -> StuckRegion:
    r"""Fraction of :math:`B(x, r)` that is stuck, and the stuck width along ``u``.

    A start :math:`w` is stuck when :math:`f(w) - f(w_T) < \mathscr F` after ``steps``
    gradient-descent steps (:func:`~pgdlib.algorithms.gd.gd`). The fraction is the Monte
    Carlo mean over ``n_samples`` starts uniform in the ball. The width is measured on the
    line :math:`x + s u`, :math:`s \in [-r, r]`, by a search that locates both ends of the
    stuck interval containing :math:`s = 0` to about :math:`10^{-12} r`. On a
    :class:`~pgdlib.objectives.quadratic.QuadraticSaddle` centred at the saddle the
    width is :math:`2\min(h, r)`, see :func:`quadratic_stuck_region`.

    Parameters
    ----------
    f : Objective
        The function.
    x : array_like of shape (d,)
        Centre of the ball (the stuck point).
    radius : float
        :math:`r` in ``(0, 1e150]``.
    steps : int
        Steps of gradient descent, in ``[1, MAX_STEPS]``.
    threshold : float
        Required descent :math:`\mathscr F > 0`.
    eta : float
        Step size, > 0.
    n_samples : int
        Monte Carlo starts, in ``[1, MAX_RUNS]``.
    seed : int or numpy.random.Generator
        Seeds the starts.
    u : array_like of shape (d,), optional
        Direction for the width (normalised); by default the bottom eigenvector
        of :math:`\nabla^2 f(x)` from :func:`~pgdlib.diagnostics.curvature.min_eigen`.

    Returns
    -------
    StuckRegion

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.
        ValueError also if ``f(x)`` is not finite.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.2.2.2, equation (6.3), Lemmas 3 and 4.
    2. C. Jin, R. Ge, P. Netrapalli, S. M. Kakade, M. I. Jordan, "How to escape saddle
       points efficiently", ICML 2017, arXiv:1703.00887. Proof of Theorem 3 (the width of
       the stuck region).
    """
    X = _one_point(f, x)
    radius = check_real("radius", radius, low=0.0, high=MAX_RADIUS, low_open=True)
    steps = check_int("steps", steps, minimum=1, maximum=MAX_STEPS)
    threshold = check_positive("threshold", threshold)
    eta = check_positive("eta", eta)
    n_samples = check_int("n_samples", n_samples, minimum=1, maximum=MAX_RUNS)
    check_floats("n_samples", n_samples * f.dim, f"{n_samples} starts in dimension {f.dim}")
    check_work("steps", steps, n_samples + 2 * LINE_POINTS, f.dim)
    rng = make_rng(seed)
    finite_value_at(f, X, "x")
    u_vec = min_eigen(f, X[0]).vector if u is None else unit_direction(f, u)

    starts = X + sample_ball(f.dim, radius, size=n_samples, seed=rng)
    if not np.all(np.isfinite(starts)):
        raise ValueError(f"radius = {radius!r} is too large: starts x + xi overflow")
    descent, diverged = _descent(f, starts, eta, steps)  # all Monte Carlo starts in one batch
    stuck = descent < threshold
    p = float(np.mean(stuck))
    lo, hi = _stuck_interval(f, X[0], u_vec, radius, steps, threshold, eta)
    return StuckRegion(
        fraction=p,
        stderr=float(np.sqrt(p * (1.0 - p) / n_samples)),
        width=hi - lo,
        interval=(lo, hi),
        u=u_vec,
        starts=starts,
        stuck=stuck,
        descent=descent,
        radius=radius,
        threshold=threshold,
        eta=eta,
        steps=steps,
        n_diverged=int(np.sum(diverged)),
    )


def _stuck_interval(
    f: Objective,
    x: NDArray[np.float64],
    u: NDArray[np.float64],
    radius: float,
    T: int,
    F: float,
    eta: float,
) -> tuple[float, float]:
    """The stuck interval ``(s_-, s_+)`` of ``x + s u`` containing ``s = 0``, within ``[-r, r]``."""

    def is_stuck(s: NDArray[np.float64]) -> NDArray[np.bool_]:
        return _descent(f, x + s[:, np.newaxis] * u, eta, T)[0] < F

    # The line search: a grid of 2 * LINE_POINTS - 1 values of s in [-r, r] brackets each end of the
    # stuck interval around s = 0; rounds of REFINE_POINTS-point grids inside each bracket then
    # shrink it 32-fold a round, to about 1e-12 r.
    s = np.linspace(-radius, radius, 2 * LINE_POINTS - 1)
    centre = LINE_POINTS - 1
    s[centre] = 0.0
    stuck = is_stuck(s)
    if not stuck[centre]:
        return 0.0, 0.0
    ends = []
    for step in (1, -1):  # right end, then left end
        j = centre
        while 0 <= j + step < s.size and stuck[j + step]:
            j += step
        if not 0 <= j + step < s.size:
            ends.append(float(s[j]))  # stuck up to the ball's boundary
            continue
        inside, outside = float(s[j]), float(s[j + step])
        for _ in range(MAX_REFINE_ROUNDS):  # each round shrinks the bracket 32-fold
            if not abs(outside - inside) > 1e-12 * radius:
                break
            grid = np.linspace(inside, outside, REFINE_POINTS)
            g_stuck = is_stuck(grid)
            # first non-stuck grid point; grid[0] is stuck and grid[-1] is not
            first_free = int(np.argmin(g_stuck)) if not g_stuck.all() else REFINE_POINTS - 1
            first_free = max(first_free, 1)
            inside, outside = float(grid[first_free - 1]), float(grid[first_free])
        ends.append(0.5 * (inside + outside))
    return ends[1], ends[0]


@dataclass(frozen=True)
class QuadraticStuckRegion:
    r"""The exact stuck region of a :class:`~pgdlib.objectives.quadratic.QuadraticSaddle` in :math:`B(0, r)`.

    Attributes
    ----------
    coefficients : ndarray of shape (d,)
        :math:`c_i = \tfrac{\lambda_i}{2}(1 - (1 - \eta\lambda_i)^{2T})`: the stuck
        set is :math:`\{x \in B(0, r) : \sum_i c_i x_i^2 < \mathscr F\}`.
    half_width : float
        :math:`h = \sqrt{\mathscr F / c_u}` along the bottom eigenvector.
    width : float
        :math:`2\min(h, r)`, the stuck chord through the saddle along ``u``.
    shape : str
        ``'slab'`` (every :math:`c_i = 0` for :math:`i \ne u`), ``'ellipsoid'``
        (every :math:`c_i > 0` and the ellipsoid lies inside the ball) or
        ``'other'``.
    fraction : float or None
        Exact stuck fraction of the ball for ``'slab'`` and ``'ellipsoid'``;
        ``None`` otherwise (no closed form: estimate it with :func:`stuck_region`).
    u_index : int
        Coordinate of the most negative eigenvalue.
    radius, threshold, eta : float
        Ball radius, required descent :math:`\mathscr F`, step size.
    steps : int
        Steps.
    """

    coefficients: NDArray[np.float64]
    half_width: float
    width: float
    shape: str
    fraction: float | None
    u_index: int
    radius: float
    threshold: float
    eta: float
    steps: int

    def is_stuck(self, x: ArrayLike) -> NDArray[np.bool_]:
        r"""Exact indicator :math:`\sum_i c_i x_i^2 < \mathscr F` (points assumed in the ball)."""
        X = np.atleast_2d(as_array("x", x))
        d = self.coefficients.size
        if X.ndim != 2 or X.shape[1] != d:
            raise ValueError(f"x must have shape ({d},) or (n, {d}), got shape {np.shape(x)}")
        if not np.all(np.isfinite(X)):
            raise ValueError("x must contain only finite numbers")
        return X**2 @ self.coefficients < self.threshold

    def __repr__(self) -> str:
        frac = "no closed form" if self.fraction is None else f"{self.fraction:.6g}"
        return (
            f"QuadraticStuckRegion({self.shape}, width along u={self.width:.6g}, "
            f"fraction={frac}, r={self.radius:.3g}, steps={self.steps}, threshold={self.threshold:.3g}, "
            f"eta={self.eta:.3g})"
        )


def quadratic_stuck_region(
    f: QuadraticSaddle, *, radius: float, steps: int, threshold: float, eta: float
) -> QuadraticStuckRegion:
    r"""Closed-form stuck region of :math:`f(x) = \tfrac12\sum_i\lambda_i x_i^2` in the ball :math:`B(0, r)`.

    Parameters
    ----------
    f : QuadraticSaddle
        With at least one negative eigenvalue.
    radius : float
        :math:`r > 0`.
    steps : int
        Steps, >= 1.
    threshold : float
        Required descent :math:`\mathscr F > 0`.
    eta : float
        Step size, > 0.

    Returns
    -------
    QuadraticStuckRegion

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.
        TypeError also if ``f`` is not a QuadraticSaddle; ValueError if it has no
        negative eigenvalue.

    Notes
    -----
    The stuck set is
    :math:`\{x \in B(0, r): \sum_i c_i x_i^2 < \mathscr F\}` with
    :math:`c_i = \tfrac{\lambda_i}{2}(1 - (1 - \eta\lambda_i)^{2T})`; its width along
    the bottom eigenvector is :math:`2\min(h, r)` with
    :math:`h = \sqrt{2\mathscr F / (\delta((1 + \eta\delta)^{2T} - 1))}`; and when the
    other eigenvalues are 0 it is the slab :math:`|x_u| < h`, whose fraction of the
    ball is :math:`I_{\min(1, h^2/r^2)}(\tfrac12, \tfrac{d+1}{2})`
    (:func:`ball_slab_fraction`). Chapter 5 of the book derives the slab case.

    References
    ----------
    1. S. Arora, "Lecture 6: Escaping saddle points", COS 597G, Toward Theoretical
       Understanding of Deep Learning, Princeton University, 2018 (scribe notes by P.
       Manocha and M. T. Islam). Section 6.2.2.2.
    """
    if not isinstance(f, QuadraticSaddle):
        raise TypeError(f"f must be a QuadraticSaddle, got {type(f).__name__}")
    lam = f.eigenvalues
    if not np.any(lam < 0):
        raise ValueError("f must have a negative eigenvalue (a saddle or a maximum at 0)")
    radius = check_positive("radius", radius)
    steps = check_int("steps", steps, minimum=1, maximum=MAX_STEPS)
    threshold = check_positive("threshold", threshold)
    eta = check_positive("eta", eta)
    with np.errstate(over="ignore", invalid="ignore"):
        c = 0.5 * lam * (1.0 - (1.0 - eta * lam) ** (2 * steps))
    if not np.all(np.isfinite(c)):
        raise ValueError(
            f"steps = {steps} and eta = {eta!r} make (1 - eta * lambda_i)**(2 * steps) overflow for f's "
            "eigenvalues; use a smaller steps or eta"
        )
    iu = int(np.argmin(lam))
    with np.errstate(over="ignore", divide="ignore"):
        h = float(np.sqrt(threshold / c[iu]))
    if not np.isfinite(h):
        raise ValueError(
            f"threshold = {threshold!r}, eta = {eta!r} and steps = {steps} give the half-width "
            f"h = sqrt(threshold / c_u) = {h}: GD hardly moves along u in {steps} steps; "
            "use a larger eta or steps, or a smaller threshold"
        )
    others = np.delete(c, iu)
    if np.all(others == 0.0):
        shape, fraction = "slab", ball_slab_fraction(f.dim, radius, half_width=h)
    elif np.all(c > 0.0) and np.all(np.sqrt(threshold / c) <= radius):
        shape, fraction = "ellipsoid", float(np.prod(np.sqrt(threshold / c) / radius))
    else:
        shape, fraction = "other", None
    return QuadraticStuckRegion(
        coefficients=c,
        half_width=h,
        width=2.0 * min(h, radius),
        shape=shape,
        fraction=fraction,
        u_index=iu,
        radius=radius,
        threshold=threshold,
        eta=eta,
        steps=steps,
    )


def ball_slab_fraction(d: int, radius: float, *, half_width: float) -> float:
    r"""Fraction of the ball :math:`B(0, r) \subset \mathbb R^d` inside the slab :math:`|x_1| \le h`.

    Parameters
    ----------
    d : int
        Dimension, >= 1.
    radius : float
        :math:`r > 0`.
    half_width : float
        :math:`h \ge 0`.

    Returns
    -------
    float
        The fraction, in ``[0, 1]``.

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    .. math:: I_{\min(1, h^2/r^2)}\bigl(\tfrac12, \tfrac{d+1}{2}\bigr),

    the regularised incomplete beta function, because :math:`X_1^2/r^2 \sim
    \mathrm{Beta}(\tfrac12, \tfrac{d+1}{2})` for :math:`X` uniform in the ball.
    For :math:`d = 1` it is :math:`h/r`; for :math:`d = 2`,
    :math:`\tfrac{2}{\pi}(\arcsin s + s\sqrt{1 - s^2})` with :math:`s = h/r`.
    """
    d = check_int("d", d, minimum=1, maximum=MAX_FLOATS)
    radius = check_positive("radius", radius)
    half_width = check_nonnegative("half_width", half_width)
    s2 = min(1.0, half_width / radius) ** 2  # = min(1, (h/r)**2), without overflowing
    return float(betainc(0.5, 0.5 * (d + 1), s2))
