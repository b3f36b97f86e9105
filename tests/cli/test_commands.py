"""The command line over real HTTP against the sandbox: output, exit codes, no secrets."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import filelock
import pytest
from typer.testing import CliRunner

from essm_sync.cli.app import app
from essm_sync.cli.logs import echo
from essm_sync.settings import load_settings
from tests.cli.conftest import LiveSandbox

runner = CliRunner()


def _run(live: LiveSandbox, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--config", str(live.config), *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_check_reports_both_systems(live: LiveSandbox) -> None:
    """check prints TermTime's database, version and user, and Booker's sign-in."""
    code, out, _ = _run(live, "check")
    assert code == 0
    assert "database SANDBOX, API 7.7.0, user api" in out
    assert "signed in as essm-sync" in out


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (
            "ESSM_SYNC_TERMTIME__API_KEY",
            "WRONGWRONGWRONGWRONG",
            "error: TermTime GET ping: error 101",
        ),
        (
            "ESSM_SYNC_BOOKER__PASSWORD",
            "not-the-password",
            "error: Booker POST token: the user name or password was refused",
        ),
    ],
)
def test_wrong_credentials_are_one_line_and_exit_1(
    live: LiveSandbox, variable: str, value: str, expected: str
) -> None:
    """A wrong key or password gives exactly one error line on stderr, no traceback."""
    code, out, err = _run(live, "check", env={variable: value})
    assert code == 1
    assert err.strip().startswith(expected)
    assert len(err.strip().splitlines()) == 1
    assert value not in out + err


def test_plan_prints_changes_and_detailed_exit_code(live: LiveSandbox, tmp_path: Path) -> None:
    """plan shows grouped changes, saves JSON with --out and exits 2 with --detailed-exitcode."""
    saved = tmp_path / "plan.json"
    code, out, _ = _run(live, "plan", "--detailed-exitcode", "--out", str(saved))
    assert code == 2
    assert "buildings:" in out
    assert "create building" in out
    assert "Plan:" in out
    assert json.loads(saved.read_text())["stages"][0]["operation"] == "buildings"


def test_plan_formats_json_and_markdown(live: LiveSandbox) -> None:
    """--format json is valid JSON of all changes; markdown has a count table."""
    code, out, _ = _run(live, "plan", "rooms", "--format", "json")
    assert code == 0
    assert [s["operation"] for s in json.loads(out)["stages"]] == ["rooms"]
    code, out, _ = _run(live, "plan", "--format", "markdown")
    assert code == 0
    assert "| operation | change | count |" in out


def test_sync_converges_and_reports_conflicts_with_exit_4(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """sync applies all stages, reports the conflict with a person's booking and exits 4."""
    report_file = tmp_path / "report.json"
    code, out, err = _run(live, "--verbose", "sync", "--report", str(report_file))
    assert code == 4, err
    assert "conflict:" in err  # conflicts are said on stderr, once
    assert "held by booking" in err
    report = json.loads(report_file.read_text())
    assert report["complete"] is False
    assert report["counts"]["bookings"]["create_booking"]["done"] > 0
    assert report["systems"]["TermTime"] == "7.7.0"
    code, out, _ = _run(live, "plan", "--detailed-exitcode")
    assert code == 0
    assert "Plan: 0 to create, 0 to update, 0 to delete or retire" in out
    assert not any(secret in out + err for secret in live.secrets)


def test_saved_plan_is_applied_and_a_stale_one_refused(live: LiveSandbox, tmp_path: Path) -> None:
    """apply --plan applies a fresh plan; a change to a record it touches refuses it with
    exit 1 naming that record, while a change elsewhere does not."""
    saved = tmp_path / "plan.json"
    assert _run(live, "plan", "buildings", "--out", str(saved))[0] == 0
    code, out, _ = _run(live, "apply", "--plan", str(saved))
    assert code == 0, out
    assert "Applied: " in out
    assert " 0 failed" in out
    assert _run(live, "plan", "rooms", "--out", str(saved))[0] == 0
    touched = {c["code"] for c in json.loads(saved.read_text())["stages"][0]["changes"]}
    rooms = live.university.booker.rooms
    target = next(r for r in rooms if r["Id"] in touched)
    target["Capacity"] += 1
    code, _, err = _run(live, "apply", "--plan", str(saved))
    assert code == 1
    assert "stale" in err
    assert target["Id"] in err
    target["Capacity"] -= 1
    elsewhere = next(r for r in rooms if r["Id"] not in touched)
    elsewhere["Name"] += " (renamed)"
    code, out, err = _run(live, "apply", "--plan", str(saved))
    assert code in (0, 4), err


def test_apply_needs_yes_off_a_terminal(live: LiveSandbox) -> None:
    """Without a terminal to confirm on, apply refuses unless --yes is given."""
    code, _, err = _run(live, "apply", "buildings")
    assert code == 1
    assert "--yes" in err
    code, out, _ = _run(live, "apply", "buildings", "--yes")
    assert code == 0
    assert "Applied:" in out


