"""The API page's glossary lists every argument name of pgdlib's public callables (issue 17).

The callables are collected from the package as in ``tests/test_validation.py``: the names in
``pgdlib.__all__`` and its subpackages' ``__all__``, and the public methods of the classes found
there (a result dataclass's constructor and fields are outputs, not arguments; its methods
count). Every parameter of their signatures must appear, in backticks, in the "argument" column
of the table under "## Glossary" in ``book/api.md``; a name there that no public callable takes
is an error too.

The fields of the public result dataclasses that share a name with an argument, and the paper's
symbols that ``JinParameters`` keeps, must be in the "field" column of the "### Result fields"
table under the same section, and no result may have a field with one of pgdlib 0.x's removed
names (``T``, ``F``, ``drop``, ``cap``, ``max_steps``, ...).
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import types
from pathlib import Path

import pgdlib as pg

API_PAGE = Path(__file__).resolve().parents[1] / "book" / "api.md"


def public_callables() -> dict[str, object]:
    """Every public function, constructor and method reachable from pgdlib's ``__all__`` lists."""
    names = set(pg.__all__)
    for sub in (pg.algorithms, pg.diagnostics, pg.objectives):
        names |= set(sub.__all__)
    found: dict[str, object] = {}
    for name in sorted(names):
        obj = getattr(pg, name)
        if isinstance(obj, types.ModuleType) or not callable(obj):
            continue
        if not dataclasses.is_dataclass(obj):  # a result's fields are outputs, not arguments
            found[name] = obj
        if inspect.isclass(obj):
            fields = {f.name for f in dataclasses.fields(obj)} if dataclasses.is_dataclass(obj) else set()
            for attr, member in vars(obj).items():
                if attr.startswith("_") or attr in fields or isinstance(member, property):
                    continue
                if callable(getattr(obj, attr)):
                    found[f"{name}.{attr}"] = getattr(obj, attr)
    return found


def public_argument_names() -> dict[str, list[str]]:
    """argument name -> the callables that take it."""
    out: dict[str, list[str]] = {}
    for key, fn in public_callables().items():
        try:
            params = inspect.signature(fn).parameters.values()
        except (TypeError, ValueError):
            continue
        for p in params:
            if p.name in ("self", "cls") or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            out.setdefault(p.name, []).append(key)
    return out


def glossary_table(column: str) -> set[str]:
    """The backticked names of the ``column`` column of the glossary's table that has that column."""
    text = API_PAGE.read_text(encoding="utf-8")
    match = re.search(r"^## Glossary\n(.*?)(?=^## )", text, flags=re.M | re.S)
    assert match, f"{API_PAGE} has no '## Glossary' section"
    tables: list[list[str]] = [[]]
    for line in match.group(1).splitlines():
        if line.startswith("|"):
            tables[-1].append(line)
        elif tables[-1]:
            tables.append([])
    for rows in tables:
        if not rows:
            continue
        header = [c.strip() for c in rows[0].strip("|").split("|")]
        if column not in header:
            continue
        index = header.index(column)
        names: set[str] = set()
        for row in rows[2:]:  # after the header and its |---| line
            cells = [c.strip() for c in row.strip().strip("|").split("|")]
            names |= set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", cells[index]))
        return names
    raise AssertionError(f"the glossary of {API_PAGE} has no table with a {column!r} column")


def glossary_names() -> set[str]:
    """The backticked names of the "argument" column of the API page's glossary table."""
    return glossary_table("argument")


def result_classes() -> dict[str, type]:
    """The public result dataclasses reachable from pgdlib's ``__all__`` lists."""
    names = set(pg.__all__)
    for sub in (pg.algorithms, pg.diagnostics, pg.objectives):
        names |= set(sub.__all__)
    return {n: getattr(pg, n) for n in sorted(names) if dataclasses.is_dataclass(getattr(pg, n))}


#: pgdlib 0.x's spellings of a concept that has one name now (README, changelog of pgdlib 1.0)
REMOVED_NAMES = {"T", "F", "drop", "cap", "max_steps", "x_center", "rng", "eps_values"}


def test_the_collection_finds_the_api():
    names = public_argument_names()
    assert len(public_callables()) >= 50
    for name in ("f", "x0", "eta", "steps", "epoch", "threshold", "radius", "seed", "params"):
        assert name in names, name


def test_every_public_argument_is_in_the_glossary():
    listed = glossary_names()
    missing = {n: where for n, where in sorted(public_argument_names().items()) if n not in listed}
    assert not missing, "arguments missing from the glossary of book/api.md: " + "; ".join(
        f"{n} ({', '.join(w)})" for n, w in missing.items())


def test_the_glossary_lists_no_argument_that_does_not_exist():
    extra = sorted(glossary_names() - set(public_argument_names()))
    assert not extra, f"the glossary of book/api.md lists names no public callable takes: {extra}"


def test_hyperparameters_are_keyword_only():
    """No public callable takes more than its data positionally (the objective, points, a run)."""
    data = {"f", "x0", "x", "traj", "params", "d", "radius", "iterates", "dims", "point", "v", "result",
            "preset", "i", "q", "value", "grad", "hess", "M", "r", "L", "gamma", "tau", "a", "eigenvalues",
            "bound", "depth", "target", "out"}
    constructors = {"Octopus", "MatrixFactorization", "DeepLinear", "DoubleWell", "MonkeySaddle",
                    "QuadraticSaddle", "octopus_g1", "octopus_g2", "octopus_nu"}
    loose = []
    for key, fn in public_callables().items():
        try:
            params = inspect.signature(fn).parameters.values()
        except (TypeError, ValueError):
            continue
        for p in params:
            positional = p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            if positional and p.name not in data | {"self", "cls"} and key.split(".")[0] not in constructors:
                loose.append(f"{key}({p.name})")
    assert not loose, f"hyperparameters that can be passed positionally: {loose}"


def test_result_fields_use_the_argument_names():
    old = {f"{n}.{f.name}" for n, cls in result_classes().items() for f in dataclasses.fields(cls)
           if f.name in REMOVED_NAMES}
    assert not old, f"result fields with a removed name (use the argument's name): {sorted(old)}"


def test_result_fields_named_like_arguments_are_in_the_glossary():
    classes = result_classes()
    assert {"EscapeTimes", "StuckRegion", "TrapMeasurement", "OctopusRace", "JinParameters"} <= set(classes)
    arguments = set(public_argument_names())
    listed = glossary_table("field")
    fields = {f.name: n for n, cls in classes.items() for f in dataclasses.fields(cls)}
    jin = {f.name for f in dataclasses.fields(pg.JinParameters)}
    missing = sorted(f"{n}.{f.name}" for n, cls in classes.items() for f in dataclasses.fields(cls)
                     if (f.name in arguments or cls is pg.JinParameters) and f.name not in listed)
    assert not missing, f"result fields missing from the glossary's 'Result fields' table: {missing}"
    extra = sorted(listed - set(fields))
    assert not extra, f"the glossary's 'Result fields' table lists names no result has: {extra}"
    assert jin <= listed
