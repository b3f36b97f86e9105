"""The rules of design.md's "Reading real data" for bookings: times, kinds, ownership, held
rooms and served days."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from essm_sync.core import external_id, is_owned, plan_bookings
from essm_sync.models import CreateBooking, DeleteBooking, UpdateBooking
from tests.factories import (
    DAY,
    LONDON,
    RULES,
    booker_room,
    booking,
    bookings_snapshot,
    event,
    exam,
    timetable,
    tt_room,
)

UTC = dt.UTC
CLOCK_BACK, CLOCK_FORWARD = dt.date(2026, 10, 25), dt.date(2027, 3, 28)


def _created(*items: tuple[dt.date, dict[str, object]]) -> dict[str, tuple[dt.datetime, ...]]:
    """Plan one room's items against an empty Booker; return each create's UTC instants."""
    stage = plan_bookings(bookings_snapshot(timetables=[timetable("MIL-1", *items)]), rules=RULES)
    return {
        c.key: (c.after.start.astimezone(UTC), c.after.end.astimezone(UTC))
        for c in stage.changes
        if isinstance(c, CreateBooking)
    }


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def test_item_crossing_midnight_ends_the_next_day() -> None:
    """22:30-00:30 runs into the next day rather than being skipped."""
    got = _created((DAY, event("N", start="22:30", end="00:30")))
    # 8 Oct 2026 is in summer time: 22:30 is 21:30 UTC, 00:30 the next day is 23:30 UTC.
    assert got == {"termtime:N:MIL-1": (_at(DAY, 21, 30), _at(DAY, 23, 30))}


def test_end_of_24_00_is_the_midnight_ending_the_day() -> None:
    """An end of 24:00 is midnight at the end of the item's day, in local time."""
    got = _created((DAY, event("N", start="21:00", end="24:00")))
    assert got["termtime:N:MIL-1"] == (_at(DAY, 20), _at(DAY, 23))


def test_ambiguous_time_is_its_first_occurrence() -> None:
    """01:15 on the night clocks go back is read in summer time (fold=0): 00:15 UTC."""
    got = _created((CLOCK_BACK, event("B", start="01:15", end="01:45")))
    assert got["termtime:B:MIL-1"] == (_at(CLOCK_BACK, 0, 15), _at(CLOCK_BACK, 0, 45))


def test_skipped_time_takes_the_offset_before_the_change() -> None:
    """01:15 does not exist the night clocks go forward; it is read in winter time."""
    got = _created((CLOCK_FORWARD, event("F", start="01:15", end="01:45")))
    assert got["termtime:F:MIL-1"] == (_at(CLOCK_FORWARD, 1, 15), _at(CLOCK_FORWARD, 1, 45))


def test_item_that_is_empty_once_read_as_instants_is_skipped_and_holds_its_room() -> None:
    """01:30-02:30 the night clocks go forward is no time at all: skipped, its room held."""
    stage = plan_bookings(
        bookings_snapshot(
            timetables=[
                timetable("MIL-1", (CLOCK_FORWARD, event("Z", start="01:30", end="02:30")))
            ]
        ),
        rules=RULES,
    )
    assert stage.changes == ()
    assert stage.held == ("MIL-1",)
    assert [(s.item, s.problem) for s in stage.skipped] == [
        ("Z", "it does not start before it ends")
    ]


@pytest.mark.parametrize("offset", ["+00:00", "+01:00", "-05:00"])
@pytest.mark.parametrize("day", [CLOCK_BACK, CLOCK_FORWARD, DAY])
def test_unchanged_item_is_no_update_whatever_offset_booker_answers_in(
    offset: str, day: dt.date
) -> None:
    """Equal instants are equal, on clock-change nights too, whatever offset Booker used."""
    ((key, (start, end)),) = _created((day, event(start="01:15", end="01:45"))).items()
    tz = dt.timezone(dt.timedelta(hours=int(offset[:3]), minutes=int(offset[4:])))
    stored = booking(
        7,
        start=start.astimezone(tz).isoformat(),
        end=end.astimezone(tz).isoformat(),
    )
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (day, event(start="01:15", end="01:45")))],
        bookings=[stored],
    )
    assert key == stored.external_id
    assert plan_bookings(snapshot, rules=RULES).changes == ()


