"""The timetable audit's records, whole: check, system, key, what differs, both values and
the fix, for rooms Booker cannot take, clashes, items listed twice, unreadable items,
shared items and departments Booker lacks."""

from __future__ import annotations

import datetime as dt

from essm_sync.core.audit.timetable import (
    department_records,
    read_records,
    shared_records,
    timetable_records,
)
from essm_sync.models import BookerRoom, Discrepancy, RoomEvents, Shared, Skipped, Stage
from tests.factories import (
    DAY,
    LONDON,
    booker_building,
    booker_room,
    bookings_snapshot,
    event,
    exam,
    timetable,
)

Row = tuple[str, str, str, str, str, str | None, str | None, str]
MOVE = "move the item to a bookable room in TermTime"


def rows(found: list[Discrepancy]) -> list[Row]:
    return [
        (d.category, d.check, d.system, d.key, d.differs, d.booker, d.termtime, d.fix)
        for d in found
    ]


def audited(
    *timetables: RoomEvents,
    rooms: tuple[BookerRoom, ...] = (booker_room(),),
    kinds: tuple[str, ...] = ("activities", "exams"),
    overlapping: str = "share",
) -> list[Row]:
    found = timetable_records(
        timetables, rooms, (booker_building(),), zone=LONDON, kinds=kinds,
        overlapping=overlapping,
    )  # fmt: skip
    return rows(found)


def test_items_in_a_room_whose_code_booker_rooms_share_are_whole_records() -> None:
    """An item in a room two Booker rooms claim says how many, and how to part them."""
    shared = (booker_room(index=1), booker_room(index=2))
    assert audited(timetable("MIL-1", (DAY, event())), rooms=shared) == [
        ("timetable", "item-room-code-shared", "Booker", "termtime:E1:MIL-1",
         "2 Booker rooms have this code", None, "MIL-1", "give each Booker room its own code"),
    ]  # fmt: skip


def test_an_item_of_a_kind_not_booked_does_not_hide_the_items_after_it() -> None:
    """Only the kinds booked are audited, each under its own kind's key, in listed order."""
    later = dt.date(2026, 10, 9)
    room = timetable("OLD-1", (DAY, event("E1")), (later, exam("X1")))
    assert audited(room, kinds=("exams",)) == [
        ("timetable", "item-room-unknown", "Booker", "termtime:exam:X1:OLD-1",
         "the room is not in Booker", None, "OLD-1", f"{MOVE}, or add the room to Booker"),
    ]  # fmt: skip


def test_clashes_name_the_item_keeping_the_room_and_keep_earlier_records() -> None:
    """With `first`, each item starting before the holder ends overlaps that holder; an
    item ending with it does not take the room over; other rooms' records stay."""
    unknown = timetable("OLD-1", (DAY, event("E0")))
    items = [("A", "09:00", "11:00"), ("B", "10:00", "11:00"), ("C", "10:30", "12:00")]
    mill = timetable("MIL-1", *((DAY, event(u, start=s, end=e)) for u, s, e in items))
    fix = "move one of the two items in TermTime"
    assert audited(unknown, mill, overlapping="first") == [
        ("timetable", "item-room-unknown", "Booker", "termtime:E0:OLD-1",
         "the room is not in Booker", None, "OLD-1", f"{MOVE}, or add the room to Booker"),
        ("timetable", "item-clash", "TermTime", "termtime:B:MIL-1",
         "overlaps termtime:A:MIL-1 in the same room", None, "2026-10-08 10:00-11:00", fix),
        ("timetable", "item-clash", "TermTime", "termtime:C:MIL-1",
         "overlaps termtime:A:MIL-1 in the same room", None, "2026-10-08 10:30-12:00", fix),
    ]  # fmt: skip


def test_an_exam_listed_twice_is_keyed_as_an_exam() -> None:
    """An exam listed twice with different details is one record under the exam's key."""
    room = timetable("MIL-1", (DAY, exam("X1")), (DAY, exam("X1", end="11:00")))
    assert audited(room) == [
        ("timetable", "item-listed-twice", "TermTime", "termtime:exam:X1:MIL-1",
         "listed twice with different details", None, None,
         "correct the item in TermTime; the sync books the first listing"),
    ]  # fmt: skip


def test_a_room_with_two_unreadable_items_is_held_in_the_plural() -> None:
    """Each unreadable item is a record, and the room held counts them in words."""
    skipped = tuple(
        Skipped(room="MIL-1", kind="activities", item=u, problem="no startTime")
        for u in ("E1", "E2")
    )
    stage = Stage(operation="bookings", owned=0, desired=0, skipped=skipped, held=("MIL-1",))
    fix = "correct the item in TermTime"
    assert rows(read_records(stage, ())) == [
        ("timetable", "item-unreadable", "TermTime", "MIL-1/E1", "no startTime", None,
         "activities", fix),
        ("timetable", "item-unreadable", "TermTime", "MIL-1/E2", "no startTime", None,
         "activities", fix),
        ("timetable", "room-held", "TermTime", "MIL-1",
         "2 unreadable items: no booking in the room is deleted", None, None,
         "correct the unreadable items in TermTime"),
    ]  # fmt: skip


def test_items_taught_together_are_one_whole_information_record() -> None:
    """A shared booking lists its items and their span, and says nothing need be done."""
    start = dt.datetime(2026, 10, 8, 8, tzinfo=dt.UTC)
    group = Shared(
        key="termtime:E1:MIL-1", room="MIL-1", title="T", start=start,
        end=start + dt.timedelta(hours=1), items=("termtime:E1:MIL-1", "termtime:E2:MIL-1"),
    )  # fmt: skip
    stage = Stage(operation="bookings", owned=0, desired=2, shared=(group,))
    assert rows(shared_records(stage, LONDON)) == [
        ("timetable", "items-shared", "TermTime", "termtime:E1:MIL-1",
         "2 items taught together share one booking: termtime:E1:MIL-1, termtime:E2:MIL-1",
         None, "2026-10-08 09:00-10:00",
         "nothing to do; if they are not meant to be together, move one in TermTime"),
    ]  # fmt: skip


def test_a_department_booker_lacks_is_counted_after_mapping_and_by_kind() -> None:
    """A mapped department is known, an item with none names none, and the rest are
    counted per department Booker lacks."""
    items = [event("E1", department="ENGX"), event("E2", department="PHY"),
             event("E3", department="PHY"), event("E4", department=None)]  # fmt: skip
    snapshot = bookings_snapshot(timetables=[timetable("MIL-1", *((DAY, i) for i in items))])
    found = department_records(snapshot, {"ENGX": "ENG"}, ("activities",))
    assert rows(found) == [
        ("timetable", "item-department-unknown", "Booker", "PHY", "2 items name it", None,
         None, "add department PHY to Booker, or map it in `bookings.departments`"),
    ]  # fmt: skip


def test_departments_of_items_of_a_kind_not_booked_are_not_listed() -> None:
    """An activity's department is not audited when only exams are booked."""
    room = timetable("MIL-1", (DAY, event("E1", department="PHY")), (DAY, exam("X1")))
    snapshot = bookings_snapshot(timetables=[room])
    assert department_records(snapshot, {}, ("exams",)) == []
