"""Gradient descent and its perturbed variants, all on one batched loop.

* :func:`gd`: plain gradient descent, the lecture's (6.1).
* :func:`perturbed_gd`: the lecture's PGD (section 6.2.1): epochs and random jumps.
* :func:`jin_parameters`, :func:`pgd_jin`: Jin et al. 2017, Algorithm 2.
* :func:`noisy_gd`: Ge et al. 2015, noise at every step.
* :func:`sample_ball`, :func:`sample_sphere`: the perturbations.
"""

from pgdlib.algorithms.gd import gd
from pgdlib.algorithms.jin import JinParameters, jin_parameters, pgd_jin
from pgdlib.algorithms.noisy import noisy_gd
from pgdlib.algorithms.perturbed import perturbed_gd
from pgdlib.algorithms.sampling import sample_ball, sample_sphere

__all__ = [
    "gd",
    "perturbed_gd",
    "JinParameters",
    "jin_parameters",
    "pgd_jin",
    "noisy_gd",
    "sample_ball",
    "sample_sphere",
]
