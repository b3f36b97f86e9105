"""`demo` and `sandbox` serve the academic year that contains today, whatever year it is."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import essm_sync.sandbox
from essm_sync.cli import common
from essm_sync.cli.app import app
from essm_sync.sandbox import Sandbox
from tests.cli.conftest import free_port

runner = CliRunner()
D = dt.date


def _pin_today(monkeypatch: pytest.MonkeyPatch, today: dt.date) -> None:
    monkeypatch.setattr(common, "default_today", lambda: today)


@pytest.mark.parametrize(
    ("today", "first_day"),
    [
        (D(2027, 7, 31), D(2026, 8, 1)),
        (D(2027, 8, 1), D(2027, 8, 1)),
        (D(2028, 2, 29), D(2027, 8, 1)),
        (D(2041, 12, 25), D(2041, 8, 1)),
    ],
)
def test_sandbox_year_starts_on_the_1_august_before_today(
    monkeypatch: pytest.MonkeyPatch, today: dt.date, first_day: dt.date
) -> None:
    """The year served starts on the last 1 August on or before today, as the sync's own
    default reading of the academic year does."""
    _pin_today(monkeypatch, today)
    assert common.sandbox_year_start() == first_day


def test_demo_books_the_year_that_contains_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a day in 2029 the demo seeds 2028-29, books its timetable and converges."""
    _pin_today(monkeypatch, D(2029, 2, 10))
    result = runner.invoke(app, ["demo", "--seed", "3", "--rooms", "16"])
    assert result.exit_code == 0, result.stderr
    assert "window 2028-09-25 to 2029-03-28." in result.stdout
    assert "Applied: 529 created" in result.stdout
    assert "is cut to TermTime's academic year" not in result.stderr
    assert "== Second sync: 0 changes, 0 write requests" in result.stdout
    assert "Converged." in result.stdout


def test_sandbox_config_window_is_in_the_year_that_contains_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`essm-sync sandbox --write-config` on a day in 2031 serves 2030-31 and writes that
    seed's window, inside the year a sync then assumes."""
    _pin_today(monkeypatch, D(2031, 5, 6))
    served: list[Sandbox] = []

    async def serve(university: Sandbox, **_: object) -> None:
        served.append(university)  # instead of serving until interrupted

    monkeypatch.setattr(essm_sync.sandbox, "serve", serve)
    config = tmp_path / "sandbox.toml"
    ports = [str(free_port()), str(free_port())]
    result = runner.invoke(
        app,
        ["sandbox", "--termtime-port", ports[0], "--booker-port", ports[1],
         "--write-config", str(config)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (university,) = served
    tt = university.termtime
    assert (tt.year_start, tt.year_end) == (D(2030, 8, 1), D(2031, 7, 31))
    window = tomllib.loads(config.read_text())["bookings"]
    assert (window["window_start"], window["window_end"]) == (
        university.first_day.isoformat(),
        university.last_day.isoformat(),
    )
    assert tt.year_start < university.first_day < university.last_day < tt.year_end
