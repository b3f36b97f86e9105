"""The Containerfile: a multi-stage build that runs `essm-sync sync` as a non-root user."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Containerfile").read_text()
    joined = re.sub(r"\\\n", " ", text)
    found = []
    for raw in joined.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for keyword, rest in _instructions():
        if keyword == "FROM":
            stages.append([])
        stages[-1].append((keyword, rest))
    return stages


def test_containerfile_parses_into_known_instructions() -> None:
    """Every line is a known instruction; every stage starts from one pinned Python image."""
    known = {"FROM", "WORKDIR", "COPY", "RUN", "USER", "ENV", "ENTRYPOINT", "CMD"}
    assert {keyword for keyword, _ in _instructions()} <= known
    images = {stage[0][1].split()[0] for stage in _stages()}
    (image,) = images
    assert re.fullmatch(r"docker\.io/library/python:3\.11\.\d+-slim-\w+", image)


def test_final_stage_runs_the_sync_as_a_non_root_user() -> None:
    """The final stage switches to a numeric non-root user and runs `essm-sync sync`."""
    final = _stages()[-1]
    users = [rest for keyword, rest in final if keyword == "USER"]
    assert users
    assert users[-1].split(":")[0] not in ("0", "root")
    assert json.loads(dict(final)["ENTRYPOINT"]) == ["essm-sync"]
    assert json.loads(dict(final)["CMD"]) == ["sync"]


def test_dependencies_come_from_the_hashed_lock_before_the_source() -> None:
    """The dependency layer is built from the hashed lock alone, before any source is
    copied; the final stage installs offline, checking every hash."""
    deps = _stages()[0]
    assert [rest for keyword, rest in deps if keyword == "COPY"] == ["requirements.lock ./"]
    assert "--require-hashes" in dict(deps)["RUN"]
    final_runs = [rest for keyword, rest in _stages()[-1] if keyword == "RUN"]
    assert all("--no-index" in shlex.split(run) for run in final_runs)
    assert "--require-hashes" in final_runs[0]


def test_the_lock_pins_every_runtime_dependency_and_nothing_of_the_sandbox() -> None:
    """requirements.lock pins each runtime dependency and those of `serve` with hashes,
    and leaves out what only the sandbox uses, which production does not need."""
    lock = (ROOT / "requirements.lock").read_text()
    pinned = dict(re.findall(r"^([a-z0-9._-]+)==(\S+) \\$", lock, re.MULTILINE))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["serve"]]:
        name = re.split(r"[<>=!~; \[]", requirement, maxsplit=1)[0].lower()
        assert name in pinned, name
    assert not {"httptools", "uvloop"} & set(pinned)
    assert lock.count("--hash=sha256:") >= len(pinned)


def test_build_context_leaves_out_local_state() -> None:
    """The ignore file keeps virtual environments and caches out of the build context."""
    ignored = (ROOT / ".containerignore").read_text().split()
    assert {".git", ".venv", "tests"} <= set(ignored)
