"""The audit arranged for people, compared whole for one small world: every record's
words, what it is about (title, date, time, room, building, department), who fixes it, and
the order they come in."""

from __future__ import annotations

import datetime as dt

from essm_sync.core import (
    AuditInput,
    arrange_audit,
    audit_of,
    plan_bookings,
    plan_buildings,
    plan_rooms,
)
from essm_sync.core.roombookings import plan_room_bookings
from essm_sync.models import Audit
from tests.core import test_roombookings as roombookings
from tests.core.test_audit import WINDOW, _audit, _buildings_of
from tests.factories import (
    DAY,
    RULES,
    booker_building,
    booker_room,
    booking,
    bookings_snapshot,
    event,
    exam,
    rooms_snapshot,
    timetable,
    tt_room,
)

LATER = DAY + dt.timedelta(days=7)
# Six items in a room Booker lacks, five titles among them, on two days.
ZZ9 = timetable(
    "ZZ-9",
    (LATER, event("E3", name="Statics", start="14:00", end="15:00")),
    (DAY, event("E4", name="Dynamics", start="11:00", end="12:00")),
    (DAY, event("E5", name="Fluids", start="12:00", end="13:00")),
    (LATER, event("E6", name="Optics", start="09:00", end="10:00")),
    (LATER, event("E7", name="Waves", start="16:00", end="17:00")),
    (DAY, event("E8", name="Statics", start="15:00", end="16:00")),
)
# Two items taught together, the first of a department Booker does not know.
MIL1 = timetable(
    "MIL-1",
    (DAY, event("E1", name="Heat", start="09:00", end="11:00", department="CHE")),
    (DAY, event("E2", name="Mass", start="10:30", end="12:00")),
)


def _world() -> Audit:
    return _audit(
        buildings=[booker_building(), booker_building("WB", "West Block")],
        booker=[booker_room(), booker_room("MIL-3", index=347, department=None)],
        termtime=[tt_room(), tt_room("MIL-3", department="MAT"), tt_room("ZZ-9"),
                  tt_room("ZZ-8")],
        timetables=[MIL1, ZZ9, timetable("ZZ-8", (DAY, event("E9", name="Thermo"))),
                    timetable("MIL-3", (DAY, event("BAD", start="25:00")))],
        bookings=[booking(7, room=347, title="Old talk", external_id="termtime:E0:MIL-3",
                          department=None)],
        arranged=True,
    )  # fmt: skip


def test_a_small_world_arranged_whole() -> None:
    """Each record tells what it is about in the timetable's words, a room's cause once per
    room, a department from TermTime where Booker has none, a building's own name; what
    needs a person comes first, the most items first, information last."""
    assert [
        (d.check, d.key, d.differs, d.items, d.title, d.date, d.start, d.end, d.room,
         d.building, d.department, d.fixed_by_sync)
        for d in _world().discrepancies
    ] == [
        ("item-room-unknown", "ZZ-9", "6 items: the room is not in Booker", 6,
         "Dynamics, Fluids, Statics and 2 more", DAY, None, None, "ZZ-9", "Mill Lane", "ENG",
         False),
        ("room-unknown-to-booker", "ZZ-8", "in TermTime, not in Booker", 1, None, None, None,
         None, "ZZ-8", "Mill Lane", "ENG", False),
        ("room-unknown-to-booker", "ZZ-9", "in TermTime, not in Booker", 1, None, None, None,
         None, "ZZ-9", "Mill Lane", "ENG", False),
        ("room-department-unknown", "MIL-3",
         "the room's department is not in TermTime, so the room is not synced", 1, None, None,
         None, None, "MIL-3", "Mill Lane", "MAT", False),
        ("item-room-unknown", "ZZ-8", "1 item: the room is not in Booker", 1, "Thermo", DAY,
         None, None, "ZZ-8", "Mill Lane", "ENG", False),
        ("item-unreadable", "MIL-3/BAD",
         "startTime: value error, expected a time as HH:MM, got '25:00'", 1, None, None, None,
         None, "MIL-3", "Mill Lane", "MAT", False),
        ("item-department-unknown", "CHE", "1 item names it", 1, None, None, None, None, None,
         None, None, False),
        ("room-held", "MIL-3", "1 unreadable item: no booking in the room is deleted", 1, None,
         None, None, None, "MIL-3", "Mill Lane", "MAT", False),
        ("booking-orphaned", "termtime:E0:MIL-3 #7", "item no longer in the timetable", 1,
         "Old talk", DAY, "09:00", "10:00", "MIL-3", "Mill Lane", "MAT", False),
        ("building-missing", "WB", "live in Booker, missing from TermTime", 1, None, None, None,
         None, None, "West Block", None, True),
        ("booking-missing", "termtime:E1:MIL-1", "item without its booking", 1, "Heat + Mass",
         DAY, "09:00", "12:00", "MIL-1", "Mill Lane", "CHE", True),
        ("items-shared", "termtime:E1:MIL-1",
         "2 items taught together share one booking: termtime:E1:MIL-1, termtime:E2:MIL-1", 2,
         "Heat + Mass", DAY, "09:00", "12:00", "MIL-1", "Mill Lane", "CHE", False),
    ]  # fmt: skip


