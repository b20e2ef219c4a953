"""pgdlib: gradient descent, perturbed gradient descent and saddle-point diagnostics.

The companion library of the book *Escaping Saddle Points*. Notebooks hold prose,
calls and plots; every algorithm and every measured quantity lives here.
"""

from pgdlib.algorithms import gd
from pgdlib.objectives import CriticalPoint, DoubleWell, MonkeySaddle, Objective, QuadraticSaddle
from pgdlib.trajectory import Trajectory

__version__ = "0.1.0"

__all__ = [
    "CriticalPoint",
    "DoubleWell",
    "MonkeySaddle",
    "Objective",
    "QuadraticSaddle",
    "Trajectory",
    "gd",
    "__version__",
]
