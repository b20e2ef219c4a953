"""Checkers of chapters 7 and 8 accept the reference answers and reject plausible wrong ones."""

import numpy as np

from pgdlib.exercises import check_escape_slope
from pgdlib.viz.practice import escape_times_by_dimension


def _reference_slope() -> float:
    times = escape_times_by_dimension([10, 100, 1000, 10000], eta=0.5, n_runs=200)
    d = np.array(list(times), dtype=float)
    med = [np.median(t) for t in times.values()]
    return float(np.polyfit(np.log(d), med, 1)[0])


def test_escape_slope_accepts_reference():
    assert check_escape_slope(_reference_slope()).ok


def test_escape_slope_rejects_wrong_answers():
    s = _reference_slope()
    for wrong in [2 * s, s * np.log(10), 0.001]:
        result = check_escape_slope(wrong)
        assert not result.ok and result.solved


def test_escape_slope_not_solved():
    assert not check_escape_slope(None).solved


def test_mf_spectrum_checker():
    import pgdlib as pg
    from pgdlib.exercises import check_mf_saddle_spectrum

    f = pg.MatrixFactorization(np.diag([5.0, 3.0, 1.0]), 1)
    ref = pg.hessian_spectrum(f, np.array([0.0, np.sqrt(3.0), 0.0])).eigenvalues
    assert check_mf_saddle_spectrum(ref).ok
    for wrong in [[2.0, -2.0, -6.0], [-5.0, -3.0, -1.0], [1.0, 2.0]]:
        r = check_mf_saddle_spectrum(wrong)
        assert not r.ok and r.solved
    assert not check_mf_saddle_spectrum(None).solved
