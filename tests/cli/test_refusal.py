"""A stage the guard refuses ends a sync there: plan says so, and the run still sums up."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from essm_sync.cli.app import app
from tests.cli.conftest import LiveSandbox

runner = CliRunner()


def _run(live: LiveSandbox, *args: str) -> tuple[int, str, str]:
    # Room bookings on, so that a stage follows bookings.
    env = {"ESSM_SYNC_ROOMBOOKINGS__OWNER": "ESSMSYNC"}
    result = runner.invoke(app, ["--config", str(live.config), *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def _empty_the_timetable(live: LiveSandbox) -> None:
    """Sync once, then empty TermTime's timetable so that the bookings stage trips the guard."""
    assert _run(live, "sync")[0] == 4
    live.university.termtime.events.clear()
    live.university.termtime.changed_events()


def test_plan_says_sync_stops_at_the_refused_stage(live: LiveSandbox) -> None:
    """Plan says sync would stop at the refused stage, writing nothing there or after, and
    marks the later stages as not run rather than ok."""
    _empty_the_timetable(live)
    code, out, err = _run(live, "plan", "bookings", "roombookings", "--detailed-exitcode")
    assert code == 3
    after = next(line for line in out.splitlines() if line.startswith("roombookings  "))
    assert after.split()[-2:] == ["not", "run"]
    plan_line = next(line for line in out.splitlines() if line.startswith("Plan: "))
    assert "sync would stop there" in plan_line
    assert "writing nothing in that stage or any after it" in plan_line
    assert "writing nothing there)" not in plan_line
    assert "not run by sync: it stops at bookings" in out
    assert "any stage after it" in err
    _, markdown, _ = _run(live, "plan", "bookings", "roombookings", "--format", "markdown")
    assert "| roombookings | not run by sync: it stops at bookings | - |" in markdown


def test_a_refused_sync_ends_with_its_summary_line(live: LiveSandbox) -> None:
    """A sync the guard refuses exits 3 and its last stdout line sums the run up, naming
    the refused stage and the limit it broke."""
    _empty_the_timetable(live)
    code, out, err = _run(live, "sync", "bookings", "roombookings")
    assert code == 3
    last = out.rstrip().splitlines()[-1]
    assert last.startswith("Applied: 0 created, 0 updated, 0 deleted or retired, 0 failed")
    assert "the guard refused bookings: would delete " in last
    assert "stopped there, nothing written in that stage or any after it" in last
    assert " requests, 0 retries; no report written." in last
    assert "error: safety limit tripped" in err


def test_a_refused_sync_among_json_logs_ends_with_run_finished(live: LiveSandbox) -> None:
    """Among JSON logs, a refused sync's one stdout line is `run.finished` with exit 3."""
    _empty_the_timetable(live)
    code, out, _ = _run(live, "--log-format", "json", "sync", "bookings")
    assert code == 3
    (line,) = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert line["event"] == "run.finished"
    assert line["exit_code"] == 3


def test_an_error_before_any_write_is_one_line_and_no_summary(live: LiveSandbox) -> None:
    """An exit 1 before anything was written prints no summary: one error line only."""
    live.config.write_text(live.config.read_text().replace("password = ", "password = 'x' #"))
    code, out, err = _run(live, "sync", "buildings")
    assert code == 1
    assert out == ""
    assert err.startswith("error: ")


def test_a_stage_wide_warning_names_its_operation_once(live: LiveSandbox) -> None:
    """A warning about a whole stage says `warning: bookings: ...`, not the operation twice."""
    assert _run(live, "sync")[0] == 4
    # Only activities booked now: the owned exam bookings lie in a kind not synced.
    env = {"ESSM_SYNC_BOOKINGS__KINDS": '["activities"]'}
    result = runner.invoke(app, ["--config", str(live.config), "plan", "bookings"], env=env)
    assert re.search(r"^warning: bookings: \d+ owned bookings lie in", result.stderr, re.M)
    assert "bookings: bookings:" not in result.stderr
