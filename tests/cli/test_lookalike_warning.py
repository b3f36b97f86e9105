"""A look-alike pair of room codes is named once in a sync's output, however many stages
hold it."""

from __future__ import annotations

from typer.testing import CliRunner

from essm_sync.cli.app import app
from tests.cli.conftest import LiveSandbox

runner = CliRunner()


def test_a_lookalike_pair_is_warned_of_once(live: LiveSandbox) -> None:
    """A Booker room whose Id gains a trailing space: one line names both codes, escaped;
    neither is called unknown to Booker."""
    room = next(r for r in live.university.booker.rooms if r["Live"] and r["Bookable"]
                and r["Id"] in live.university.termtime.rooms)  # fmt: skip
    code = str(room["Id"])
    room["Id"] = code + " "
    result = runner.invoke(app, ["--config", str(live.config), "sync"])
    lines = [line for line in result.stderr.splitlines() if code in line]
    assert len(lines) == 1, result.stderr
    assert f'"{code} "' in lines[0]
    assert "unknown" not in lines[0]
