"""The room-bookings operation against fake systems: one listing for both stages, settled
once, its own room bookings read only when needed, refused without an owner."""

from __future__ import annotations

import json

import pytest

from essm_sync.engine import RunOptions, RunReport, plan_operations, sync_operations
from essm_sync.errors import ConfigError
from essm_sync.models import read_room_bookings
from tests.engine.fakes import FakeBooker, FakeTermTime, fake_systems, lecture, settings_of
from tests.factories import DAY, FIRST, LAST, booking

OPTIONS = RunOptions(first_day=FIRST, last_day=LAST)
ON = settings_of(roombookings={"owner": "ESSMSYNC"})
EVERY_KIND = settings_of(
    roombookings={"owner": "ESSMSYNC"}, bookings={"kinds": ["activities", "exams", "bookings"]}
)
MEETING = booking(
    5, start="2026-10-08T17:00:00Z", end="2026-10-08T18:00:00Z", title="Meeting",
    external_id=None, created_by="reception",
)  # fmt: skip


def _teaching() -> FakeTermTime:
    return FakeTermTime(timetables={"MIL-1": (lecture(DAY),)})


async def test_both_stages_share_one_listing_settled_once() -> None:
    """Bookings then room bookings, both writing: the listing is read once and settled once,
    and the room bookings are planned on the settled listing."""
    booker = FakeBooker(bookings={5: MEETING})
    systems, termtime, _ = fake_systems(_teaching(), booker)
    await sync_operations(("bookings", "roombookings"), systems, ON, OPTIONS, RunReport())
    assert (booker.calls["bookings"], booker.calls["settle"]) == (1, 1)
    assert termtime.written == ["create_room_booking:booker:5:2026-10-08"]
    assert termtime.calls["roombookings"] == 1


async def test_the_bookings_stage_reads_room_bookings_only_when_it_books_them() -> None:
    """With the default kinds, the bookings stage never asks for TermTime's room bookings;
    with TermTime's bookings among the kinds and the operation on, once."""
    systems, termtime, _ = fake_systems(_teaching())
    await plan_operations(("bookings",), systems, ON, OPTIONS)
    assert termtime.calls["roombookings"] == 0
    systems, termtime, _ = fake_systems(_teaching())
    await plan_operations(("bookings",), systems, EVERY_KIND, OPTIONS)
    assert termtime.calls["roombookings"] == 1


async def test_a_delete_is_planned_on_a_settled_listing() -> None:
    """A listing that missed the booking would delete its room booking: the settled
    listing has it, so nothing is deleted."""
    held = read_room_bookings(json.dumps([{
        "id": 1, "code": "booker:5:2026-10-08", "des": "Meeting", "days": "3", "time": "18:00",
        "du": "01:00", "weeks": "2026-W41", "rooms": "MIL-1",
    }]).encode())  # fmt: skip
    booker = FakeBooker(settled=(MEETING,))
    systems, _, _ = fake_systems(FakeTermTime(room_bookings=held), booker)
    plan = await plan_operations(("roombookings",), systems, ON, OPTIONS)
    assert booker.calls["settle"] == 1
    assert plan.stages[0].changes == ()


async def test_without_an_owner_the_operation_is_refused_before_anything_is_read() -> None:
    """Asked for without `roombookings.owner`, the stage is a configuration error."""
    systems, termtime, booker = fake_systems()
    with pytest.raises(ConfigError, match=r"roombookings\.owner"):
        await plan_operations(("roombookings",), systems, settings_of(), OPTIONS)
    assert sum(termtime.calls.values()) + sum(booker.calls.values()) == 0


async def test_an_unreadable_owned_room_booking_makes_the_run_incomplete() -> None:
    """An owned room booking TermTime lists unreadably is skipped, written over by nothing,
    and the run is not complete (exit 4)."""
    held = read_room_bookings(json.dumps([
        {"id": 1, "code": "booker:5:2026-10-08", "time": "25:00", "du": "01:00"},
    ]).encode())  # fmt: skip
    booker = FakeBooker(bookings={5: MEETING})
    systems, termtime, _ = fake_systems(FakeTermTime(room_bookings=held), booker)
    report = await sync_operations(("roombookings",), systems, ON, OPTIONS, RunReport())
    assert termtime.written == []
    assert [s.item for p in report.plans for s in p.skipped] == ["booker:5:2026-10-08"]
    assert not report.is_complete
