"""What a run prints, and where: stdout and stderr whatever is a terminal, each warning once,
guard refusals in the plan, one summary line, a JSON log that does not grow per write."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from typer.testing import CliRunner

from essm_sync.cli.app import app
from essm_sync.sandbox import Faults
from tests.cli.conftest import LiveSandbox, serving

runner = CliRunner()


def _run(live: LiveSandbox, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--config", str(live.config), *args])
    return result.exit_code, result.stdout, result.stderr


def _drain(fd: int, into: list[bytes]) -> None:
    """Read a pty until its other end closes, so the child never blocks writing to it."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        into.append(chunk)


def test_stdout_to_a_file_gets_the_plan_and_summary_while_stderr_is_a_terminal(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """`essm-sync sync > out.txt` on a terminal: progress bars draw on the terminal, and the
    plan and the summary line still land in out.txt."""
    out_file = tmp_path / "out.txt"
    controller, terminal = pty.openpty()
    seen: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(controller, seen), daemon=True)
    reader.start()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "100"}
    with out_file.open("w") as out:
        done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "essm_sync", "--config", str(live.config), "sync"],
            stdout=out, stderr=terminal, env=env, timeout=300, check=False,
        )  # fmt: skip
    os.close(terminal)
    reader.join(timeout=30)
    os.close(controller)
    written = out_file.read_text()
    assert done.returncode == 4
    assert "Plan: " in written
    assert written.rstrip().splitlines()[-1].startswith("Applied: ")
    assert b"Applied: " not in b"".join(seen)


def test_each_warning_is_said_once_on_stderr_and_not_in_the_plan(live: LiveSandbox) -> None:
    """A warning, conflict or held room of a sync is one line on stderr; the plan on stdout
    counts them but does not repeat them."""
    code, out, err = _run(live, "sync")
    assert code == 4
    notes = [line for line in err.splitlines() if line.startswith(("warning: ", "conflict: "))]
    assert any(line.startswith("conflict: ") for line in notes)
    assert any("held:" in line for line in notes)
    for line in notes:
        body = line.split(": ", 2)[-1]  # past "warning: rooms: " or "conflict: "
        assert err.count(body) == 1, line
        assert body not in out, line


def test_a_guard_refusal_is_in_the_plan_totals_on_stderr_and_exits_3(live: LiveSandbox) -> None:
    """A stage the guard would refuse is marked in the count table and the `Plan:` line,
    said on stderr, and makes `plan --detailed-exitcode` exit 3."""
    assert _run(live, "sync")[0] == 4
    live.university.termtime.events.clear()
    live.university.termtime.changed_events()
    code, out, err = _run(live, "plan", "--detailed-exitcode")
    assert code == 3
    bookings_row = next(line for line in out.splitlines() if line.startswith("bookings  "))
    assert bookings_row.split()[-1] == "refuses"
    plan_line = next(line for line in out.splitlines() if line.startswith("Plan: "))
    assert "the guard would refuse bookings" in plan_line
    assert "warning: bookings: the guard would refuse this stage" in err
    assert "min_source_pct" in err


def test_the_run_ends_with_one_summary_line(live: LiveSandbox, tmp_path: Path) -> None:
    """The last line counts each outcome (in the singular for one), and gives the duration,
    requests, retries and where the report went."""
    report = tmp_path / "report.json"
    code, out, _ = _run(live, "sync", "--report", str(report))
    assert code == 4
    last = out.rstrip().splitlines()[-1]
    written = json.loads(report.read_text())
    requests = sum(n for counts in written["requests"].values() for n in counts.values())
    assert re.fullmatch(
        r"Applied: \d+ created, \d+ updated, \d+ deleted or retired, 0 failed, \d+ conflicts, "
        rf"1 room held, \d+ shared bookings; \d+\.\d s, {requests} requests, 0 retries; "
        rf"report in {re.escape(str(report))}\.",
        last,
    ), last
    assert sum(line.startswith("Applied: ") for line in out.splitlines()) == 1


def test_json_logs_end_with_a_run_finished_that_sums_up(live: LiveSandbox, tmp_path: Path) -> None:
    """Among JSON logs the one stdout line is `run.finished`, with requests, retries and
    the report's path."""
    report = tmp_path / "report.json"
    code, out, _ = _run(live, "--log-format", "json", "sync", "--report", str(report))
    assert code == 4
    (line,) = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert line["event"] == "run.finished"
    assert line["requests"]["Booker"] > 0
    assert line["retries"] == {"TermTime": 0, "Booker": 0}
    assert line["report"] == str(report)


def test_the_json_log_of_a_run_does_not_grow_with_its_writes(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """Per-change lines are in the report, not the default JSON log: the log of a first
    run stays within what keeps a 50,000-write run under 1 MB; --verbose lists them."""
    (tmp_path / "large").mkdir()
    with serving(tmp_path / "large", rooms=64) as large:
        _log_stays_small(large, tmp_path)
    code, _, err = _run(live, "--log-format", "json", "--verbose", "sync", "buildings")
    assert code == 0
    applied = [e for e in map(json.loads, err.splitlines()) if e["event"] == "change.applied"]
    assert {e["kind"] for e in applied} >= {"create_campus", "create_building"}


def _log_stays_small(live: LiveSandbox, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    code, _, err = _run(live, "--log-format", "json", "sync", "--report", str(report))
    assert code == 4
    counts = json.loads(report.read_text())["counts"]
    writes = sum(n for kinds in counts.values() for statuses in kinds.values()
                 for n in statuses.values())  # fmt: skip
    assert writes > 1000
    events = [json.loads(line)["event"] for line in err.splitlines()]
    assert "change.applied" not in events
    # Everything in this log is per run, per list read or per warning, none per write:
    # 20 bytes a write would be 1 MB at 50,000 writes.
    assert len(err.encode()) < 20 * writes


def test_an_interrupt_is_logged_as_run_interrupted_not_as_an_error(tmp_path: Path) -> None:
    """SIGTERM among JSON logs: one `run.interrupted` event naming the signal, no
    `run.error`, exit 130."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("ESSM_SYNC_CONFIG", None)
    with serving(tmp_path, rooms=16, faults=Faults(latency_s=0.01)) as live:
        seeded = set(live.university.booker.bookings)
        command = [sys.executable, "-m", "essm_sync", "--config", str(live.config),
                   "--log-format", "json", "sync"]  # fmt: skip
        process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while not set(live.university.booker.bookings) - seeded:
            assert time.monotonic() < deadline, "the sync never started booking"
            time.sleep(0.02)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    events = [json.loads(line) for line in err.splitlines()]
    stops = [e for e in events if e["event"] == "run.interrupted"]
    assert [e["signal"] for e in stops] == ["SIGTERM"]
    assert "run.error" not in {e["event"] for e in events}
