"""Test objectives with saddle points, all sharing the :class:`Objective` interface."""

from pgdlib.objectives.base import CriticalPoint, Objective
from pgdlib.objectives.double_well import DoubleWell
from pgdlib.objectives.monkey import MonkeySaddle
from pgdlib.objectives.quadratic import QuadraticSaddle

__all__ = ["CriticalPoint", "Objective", "QuadraticSaddle", "DoubleWell", "MonkeySaddle"]
