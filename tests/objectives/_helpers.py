"""Helpers shared by the test modules of tests/objectives/."""

from __future__ import annotations

import numpy as np

from pgdlib.objectives import Octopus

RTOL, ATOL = 1e-5, 1e-6


# -- test functions for from_callables ------------------------------------------------
def _wavy_value(x: np.ndarray) -> float:
    return float(np.sum(np.cos(x)) + x[0] * x[1] ** 2 + 0.1 * x[2] ** 4)


def _wavy_grad(x: np.ndarray) -> np.ndarray:
    g = -np.sin(x)
    g[0] += x[1] ** 2
    g[1] += 2.0 * x[0] * x[1]
    g[2] += 0.4 * x[2] ** 3
    return g


def _wavy_hess(x: np.ndarray) -> np.ndarray:
    H = np.diag(-np.cos(x))
    H[0, 1] += 2.0 * x[1]
    H[1, 0] += 2.0 * x[1]
    H[1, 1] += 2.0 * x[0]
    H[2, 2] += 1.2 * x[2] ** 2
    return H


def _symmetric(m: int, seed: int) -> np.ndarray:
    A = np.random.default_rng(seed).normal(size=(m, m))
    return A + A.T


# -- points where each objective is defined ----------------------------------------------
def octopus_points(f: Octopus, rng: np.random.Generator, n: int, margin: float = 0.05) -> np.ndarray:
    """Random points of the octopus domain, every tube and both pieces, away from its edges."""
    tau, d = f.tau, f.dim
    X = np.empty((n, d))
    for row in range(n):
        i = rng.integers(0, d + 1)  # 0-based tube; d is the bowl
        for j in range(d):
            if j < i:
                mag = rng.uniform(2.0 + margin, 6.0 - margin) * tau
            elif j == i:
                mag = rng.uniform(0.0, 2.0 - margin) * tau
            else:
                mag = rng.uniform(0.0, 1.0 - margin) * tau
            X[row, j] = rng.choice([-1.0, 1.0]) * mag
    assert np.all(f.contains(X))
    return X
