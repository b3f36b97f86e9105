"""`plan` and `audit` while a sync holds the lock: they still run, read-only, say first that
a sync is running, and a listing that shifts under them is blamed on the sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import filelock
import pytest
from typer.testing import CliRunner

from essm_sync.cli.app import app
from essm_sync.sandbox import Faults
from essm_sync.settings import load_settings
from tests.cli.conftest import LiveSandbox, serving

runner = CliRunner()


@pytest.fixture
def busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveSandbox]:
    """A sandbox whose bookings listing shifts on every later page, as a sync writing would
    make it, with the lock held as a running sync holds it."""
    for name in ("ESSM_SYNC_CONFIG", "ESSM_SYNC_TERMTIME__API_KEY", "ESSM_SYNC_BOOKER__PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    faults = Faults(churn_rate=1.0)
    with serving(tmp_path, faults=faults) as running:
        faults.churn = running.university.booker.churn
        path = load_settings(running.config).lock_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        with filelock.FileLock(str(path)):
            yield running


@pytest.mark.parametrize("command", ["plan", "audit"])
def test_a_read_only_command_runs_while_a_sync_holds_the_lock(
    busy: LiveSandbox, command: str
) -> None:
    """Its first line says a sync is running; it completes (never exit 1 over the listing
    the sync moves) and writes nothing."""
    before = dict(busy.university.booker.bookings)
    result = runner.invoke(app, ["--config", str(busy.config), command])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0].startswith("note: a sync is running")
    assert "people are booking" not in result.stderr
    assert {k: v.external_id for k, v in busy.university.booker.bookings.items()
            if v.created_by == busy.university.username} == {
        k: v.external_id for k, v in before.items() if v.created_by == busy.university.username
    }  # fmt: skip


def test_a_plan_with_no_sync_running_says_nothing_of_one(live: LiveSandbox) -> None:
    """Without a sync holding the lock, plan does not claim one is running."""
    result = runner.invoke(app, ["--config", str(live.config), "plan"])
    assert result.exit_code == 0
    assert "a sync is running" not in result.stderr


def test_a_plan_under_a_running_sync_says_so_once(busy: LiveSandbox) -> None:
    """The opening note says a sync is running; no stage says it again."""
    result = runner.invoke(app, ["--config", str(busy.config), "plan"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("a sync is running") == 1