def test_each_kind_has_its_own_key_and_booking_type() -> None:
    """Exams get `termtime:exam:`, TermTime bookings `termtime:booking:`, each its own type."""
    assert external_id("9", "R", "exams") == "termtime:exam:9:R"
    assert external_id("9", "R", "termtime_bookings") == "termtime:booking:9:R"
    rules = dataclasses.replace(RULES, kinds=("activities", "exams", "termtime_bookings"))
    booked = {
        "uniqueId": "T1",
        "bookingDescription": "Open evening",
        "startTime": "18:00",
        "endTime": "19:00",
        "_list": "bookingItems",
    }
    stage = plan_bookings(
        bookings_snapshot(
            timetables=[
                timetable(
                    "MIL-1", (DAY, event()), (DAY, exam(start="13:00", end="15:00")), (DAY, booked)
                )
            ]
        ),
        rules=rules,
    )
    got = {
        c.key: (c.after.title, c.after.booking_type)
        for c in stage.changes
        if isinstance(c, CreateBooking)
    }
    assert got == {
        "termtime:E1:MIL-1": ("ENG1 Lecture", "Teaching"),
        "termtime:exam:X1:MIL-1": ("Exam X1", "Exam"),
        "termtime:booking:T1:MIL-1": ("Open evening", "TermTime booking"),
    }


def test_kinds_not_chosen_are_neither_booked_nor_deleted() -> None:
    """With exams off, exam items are not booked and existing exam bookings are left alone."""
    rules = dataclasses.replace(RULES, kinds=("activities",))
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, exam()))],
        bookings=[booking(7, external_id="termtime:exam:OLD:MIL-1")],
    )
    stage = plan_bookings(snapshot, rules=rules)
    assert stage.changes == ()
    assert "left alone" in stage.warnings[0].message


def test_termtime_key_made_by_someone_else_is_a_persons_booking() -> None:
    """A `termtime:` booking another user made is never deleted; it blocks like a person's."""
    theirs = booking(7, external_id="termtime:E1:MIL-1", created_by="reception")
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))], bookings=[theirs]
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.changes == ()
    (conflict,) = stage.conflicts
    assert conflict.blocking[0].created_by == "reception"
    gone = bookings_snapshot(timetables=[timetable("MIL-1")], bookings=[theirs])
    assert plan_bookings(gone, rules=RULES).changes == ()


def test_owner_names_are_compared_without_case() -> None:
    """`booker.owner_names` may name several users; `ESSM-Sync` is `essm-sync`."""
    owners = frozenset({"essm-sync", "old-sync"})
    assert is_owned(booking(1, created_by="ESSM-Sync"), owners)
    assert is_owned(booking(1, created_by="old-sync"), owners)
    assert not is_owned(booking(1, created_by="reception"), owners)
    assert not is_owned(booking(1, created_by="old-sync", external_id="manual:1"), owners)
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1")], bookings=[booking(7, created_by="Old-Sync")]
    )
    rules = dataclasses.replace(RULES, owners=owners)
    (change,) = plan_bookings(snapshot, rules=rules).changes
    assert isinstance(change, DeleteBooking)


def test_held_room_books_readable_items_and_deletes_nothing() -> None:
    """One unreadable item: the others are booked and updated, no owned booking deleted."""
    items = timetable(
        "MIL-1",
        (DAY, event("NEW", start="11:00", end="12:00")),
        (DAY, event("MOVED", start="14:00", end="15:00")),
        (DAY, event("BAD", start="9 o'clock")),
    )
    owned = [
        booking(7, external_id="termtime:GONE:MIL-1"),
        booking(8, external_id="termtime:MOVED:MIL-1"),
        booking(9, external_id="termtime:MOVED:MIL-1"),  # a duplicate, kept too
    ]
    stage = plan_bookings(bookings_snapshot(timetables=[items], bookings=owned), rules=RULES)
    assert sorted((c.kind, c.key) for c in stage.changes) == [
        ("create_booking", "termtime:NEW:MIL-1"),
        ("update_booking", "termtime:MOVED:MIL-1"),
    ]
    assert stage.held == ("MIL-1",)
    assert [s.item for s in stage.skipped] == ["BAD"]


