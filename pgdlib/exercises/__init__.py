"""Answer checkers for the book's coding exercises.

Every checker is called ``check_<name>``, takes the student's answer (a function
or a number), and returns a :class:`~pgdlib.exercises.base.CheckResult` that
says in words what is wrong, or ``"not yet solved"`` when the answer is still
missing. Checkers live in one module per chapter; this package collects every
name in their ``__all__``.
"""

import importlib
import pkgutil

from pgdlib.exercises.base import CheckResult

__all__ = ["CheckResult"]

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name == "base" or _info.name.startswith("_"):
        continue
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    for _name in getattr(_module, "__all__", []):
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
