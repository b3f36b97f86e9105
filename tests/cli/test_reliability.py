"""Running the real command as a process: interrupted cleanly, and never leaking a secret."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from essm_sync.cli.app import app
from essm_sync.sandbox import Faults
from tests.cli.conftest import LiveSandbox, serving

runner = CliRunner()


def test_sigterm_stops_cleanly_and_the_next_run_converges(tmp_path: Path) -> None:
    """SIGTERM mid-apply: in-flight changes finish, the rest are skipped, exit 130."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("ESSM_SYNC_CONFIG", None)
    with serving(tmp_path, rooms=16, faults=Faults(latency_s=0.01)) as live:
        seeded = set(live.university.booker.bookings)
        command = [sys.executable, "-m", "essm_sync", "--config", str(live.config), "sync"]
        process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while not set(live.university.booker.bookings) - seeded:
            assert time.monotonic() < deadline, "the sync never started booking"
            time.sleep(0.02)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 130, err
        assert "interrupted" in err
        assert "(interrupted)" in out
        again = subprocess.run(  # noqa: S603 - as above
            command, env=env, capture_output=True, text=True, timeout=120, check=False
        )
    assert again.returncode == 4, again.stderr  # done, bar the seeded conflicts with people
    assert "0 failed" in again.stdout
    keys = [b.external_id for b in live.university.booker.bookings.values() if b.external_id]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_no_secret_reaches_any_output(live: LiveSandbox, tmp_path: Path, log_format: str) -> None:
    """Key, password and tokens never appear, verbose or not, on success or failure."""
    base = ["--config", str(live.config), "--verbose", "--log-format", log_format]
    outputs, logs = [], []
    for args, env in [
        (["check"], {}),
        (["plan", "--format", "json"], {}),
        (["sync", "--report", str(tmp_path / "r.json")], {}),
        (["check"], {"ESSM_SYNC_BOOKER__PASSWORD": "Wrong-Password-123"}),
        (["check"], {"ESSM_SYNC_TERMTIME__API_KEY": "WrongKey0123456789AB"}),
    ]:
        result = runner.invoke(app, base + args, env=env)
        outputs.append(result.stdout + result.stderr)
        logs.append(result.stderr)
    outputs.append((tmp_path / "r.json").read_text())
    everything = "\n".join(outputs)
    assert "http.request" in everything  # verbose logging was really on
    for secret in [*live.secrets, "Wrong-Password-123", "WrongKey0123456789AB"]:
        assert secret not in everything
    if log_format == "json":
        lines = [line for log in logs for line in log.splitlines() if line.strip()]
        events = [json.loads(line) for line in lines]  # every line on stderr is JSON
        assert {"fetch.read", "change.applied", "http.request", "run.error"} <= {
            e["event"] for e in events
        }


def _written(live: LiveSandbox, seeded: set[int]) -> int:
    return len(set(live.university.booker.bookings) - seeded)


def _done_creates(report: dict[str, object]) -> int:
    counts = report["counts"]
    assert isinstance(counts, dict)
    return int(counts.get("bookings", {}).get("create_booking", {}).get("done", 0))


@pytest.mark.parametrize("signals", [1, 2])
def test_interrupted_run_reports_exactly_what_it_wrote(tmp_path: Path, signals: int) -> None:
    """One SIGTERM: the report's created count equals the bookings written. Two: the
    abandoned in-flight creates are listed as such, and none is lost from the count."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("ESSM_SYNC_CONFIG", None)
    report_path = tmp_path / "report.json"
    with serving(tmp_path, rooms=16, faults=Faults(latency_s=0.02)) as live:
        seeded = set(live.university.booker.bookings)
        command = [sys.executable, "-m", "essm_sync", "--config", str(live.config), "sync",
                   "--report", str(report_path)]  # fmt: skip
        process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while _written(live, seeded) < 20:
            assert time.monotonic() < deadline, "the sync never started booking"
            time.sleep(0.01)
        for _ in range(signals):
            process.send_signal(signal.SIGTERM)
            time.sleep(0.005)
        _, err = process.communicate(timeout=60)
        process_written = _written(live, seeded)
        assert process.returncode == 130, err
    report = json.loads(report_path.read_text())
    abandoned = [f for f in report["failures"] if "abandoned in flight" in f["reason"]]
    done = _done_creates(report)
    assert done <= process_written <= done + len(abandoned)
    if signals == 1:
        assert not abandoned
        assert done == process_written


def test_an_unwritable_report_path_is_refused_before_anything_is_written(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """`--report` into a missing folder: exit 1 with one line, and nothing written."""
    before = dict(live.university.booker.bookings)
    result = runner.invoke(
        app, ["--config", str(live.config), "sync", "--report", "/nonexistent/dir/r.json"]
    )
    assert result.exit_code == 1
    assert "folder /nonexistent/dir does not exist" in result.stderr
    assert live.university.booker.bookings == before
