"""Gradient descent and its perturbed variants."""

from pgdlib.algorithms.gd import gd

__all__ = ["gd"]
