"""Developer sessions; they run in the project's own environment (`pip install -e '.[dev]'`)."""

from __future__ import annotations

import sys

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.default_venv_backend = "none"
PY = sys.executable


@nox.session
def lint(session: nox.Session) -> None:
    """Check formatting and lint rules."""
    session.run(PY, "-m", "ruff", "format", "--check", ".")
    session.run(PY, "-m", "ruff", "check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the package, the tests and this file, strictly."""
    session.run(PY, "-m", "mypy", "src", "tests", "benchmarks", "noxfile.py")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite."""
    session.run(PY, "-m", "pytest", *session.posargs)


@nox.session
def e2e(session: nox.Session) -> None:
    """Run only the end-to-end and command-line tests against the sandbox."""
    session.run(PY, "-m", "pytest", "tests/e2e", "tests/cli", *session.posargs)


@nox.session
def demo(session: nox.Session) -> None:
    """Run the demo on the embedded sandbox."""
    session.run(PY, "-m", "essm_sync", "demo")


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks (minutes, not seconds); arguments go to the benchmark runner."""
    session.run(PY, "-m", "benchmarks", *session.posargs)
