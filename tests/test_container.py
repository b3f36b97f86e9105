"""The Containerfile: a multi-stage build that runs `essm-sync sync` as a non-root user."""

from __future__ import annotations

import json
import re
import shlex
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


def test_containerfile_parses_into_known_instructions() -> None:
    """Every line is a known instruction; there are two stages, the last one named by image."""
    known = {"FROM", "WORKDIR", "COPY", "RUN", "USER", "ENV", "ENTRYPOINT", "CMD"}
    instructions = _instructions()
    assert {keyword for keyword, _ in instructions} <= known
    stages = [rest for keyword, rest in instructions if keyword == "FROM"]
    assert len(stages) == 2
    assert all(stage.split()[0].endswith("python:3.11-slim") for stage in stages)


def test_final_stage_runs_the_sync_as_a_non_root_user() -> None:
    """The final stage switches to a numeric non-root user and runs `essm-sync sync`."""
    instructions = _instructions()
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    final = instructions[last_from:]
    users = [rest for keyword, rest in final if keyword == "USER"]
    assert users
    assert users[-1].split(":")[0] not in ("0", "root")
    assert json.loads(dict(final)["ENTRYPOINT"]) == ["essm-sync"]
    assert json.loads(dict(final)["CMD"]) == ["sync"]


def test_install_steps_use_only_the_built_wheels() -> None:
    """The final stage installs from the wheels the first stage built, never from the network."""
    runs = [rest for keyword, rest in _instructions() if keyword == "RUN"]
    final_install = shlex.split(runs[-1].split("&&")[0])
    assert "--no-index" in final_install
    assert "/wheels" in final_install


def test_build_context_leaves_out_local_state() -> None:
    """The ignore file keeps virtual environments and caches out of the build context."""
    ignored = (ROOT / ".containerignore").read_text().split()
    assert {".git", ".venv", "tests"} <= set(ignored)
