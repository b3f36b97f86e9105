"""A Booker listing that never comes out complete, seen from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from essm_sync.cli.app import app
from essm_sync.sandbox import Faults
from tests.cli.conftest import serving

runner = CliRunner()


def test_a_listing_never_complete_exits_1_naming_booker_and_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every listing page empty with the true TotalCount: `sync` exits 1 with one error
    line naming Booker and the page, and changes no booking."""
    for name in ("ESSM_SYNC_CONFIG", "ESSM_SYNC_TERMTIME__API_KEY", "ESSM_SYNC_BOOKER__PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    faults = Faults()
    with serving(tmp_path, rooms=12, faults=faults) as live:
        first = runner.invoke(app, ["--config", str(live.config), "sync"])
        assert first.exit_code == 4, first.stderr  # done, bar the seeded conflicts
        before = {i: b.to_json() for i, b in live.university.booker.bookings.items()}
        faults.empty_page_rate = 1.0
        result = runner.invoke(app, ["--config", str(live.config), "sync"])
        after = {i: b.to_json() for i, b in live.university.booker.bookings.items()}
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith("error: Booker GET booker/bookings: page 1 came back empty")
    assert after == before