def test_guard_trip_exits_3_and_writes_nothing(live: LiveSandbox, tmp_path: Path) -> None:
    """A timetable that empties after a sync trips the guard: exit 3, bookings untouched."""
    _run(live, "sync")
    before = dict(live.university.booker.bookings)
    live.university.termtime.events.clear()
    live.university.termtime.changed_events()
    report_file = tmp_path / "report.json"
    code, _, err = _run(live, "sync", "--report", str(report_file))
    assert code == 3
    assert "min_source_pct" in err
    assert "--no-guard" in err
    assert live.university.booker.bookings == before
    report = json.loads(report_file.read_text())
    assert report["complete"] is False
    assert "min_source_pct" in report["error"]


def test_a_second_run_is_refused_while_one_holds_the_lock(live: LiveSandbox) -> None:
    """A run against the same systems while another holds the lock exits 1 with a clear line."""
    path = load_settings(live.config).lock_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with filelock.FileLock(str(path)):
        code, _, err = _run(live, "sync")
    assert code == 1
    assert "another essm-sync run" in err
    assert _run(live, "sync", "buildings")[0] == 0  # released with its holder


def test_a_crashed_run_leaves_no_stale_lock(live: LiveSandbox) -> None:
    """A holder killed outright releases the lock with its process: the next run goes ahead."""
    path = load_settings(live.config).lock_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    script = (
        "import filelock, sys, time; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); "
        "print('held', flush=True); time.sleep(60)"
    )
    with subprocess.Popen(  # noqa: S603 - a fixed, local script
        [sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        assert _run(live, "sync", "buildings")[0] == 1
        holder.kill()
        holder.wait()
    assert _run(live, "sync", "buildings")[0] == 0


def test_bad_configuration_is_one_line(tmp_path: Path) -> None:
    """A missing settings file, and a file missing a key, each give one line and exit 1."""
    result = runner.invoke(app, ["--config", str(tmp_path / "nope.toml"), "check"])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"error: configuration file {tmp_path / 'nope.toml'} does not exist"
    )
    partial = tmp_path / "partial.toml"
    partial.write_text('[termtime]\nbase_url = "http://x/v1/api"\n')
    result = runner.invoke(
        app, ["--config", str(partial), "plan"], env={"ESSM_SYNC_TERMTIME__API_KEY": ""}
    )
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "booker (ESSM_SYNC_BOOKER) is required" in result.stderr


def test_unknown_operation_is_a_usage_error(live: LiveSandbox) -> None:
    """An operation name that does not exist is one line and exit 1, never 2."""
    code, _, err = _run(live, "plan", "students")
    assert code == 1
    assert "students" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args", [["plan", "--detailed-exitcod"], ["plann"], ["--log-format", "xml", "plan"]]
)
def test_usage_errors_exit_1_with_one_line(args: list[str]) -> None:
    """A typo exits 1, not 2 (which means "changes found" to a scheduler), in one line."""
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("error: usage:")


def test_global_options_work_after_the_command(live: LiveSandbox) -> None:
    """`plan --config f.toml --log-format json` reads the file and logs JSON."""
    result = runner.invoke(
        app, ["plan", "buildings", "--config", str(live.config), "--log-format", "json", "-v"]
    )
    assert result.exit_code == 0, result.stderr
    assert all(json.loads(line) for line in result.stderr.splitlines() if line.strip())


def test_show_prints_a_saved_plan_in_every_format(live: LiveSandbox, tmp_path: Path) -> None:
    """`show` reads a saved plan without reaching either system, as text, JSON, Markdown."""
    saved = tmp_path / "plan.json"
    assert _run(live, "plan", "--out", str(saved))[0] == 0
    text = runner.invoke(app, ["show", str(saved)])
    again = runner.invoke(app, ["show", str(saved), "--format", "json"])
    markdown = runner.invoke(app, ["show", str(saved), "--format", "markdown"])
    assert text.exit_code == again.exit_code == markdown.exit_code == 0
    assert "Plan: " in text.stdout
    assert json.loads(again.stdout) == json.loads(saved.read_text())
    assert "## essm-sync plan" in markdown.stdout
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{}")
    refused = runner.invoke(app, ["show", str(garbage)])
    assert refused.exit_code == 1
    assert "plan --out" in refused.stderr


def test_errors_are_json_when_the_environment_asks_for_json_logs(tmp_path: Path) -> None:
    """In a container logging JSON, even a settings error is one JSON object on stderr."""
    missing = tmp_path / "nope.toml"
    result = runner.invoke(
        app, ["--config", str(missing), "check"], env={"ESSM_SYNC_RUN__LOG_FORMAT": "json"}
    )
    assert result.exit_code == 1
    event = json.loads(result.stderr)
    assert event["event"] == "run.error"
    assert event["message"] == f"configuration file {missing} does not exist"


