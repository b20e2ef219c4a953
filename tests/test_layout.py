"""The tests mirror the library: pgdlib/<pkg>/<mod>.py is tested in tests/<pkg>/test_<mod>.py.

A top-level module pgdlib/<mod>.py is tested in tests/test_<mod>.py. A private module
``_mod.py`` mirrors to ``test_mod.py`` (pgdlib/algorithms/_engine.py -> tests/algorithms/test_engine.py,
pgdlib/_validation.py -> tests/test_validation.py). The modules listed in ``WITHOUT_TESTS`` have no
test module of their own yet; the list is checked to stay exact, so that it only ever shrinks.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"

# Modules with no test module at their mirrored path, each exercised only through other modules.
WITHOUT_TESTS = {
    "pgdlib/diagnostics/_runs.py": "private: check_run, through the *_of diagnostics and plateau",
    "pgdlib/objectives/double_well.py": "through tests/objectives/test_base.py's CASES and most other tests",
    "pgdlib/objectives/monkey.py": "through tests/diagnostics/test_classify.py and test_accuracy.py",
    "pgdlib/objectives/scaling.py": "through MonkeySaddle's overflow-safe values (test_properties.py)",
    "pgdlib/viz/contours.py": "through the figures of tests/viz/",
    "pgdlib/viz/descent.py": "through tests/viz/test_explore.py and tests/test_validation.py",
    "pgdlib/viz/style.py": "through the figures of tests/viz/",
}

# Test modules at the top level of tests/ that mirror no module: cross-cutting batteries, the
# benchmarks' and the student edition's tests, and this file.
TOP_LEVEL = {"test_glossary.py", "test_properties.py", "test_bench_scaling.py", "test_student_edition.py",
             "test_layout.py"}
# Test folders that mirror no package: they test the built book and its front ends.
OTHER_FOLDERS = {"browser", "jupyter"}


def library_modules() -> list[Path]:
    return sorted(p for p in (ROOT / "pgdlib").rglob("*.py") if p.name != "__init__.py")


def mirrored_path(module: Path) -> Path:
    relative = module.relative_to(ROOT / "pgdlib")
    return TESTS.joinpath(*relative.parts[:-1], f"test_{relative.stem.lstrip('_')}.py")


def test_every_library_module_has_a_test_module_at_its_mirrored_path():
    missing = [str(m.relative_to(ROOT)) for m in library_modules()
               if str(m.relative_to(ROOT)) not in WITHOUT_TESTS and not mirrored_path(m).is_file()]
    assert not missing, f"no test module at the mirrored path (tests/<pkg>/test_<mod>.py) of: {missing}"


def test_the_modules_without_tests_are_listed_exactly():
    modules = {str(m.relative_to(ROOT)): m for m in library_modules()}
    unknown = sorted(set(WITHOUT_TESTS) - set(modules))
    assert not unknown, f"WITHOUT_TESTS names modules that do not exist: {unknown}"
    tested = sorted(name for name in WITHOUT_TESTS if mirrored_path(modules[name]).is_file())
    assert not tested, f"these modules have a test module now; drop them from WITHOUT_TESTS: {tested}"


def test_every_test_module_mirrors_a_library_module():
    mirrors = {mirrored_path(m) for m in library_modules()}
    strays = []
    for path in sorted(TESTS.rglob("test_*.py")):
        relative = path.relative_to(TESTS)
        if relative.parts[0] in OTHER_FOLDERS or (len(relative.parts) == 1 and path.name in TOP_LEVEL):
            continue
        if path not in mirrors:
            strays.append(str(relative))
    assert not strays, f"test modules that mirror no pgdlib module (move their tests): {strays}"


def test_every_test_package_has_an_init_file():
    """tests/viz/test_trap.py and tests/diagnostics/test_trap.py share a basename: pytest's default
    import mode needs each test folder to be a package."""
    folders = {p.parent for p in TESTS.rglob("test_*.py")} - {TESTS}
    folders = {f for f in folders if f.relative_to(TESTS).parts[0] not in OTHER_FOLDERS}
    assert folders and all((f / "__init__.py").is_file() for f in folders), sorted(map(str, folders))
