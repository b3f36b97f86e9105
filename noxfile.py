"""Nox sessions for working on essm-sync, run in the project's own environment."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

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
def container(session: nox.Session) -> None:
    """Replay the Containerfile's install steps in a fresh virtual environment, then run the
    demo there as an unprivileged user (no container engine is needed)."""
    # Outside the work tree, where an unprivileged user can reach it.
    tmp = tempfile.mkdtemp(prefix="essm-sync-container-")
    os.chmod(tmp, 0o755)  # noqa: S103 - read and traverse only, for the unprivileged user
    session.run(
        PY, "-m", "pip", "wheel", "--quiet", "--require-hashes", "--wheel-dir", f"{tmp}/wheels",
        "-r", "requirements.lock",
    )  # fmt: skip
    session.run(
        PY, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", f"{tmp}/app", "."
    )  # fmt: skip
    # A system-wide interpreter, as in the image: a user's own (pyenv under /root, say) may
    # be out of the unprivileged user's reach.
    system = [p for p in ("/usr/local/bin/python3.11", "/usr/bin/python3.11") if Path(p).exists()]
    session.run(system[0] if system else PY, "-m", "venv", "--clear", f"{tmp}/venv", external=True)
    pip = [f"{tmp}/venv/bin/python", "-m", "pip", "install", "--quiet", "--no-index"]
    session.run(
        *pip, "--find-links", f"{tmp}/wheels", "--require-hashes", "-r", "requirements.lock"
    )
    wheel = next(Path(f"{tmp}/app").glob("essm_sync-*.whl"))
    session.run(*pip, "--no-deps", str(wheel))
    session.run("chmod", "-R", "a+rX", tmp, external=True)
    session.chdir(tmp)
    run_as = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    session.run(*run_as, f"{tmp}/venv/bin/essm-sync", "--version", external=True)
    session.run(*run_as, f"{tmp}/venv/bin/essm-sync", "sync", "--help", external=True)
    # serve's stack (the `serve` extra) is in the image: its server loads.
    session.run(*run_as, f"{tmp}/venv/bin/essm-sync", "serve", "--help", external=True)
    session.run(
        *run_as, f"{tmp}/venv/bin/python", "-c", "import essm_sync.serve.main", external=True
    )
    shutil.rmtree(tmp)


@nox.session
def deploy(session: nox.Session) -> None:
    """Validate the deploy files with the validators users' own CI runs."""
    session.run(
        PY, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci",
        "deploy/gitlab/essm-sync.gitlab-ci.yml",
    )  # fmt: skip
    session.run(
        PY, "-m", "kubernetes_validate", "--strict", "--kubernetes-version", "1.30",
        "deploy/kubernetes/secret.yaml", "deploy/kubernetes/cronjob.yaml",
        "deploy/kubernetes/serve.yaml",
    )  # fmt: skip
    session.run(str(Path(PY).with_name("hadolint")), "Containerfile", external=True)
    # The alert rules: promtool check rules and promtool test rules (Debian's prometheus).
    session.run(
        PY, "-m", "pytest", "-q", "tests/test_deploy.py", "tests/test_deploy_serve.py",
        "tests/test_alerts.py",
    )  # fmt: skip


@nox.session
def mutation(session: nox.Session) -> None:
    """Mutation-test the pure core against its own tests (minutes); the last line is the
    score. Settings and the one exclusion, explained, are under [tool.mutmut]."""
    shutil.rmtree("mutants", ignore_errors=True)
    session.run(PY, "-m", "mutmut", "run", silent=True, success_codes=[0, 1])
    listing = session.run(PY, "-m", "mutmut", "results", "--all", "true", silent=True)
    statuses = [line.rsplit(": ", 1)[-1].strip() for line in str(listing).splitlines()]
    statuses = [s for s in statuses if s]
    killed = sum(s in ("killed", "timeout") for s in statuses)
    total = len(statuses)
    # On stdout, after nox's own log lines (stderr): the last line a reader sees.
    print(f"mutation score: {killed}/{total} killed ({killed * 100 / total:.1f}%)", flush=True)


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks (minutes, not seconds); arguments go to the benchmark runner."""
    session.run(PY, "-m", "benchmarks", *session.posargs)
