"""Curvature, classification of points, and the lecture's lemmas as measurements."""

__all__: list[str] = []
