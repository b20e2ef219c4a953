"""Test objectives with saddle points, all sharing the :class:`Objective` interface."""

from pgdlib.objectives.base import CriticalPoint, Objective
from pgdlib.objectives.deep_linear import DeepLinear
from pgdlib.objectives.double_well import DoubleWell
from pgdlib.objectives.gradcheck import DerivativeCheck, check_gradient, check_hessian, check_hvp
from pgdlib.objectives.matrix_factorization import MatrixFactorization
from pgdlib.objectives.monkey import MonkeySaddle
from pgdlib.objectives.octopus import Octopus, octopus_g1, octopus_g2, octopus_nu
from pgdlib.objectives.quadratic import QuadraticSaddle

__all__ = [
    "CriticalPoint",
    "Objective",
    "QuadraticSaddle",
    "DoubleWell",
    "MonkeySaddle",
    "Octopus",
    "octopus_g1",
    "octopus_g2",
    "octopus_nu",
    "MatrixFactorization",
    "DeepLinear",
    "DerivativeCheck",
    "check_gradient",
    "check_hessian",
    "check_hvp",
]
