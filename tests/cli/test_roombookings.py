"""The `roombookings` operation on the command line: on with an owner, off and refused
without one, and then nothing at all changes in what `sync` does."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from essm_sync.cli.app import app
from essm_sync.cli.common import operations_of
from essm_sync.cli.options import OperationName
from essm_sync.engine import RunReport, sync_operations
from essm_sync.models import ALL_OPERATIONS, OPERATIONS
from tests.cli.conftest import LiveSandbox
from tests.world import make_world

runner = CliRunner()


def _run(config: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--config", str(config), *args])
    return result.exit_code, result.stdout, result.stderr


def _with_owner(live: LiveSandbox, tmp_path: Path) -> Path:
    config = tmp_path / "owner.toml"
    config.write_text(live.config.read_text() + '\n[roombookings]\nowner = "ESSMSYNC"\n')
    return config


def test_sync_with_an_owner_books_and_reports_room_bookings(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """With roombookings.owner set, `sync` runs the fourth stage, the report counts its
    room bookings, and a plan made after it has nothing to do (exit 0)."""
    report_file = tmp_path / "report.json"
    config = _with_owner(live, tmp_path)
    code, out, err = _run(config, "sync", "--report", str(report_file))
    assert code == 4, err  # the seed's conflicts, as without the operation
    assert "roombookings:" in out
    counts = json.loads(report_file.read_text())["counts"]
    assert counts["roombookings"]["create_roombooking"]["done"] > 0
    code, out, _ = _run(config, "plan", "roombookings", "--detailed-exitcode")
    assert code == 0, out


def test_naming_the_operation_without_an_owner_is_exit_1(live: LiveSandbox) -> None:
    """Without roombookings.owner, naming the operation is one configuration error line,
    and nothing is written."""
    before = dict(live.university.termtime.room_bookings)
    code, out, err = _run(live.config, "sync", "roombookings")
    assert (code, out) == (1, "")
    assert "roombookings.owner" in err
    assert len(err.strip().splitlines()) == 1
    assert live.university.termtime.room_bookings == before


def test_without_an_owner_the_default_operations_are_the_three(tmp_path: Path) -> None:
    """No owner: every operation means the three of old; with one, the four in order."""
    world = make_world(tmp_path, messy=False)
    assert operations_of(None, world.settings) == OPERATIONS
    on = world.settings.model_copy(
        update={"roombookings": world.settings.roombookings.model_copy(update={"owner": "X"})}
    )
    assert operations_of(None, on) == ALL_OPERATIONS
    assert operations_of([OperationName.roombookings], on) == ("roombookings",)


async def test_without_an_owner_sync_never_asks_termtime_for_room_bookings(
    tmp_path: Path,
) -> None:
    """A university that leaves the owner unset, even booking TermTime's bookings, sees
    no room-booking request and no room booking written."""
    world = make_world(tmp_path)
    bookings = world.settings.bookings.model_copy(
        update={"kinds": ("activities", "exams", "bookings")}
    )
    world.settings = world.settings.model_copy(update={"bookings": bookings})
    before = dict(world.sandbox.termtime.room_bookings)
    async with world.systems() as systems:
        report = await sync_operations(
            operations_of(None, world.settings), systems, world.settings, world.options,
            RunReport(),
        )  # fmt: skip
        asked = {name for name in systems.termtime.requests if "roombooking" in name}
    assert asked == set()
    assert [p.stages[0].operation for p in report.plans] == list(OPERATIONS)
    assert world.sandbox.termtime.room_bookings == before
