"""The README's stress command and table agree with the stress script's defaults."""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.stress import arguments

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_stress_run_uses_the_scripts_defaults() -> None:
    """The README runs the stress script with its default seeds and rooms, as it says."""
    readme = (ROOT / "README.md").read_text()
    found = re.search(r"benchmarks\.stress --rooms (\d+)  # (\d+) seeds, (\d+) rooms each", readme)
    assert found is not None
    defaults = arguments().parse_args([])
    assert int(found[1]) == int(found[3]) == defaults.rooms
    assert int(found[2]) == defaults.seeds