def test_unreadable_timetable_holds_only_its_room() -> None:
    """A room whose answer could not be read keeps its bookings; another room syncs."""
    broken = timetable("A").model_copy(
        update={"unreadable": "invalid JSON in the response body", "served": None}
    )
    snapshot = bookings_snapshot(
        timetables=[broken, timetable("B")],
        bookings=[
            booking(7, room=1, external_id="termtime:X:A"),
            booking(8, room=2, external_id="termtime:Y:B"),
        ],
        booker_rooms=[booker_room("A", index=1), booker_room("B", index=2)],
        termtime_rooms=[tt_room("A"), tt_room("B")],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert [(c.kind, c.key) for c in stage.changes] == [("delete_booking", "termtime:Y:B")]
    assert stage.held == ("A",)
    assert stage.skipped[0].kind == "timetable"


def test_without_a_served_period_nothing_is_deleted_but_items_are_booked() -> None:
    """An answer without timePeriod confirms no day: its items are booked, nothing deleted."""
    snapshot = bookings_snapshot(
        timetables=[
            timetable("MIL-1", (DAY, event("NEW", start="11:00", end="12:00")), served=None)
        ],
        bookings=[booking(7, external_id="termtime:GONE:MIL-1")],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert [(c.kind, c.key) for c in stage.changes] == [("create_booking", "termtime:NEW:MIL-1")]
    assert stage.held == ()
    assert any("did not say which days" in w.message for w in stage.warnings)


def test_owned_booking_on_an_unserved_day_is_kept_yet_matched() -> None:
    """Served days limit deletes only: an item there still updates its own booking."""
    late = dt.date(2027, 1, 20)
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (late, event()), served=(DAY, DAY))],
        bookings=[booking(7, start="2027-01-20T10:00:00Z", end="2027-01-20T11:00:00Z")],
    )
    (change,) = plan_bookings(snapshot, rules=RULES).changes
    assert isinstance(change, UpdateBooking)
    assert change.after.start == dt.datetime(2027, 1, 20, 9, tzinfo=UTC)


def test_rooms_sharing_a_booker_code_are_not_booked() -> None:
    """Two Booker rooms with one code: neither gets bookings, and a warning says why."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))],
        booker_rooms=[booker_room(index=1), booker_room(index=2)],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.changes == ()
    assert any("share this code" in w.message for w in stage.warnings)


def test_over_long_external_id_is_skipped_and_holds_the_room() -> None:
    """A key over Booker's 255 characters cannot be written: the item is skipped, room held."""
    stage = plan_bookings(
        bookings_snapshot(timetables=[timetable("MIL-1", (DAY, event("U" * 250)))]), rules=RULES
    )
    assert stage.changes == ()
    assert stage.held == ("MIL-1",)
    assert "255" in stage.skipped[0].problem


def test_null_title_falls_back_to_unique_id_and_item_listed_twice_is_booked_once() -> None:
    """A null name books under the uniqueId; the same item twice with other details: first."""
    stage = plan_bookings(
        bookings_snapshot(
            timetables=[
                timetable(
                    "MIL-1",
                    (DAY, event("A", name=None)),
                    (DAY, event("A", name=None, start="15:00", end="16:00")),
                )
            ]
        ),
        rules=RULES,
    )
    (change,) = stage.changes
    assert isinstance(change, CreateBooking)
    assert (change.after.title, change.after.start.astimezone(LONDON).hour) == ("A", 9)
    assert any("listed twice" in w.message for w in stage.warnings)


def test_an_identical_item_listed_twice_is_booked_once_and_warned_of_once() -> None:
    """The same item three times alike in a room's timetable: one booking, and one warning
    naming the room and the uniqueId (its key)."""
    item = (DAY, event("A"))
    stage = plan_bookings(
        bookings_snapshot(timetables=[timetable("MIL-1", item, item, item)]), rules=RULES
    )
    assert [type(c) for c in stage.changes] == [CreateBooking]
    twice = [w for w in stage.warnings if "listed twice" in w.message]
    assert [(w.key, w.message) for w in twice] == [
        ("termtime:A:MIL-1", "item listed twice with the same details; booked once")
    ]
