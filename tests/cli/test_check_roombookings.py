"""`check` says whether the roombookings operation runs, and under which owner code."""

from __future__ import annotations

from typer.testing import CliRunner

from essm_sync.cli.app import app
from tests.cli.conftest import LiveSandbox

runner = CliRunner()


def _check(live: LiveSandbox, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--config", str(live.config), "check"], env=env)
    return result.exit_code, result.stdout


def test_check_says_room_bookings_are_off_without_an_owner(live: LiveSandbox) -> None:
    """With no roombookings.owner, check prints one line saying the operation is off."""
    code, out = _check(live)
    assert code == 0
    assert "Room bookings: off (roombookings.owner unset)" in out.splitlines()


def test_check_names_the_owner_code_when_room_bookings_are_on(live: LiveSandbox) -> None:
    """With roombookings.owner set, check prints one line naming the owner code."""
    code, out = _check(live, env={"ESSM_SYNC_ROOMBOOKINGS__OWNER": "ESSMSYNC"})
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("Room bookings:")]
    assert lines == ["Room bookings: on, owned by TermTime staff code ESSMSYNC"]
