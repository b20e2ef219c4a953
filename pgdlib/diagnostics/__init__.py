"""Curvature, classification of points, and the lecture's lemmas as measurements."""

from pgdlib.diagnostics.accuracy import (
    NOT_REACHED,
    SospIterations,
    first_sosp_step,
    iterations_to_sosp,
    predicted_sosp_steps,
)
from pgdlib.diagnostics.classify import (
    VERDICTS,
    PointClassification,
    classify_point,
    is_second_order_stationary,
)
from pgdlib.diagnostics.curvature import HessianSpectrum, MinEigen, hessian_spectrum, min_eigen
from pgdlib.diagnostics.descent import DescentMeasurement, descent_of, measure_descent
from pgdlib.diagnostics.dimension import escape_times_by_dimension, predicted_escape_steps
from pgdlib.diagnostics.escape import NOT_ESCAPED, EscapeTimes, escape_steps, escape_time, first_step_below
from pgdlib.diagnostics.jump import JumpProjection, jump_projection
from pgdlib.diagnostics.octopus import OctopusRace, octopus_race
from pgdlib.diagnostics.plateau import steps_near
from pgdlib.diagnostics.repulsion import RepulsionMeasurement, measure_repulsion, repulsion_of
from pgdlib.diagnostics.stuck import (
    QuadraticStuckRegion,
    StuckRegion,
    ball_slab_fraction,
    quadratic_stuck_region,
    stuck_region,
)
from pgdlib.diagnostics.trap import TrapMeasurement, measure_trap, trap_of

__all__ = [
    # curvature
    "HessianSpectrum",
    "MinEigen",
    "hessian_spectrum",
    "min_eigen",
    # classification
    "VERDICTS",
    "PointClassification",
    "classify_point",
    "is_second_order_stationary",
    # lemmas as measurements
    "DescentMeasurement",
    "measure_descent",
    "descent_of",
    "TrapMeasurement",
    "measure_trap",
    "trap_of",
    "RepulsionMeasurement",
    "measure_repulsion",
    "repulsion_of",
    "StuckRegion",
    "stuck_region",
    "QuadraticStuckRegion",
    "quadratic_stuck_region",
    "ball_slab_fraction",
    "EscapeTimes",
    "escape_time",
    "escape_steps",
    "first_step_below",
    "NOT_ESCAPED",
    "steps_near",
    "escape_times_by_dimension",
    "predicted_escape_steps",
    "JumpProjection",
    "jump_projection",
    "OctopusRace",
    "octopus_race",
    # iterations against accuracy
    "SospIterations",
    "iterations_to_sosp",
    "first_sosp_step",
    "predicted_sosp_steps",
    "NOT_REACHED",
]
