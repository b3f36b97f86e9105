"""What the stages read, against fake systems: only the rooms booked, each timetable once,
one unreadable room held alone, the days served as TermTime confirmed them."""

from __future__ import annotations

import datetime as dt

import pytest

from essm_sync.engine import Reads, fetch, fetch_bookings
from essm_sync.engine.fetch import fetch_outside_year, read_ahead
from essm_sync.errors import EssmSyncError
from tests.engine.fakes import FakeBooker, FakeTermTime, lecture
from tests.factories import (
    DAY,
    LONDON,
    booker_building,
    booker_room,
    booking,
    tt_room,
)
from tests.logs import LevelRecorder

FIRST, LAST = dt.date(2026, 10, 5), dt.date(2026, 10, 11)


def _estate() -> tuple[FakeTermTime, FakeBooker]:
    """Four rooms TermTime has: one served, one in a retired building, one Booker will not
    book, one Booker does not know."""
    termtime = FakeTermTime(
        rooms=tuple(tt_room(code) for code in ("OK-1", "OLD-1", "NB-1", "TT-1")),
        timetables={"OK-1": (lecture(DAY),), "OLD-1": (lecture(DAY, "E2"),)},
    )
    booker = FakeBooker(
        buildings=(booker_building(), booker_building("OLD", live=False)),
        rooms=(
            booker_room("OK-1", index=1),
            booker_room("OLD-1", index=2, building="OLD"),
            booker_room("NB-1", index=3, bookable=False),
        ),
        bookings={5: booking(5, room=1)},
    )
    return termtime, booker


async def test_only_the_served_rooms_timetables_are_read() -> None:
    """The room in a retired building, the unbookable one and the unknown one are not read."""
    termtime, booker = _estate()
    snapshot = await fetch_bookings(
        Reads(termtime, booker), first_day=FIRST, last_day=LAST, zone=LONDON
    )
    assert [t.room for t in snapshot.timetables] == ["OK-1"]
    assert [k for k in termtime.calls if k.startswith("timetable:")] == ["timetable:OK-1"]
    assert [b.optime_index for b in snapshot.bookings] == [5]
    assert {b.id for b in snapshot.booker_buildings} == {"MIL", "OLD"}


async def test_an_unreadable_timetable_holds_only_its_room() -> None:
    """A room whose answer cannot be read is marked unreadable; the others are read."""
    termtime, booker = _estate()
    booker.rooms = (*booker.rooms, booker_room("TT-1", index=4))
    termtime.unreadable = {"TT-1"}
    snapshot = await fetch_bookings(
        Reads(termtime, booker), first_day=FIRST, last_day=LAST, zone=LONDON
    )
    by_room = {t.room: t for t in snapshot.timetables}
    assert by_room["TT-1"].unreadable is not None
    assert by_room["TT-1"].items == ()
    assert by_room["OK-1"].unreadable is None
    assert len(by_room["OK-1"].items) == 1


async def test_an_unreadable_timetable_is_logged_only_at_debug_level(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The warning line of the skipped timetable says it once: the fetch's own event is a
    debug one, shown with --verbose only."""
    logged = LevelRecorder()
    monkeypatch.setattr(fetch, "_log", logged)
    termtime, booker = _estate()
    booker.rooms = (*booker.rooms, booker_room("TT-1", index=4))
    termtime.unreadable = {"TT-1"}
    await fetch_bookings(Reads(termtime, booker), first_day=FIRST, last_day=LAST, zone=LONDON)
    assert ("debug", "fetch.timetable_unreadable") in logged.events
    assert not [e for e in logged.events if e[0] == "warning"]


async def test_items_outside_the_window_are_dropped_and_served_days_are_cut_to_it() -> None:
    """Served days are what TermTime confirmed, within the window; none if they do not meet."""
    termtime, booker = _estate()
    termtime.timetables["OK-1"] = (lecture(FIRST - dt.timedelta(days=1), "EARLY"), lecture(FIRST))
    termtime.period = (FIRST - dt.timedelta(days=30), FIRST + dt.timedelta(days=2))
    reads = Reads(termtime, booker)
    (events,) = (
        await fetch_bookings(reads, first_day=FIRST, last_day=LAST, zone=LONDON)
    ).timetables
    assert [i.unique_id for i in events.items] == ["E1"]
    assert events.served == (FIRST, FIRST + dt.timedelta(days=2))
    termtime.period = (LAST + dt.timedelta(days=1), LAST + dt.timedelta(days=9))
    later = Reads(termtime, booker)
    (events,) = (
        await fetch_bookings(later, first_day=FIRST, last_day=LAST, zone=LONDON)
    ).timetables
    assert events.served is None


async def test_a_room_a_preview_adds_is_absent_and_not_read() -> None:
    """A room that exists only in a preview has no timetable in TermTime yet."""
    termtime, booker = _estate()
    reads = Reads(termtime, booker)
    reads.present_rooms = frozenset({"NB-1"})
    (events,) = (
        await fetch_bookings(reads, first_day=FIRST, last_day=LAST, zone=LONDON)
    ).timetables
    assert (events.room, events.absent) == ("OK-1", True)
    assert "timetable:OK-1" not in termtime.calls


async def test_what_was_read_ahead_is_not_read_again() -> None:
    """Reading ahead fetches the listing and the served rooms' timetables, once for the run."""
    termtime, booker = _estate()
    reads = Reads(termtime, booker)
    await read_ahead(reads, first_day=FIRST, last_day=LAST, zone=LONDON, kinds=("activities",))
    await fetch_bookings(reads, first_day=FIRST, last_day=LAST, zone=LONDON, kinds=("activities",))
    assert (termtime.calls["timetable:OK-1"], booker.calls["bookings"]) == (1, 1)


async def test_reading_ahead_stops_quietly_on_a_failure_the_stage_then_meets() -> None:
    """A failed read ahead is left for the stage: it reads again and the failure is its own."""
    termtime, booker = _estate()
    booker.fail_listing = EssmSyncError("Booker GET /bookings: HTTP 503")
    reads = Reads(termtime, booker)
    await read_ahead(reads, first_day=FIRST, last_day=LAST, zone=LONDON, kinds=("activities",))
    with pytest.raises(EssmSyncError, match="HTTP 503"):
        await fetch_bookings(reads, first_day=FIRST, last_day=LAST, zone=LONDON)
    assert booker.calls["bookings"] == 2


async def test_reading_ahead_does_not_hide_a_bug() -> None:
    """Only the error tree is set aside: anything else is a defect and surfaces at once."""
    termtime, booker = _estate()
    booker.fail_listing = TypeError("a defect")
    with pytest.raises(TypeError, match="a defect"):
        await read_ahead(
            Reads(termtime, booker), first_day=FIRST, last_day=LAST, zone=LONDON, kinds=("exams",)
        )


async def test_a_window_outside_the_academic_year_reads_no_timetable_or_booking() -> None:
    """Outside TermTime's year the stage has nothing to compare: only the room lists."""
    termtime, booker = _estate()
    snapshot = await fetch_outside_year(Reads(termtime, booker))
    assert (snapshot.timetables, snapshot.bookings) == ((), ())
    assert len(snapshot.booker_buildings) == 2
    assert booker.calls["bookings"] == 0
    assert not [k for k in termtime.calls if k.startswith("timetable:")]
