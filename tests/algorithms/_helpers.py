"""Helpers shared by the test modules of tests/algorithms/."""

from __future__ import annotations

import math

import numpy as np

EPS = 0.1  # accuracy of the second-order stationarity tests on the double well


def second_order_stationary(f, x, eps, rho):
    """||grad f(x)|| <= eps and lambda_min(hess f(x)) >= -sqrt(rho eps) (Jin et al., Definition 3)."""
    lam_min = np.linalg.eigvalsh(f.hess(x))[0]
    return np.linalg.norm(f.grad(x)) <= eps and lam_min >= -math.sqrt(rho * eps)