def test_three_titles_are_named_without_more() -> None:
    """A room's record names up to three titles in full, in the order they are taught."""
    room = timetable(
        "ZZ-9",
        (LATER, event("E3", name="Statics", start="14:00", end="15:00")),
        (DAY, event("E4", name="Dynamics", start="11:00", end="12:00")),
        (DAY, event("E5", name="Fluids", start="12:00", end="13:00")),
    )
    found = _audit(termtime=[tt_room(), tt_room("ZZ-9")], timetables=[room], arranged=True)
    (record,) = [d for d in found.discrepancies if d.check == "item-room-unknown"]
    assert (record.title, record.differs, record.date) == (
        "Dynamics, Fluids, Statics", "3 items: the room is not in Booker", DAY,
    )  # fmt: skip


def test_items_without_a_time_exams_and_rooms_outside_any_building() -> None:
    """An item that does not start before it ends is told by title alone and dated last in
    its room's record; an exam is told as itself; a room in a building Booker lacks reads
    with the building's code; an item's own department wins over its room's."""
    found = _audit(
        booker=[booker_room(), booker_room("OUT-1", index=348, building="OUT", department=None)],
        termtime=[tt_room(), tt_room("ZZ-9"), tt_room("ZZ-8"), tt_room("OUT-1")],
        timetables=[
            timetable("MIL-1", (DAY, event("E1", department="MAT")),
                      (DAY, event("E2", name="Nil", start="13:00", end="13:00", department="PHY")),
                      (DAY, exam("X1", start="14:00", end="16:00"))),
            timetable("ZZ-9", (DAY, event("E4", name="Aaa", start="10:00", end="10:00")),
                      (DAY, event("E5", name="Zed"))),
            timetable("ZZ-8", (DAY, event("E6", name="Nil", start="10:00", end="10:00"))),
        ],
        bookings=[booking(9, title="Nil booked", external_id="termtime:E2:MIL-1")],
        arranged=True,
    )  # fmt: skip
    assert [
        (d.check, d.key, d.differs, d.items, d.title, d.date, d.start, d.end, d.room,
         d.building, d.department, d.fixed_by_sync)
        for d in found.discrepancies
    ] == [
        ("item-room-unknown", "ZZ-9", "2 items: the room is not in Booker", 2, "Zed, Aaa", DAY,
         None, None, "ZZ-9", "Mill Lane", "ENG", False),
        ("room-unknown-to-booker", "ZZ-8", "in TermTime, not in Booker", 1, None, None, None,
         None, "ZZ-8", "Mill Lane", "ENG", False),
        ("room-unknown-to-booker", "ZZ-9", "in TermTime, not in Booker", 1, None, None, None,
         None, "ZZ-9", "Mill Lane", "ENG", False),
        ("item-room-unknown", "ZZ-8", "1 item: the room is not in Booker", 1, "Nil", None, None,
         None, "ZZ-8", "Mill Lane", "ENG", False),
        ("item-unreadable", "MIL-1/E2", "it does not start before it ends", 1, None, None, None,
         None, "MIL-1", "Mill Lane", "ENG", False),
        ("item-department-unknown", "PHY", "1 item names it", 1, None, None, None, None, None,
         None, None, False),
        ("room-held", "MIL-1", "1 unreadable item: no booking in the room is deleted", 1, None,
         None, None, None, "MIL-1", "Mill Lane", "ENG", False),
        ("booking-orphaned", "termtime:E2:MIL-1 #9", "item no longer in the timetable", 1, "Nil",
         None, None, None, "MIL-1", "Mill Lane", "PHY", False),
        ("room-retired", "OUT-1", "retired in Booker, not marked for deletion in TermTime", 1,
         None, None, None, None, "OUT-1", "OUT", "ENG", True),
        ("booking-missing", "termtime:E1:MIL-1", "item without its booking", 1, "ENG1 Lecture",
         DAY, "09:00", "10:00", "MIL-1", "Mill Lane", "MAT", True),
        ("booking-missing", "termtime:exam:X1:MIL-1", "item without its booking", 1, "Exam X1",
         DAY, "14:00", "16:00", "MIL-1", "Mill Lane", "ENG", True),
    ]  # fmt: skip


