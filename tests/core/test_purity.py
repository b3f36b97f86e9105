"""The core stays pure: no I/O, clock, randomness or logging."""

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
    "logging",
    "structlog",
    "socket",
    "subprocess",
    "pathlib",
    "essm_sync.clients",
    "essm_sync.engine",
    "essm_sync.settings",
}
FORBIDDEN_CALLS = {"now", "today", "utcnow", "open"}


def _core_files() -> list[Path]:
    return sorted(Path(essm_sync.core.__file__).parent.glob("*.py"))


def test_core_imports_nothing_impure() -> None:
    """No core module imports I/O, clock, randomness, logging or an outer layer."""
    for path in _core_files():
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES), (
                    path.name,
                    name,
                )


def test_core_never_reads_the_clock() -> None:
    """No core module calls now(), today() or open()."""
    for path in _core_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert name not in FORBIDDEN_CALLS, (path.name, name)


def test_purity_check_sees_the_core() -> None:
    """The scan covers the planners themselves, so it cannot pass by finding no files."""
    assert {"bookings.py", "estate.py", "guard.py", "render.py"} <= {p.name for p in _core_files()}
