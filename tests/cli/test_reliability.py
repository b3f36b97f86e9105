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

from essm_sync.cli import app
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