def test_room_bookings_and_cancelled_bookings_are_told_by_their_booker_booking() -> None:
    """A room booking the sync would make and an owned booking a person cancelled are each
    told with their Booker booking's title, local time, room and department, in the audit's
    window."""
    person = roombookings.person()
    cancelled = booking(8, title="Old talk", external_id="termtime:E0:MIL-1",
                        status="Cancelled", department="MAT", start="2026-10-09T13:00:00Z",
                        end="2026-10-09T14:30:00Z")  # fmt: skip
    estate = rooms_snapshot(booker=[booker_room()], termtime=[tt_room()])
    snapshot = bookings_snapshot(timetables=[timetable()], bookings=[person, cancelled])
    found = AuditInput(
        estate=estate,
        buildings=plan_buildings(_buildings_of(estate)),
        rooms=plan_rooms(estate, activity_types=None),
        bookings=plan_bookings(snapshot, rules=RULES),
        bookings_snapshot=snapshot,
        timetables=snapshot.timetables,
        roombookings=plan_room_bookings(roombookings.snapshot([person]),
                                        rules=roombookings.RULES),
    )  # fmt: skip
    audit = arrange_audit(
        audit_of(found, rules=RULES, window=WINDOW, timezone="Europe/London"), found, rules=RULES
    )
    assert (audit.window_start, audit.window_end) == WINDOW
    assert [
        (d.check, d.key, d.differs, d.title, d.date, d.start, d.end, d.room, d.building,
         d.department, d.fixed_by_sync)
        for d in audit.discrepancies
    ] == [
        ("booking-cancelled", "termtime:E0:MIL-1 #8",
         "owned booking cancelled in Booker; the sync leaves it alone", "Old talk",
         dt.date(2026, 10, 9), "14:00", "15:30", "MIL-1", "Mill Lane", "MAT", False),
        ("roombooking-missing", "booker:901:2026-10-14",
         "person's booking without its room booking", "Society meeting",
         dt.date(2026, 10, 14), "18:30", "20:30", "MIL-1", "Mill Lane", "ENG", True),
    ]  # fmt: skip


def test_booker_names_a_rooms_building_and_department_over_termtime() -> None:
    """Where both systems have the room, Booker's building and department are shown; a room
    only TermTime has shows TermTime's building, and no department when it has none."""
    bare = tt_room("ZZ-7", building="Annex").model_copy(update={"department": None})
    found = _audit(
        termtime=[tt_room(department="MAT", building="Mill Lane (old)"), bare],
        timetables=[timetable("MIL-1", (DAY, event("BAD", start="25:00")))],
        arranged=True,
    )
    assert [
        (d.check, d.key, d.differs, d.room, d.building, d.department, d.fixed_by_sync)
        for d in found.discrepancies
    ] == [
        ("room-unknown-to-booker", "ZZ-7", "in TermTime, not in Booker", "ZZ-7", "Annex", None,
         False),
        ("item-unreadable", "MIL-1/BAD",
         "startTime: value error, expected a time as HH:MM, got '25:00'", "MIL-1", "Mill Lane",
         "ENG", False),
        ("room-held", "MIL-1", "1 unreadable item: no booking in the room is deleted", "MIL-1",
         "Mill Lane", "ENG", False),
        ("room-differs", "MIL-1", "building", "MIL-1", "Mill Lane", "ENG", True),
        ("room-differs", "MIL-1", "department", "MIL-1", "Mill Lane", "ENG", True),
    ]  # fmt: skip


def test_an_unreadable_item_whose_id_holds_a_slash_is_told_in_its_room() -> None:
    """An unreadable item is told in its room even when TermTime's id for it holds `/`."""
    found = _audit(
        timetables=[timetable("MIL-1", (DAY, event("A/B", start="25:00")))], arranged=True
    )
    assert [(d.check, d.key, d.room, d.building, d.department) for d in found.discrepancies] == [
        ("item-unreadable", "MIL-1/A/B", "MIL-1", "Mill Lane", "ENG"),
        ("room-held", "MIL-1", "MIL-1", "Mill Lane", "ENG"),
    ]
