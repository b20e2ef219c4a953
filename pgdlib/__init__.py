"""pgdlib: gradient descent, perturbed gradient descent and saddle-point diagnostics.

The companion library of the book *Escaping Saddle Points*. Notebooks hold prose,
calls and plots; every algorithm and every measured quantity lives here.
Each subpackage lists its public names in ``__all__``; they are re-exported here.
"""

from pgdlib import exercises  # answer checkers: pg.exercises.check_<name>
from pgdlib.algorithms import *  # noqa: F403
from pgdlib.algorithms import __all__ as _algorithms_all
from pgdlib.diagnostics import *  # noqa: F403
from pgdlib.diagnostics import __all__ as _diagnostics_all
from pgdlib.objectives import *  # noqa: F403
from pgdlib.objectives import __all__ as _objectives_all
from pgdlib.trajectory import Trajectory

__version__ = "0.1.0"

__all__ = [*_objectives_all, *_algorithms_all, *_diagnostics_all, "Trajectory", "exercises", "__version__"]
