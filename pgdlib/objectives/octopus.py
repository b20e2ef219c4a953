r"""The "octopus" of Du, Jin, Lee, Jordan, Poczos and Singh (2017).

Reference: S. S. Du, C. Jin, J. D. Lee, M. I. Jordan, B. Poczos, A. Singh,
*Gradient descent can take exponential time to escape saddle points*,
NeurIPS 2017 (arXiv:1705.10412), section 4 and appendix B.

The function is built on the positive orthant from ``d + 1`` pieces, the
*tubes* ``D_1, ..., D_{d+1}``, and then mirrored in every coordinate
(``f(x) = f(|x_1|, ..., |x_d|)``) so that the saddles become interior points;
the mirrored domain looks like an octopus. Tube ``i`` leads from the saddle
``s_i = (4 tau, ..., 4 tau, 0, ..., 0)`` (``i - 1`` entries ``4 tau``) to the
next one: gradient descent started near the origin visits the saddles one after
another and needs a time that grows geometrically with ``i`` to leave each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize

from pgdlib._validation import (
    MAX_FLOATS,
    as_array,
    as_points,
    check_choice,
    check_int,
    check_positive,
    finite_constant,
)
from pgdlib.objectives.base import CriticalPoint, Objective

__all__ = ["Octopus", "octopus_g1", "octopus_g2", "octopus_nu"]

Derivatives = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


# -- the two splines and the constant nu ---------------------------------------
def octopus_g1(a: ArrayLike, L: float, gamma: float, tau: float) -> Derivatives:
    r"""The spline :math:`g_1` on :math:`[\tau, 2\tau]` with its first two derivatives.

    .. math::
        g_1(a) = -\gamma a^2 + \frac{-14L + 10\gamma}{3\tau}(a - \tau)^3
                 + \frac{5L - 3\gamma}{2\tau^2}(a - \tau)^4

    (Du et al. 2017, section 4). It carries the escaping coordinate ``x_i`` from
    the saddle's downhill parabola :math:`-\gamma a^2` to the next tube's bowl
    :math:`L(a - 4\tau)^2`.

    Returns
    -------
    (g1, g1', g1'') : tuple of arrays shaped like ``a``

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    Write :math:`g_1(a) = -\gamma a^2 + p\,(a-\tau)^3
    + q\,(a-\tau)^4`, which already matches value, slope and curvature of
    :math:`-\gamma a^2` at :math:`a = \tau`; matching slope :math:`-4L\tau` and
    curvature :math:`2L` of :math:`L(a - 4\tau)^2` at :math:`a = 2\tau` gives the
    two linear equations :math:`3p\tau^2 + 4q\tau^3 = 4\gamma\tau - 4L\tau` and
    :math:`6p\tau + 12q\tau^2 = 2L + 2\gamma`, whose solution is the pair above.
    The value at :math:`2\tau` is then fixed, and :math:`\nu` absorbs it
    (:func:`octopus_nu`).

    References
    ----------
    1. S. S. Du, C. Jin, J. D. Lee, M. I. Jordan, B. Poczos, A. Singh, "Gradient descent can
       take exponential time to escape saddle points", NeurIPS 2017, arXiv:1705.10412.
       Section 4.
    """
    return _checked(_g1, "octopus_g1", *_spline_args(a, L, gamma, tau))


def _g1(a: NDArray[np.float64], L: float, gamma: float, tau: float) -> Derivatives:
    """:func:`octopus_g1` on checked arguments (the objective's own calls)."""
    p = (-14.0 * L + 10.0 * gamma) / (3.0 * tau)
    q = (5.0 * L - 3.0 * gamma) / (2.0 * tau**2)
    u = a - tau
    value = -gamma * a**2 + p * u**3 + q * u**4
    first = -2.0 * gamma * a + 3.0 * p * u**2 + 4.0 * q * u**3
    second = -2.0 * gamma + 6.0 * p * u + 12.0 * q * u**2
    return value, first, second


def octopus_g2(a: ArrayLike, L: float, gamma: float, tau: float) -> Derivatives:
    r"""The spline :math:`g_2` on :math:`[\tau, 2\tau]` with its first two derivatives.

    .. math::
        g_2(a) = &-\gamma - \frac{10(L+\gamma)}{\tau^3}(a - 2\tau)^3 \\
                 &- \frac{15(L+\gamma)}{\tau^4}(a - 2\tau)^4 - \frac{6(L+\gamma)}{\tau^5}(a - 2\tau)^5

    (Du et al. 2017, section 4). It is the curvature coefficient of the *next*
    coordinate, :math:`g_2(x_i)\,x_{i+1}^2`: it turns the wall :math:`L x_{i+1}^2`
    of tube ``i`` into the downhill parabola :math:`-\gamma x_{i+1}^2` of saddle
    ``i + 1``.

    Returns
    -------
    (g2, g2', g2'') : tuple of arrays shaped like ``a``

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or is out of its range, before any work.

    Notes
    -----
    The six conditions :math:`g_2(\tau) = L`,
    :math:`g_2(2\tau) = -\gamma` and :math:`g_2' = g_2'' = 0` at both ends (so that
    :math:`f` stays twice differentiable) determine the quintic; with
    :math:`u = (a - 2\tau)/\tau` it is :math:`-\gamma - (L+\gamma)(10u^3 + 15u^4 + 6u^5)`,
    the smoothstep polynomial rescaled.

    References
    ----------
    1. S. S. Du, C. Jin, J. D. Lee, M. I. Jordan, B. Poczos, A. Singh, "Gradient descent can
       take exponential time to escape saddle points", NeurIPS 2017, arXiv:1705.10412.
       Section 4.
    """
    return _checked(_g2, "octopus_g2", *_spline_args(a, L, gamma, tau))


def _g2(a: NDArray[np.float64], L: float, gamma: float, tau: float) -> Derivatives:
    """:func:`octopus_g2` on checked arguments (the objective's own calls)."""
    k = L + gamma
    u = (a - 2.0 * tau) / tau
    value = -gamma - k * (10.0 * u**3 + 15.0 * u**4 + 6.0 * u**5)
    first = -k * (30.0 * u**2 + 60.0 * u**3 + 30.0 * u**4) / tau
    second = -k * (60.0 * u + 180.0 * u**2 + 120.0 * u**3) / tau**2
    return value, first, second


def octopus_nu(L: float, gamma: float, tau: float) -> float:
    r"""The constant :math:`\nu = -g_1(2\tau) + 4L\tau^2 = \tfrac{13}{6}\gamma\tau^2 + \tfrac{37}{6}L\tau^2`.

    Each coordinate that has finished escaping contributes
    :math:`L(x_j - 4\tau)^2 - \nu`; this choice makes :math:`g_1(2\tau) = L(2\tau - 4\tau)^2 - \nu`,
    so that the value is continuous where tube ``i`` meets tube ``i + 1``
    (Du et al. 2017, section 4). The saddle ``s_i`` has value :math:`-(i - 1)\nu`.

    Raises
    ------
    ValueError
        If an argument is not finite and > 0, or :math:`\nu` lies beyond the float range.

    References
    ----------
    1. S. S. Du, C. Jin, J. D. Lee, M. I. Jordan, B. Poczos, A. Singh, "Gradient descent can
       take exponential time to escape saddle points", NeurIPS 2017, arXiv:1705.10412.
       Section 4.
    """
    _, L, gamma, tau = _spline_args(0.0, L, gamma, tau)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        try:
            g1_at_2tau = _g1(np.asarray(2.0 * tau), L, gamma, tau)[0]
            nu = float(-g1_at_2tau + 4.0 * L * tau**2)
        except (OverflowError, ZeroDivisionError):
            nu = np.nan
    return finite_constant(nu, "constant nu (13 gamma + 37 L) tau**2 / 6",
                           f"L = {L!r}, gamma = {gamma!r}, tau = {tau!r} are out of range")


def _checked(spline: Callable, name: str, a: NDArray[np.float64], L: float, gamma: float,
             tau: float) -> Derivatives:
    """``spline(a, L, gamma, tau)``, or ValueError if it overflows (for extreme arguments only)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        try:
            out = spline(a, L, gamma, tau)
        except (OverflowError, ZeroDivisionError):
            out = (np.array(np.nan),)
    if not all(np.all(np.isfinite(part)) for part in out):
        raise ValueError(
            f"{name} overflows for a up to {float(np.max(np.abs(a), initial=0.0)):g}, L = {L!r}, "
            f"gamma = {gamma!r}, tau = {tau!r}: these a and tau (and L, gamma) are too extreme"
        )
    return out


def _spline_args(a: ArrayLike, L: float, gamma: float, tau: float) -> tuple:
    """Validated spline arguments: ``a`` a finite real array, ``L``, ``gamma``, ``tau`` finite and > 0."""
    a = as_array("a", a)
    if not np.all(np.isfinite(a)):
        raise ValueError("a must contain only finite numbers")
    return a, check_positive("L", L), check_positive("gamma", gamma), check_positive("tau", tau)


# -- where a batch of points lies -----------------------------------------------
@dataclass(frozen=True)
class _Layout:
    """Which piece of the octopus every coordinate of a batch falls in.

    ``tube[n]`` is the 0-based tube index ``i - 1`` (``d`` for ``D_{d+1}``).
    Masks are ``(n, d)``: ``settled`` coordinates ``j < i`` (near ``+-4 tau``),
    ``escaping`` the coordinate ``i`` with ``|x_i| <= tau``, ``spline`` the
    coordinate ``i`` with ``tau < |x_i| < 2 tau``, ``waiting`` the coordinates
    ``j > i``, and ``partner`` the coordinate ``i + 1`` of a spline row.
    """

    tube: NDArray[np.int64]
    inside: NDArray[np.bool_]
    settled: NDArray[np.bool_]
    escaping: NDArray[np.bool_]
    spline: NDArray[np.bool_]
    waiting: NDArray[np.bool_]
    partner: NDArray[np.bool_]


def _layout(X: NDArray[np.float64], tau: float) -> _Layout:
    n, d = X.shape
    A = np.abs(X)
    below = A < 2.0 * tau
    tube = np.where(below.any(axis=1), below.argmax(axis=1), d)
    j = np.arange(d)[np.newaxis, :]
    i = tube[:, np.newaxis]
    settled = j < i
    current = j == i
    waiting = j > i
    inside = ~np.any(settled & (A > 6.0 * tau), axis=1) & ~np.any(waiting & (A > tau), axis=1)
    spline = current & (A > tau)
    partner = np.zeros_like(spline)
    partner[:, 1:] = spline[:, :-1]
    return _Layout(tube, inside, settled, current & ~spline, spline, waiting, partner)


def _row_values(X: NDArray[np.float64], mask: NDArray[np.bool_]) -> NDArray[np.float64]:
    """The one entry of each row selected by ``mask`` (0 where a row has none)."""
    return np.where(mask, X, 0.0).sum(axis=1)


# -- constants on the domain ------------------------------------------------------
@lru_cache(maxsize=64)
def _spline_block_constants(L: float, gamma: float) -> tuple[float, float]:
    r"""Sup of the Hessian norm and of the third-derivative norm on the spline block, for ``tau = 1``.

    In a spline row the Hessian has one 2-by-2 block in the coordinates
    ``(x_i, x_{i+1}) = (a, b)``, :math:`a \in [\tau, 2\tau]`, :math:`|b| \le \tau`:
    :math:`\begin{pmatrix} g_1'' + g_2'' b^2 & 2 g_2' b \\ 2 g_2' b & 2 g_2 \end{pmatrix}`;
    all other entries are diagonal and equal to ``2L`` or ``-2 gamma``. The only
    nonzero third derivatives are :math:`g_1''' + g_2''' b^2`, :math:`2 g_2'' b` and
    :math:`2 g_2'`; the norm of this symmetric 3-tensor is the largest
    :math:`|T(u, u, u)|` over unit vectors :math:`u = (\cos\theta, \sin\theta)`.
    Both suprema are found on a grid in ``(a, b, theta)`` and polished by L-BFGS-B.
    Scaling: the Hessian sup does not depend on ``tau`` and the third-derivative
    sup scales as ``1/tau``, so computing them for ``tau = 1`` suffices.
    """
    k = L + gamma

    def block(s: NDArray[np.float64], t: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
        """Hessian entries and third derivatives at ``a = 1 + s``, ``b = t``."""
        u = s - 1.0
        g1pp = -2.0 * gamma + 2.0 * (-14.0 * L + 10.0 * gamma) * s + 6.0 * (5.0 * L - 3.0 * gamma) * s**2
        g1ppp = 2.0 * (-14.0 * L + 10.0 * gamma) + 12.0 * (5.0 * L - 3.0 * gamma) * s
        g2 = -gamma - k * (10.0 * u**3 + 15.0 * u**4 + 6.0 * u**5)
        g2p = -k * (30.0 * u**2 + 60.0 * u**3 + 30.0 * u**4)
        g2pp = -k * (60.0 * u + 180.0 * u**2 + 120.0 * u**3)
        g2ppp = -k * (60.0 + 360.0 * u + 360.0 * u**2)
        return g1pp + g2pp * t**2, 2.0 * g2p * t, 2.0 * g2, g1ppp + g2ppp * t**2, 2.0 * g2pp * t, 2.0 * g2p

    def hess_norm(s: NDArray[np.float64], t: NDArray[np.float64]) -> NDArray[np.float64]:
        p, r, q = block(s, t)[:3]
        mid, rad = 0.5 * (p + q), np.hypot(0.5 * (p - q), r)
        return np.maximum(np.abs(mid + rad), np.abs(mid - rad))

    def third_norm(
        s: NDArray[np.float64], t: NDArray[np.float64], theta: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        t111, t112, t122 = (v[..., np.newaxis] for v in block(np.asarray(s), np.asarray(t))[3:])
        c, n = np.cos(theta), np.sin(theta)
        return np.abs(t111 * c**3 + 3.0 * t112 * c**2 * n + 3.0 * t122 * c * n**2)

    def sup(values: NDArray[np.float64], axes: list[NDArray[np.float64]], fun: Callable) -> float:
        best = np.unravel_index(np.argmax(values), values.shape)
        start = [axis[k] for axis, k in zip(axes, best, strict=True)]
        bounds = [(float(axis[0]), float(axis[-1])) for axis in axes]
        res = minimize(lambda z: -float(np.max(fun(*z))), start, method="L-BFGS-B", bounds=bounds)
        return max(float(values.max()), -float(res.fun))

    s, t, theta = np.linspace(0.0, 1.0, 201), np.linspace(0.0, 1.0, 101), np.linspace(0.0, np.pi, 91)
    S, T = np.meshgrid(s, t, indexing="ij")
    ell = sup(hess_norm(S, T), [s, t], hess_norm)
    rho = sup(third_norm(S, T, theta), [s, t, theta], third_norm)
    return ell, rho


# -- the objective ------------------------------------------------------------------
class Octopus(Objective):
    r"""The octopus of Du et al. (2017): ``d`` strict saddles in a row before the minimum.

    With :math:`a_j = |x_j|` and the tube index :math:`i` the first coordinate with
    :math:`a_i < 2\tau` (:math:`i = d + 1` if there is none), the paper's
    piecewise definition (Du et al. 2017, section 4, equations (6)-(10)) is

    .. math::
        f(x) = \sum_{j < i} \big(L(a_j - 4\tau)^2 - \nu\big) + h_i(x),

    with the last part depending on where :math:`a_i` lies:

    * :math:`a_i \le \tau` (:math:`D_{i,1}`, around saddle :math:`s_i`):
      :math:`h_i = -\gamma x_i^2 + L\sum_{j > i} x_j^2`;
    * :math:`\tau < a_i < 2\tau` (:math:`D_{i,2}`, the bend to the next tube):
      :math:`h_i = g_1(a_i) + g_2(a_i)\,x_{i+1}^2 + L\sum_{j > i+1} x_j^2`
      (for :math:`i = d` just :math:`g_1(a_d)`);
    * :math:`i = d + 1` (:math:`D_{d+1}`, the bowl): :math:`h = 0`.

    The splines :math:`g_1, g_2` (:func:`octopus_g1`, :func:`octopus_g2`) and the
    constant :math:`\nu` (:func:`octopus_nu`) are fixed by asking that value,
    gradient and Hessian be continuous where the pieces meet, at :math:`a_i = \tau`
    and :math:`a_i = 2\tau`; so ``f`` is twice continuously differentiable on
    its domain.

    **Domain.** The paper defines ``f`` by formula only on the octopus
    :math:`D`: the points with :math:`2\tau \le a_j \le 6\tau` for
    :math:`j < i` and :math:`a_j \le \tau` for :math:`j > i` (the mirror images
    of :math:`D_0 = \bigcup_{i \le d+1} D_i`). It then extends ``f`` to
    :math:`\mathbb{R}^d` by Whitney's extension theorem, which gives no formula.
    So outside :math:`D` this class returns **value** ``+inf`` and **gradient,
    Hessian and Hessian-vector product** ``nan`` (``outside='inf'``, the default,
    so that a batched run can report the row as diverged), or raises
    ``ValueError`` (``outside='raise'``). Use :meth:`contains` to test points.

    **Critical points** (in the positive orthant, as in the paper): the saddles
    :math:`s_i = (4\tau, \dots, 4\tau, 0, \dots, 0)` with :math:`i - 1` entries
    :math:`4\tau`, :math:`f(s_i) = -(i - 1)\nu`, Hessian
    :math:`\mathrm{diag}(2L, \dots, 2L, -2\gamma, 2L, \dots, 2L)` (the
    :math:`-2\gamma` in position ``i``), so spectrum :math:`\{-2\gamma, 2L\}`; and
    the minimum :math:`(4\tau, \dots, 4\tau)` with :math:`f = -d\nu` and Hessian
    :math:`2L I`, which is ``f_min`` on :math:`D`. The mirror images (any signs
    on the :math:`4\tau` entries) are critical points of the same kind; there
    are no others in :math:`D` (the splines have :math:`g_1' < 0` and
    :math:`g_2' \le 0`, so no gradient vanishes in the bends).

    **Constants.** The paper proves ``f`` gradient- and Hessian-Lipschitz and
    states its constants only up to absolute factors. Here they are computed from
    the formulas on :math:`D`: ``smoothness`` is the largest Hessian norm
    (:math:`\max(2L, 2\gamma)` or the 2-by-2 spline block, whichever is larger;
    independent of :math:`\tau`) and ``hessian_lipschitz`` the largest
    third-derivative norm (only the spline block has one; it scales as
    :math:`1/\tau`). They bound the gradient and Hessian differences of points
    joined by a segment inside :math:`D`. For the defaults,
    :math:`\ell \approx 34.66` and :math:`\rho \approx 102.7`.

    Parameters
    ----------
    d : int
        The dimension, >= 1 (the paper's theorem takes ``d`` large). For
        ``d = 1`` the point :math:`s_1 = 0` is a local maximum, not a saddle.
    L : float, default e
        Curvature of the walls: the Hessian is ``2L`` in every settled or waiting direction.
    gamma : float, default 1
        Curvature of the escape direction: the Hessian at :math:`s_i` is ``-2 gamma`` there.
    tau : float, default e
        Length scale: saddles at ``0`` and ``4 tau``, bends at ``tau`` and ``2 tau``.
    outside : {'inf', 'raise'}, default 'inf'
        What to do for points outside the domain :math:`D` (see above).

    Raises
    ------
    TypeError, ValueError
        If a constructor argument has the wrong type or is out of its range.

    Notes
    -----
    The paper's theorem takes :math:`L \ge e`, :math:`\gamma \ge 1`,
    :math:`\tau \ge e` (hence the defaults); the function itself is defined for any
    positive values. Gradient descent with step :math:`\eta \le 1/(2L)` started
    uniformly in :math:`[-1, 1]^d` needs a number of steps exponential in ``d``
    (its Theorem 4.1), while perturbed gradient descent needs polynomially many.

    References
    ----------
    1. S. S. Du, C. Jin, J. D. Lee, M. I. Jordan, B. Poczos, A. Singh, "Gradient descent can
       take exponential time to escape saddle points", NeurIPS 2017, arXiv:1705.10412.
       Section 4, equations (6)-(10), appendix B and Theorem 4.1.
    """

    name = "octopus"

    def __init__(
        self,
        d: int,
        L: float = np.e,
        gamma: float = 1.0,
        tau: float = np.e,
        *,
        outside: str = "inf",
    ) -> None:
        self.dim = check_int("d", d, minimum=1, maximum=MAX_FLOATS)
        self.L = check_positive("L", L)
        self.gamma = check_positive("gamma", gamma)
        self.tau = check_positive("tau", tau)
        self.outside = check_choice("outside", outside, ("inf", "raise"))
        self.nu = octopus_nu(self.L, self.gamma, self.tau)
        hint = f"L = {L!r}, gamma = {gamma!r}, tau = {tau!r} are out of range"
        with np.errstate(over="ignore", invalid="ignore"):
            block_ell, block_rho = _spline_block_constants(self.L, self.gamma)
            self.smoothness = finite_constant(max(2.0 * self.L, 2.0 * self.gamma, block_ell),
                                              "smoothness (largest Hessian norm)", hint)
            self.hessian_lipschitz = finite_constant(block_rho / self.tau,
                                                     "hessian_lipschitz (largest third derivative)", hint)
            self.f_min = finite_constant(-self.dim * self.nu, "minimum value -d nu", hint)
        self.region = (
            f"the octopus D: |x_j| in [2tau, 6tau] before the first j with |x_j| < 2tau, "
            f"|x_j| <= tau after it (tau = {self.tau:g})"
        )

    # -- pieces ------------------------------------------------------------------------
    def _settled(self, X: NDArray[np.float64]) -> Derivatives:
        """Coordinates past their saddle: ``L (|x| - 4 tau)^2 - nu``, derivatives elementwise."""
        shifted = np.abs(X) - 4.0 * self.tau
        value = self.L * shifted**2 - self.nu
        return value, 2.0 * self.L * shifted * np.sign(X), np.full_like(X, 2.0 * self.L)

    def _escaping(self, X: NDArray[np.float64]) -> Derivatives:
        """The escape coordinate near its saddle: ``-gamma x^2``."""
        return -self.gamma * X**2, -2.0 * self.gamma * X, np.full_like(X, -2.0 * self.gamma)

    def _bend(self, X: NDArray[np.float64]) -> Derivatives:
        """The escape coordinate in the bend: ``g1(|x|)``."""
        value, first, second = _g1(np.abs(X), self.L, self.gamma, self.tau)
        return value, first * np.sign(X), second

    def _wall(self, X: NDArray[np.float64], coef: NDArray[np.float64]) -> Derivatives:
        """Coordinates still waiting: ``coef x^2``, with ``coef = L`` or ``g2(|x_i|)`` for ``x_{i+1}``."""
        return coef * X**2, 2.0 * coef * X, 2.0 * coef

    def _parts(self, X: NDArray[np.float64]) -> tuple[_Layout, Derivatives, Derivatives]:
        """Layout, elementwise (value, first, second) derivatives, and the bend's ``g2`` per row."""
        lay = _layout(X, self.tau)
        if self.outside == "raise" and not lay.inside.all():
            rows = np.flatnonzero(~lay.inside)
            raise ValueError(
                f"x is outside the octopus domain D (rows {rows[:5].tolist()}); "
                "see Octopus.contains and the class docstring"
            )
        a_bend = _row_values(np.abs(X), lay.spline)
        a_bend = np.where(lay.spline.any(axis=1), a_bend, 1.5 * self.tau)  # rows without a bend: unused
        g2 = _g2(a_bend, self.L, self.gamma, self.tau)
        coef = np.where(lay.partner, g2[0][:, np.newaxis], self.L)
        pieces = [
            (lay.settled, self._settled(X)),
            (lay.escaping, self._escaping(X)),
            (lay.spline, self._bend(X)),
            (lay.waiting, self._wall(X, coef)),
        ]
        elementwise = tuple(
            sum(np.where(mask, piece[k], 0.0) for mask, piece in pieces) for k in range(3)
        )
        return lay, elementwise, g2

    # -- the interface -----------------------------------------------------------------
    def _value(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        lay, (value, _, _), _ = self._parts(X)
        return np.where(lay.inside, value.sum(axis=1), np.inf)

    def _grad(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        lay, (_, first, _), g2 = self._parts(X)
        # the bend's cross term g2(|x_i|) x_{i+1}^2 also depends on x_i
        partner_sq = _row_values(X, lay.partner) ** 2
        first = first + np.where(lay.spline, (g2[1] * partner_sq)[:, np.newaxis] * np.sign(X), 0.0)
        return np.where(lay.inside[:, np.newaxis], first, np.nan)

    def _hess(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        lay, (_, _, second), g2 = self._parts(X)
        n, d = X.shape
        partner = _row_values(X, lay.partner)
        second = second + np.where(lay.spline, (g2[2] * partner**2)[:, np.newaxis], 0.0)
        H = np.zeros((n, d, d))
        H[:, np.arange(d), np.arange(d)] = second
        rows = np.flatnonzero(lay.spline.any(axis=1) & (lay.tube < d - 1))
        i = lay.tube[rows]
        cross = 2.0 * g2[1][rows] * np.sign(X[rows, i]) * partner[rows]
        H[rows, i, i + 1] = H[rows, i + 1, i] = cross
        return np.where(lay.inside[:, np.newaxis, np.newaxis], H, np.nan)

    def _hvp(self, X: NDArray[np.float64], V: NDArray[np.float64]) -> NDArray[np.float64]:
        lay, (_, _, second), g2 = self._parts(X)
        partner = _row_values(X, lay.partner)
        second = second + np.where(lay.spline, (g2[2] * partner**2)[:, np.newaxis], 0.0)
        cross = np.where(lay.spline.any(axis=1), 2.0 * g2[1] * partner, 0.0)
        cross = cross * _row_values(np.sign(X), lay.spline)
        out = second * V
        out += np.where(lay.spline, (cross * _row_values(V, lay.partner))[:, np.newaxis], 0.0)
        out += np.where(lay.partner, (cross * _row_values(V, lay.spline))[:, np.newaxis], 0.0)
        return np.where(lay.inside[:, np.newaxis], out, np.nan)

    def _outside_domain(self, X: NDArray[np.float64]) -> NDArray[np.bool_]:
        return ~_layout(X, self.tau).inside

    # -- what the paper tells us ------------------------------------------------------
    def contains(self, x: ArrayLike) -> bool | NDArray[np.bool_]:
        """Whether ``x`` lies in the octopus domain ``D`` (a bool, or ``(n,)`` for a batch)."""
        X, single = as_points("x", x, self.dim)
        inside = _layout(X, self.tau).inside
        return bool(inside[0]) if single else inside

    def tube_index(self, x: ArrayLike) -> int | NDArray[np.int64]:
        """The 1-based tube ``i`` containing ``x`` (``d + 1`` for the bowl, ``0`` outside ``D``).

        Tube ``i`` holds the saddle ``s_i`` and the bend from it towards ``s_{i+1}``;
        plotting ``tube_index`` along a gradient-descent run shows the saddles it visits.
        """
        X, single = as_points("x", x, self.dim)
        lay = _layout(X, self.tau)
        index = np.where(lay.inside, lay.tube + 1, 0)
        return int(index[0]) if single else index

    def saddle(self, i: int) -> NDArray[np.float64]:
        """The saddle ``s_i = (4 tau, ..., 4 tau, 0, ..., 0)`` (``i - 1`` entries ``4 tau``), ``1 <= i <= d``.

        Its value is ``-(i - 1) nu`` and its Hessian ``diag(2L, ..., -2 gamma, ..., 2L)``.
        """
        i = check_int("i", i, minimum=1)
        if i > self.dim:
            raise ValueError(f"i must be an integer in [1, {self.dim}], got {i}")
        x = np.zeros(self.dim)
        x[: i - 1] = 4.0 * self.tau
        return x

    @property
    def minimizer(self) -> NDArray[np.float64]:
        """The global minimum ``(4 tau, ..., 4 tau)`` in the positive orthant, ``f = -d nu``."""
        return np.full(self.dim, 4.0 * self.tau)

    @property
    def critical_points(self) -> tuple[CriticalPoint, ...]:
        saddle_kind = "strict saddle" if self.dim > 1 else "local maximum"
        saddles = tuple(CriticalPoint(self.saddle(i), saddle_kind) for i in range(1, self.dim + 1))
        return (*saddles, CriticalPoint(self.minimizer, "local minimum", is_global_min=True))

    def __repr__(self) -> str:
        return f"Octopus(d={self.dim}, L={self.L:g}, gamma={self.gamma:g}, tau={self.tau:g})"