def test_json_mode_is_json_on_both_streams_and_ends_with_run_finished(
    live: LiveSandbox,
) -> None:
    """Among JSON logs, stdout and stderr are JSON lines: a warning, conflict, skipped item
    and held room each an event, and `run.finished` with the exit code and counts."""
    result = runner.invoke(app, ["sync", "--config", str(live.config), "--log-format", "json"])
    assert result.exit_code == 4
    out = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    err = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    (finished,) = out
    assert finished["event"] == "run.finished"
    assert finished["exit_code"] == 4
    assert finished["counts"]["bookings"]["create_booking"]["done"] > 0
    events = {e["event"] for e in err}
    assert {"plan.warning", "booking.conflict", "timetable.item_skipped",
            "timetable.room_held", "run.finished"} <= events  # fmt: skip


def test_warnings_of_a_quiet_run_are_lines_on_stderr(live: LiveSandbox) -> None:
    """A steady-state `sync buildings rooms` exits 0 and still says what it skips."""
    assert _run(live, "sync", "buildings", "rooms")[0] == 0
    code, _, err = _run(live, "sync", "buildings", "rooms")
    assert code == 0
    lines = [line for line in err.splitlines() if line.startswith("warning: rooms: ")]
    assert any("unknown to TermTime; room skipped" in line for line in lines)


def test_check_probes_each_system_on_its_own_and_fails_fast(tmp_path: Path) -> None:
    """A closed port for one system does not hide the other: both are reported, exit 1,
    each line naming the URL, in about a second rather than after minutes of retries."""
    config = tmp_path / "closed.toml"
    config.write_text(
        '[termtime]\nbase_url = "http://127.0.0.1:9/v1/api"\napi_key = "ABCDEFGHIJ0123456789"\n'
        '[booker]\nbase_url = "http://127.0.0.1:9/api"\nusername = "u"\npassword = "p"\n'
    )
    result = runner.invoke(app, ["check", "--config", str(config)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("error: TermTime GET ping: cannot connect")
    assert lines[1].startswith("error: Booker POST token: sign-in failed: cannot connect")
    assert all("http://127.0.0.1:9" in line for line in lines)


def test_check_refuses_a_window_that_ends_before_it_starts(live: LiveSandbox) -> None:
    """`window_end` before `window_start` is a configuration error that check finds."""
    result = runner.invoke(
        app, ["check", "--config", str(live.config)],
        env={"ESSM_SYNC_BOOKINGS__WINDOW_START": "2027-01-01",
             "ESSM_SYNC_BOOKINGS__WINDOW_END": "2026-01-01"},
    )  # fmt: skip
    assert result.exit_code == 1
    assert "window_end (2026-01-01) is before window_start" in result.stderr


def test_output_goes_through_the_current_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines are written to whatever `sys.stdout` is at the time (progress bars replace it
    to print above themselves), not to a buffer behind it."""
    written: list[str] = []

    class Recording(io.StringIO):
        def write(self, text: str) -> int:
            written.append(text)
            return len(text)

    monkeypatch.setattr(sys, "stdout", Recording())
    echo("Applied: 1 created")
    assert written == ["Applied: 1 created\n"]


def test_a_busy_sandbox_port_is_one_line_and_exit_1() -> None:
    """A port something else holds: one line naming it, exit 1, no traceback."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = runner.invoke(app, ["sandbox", "--termtime-port", str(port)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: cannot serve on 127.0.0.1:{port}: Address already in use"
    )


def test_production_commands_never_load_the_sandbox(live: LiveSandbox) -> None:
    """After a real `sync`, neither the fakes nor their server stack were imported."""
    script = (
        "import sys\n"
        "from essm_sync.cli import main\n"
        f"sys.argv = ['essm-sync', '--config', {str(live.config)!r}, 'sync']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn')"
        " or m.startswith('essm_sync.sandbox')]\n"
        "print('LOADED', loaded)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(live.config.parent / "cache")}
    done = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert "LOADED []" in done.stdout, done.stdout[-500:] + done.stderr[-500:]
    assert "Applied:" in done.stdout


@pytest.mark.parametrize("command", ["sync", "plan", "apply", "audit", "check", "show", "demo"])
def test_help_loads_no_http_model_or_logging_stack(command: str) -> None:
    """`essm-sync COMMAND --help` answers without importing httpx, pydantic, structlog,
    rich or the engine: those are loaded when a command runs (start-up time)."""
    script = (
        "import sys\n"
        "from essm_sync.cli import main\n"
        f"sys.argv = ['essm-sync', {command!r}, '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('httpx', 'pydantic', 'structlog', 'rich', 'anyio')\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}"
        " | {m for m in sys.modules if m.startswith(('essm_sync.engine', 'essm_sync.core'))})\n"
        "print('LOADED', loaded)\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert "LOADED []" in done.stdout, done.stdout[-500:] + done.stderr[-500:]
    assert "Usage: essm-sync" in done.stdout
