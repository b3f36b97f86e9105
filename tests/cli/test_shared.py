"""Rooms taught together at the command line: one info line per group, in every output."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from essm_sync.cli.app import app
from tests.cli.conftest import LiveSandbox

runner = CliRunner()


def _run(live: LiveSandbox, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--config", str(live.config), *args])
    return result.exit_code, result.stdout, result.stderr


def _info(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("info: shared: ")]


def test_plan_and_show_say_once_which_items_share_a_booking(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """plan prints each group once as an info line and counts them; show repeats both."""
    saved = tmp_path / "plan.json"
    code, out, err = _run(live, "plan", "--out", str(saved))
    assert code == 0
    lines = _info(err)
    assert any("ENG201 Lecture (Part IA) + CST201 Lecture (Part IB)" in line for line in lines)
    assert len(lines) == len(set(lines))
    assert not [line for line in err.splitlines() if line.startswith("conflict:") and
                ":CO-PAIR-" in line]  # fmt: skip
    # Said once: on stderr, not again among the plan's lines; the plan counts them.
    assert not [line for line in out.splitlines() if line.startswith("  = shared: ")]
    assert f"{len(lines)} shared bookings" in out
    shown = runner.invoke(app, ["show", str(saved)])
    assert _info(shown.stderr) == lines
    assert "shared bookings" in shown.stdout


def test_json_logs_carry_an_items_shared_event(live: LiveSandbox, tmp_path: Path) -> None:
    """Among JSON logs each group is one `items.shared` info event naming its members, and
    the run report lists it."""
    report = tmp_path / "report.json"
    result = runner.invoke(
        app,
        ["--config", str(live.config), "--log-format", "json", "sync", "--report", str(report)],
    )
    events = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    shared = [e for e in events if e.get("event") == "items.shared"]
    assert shared
    assert {e["level"] for e in shared} == {"info"}
    pair = next(e for e in shared if ":CO-PAIR-1:" in e["key"])
    assert [item.split(":")[1] for item in pair["items"]] == ["CO-PAIR-1", "CO-PAIR-2"]
    written = json.loads(report.read_text())
    assert {s["key"] for s in written["shared"]} == {e["key"] for e in shared}
