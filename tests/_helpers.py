"""Helpers shared by test modules in more than one test package (tests/<pkg>/)."""

from __future__ import annotations

EPS = (1e-2, 1e-3, 1e-4, 1e-5, 1e-6)  # the accuracies of chapter 7's iterations_to_sosp figure
