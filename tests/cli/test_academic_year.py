"""The commands over real HTTP with a window reaching past TermTime's academic year."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from essm_sync.cli.app import app
from tests.cli.conftest import LiveSandbox, serving

runner = CliRunner()
PAST_JULY = {"ESSM_SYNC_BOOKINGS__WINDOW_START": "2027-03-01",
             "ESSM_SYNC_BOOKINGS__WINDOW_END": "2027-09-30"}  # fmt: skip
CUT = (
    "warning: bookings: window: the window 2027-03-01 to 2027-09-30 is cut to TermTime's "
    "academic year 2026-08-01 to 2027-07-31: 2027-03-01 to 2027-07-31 is synced, the rest "
    "left as it is"
)


@pytest.fixture
def tidy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveSandbox]:
    for name in ("ESSM_SYNC_CONFIG", "ESSM_SYNC_TERMTIME__API_KEY", "ESSM_SYNC_BOOKER__PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with serving(tmp_path, messy=False) as running:
        yield running


def _run(live: LiveSandbox, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--config", str(live.config), *args], env=PAST_JULY)
    return result.exit_code, result.stdout, result.stderr


def test_check_prints_the_academic_year_assumed(tidy: LiveSandbox) -> None:
    """check names the academic year it assumes and warns once of the cut window."""
    code, out, err = _run(tidy, "check")
    assert code == 0
    assert (
        "Academic year assumed: 2026-08-01 to 2027-07-31 (termtime.academic_year_start 08-01)"
        in out
    )
    assert err.count("is cut to TermTime's academic year") == 1


def test_sync_of_a_window_crossing_31_july_exits_0(tidy: LiveSandbox) -> None:
    """sync books the part of the window inside the academic year, warns once, exits 0."""
    code, out, err = _run(tidy, "sync")
    assert code == 0, err
    assert err.count(CUT) == 1
    assert "held" not in err
    code, out, _ = _run(tidy, "plan", "--format", "json")
    assert code == 0
    assert '"window_end": "2027-07-31"' in out


def test_audit_warns_once_of_the_cut(tidy: LiveSandbox) -> None:
    """audit reads only inside the academic year and says so once."""
    code, _, err = _run(tidy, "audit")
    assert code == 0
    assert err.count(CUT) == 1
