"""Whole operations against fake systems: stages planned on the ones before, written
through their operation's writer, settled, replayed from a saved plan, or cut to the year."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from essm_sync.engine import (
    RunOptions,
    RunReport,
    apply_saved_plan,
    plan_operations,
    sync_operations,
)
from essm_sync.engine.operations import BOOKINGS
from essm_sync.engine.reads import Reads
from essm_sync.errors import StalePlanError
from essm_sync.models import OPERATIONS, UpdateBooking
from essm_sync.settings import Settings
from tests.engine.fakes import FakeBooker, FakeTermTime, fake_systems, lecture, settings_of
from tests.factories import DAY, FIRST, LAST, booker_room, booking

OPTIONS = RunOptions(first_day=FIRST, last_day=LAST)
SETTINGS = settings_of()


def _teaching() -> FakeTermTime:
    """TermTime with one lecture in MIL-1 on DAY, 09:00-10:00 local (08:00 UTC)."""
    return FakeTermTime(timetables={"MIL-1": (lecture(DAY),)})


async def test_a_plan_previews_each_stage_on_the_ones_before_and_writes_nothing() -> None:
    """A room the rooms stage would create is absent for the bookings stage: not read."""
    booker = FakeBooker(rooms=(booker_room(), booker_room("MIL-2", index=2)))
    systems, termtime, _ = fake_systems(_teaching(), booker)
    plan = await plan_operations(OPERATIONS, systems, SETTINGS, OPTIONS)
    assert [s.operation for s in plan.stages] == list(OPERATIONS)
    assert [c.kind for c in plan.stages[1].changes] == ["create_room"]
    assert [c.key for c in plan.stages[2].changes] == ["termtime:E1:MIL-1"]
    assert "timetable:MIL-2" not in termtime.calls
    assert (termtime.writes, booker.writes) == (0, 0)


async def test_sync_writes_through_each_operations_writer_and_rereads_termtime() -> None:
    """The rooms stage writes TermTime, whose lists the bookings stage reads afresh; the
    bookings stage writes Booker."""
    booker = FakeBooker(rooms=(booker_room(), booker_room("MIL-2", index=2)))
    systems, termtime, _ = fake_systems(_teaching(), booker)
    report = await sync_operations(OPERATIONS, systems, SETTINGS, OPTIONS, RunReport())
    assert termtime.written == ["create_room:MIL-2"]
    assert booker.written == ["create:termtime:E1:MIL-1"]
    assert termtime.calls["rooms"] == 2
    assert [(o.operation, o.status) for o in report.outcomes] == [
        ("rooms", "done"),
        ("bookings", "done"),
    ]


async def test_an_estate_stage_that_writes_nothing_keeps_termtimes_lists() -> None:
    """Nothing written to TermTime: its lists are read once for the whole run."""
    systems, termtime, _ = fake_systems(_teaching())
    await sync_operations(OPERATIONS, systems, SETTINGS, OPTIONS, RunReport())
    assert termtime.calls["rooms"] == 1


async def test_a_variant_of_an_operation_runs_in_place_of_its_name() -> None:
    """An OperationSpec handed to a run is read, planned and written as declared."""
    read: list[str] = []

    async def read_and_note(reads: Reads, settings: Settings, options: RunOptions) -> Any:
        read.append("variant")
        return await BOOKINGS.read(reads, settings, options)

    variant = dataclasses.replace(BOOKINGS, read=read_and_note)
    systems, _, booker = fake_systems(_teaching())
    await sync_operations([variant], systems, SETTINGS, OPTIONS, RunReport())
    assert read == ["variant"]
    assert booker.written == ["create:termtime:E1:MIL-1"]


async def test_a_plan_that_writes_is_made_again_on_a_settled_listing() -> None:
    """The first listing missed our booking; the settled one has it: nothing to create."""
    same = booking(
        1,
        start="2026-10-08T08:00:00Z",
        end="2026-10-08T09:00:00Z",
        title="Lecture",
        description=None,
    )
    systems, _, booker = fake_systems(_teaching(), FakeBooker(settled=(same,)))
    plan = await plan_operations(["bookings"], systems, SETTINGS, OPTIONS)
    assert booker.calls["settle"] == 1
    assert plan.stages[0].changes == ()


async def test_a_plan_that_writes_nothing_is_not_settled() -> None:
    """No write, no second reading of the listing."""
    systems, _, booker = fake_systems()
    await plan_operations(["bookings"], systems, SETTINGS, OPTIONS)
    assert booker.calls["settle"] == 0


async def test_a_saved_plan_never_touches_a_booking_that_is_no_longer_ours() -> None:
    """Between plan and apply a person took over our booking: the plan is refused whole."""
    ours = booking(1, start="2026-10-08T08:00:00Z", end="2026-10-08T09:00:00Z", title="Old")
    systems, _, booker = fake_systems(_teaching(), FakeBooker(bookings={1: ours}))
    plan = await plan_operations(["bookings"], systems, SETTINGS, OPTIONS)
    assert [type(c) for c in plan.stages[0].changes] == [UpdateBooking]
    booker.bookings[1] = booking(
        1,
        start="2026-10-08T08:00:00Z",
        end="2026-10-08T09:00:00Z",
        title="Old",
        created_by="reception",
    )
    with pytest.raises(StalePlanError, match="is now reception's"):
        await apply_saved_plan(plan, systems, SETTINGS, RunReport())
    assert booker.written == []


async def test_a_saved_plan_still_true_is_applied_as_saved() -> None:
    """Nothing changed since the plan: its changes are made, by its operations' writers."""
    systems, _, booker = fake_systems(_teaching())
    plan = await plan_operations(["bookings"], systems, SETTINGS, OPTIONS)
    report = await apply_saved_plan(plan, systems, SETTINGS, RunReport())
    assert booker.written == ["create:termtime:E1:MIL-1"]
    assert report.is_complete


async def test_a_window_outside_the_academic_year_reads_and_writes_no_booking() -> None:
    """The bookings stage only warns; no timetable or listing is read."""
    year = (dt.date(2027, 8, 1), dt.date(2028, 7, 31))
    options = dataclasses.replace(OPTIONS, year=year)
    systems, termtime, booker = fake_systems(_teaching())
    plan = await plan_operations(OPERATIONS, systems, SETTINGS, options)
    (warning,) = [w for w in plan.stages[2].warnings if w.key == "window"]
    assert "lies outside" in warning.message
    assert plan.stages[2].changes == ()
    assert booker.calls["bookings"] == 0
    assert not [k for k in termtime.calls if k.startswith("timetable:")]
