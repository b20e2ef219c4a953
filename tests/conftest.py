"""Fixtures shared by test modules in more than one test package (tests/<pkg>/).

``result``: chapter 7's iterations_to_sosp on the double well, measured by
tests/diagnostics/test_accuracy.py and drawn by tests/viz/test_practice.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from _helpers import EPS

import pgdlib as pg
from pgdlib.diagnostics import iterations_to_sosp


@pytest.fixture(scope="module")
def result() -> pg.SospIterations:
    return iterations_to_sosp(pg.DoubleWell(), np.zeros(2), eps=EPS, n_seeds=6, seed=3)
