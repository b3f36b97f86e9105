"""The core stays pure: no I/O, clock, randomness or logging, in any of its modules."""

from __future__ import annotations

import ast
from pathlib import Path

import essm_sync.core

FORBIDDEN_MODULES = {
    "httpx",
    "anyio",
    "asyncio",
    "os",
    "time",
    "random",
    "secrets",
    "logging",
    "structlog",
    "socket",
    "subprocess",
    "pathlib",
    "tempfile",
    "shutil",
    "essm_sync.clients",
    "essm_sync.engine",
    "essm_sync.settings",
    "essm_sync.cli",
    "essm_sync.sandbox",
}
FORBIDDEN_CALLS = {"now", "today", "utcnow", "open"}
CORE = Path(essm_sync.core.__file__).parent


def _core_files() -> list[Path]:
    """Every module of the core, in every package below it."""
    return sorted(CORE.rglob("*.py"))


def impurities(source: str) -> list[str]:
    """Return each impure import or call in a module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in FORBIDDEN_CALLS:
                found.append(f"calls {name}()")
        found += [
            f"imports {name}"
            for name in names
            if any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES)
        ]
    return found


def test_no_core_module_imports_or_calls_anything_impure() -> None:
    """No module anywhere in the core imports I/O, a clock, randomness, logging or an outer
    layer, nor calls now(), today() or open()."""
    found = {
        str(path.relative_to(CORE)): impurities(path.read_text(encoding="utf-8"))
        for path in _core_files()
    }
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_the_scan_reaches_every_package_of_the_core() -> None:
    """The planners and the audit's own modules are scanned, so the check cannot pass by
    finding no files."""
    names = {str(path.relative_to(CORE)) for path in _core_files()}
    assert {"bookings.py", "estate.py", "guard.py", "_rooms.py"} <= names
    assert {"audit/_record.py", "audit/timetable.py", "audit/bookings.py"} <= names


def test_the_check_flags_a_planted_impurity() -> None:
    """A module importing os, the engine or the clock, or calling now(), is flagged; one
    importing only pure modules with similar names is not."""
    planted = (
        "import os\n"
        "from essm_sync.engine.run import x\n"
        "import time as clock\n"
        "import datetime as dt\n"
        "when = dt.datetime.now()\n"
    )
    assert impurities(planted) == [
        "imports os",
        "imports essm_sync.engine.run",
        "imports time",
        "calls now()",
    ]
    assert (
        impurities("import osmium\nimport timeit_free\nfrom essm_sync.models import Plan\n") == []
    )


def test_a_planted_import_in_a_nested_core_module_is_found() -> None:
    """The scan walks into subpackages: `import os` in audit/_record.py would be caught."""
    record = CORE / "audit" / "_record.py"
    assert record in _core_files()
    assert impurities(record.read_text(encoding="utf-8") + "\nimport os\n") == ["imports os"]
