"""The audit's checks, one small world each: what is listed, word for word, and what is not."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from essm_sync.core import (
    AuditInput,
    arrange_audit,
    audit_of,
    plan_bookings,
    plan_buildings,
    plan_rooms,
)
from essm_sync.models import (
    Audit,
    BookerBuilding,
    BookerDepartment,
    BookerRoom,
    Booking,
    BuildingsSnapshot,
    Discrepancy,
    RoomEvents,
    RoomsSnapshot,
    Site,
    TermTimeBuilding,
    TermTimeRoom,
)
from tests.factories import (
    DAY,
    FIRST,
    LAST,
    RULES,
    booker_building,
    booker_room,
    booking,
    bookings_snapshot,
    event,
    rooms_snapshot,
    site,
    timetable,
    tt_building,
    tt_room,
)

WINDOW = (FIRST, LAST)

# What a check finds; what `arrange_audit` adds for people is tested in test_audit_arrange.
_FOUND = {"category", "check", "system", "key", "differs", "booker", "termtime", "fix"}


def _audit(
    *,
    booker: list[BookerRoom] | None = None,
    termtime: list[TermTimeRoom] | None = None,
    timetables: list[RoomEvents] | None = None,
    bookings: list[Booking] | None = None,
    buildings: list[BookerBuilding] | None = None,
    tt_buildings: list[TermTimeBuilding] | None = None,
    departments: tuple[str, ...] = ("ENG", "MAT"),
    booker_departments: tuple[str, ...] = ("ENG", "MAT"),
    rules: object = RULES,
    sites: list[Site] | None = None,
    arranged: bool = False,
) -> Audit:
    """Plan the three stages on one world, as `plan` would, and audit it (`arranged`: as
    `audit` gives it to people)."""
    booker = booker if booker is not None else [booker_room()]
    termtime = termtime if termtime is not None else [tt_room()]
    estate = rooms_snapshot(booker=booker, termtime=termtime, departments=departments)
    estate = estate.model_copy(
        update={
            "booker_buildings": tuple(buildings or [booker_building()]),
            "termtime_buildings": tuple(tt_buildings or [tt_building()]),
            "sites": tuple(sites or [site()]),
        }
    )
    snapshot = bookings_snapshot(
        timetables=timetables if timetables is not None else [timetable()],
        bookings=bookings,
        booker_rooms=booker,
        termtime_rooms=termtime,
        booker_buildings=buildings or [booker_building()],
    ).model_copy(
        update={
            "booker_departments": tuple(
                BookerDepartment.model_validate({"Id": d, "Name": f"Dept {d}"})
                for d in booker_departments
            )
        }
    )
    assert isinstance(rules, type(RULES))
    found = AuditInput(
        estate=estate,
        buildings=plan_buildings(_buildings_of(estate)),
        rooms=plan_rooms(estate, activity_types=None),
        bookings=plan_bookings(snapshot, rules=rules),
        bookings_snapshot=snapshot,
        timetables=tuple(t for t in snapshot.timetables if not t.absent),
    )
    audit = audit_of(found, rules=rules, window=WINDOW, timezone="Europe/London")
    return arrange_audit(audit, found, rules=rules) if arranged else audit


def _buildings_of(estate: RoomsSnapshot) -> BuildingsSnapshot:
    return BuildingsSnapshot(
        sites=estate.sites,
        booker_buildings=estate.booker_buildings,
        campuses=estate.campuses,
        termtime_buildings=estate.termtime_buildings,
    )


def _only(audit: Audit, check: str) -> list[Discrepancy]:
    return [d for d in audit.discrepancies if d.check == check]


def _checks(audit: Audit) -> dict[str, int]:
    return {str(check): count for check, count in audit.counts.items()}


BOOKED = booking(1, start="2026-10-08T08:00:00Z", end="2026-10-08T09:00:00Z")
ONE_ITEM = timetable("MIL-1", (DAY, event("E1")))


def test_systems_in_step_have_no_discrepancy() -> None:
    """Same estate, every item booked as it is: nothing is listed."""
    found = _audit(timetables=[ONE_ITEM], bookings=[BOOKED])
    assert found.discrepancies == ()
    assert found.counts == {}


def test_a_room_that_differs_gives_one_record_per_field_with_both_values() -> None:
    """A room differing in two fields gives one estate record each, both values and the fix."""
    found = _audit(termtime=[tt_room(name="Old name", capacity=80)])
    assert [(d.check, d.key, d.differs, d.booker, d.termtime) for d in found.discrepancies] == [
        ("room-differs", "MIL-1", "capacity", "120", "80"),
        ("room-differs", "MIL-1", "name", "Mill Lane Room 1", "Old name"),
    ]
    assert found.discrepancies[0].fix == "run `essm-sync sync rooms`"
    assert found.discrepancies[0].system == "TermTime"
    assert found.discrepancies[0].category == "estate"


def test_marked_for_deletion_in_termtime_but_live_in_booker() -> None:
    """A room live in Booker but marked for deletion in TermTime is reported as such."""
    found = _audit(termtime=[tt_room(to_delete=True)])
    (record,) = found.discrepancies
    assert (record.check, record.booker, record.termtime) == (
        "room-marked-for-deletion", "live", "marked for deletion",
    )  # fmt: skip


def test_retired_in_booker_but_live_in_termtime_and_its_items() -> None:
    """The room is to be marked; its items can no longer be booked."""
    found = _audit(booker=[booker_room(live=False)], timetables=[ONE_ITEM])
    assert _checks(found) == {"room-retired": 1, "item-room-retired": 1}
    assert _only(found, "item-room-retired")[0].key == "termtime:E1:MIL-1"


def test_a_room_in_a_retired_building_is_retired_and_its_items_are_not_booked() -> None:
    """The room is to be marked and its items cannot be booked; no booking is missing."""
    found = _audit(buildings=[booker_building(live=False)], timetables=[ONE_ITEM])
    assert _checks(found) == {"room-retired": 1, "item-room-retired": 1}


def test_records_only_termtime_has() -> None:
    """Buildings and rooms only TermTime has are reported, and the items of such a room too."""
    found = _audit(
        termtime=[tt_room(), tt_room("OLD-9", name="Old room")],
        tt_buildings=[tt_building(), tt_building("OLDB", name="Old building")],
        timetables=[ONE_ITEM, timetable("OLD-9", (DAY, event("E2", start="11:00", end="12:00")))],
        bookings=[BOOKED],
    )
    assert [(d.check, d.key, d.termtime) for d in found.discrepancies] == [
        ("building-unknown-to-booker", "OLDB", "Old building"),
        ("room-unknown-to-booker", "OLD-9", "Old room"),
        ("item-room-unknown", "termtime:E2:OLD-9", "OLD-9"),
    ]


def test_a_department_termtime_lacks_names_the_fix() -> None:
    """A Booker department TermTime lacks is reported, with the room it keeps out of TermTime."""
    found = _audit(
        booker=[booker_room(department="MUS")],
        termtime=[],
        booker_departments=("ENG", "MUS"),
        timetables=[],
    )
    assert [(d.check, d.key, d.fix) for d in found.discrepancies] == [
        ("room-department-unknown", "MIL-1", "add department MUS to TermTime"),
        ("department-unknown", "MUS", "add department MUS to TermTime"),
    ]


def test_a_room_without_department_is_told_to_get_one() -> None:
    """A room with no department is told to get one in Booker."""
    found = _audit(booker=[booker_room(department=None)], termtime=[], timetables=[])
    (record,) = _only(found, "room-department-unknown")
    assert (record.booker, record.fix) == ("(none)", "give the room a department in Booker")


def test_long_and_colliding_names_and_shared_codes() -> None:
    """Names too long, names colliding once cut, and codes shared in Booker are each reported."""
    long = "Department of Applied Mathematics and Theoretical Physics"
    found = _audit(
        buildings=[
            booker_building(),
            booker_building("DA1", f"{long} North"),
            booker_building("DA2", f"{long} South"),
        ],
        booker=[booker_room(), booker_room(index=346, name="Twin")],
        termtime=[tt_room()],
        timetables=[ONE_ITEM],
    )
    collisions = _only(found, "name-collision")
    assert [(d.key, d.termtime) for d in collisions] == [
        ("DA1", "Department of Applied Mathematics and T (DA1)"),
        ("DA2", "Department of Applied Mathematics and T (DA2)"),
    ]
    assert [d.key for d in _only(found, "name-too-long")] == ["DA1", "DA2"]
    assert [(d.key, d.differs) for d in _only(found, "code-shared")] == [
        ("MIL-1", "2 Booker rooms have this code")
    ]
    assert [d.key for d in _only(found, "item-room-code-shared")] == ["termtime:E1:MIL-1"]
    assert _only(found, "booking-missing") == []


def test_a_code_too_long_for_termtime() -> None:
    """A Booker code longer than TermTime holds is reported by its code."""
    code = "R" * 46
    found = _audit(booker=[booker_room(), booker_room(code, index=9)], timetables=[])
    assert [d.key for d in _only(found, "code-too-long")] == [code]


def test_items_in_rooms_booker_will_not_book() -> None:
    """An item in a room Booker will not let be booked is reported under its key."""
    found = _audit(booker=[booker_room(bookable=False)], timetables=[ONE_ITEM])
    (record,) = found.discrepancies
    assert (record.check, record.key, record.differs) == (
        "item-room-not-bookable", "termtime:E1:MIL-1", "Booker does not let the room be booked",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("properties", "listed"),
    [
        ({"planSize": 121}, True),
        ({"size": 90, "stuCount": 130}, True),
        ({"planSize": 120}, False),
        ({"planSize": "500"}, False),  # text states no size
        (None, False),
        ({"planSize": True}, False),
    ],
)
def test_items_larger_than_their_room(properties: object, listed: bool) -> None:
    """An item is over capacity only when a size it states exceeds the room's capacity."""
    item = event("E1", activityProperties=properties)
    found = _audit(timetables=[timetable("MIL-1", (DAY, item))], bookings=[BOOKED])
    records = _only(found, "item-over-capacity")
    assert bool(records) == listed
    if listed:
        assert records[0].booker == "120"
    assert _checks(found).keys() <= {"item-over-capacity"}


def test_overlapping_items_the_earlier_keeps_the_room() -> None:
    """With `overlapping_items = "first"`, each item starting before an earlier one in its
    room ends is a clash; touching is not."""
    items = timetable(
        "MIL-1",
        (DAY, event("E1", start="09:00", end="11:00")),
        (DAY, event("E2", start="10:30", end="12:00")),
        (DAY, event("E3", start="11:00", end="12:00")),
        (DAY, event("E4", start="12:00", end="13:00")),
    )
    found = _audit(timetables=[items], rules=dataclasses.replace(RULES, overlapping="first"))
    assert [(d.key, d.differs, d.termtime) for d in _only(found, "item-clash")] == [
        ("termtime:E2:MIL-1", "overlaps termtime:E1:MIL-1 in the same room",
         "2026-10-08 10:30-12:00"),
        ("termtime:E3:MIL-1", "overlaps termtime:E2:MIL-1 in the same room",
         "2026-10-08 11:00-12:00"),
    ]  # fmt: skip
    # E2 is not booked, so E3 gets the room; in TermTime the two still overlap.
    assert {d.key for d in _only(found, "booking-missing")} == {
        "termtime:E1:MIL-1", "termtime:E3:MIL-1", "termtime:E4:MIL-1",
    }  # fmt: skip


def test_items_taught_together_are_shared_not_clashes() -> None:
    """By default a group of overlapping items is one `items-shared` record naming every
    member, and one missing booking; no clash."""
    items = timetable(
        "MIL-1",
        (DAY, event("E1", start="09:00", end="11:00")),
        (DAY, event("E2", start="10:30", end="12:00")),
        (DAY, event("E3", start="12:00", end="13:00")),
    )
    found = _audit(timetables=[items])
    assert _only(found, "item-clash") == []
    assert [(d.key, d.differs, d.termtime, d.system) for d in _only(found, "items-shared")] == [
        ("termtime:E1:MIL-1",
         "2 items taught together share one booking: termtime:E1:MIL-1, termtime:E2:MIL-1",
         "2026-10-08 09:00-12:00", "TermTime"),
    ]  # fmt: skip
    assert {d.key for d in _only(found, "booking-missing")} == {
        "termtime:E1:MIL-1", "termtime:E3:MIL-1",
    }  # fmt: skip


def test_unreadable_items_hold_their_room() -> None:
    """An unreadable item is reported and holds its room."""
    bad = event("BAD", start="25:00")
    found = _audit(timetables=[timetable("MIL-1", (DAY, event("E1")), (DAY, bad))],
                   bookings=[BOOKED])  # fmt: skip
    assert [(d.check, d.key) for d in found.discrepancies] == [
        ("item-unreadable", "MIL-1/BAD"),
        ("room-held", "MIL-1"),
    ]
    assert _only(found, "room-held")[0].differs.startswith("1 unreadable item:")


def test_an_answer_without_period_but_not_a_room_a_preview_adds() -> None:
    """An answer confirming no day is reported, unless the room is one a preview adds."""
    unconfirmed = timetable("MIL-1", (DAY, event("E1")), served=None)
    found = _audit(timetables=[unconfirmed], bookings=[BOOKED])
    assert [d.check for d in found.discrepancies] == ["room-days-unconfirmed"]
    previewed = unconfirmed.model_copy(update={"items": (), "absent": True})
    assert _audit(timetables=[previewed]).discrepancies == ()


def test_a_person_in_the_way_is_named_with_both_times() -> None:
    """A person's booking in the way is named with its maker and both times."""
    person = booking(7, start="2026-10-08T07:30:00Z", end="2026-10-08T08:30:00Z",
                     external_id=None, created_by="reception", title="Open day")  # fmt: skip
    found = _audit(timetables=[ONE_ITEM], bookings=[person])
    (record,) = found.discrepancies
    assert record.model_dump(include=_FOUND) == {
        "category": "bookings",
        "check": "booking-conflict",
        "system": "Booker",
        "key": "termtime:E1:MIL-1",
        "differs": "room MIL-1 held by booking 7 ('Open day', made by reception)",
        "booker": "2026-10-08 08:30-09:30",
        "termtime": "2026-10-08 09:00-10:00",
        "fix": "move the item in TermTime, or the booking in Booker",
    }


def test_owned_bookings_out_of_step() -> None:
    """Missing, differing per field, orphaned, doubled and out of scope, each on its own."""
    items = timetable(
        "MIL-1",
        (DAY, event("E1", name="Renamed")),
        (DAY, event("E2", start="11:00", end="12:00")),
    )
    doubled = booking(2, title="Renamed")
    gone = booking(3, external_id="termtime:OLD:MIL-1", start="2026-10-09T08:00:00Z",
                   end="2026-10-09T09:00:00Z")  # fmt: skip
    other_kind = booking(4, external_id="termtime:booking:B1:MIL-1",
                         start="2026-10-10T08:00:00Z", end="2026-10-10T09:00:00Z")  # fmt: skip
    found = _audit(timetables=[items], bookings=[BOOKED, doubled, gone, other_kind])
    assert [(d.check, d.key, d.differs, d.booker, d.termtime) for d in found.discrepancies] == [
        ("booking-missing", "termtime:E2:MIL-1", "item without its booking", None,
         "2026-10-08 11:00-12:00"),
        ("booking-differs", "termtime:E1:MIL-1", "title", "ENG1 Lecture", "Renamed"),
        ("booking-orphaned", "termtime:OLD:MIL-1 #3", "item no longer in the timetable", None,
         None),
        ("booking-duplicate", "termtime:E1:MIL-1 #2", "duplicate of the same item", None, None),
        ("booking-out-of-scope", "termtime:booking:B1:MIL-1 #4",
         "owned booking in a room or of a kind the sync no longer books", None, None),
    ]  # fmt: skip
    assert _only(found, "booking-orphaned")[0].fix == "run `essm-sync sync bookings`"


def test_a_booking_kept_in_a_held_room_is_still_an_orphan_with_its_own_fix() -> None:
    """An owned booking kept only because its room is held is an orphan with the fix for that."""
    gone = booking(3, external_id="termtime:OLD:MIL-1")
    bad = event("BAD", start="25:00")
    found = _audit(timetables=[timetable("MIL-1", (DAY, bad))], bookings=[gone])
    (record,) = _only(found, "booking-orphaned")
    assert record.key == "termtime:OLD:MIL-1 #3"
    assert record.fix.startswith("correct the room's unreadable items in TermTime")


def test_a_moved_booking_shows_its_room_code_and_times() -> None:
    """A booking in the wrong room shows both rooms by code."""
    moved = booking(1, room=346)
    rooms = [booker_room(), booker_room("MIL-2", index=346)]
    found = _audit(booker=rooms, termtime=[tt_room(), tt_room("MIL-2")],
                   timetables=[ONE_ITEM, timetable("MIL-2")], bookings=[moved])  # fmt: skip
    (record,) = found.discrepancies
    assert (record.check, record.differs, record.booker, record.termtime) == (
        "booking-differs", "room", "MIL-2", "MIL-1",
    )  # fmt: skip


def test_a_copied_key_is_a_persons_booking() -> None:
    """A `termtime:` key on a person's booking is reported as a copied key, by its maker."""
    copied = booking(9, external_id="termtime:X:MIL-1", created_by="reception",
                     start="2026-10-09T18:00:00Z", end="2026-10-09T19:00:00Z")  # fmt: skip
    found = _audit(timetables=[ONE_ITEM], bookings=[BOOKED, copied])
    (record,) = found.discrepancies
    assert (record.check, record.key, record.booker) == (
        "booking-copied-key", "termtime:X:MIL-1 #9", "reception",
    )  # fmt: skip


def test_items_listed_twice_and_departments_booker_lacks() -> None:
    """An item listed twice with other details and a department Booker lacks are each reported."""
    items = timetable(
        "MIL-1",
        (DAY, event("E1", department="PHY")),
        (DAY, event("E1", department="PHY", name="Other")),
    )
    found = _audit(timetables=[items])
    assert [(d.check, d.key) for d in found.discrepancies if d.check != "booking-missing"] == [
        ("item-listed-twice", "termtime:E1:MIL-1"),
        ("item-department-unknown", "PHY"),
    ]
    assert _only(found, "item-department-unknown")[0].differs == "2 items name it"


def test_a_department_booker_lacks_named_by_one_item_is_counted_in_the_singular() -> None:
    """One item naming a department Booker lacks reads "1 item names it"."""
    found = _audit(timetables=[timetable("MIL-1", (DAY, event("E1", department="PHY")))])
    assert _only(found, "item-department-unknown")[0].differs == "1 item names it"


def test_only_the_chosen_kinds_are_audited() -> None:
    """Items of kinds the sync does not book are not audited."""
    exams_only = dataclasses.replace(RULES, kinds=("exams",))
    found = _audit(booker=[booker_room(bookable=False)], timetables=[ONE_ITEM], rules=exams_only)
    assert found.discrepancies == ()


def test_records_are_ordered_by_check_then_key() -> None:
    """Records are ordered by check, then by key."""
    found = _audit(
        termtime=[tt_room("ZZ-1"), tt_room("AA-1"), tt_room()],
        timetables=[ONE_ITEM],
        bookings=[BOOKED],
    )
    assert [(d.check, d.key) for d in found.discrepancies] == [
        ("room-unknown-to-booker", "AA-1"),
        ("room-unknown-to-booker", "ZZ-1"),
    ]


def test_when_shows_a_span_across_midnight_with_its_end_date() -> None:
    """A span crossing midnight shows its end with the next day's date."""
    night = timetable("MIL-1", (DAY, event("N1", start="22:30", end="00:30")))
    found = _audit(timetables=[night])
    (record,) = found.discrepancies
    assert record.termtime == "2026-10-08 22:30-2026-10-09 00:30"


OLD = "Mill Lane (old)"


def test_a_whole_world_word_for_word() -> None:
    """Every field of every record, in order, for a world with one of most checks: a new
    site and building, a renamed building, a room with another capacity, another renamed
    and closed to bookings, one retired, one only TermTime has, and an item in each."""
    found = _audit(
        sites=[site(), site("WES", "West Site")],
        buildings=[booker_building(), booker_building("WB", "West Building", "WES")],
        tt_buildings=[tt_building(name=OLD)],
        booker=[
            booker_room(),
            booker_room("MIL-2", index=346, name="Room 2", bookable=False),
            booker_room("MIL-3", index=347, live=False),
        ],
        termtime=[
            tt_room(capacity=80, building=OLD),
            tt_room("MIL-2", building=OLD),
            tt_room("MIL-3", building=OLD),
            tt_room("ZZ-1", building=OLD),
        ],
        timetables=[
            ONE_ITEM,
            timetable("MIL-2", (DAY, event("E2", activityProperties={"planSize": 500}))),
            timetable("MIL-3", (DAY, event("E3"))),
            timetable("ZZ-1", (DAY, event("E4"))),
        ],
        bookings=[BOOKED],
    )
    move = "move the item to a bookable room in TermTime"
    assert [tuple(d.model_dump(include=_FOUND).values()) for d in found.discrepancies] == [
        ("estate", "campus-missing", "TermTime", "West Site",
         "Booker site WES has live buildings; TermTime has no campus", "West Site", None,
         "run `essm-sync sync buildings`"),
        ("estate", "building-missing", "TermTime", "WB", "live in Booker, missing from TermTime",
         "West Building", None, "run `essm-sync sync buildings`"),
        ("estate", "building-differs", "TermTime", "MIL", "name", "Mill Lane", OLD,
         "run `essm-sync sync buildings`"),
        ("estate", "room-differs", "TermTime", "MIL-1", "capacity", "120", "80",
         "run `essm-sync sync rooms`"),
        ("estate", "room-differs", "TermTime", "MIL-2", "name", "Room 2", "Mill Lane Room 1",
         "run `essm-sync sync rooms`"),
        ("estate", "room-retired", "TermTime", "MIL-3",
         "retired in Booker, not marked for deletion in TermTime", "retired", "live",
         "run `essm-sync sync rooms` (marks it for deletion); move its items elsewhere"),
        ("estate", "room-unknown-to-booker", "TermTime", "ZZ-1", "in TermTime, not in Booker",
         None, "Mill Lane Room 1", "add the room to Booker, or mark it for deletion in TermTime"),
        ("timetable", "item-room-unknown", "Booker", "termtime:E4:ZZ-1",
         "the room is not in Booker", None, "ZZ-1", f"{move}, or add the room to Booker"),
        ("timetable", "item-room-retired", "Booker", "termtime:E3:MIL-3",
         "the room is retired in Booker", None, "MIL-3",
         f"{move}, or bring the room back in Booker"),
        ("timetable", "item-room-not-bookable", "Booker", "termtime:E2:MIL-2",
         "Booker does not let the room be booked", None, "MIL-2",
         f"{move}, or make the room bookable in Booker"),
        ("timetable", "item-over-capacity", "TermTime", "termtime:E2:MIL-2", "size", "120", "500",
         "move the item to a larger room, or correct its size in TermTime or the capacity in "
         "Booker"),
    ]  # fmt: skip


def test_names_codes_and_departments_word_for_word() -> None:
    """Name, code and department records read word for word as documented."""
    long = "L" * 50
    found = _audit(
        buildings=[booker_building(), booker_building("B" * 46, "Long code")],
        booker=[booker_room(name=long), booker_room("MUS-1", index=9, department="MUS")],
        termtime=[tt_room(name=long[:45])],
        booker_departments=("ENG", "MUS"),
        timetables=[],
    )
    assert [tuple(d.model_dump(include=_FOUND).values()) for d in found.discrepancies] == [
        ("estate", "room-department-unknown", "TermTime", "MUS-1",
         "the room's department is not in TermTime, so the room is not synced", "MUS", None,
         "add department MUS to TermTime"),
        ("estate", "department-unknown", "TermTime", "MUS", "in Booker, not in TermTime",
         "Dept MUS", None, "add department MUS to TermTime"),
        ("estate", "name-too-long", "Booker", "MIL-1", "name of 50 characters", long, None,
         "shorten it in Booker; TermTime holds the first 45 characters"),
        ("estate", "code-too-long", "Booker", "B" * 46, "code of 46 characters", None, None,
         "give it a code of at most 45 characters in Booker; it is not synced"),
    ]  # fmt: skip


def test_reads_and_people_word_for_word() -> None:
    """Unreadable items hold the room; a kept orphan, a copied key and an unconfirmed room."""
    gone = booking(3, external_id="termtime:OLD:MIL-1")
    copied = booking(9, external_id="termtime:X:MIL-2", created_by="reception", room=346,
                     start="2026-10-09T18:00:00Z", end="2026-10-09T19:00:00Z")  # fmt: skip
    found = _audit(
        booker=[booker_room(), booker_room("MIL-2", index=346)],
        termtime=[tt_room(), tt_room("MIL-2")],
        timetables=[
            timetable("MIL-1", (DAY, event("BAD", start="25:00"))),
            timetable("MIL-2", served=None),
        ],
        bookings=[gone, copied],
    )
    assert [tuple(d.model_dump(include=_FOUND).values()) for d in found.discrepancies] == [
        ("timetable", "item-unreadable", "TermTime", "MIL-1/BAD",
         "startTime: value error, expected a time as HH:MM, got '25:00'", None, "activities",
         "correct the item in TermTime"),
        ("timetable", "room-held", "TermTime", "MIL-1",
         "1 unreadable item: no booking in the room is deleted", None, None,
         "correct the unreadable items in TermTime"),
        ("timetable", "room-days-unconfirmed", "TermTime", "MIL-2",
         "the timetable answer gave no timePeriod: nothing in the room is deleted", None, None,
         "ask TermTime's administrators why the answer has no timePeriod"),
        ("bookings", "booking-orphaned", "Booker", "termtime:OLD:MIL-1 #3",
         "item no longer in the timetable", None, None,
         "correct the room's unreadable items in TermTime, or delete the booking in Booker; "
         "the sync keeps it while its day or room is not confirmed"),
        ("bookings", "booking-copied-key", "Booker", "termtime:X:MIL-2 #9",
         "ExternalId starts termtime: but the booking was made by reception", "reception", None,
         "give the booking another ExternalId in Booker; the sync never touches it"),
    ]  # fmt: skip


def test_collisions_limits_and_shared_codes_word_for_word() -> None:
    """Names alike once cut, per scope (campuses; buildings in a campus; floors in a
    building); a name or code of exactly 45 characters is within TermTime's limit."""
    long = "Department of Applied Mathematics and Theoretical Physics"
    at_limit = "N" * 45
    found = _audit(
        sites=[site(), site("CE2", f"{long} site"), site("CE3", f"{long} site too")],
        buildings=[
            booker_building(),
            booker_building("DA1", f"{long} North"),
            booker_building("DA2", f"{long} South"),
            booker_building("DA3", f"{long} West", live=False),
            booker_building("C" * 45, at_limit),
            booker_building("TWIN", "Twin"),
            booker_building("TWIN", "Twin again"),
        ],
        booker=[booker_room(floor=f"{long} floor"), booker_room("R2", index=2, floor=f"{long} x")],
        termtime=[tt_room()],
        timetables=[],
    )
    records = [
        (d.check, d.key, d.differs, d.termtime)
        for d in found.discrepancies
        if d.check in ("name-collision", "code-shared", "code-too-long")
    ]
    cut = "name the same as another's once cut to 45 characters"
    short = "Department of Applied Mathematics and T"

    def hashed(key: str) -> str:
        # A key longer than 12 characters gives the first 6 hex digits of its SHA-256.
        suffix = f" ({hashlib.sha256(key.encode()).hexdigest()[:6].upper()})"
        return f"{long} floor"[: 45 - len(suffix)].rstrip() + suffix

    assert records == [
        ("name-collision", "CE2", f"campus {cut}", f"{short} (CE2)"),
        ("name-collision", "CE3", f"campus {cut}", f"{short} (CE3)"),
        ("name-collision", "DA1", f"building {cut}",
         "Department of Applied Mathematics and T (DA1)"),
        ("name-collision", "DA2", f"building {cut}",
         "Department of Applied Mathematics and T (DA2)"),
        ("name-collision", f"MIL/{long} floor", f"floor {cut}", hashed(f"MIL:{long} floor")),
        ("name-collision", f"MIL/{long} x", f"floor {cut}", hashed(f"MIL:{long} x")),
        ("code-shared", "TWIN", "2 Booker buildings have this code", None),
    ]  # fmt: skip
    too_long = {d.key for d in found.discrepancies if d.check == "name-too-long"}
    assert "C" * 45 not in too_long
    assert too_long >= {"CE2", "CE3", "DA1", "DA2", "DA3"}
    assert all(d.fix == "rename one in Booker so their first 45 characters differ"
               for d in found.discrepancies if d.check == "name-collision")  # fmt: skip


def test_a_room_missing_from_termtime_word_for_word() -> None:
    """A room missing from TermTime reads word for word as documented."""
    found = _audit(booker=[booker_room(), booker_room("MIL-9", index=9, name="Nine")],
                   timetables=[])  # fmt: skip
    assert [tuple(d.model_dump(include=_FOUND).values()) for d in found.discrepancies] == [
        ("estate", "room-missing", "TermTime", "MIL-9", "live in Booker, missing from TermTime",
         "Nine", None, "run `essm-sync sync rooms`"),
    ]  # fmt: skip


def test_an_item_listed_twice_is_one_discrepancy_alike_or_differing() -> None:
    """An item listed twice, alike or differing, is one record saying which, as the plan
    warns of it."""
    alike = timetable("MIL-1", (DAY, event("E1")), (DAY, event("E1")), (DAY, event("E1")))
    found = _audit(timetables=[alike], bookings=[BOOKED])
    assert [tuple(d.model_dump(include=_FOUND).values()) for d in found.discrepancies] == [
        ("timetable", "item-listed-twice", "TermTime", "termtime:E1:MIL-1",
         "listed twice with the same details", None, None,
         "remove the repeat in TermTime; the sync books the item once"),
    ]  # fmt: skip
    differing = timetable("MIL-1", (DAY, event("E1")), (DAY, event("E1", name="Other")))
    found = _audit(timetables=[differing], bookings=[BOOKED])
    assert [tuple(d.model_dump(include=_FOUND).values()) for d in found.discrepancies] == [
        ("timetable", "item-listed-twice", "TermTime", "termtime:E1:MIL-1",
         "listed twice with different details", None, None,
         "correct the item in TermTime; the sync books the first listing"),
    ]  # fmt: skip


def test_a_booking_differing_in_every_field_gives_a_record_each() -> None:
    """A booking differing in every field gives one record per field, in the fields' order."""
    rooms = [booker_room(), booker_room("MIL-2", index=346)]
    stale = booking(1, room=346, start="2026-10-08T07:00:00Z", end="2026-10-08T08:00:00Z",
                    title="Old", description="Old text", booking_type="Other",
                    department="MAT")  # fmt: skip
    found = _audit(booker=rooms, termtime=[tt_room(), tt_room("MIL-2")],
                   timetables=[ONE_ITEM, timetable("MIL-2")], bookings=[stale])  # fmt: skip
    # Records of one key are in the order of what differs.
    assert [(d.differs, d.booker, d.termtime) for d in found.discrepancies] == [
        ("department", "MAT", "ENG"),
        ("description", "Old text", "Lecture"),
        ("room", "MIL-2", "MIL-1"),
        ("time", "2026-10-08 08:00-09:00", "2026-10-08 09:00-10:00"),
        ("title", "Old", "ENG1 Lecture"),
        ("type", "Other", "Teaching"),
    ]
    assert {d.fix for d in found.discrepancies} == {"run `essm-sync sync bookings`"}


def test_a_room_differing_in_floor_and_department() -> None:
    """A room in another floor and department gives a record for each."""
    found = _audit(termtime=[tt_room(floor_name="First", department="MAT")], timetables=[])
    assert [(d.check, d.differs, d.booker, d.termtime) for d in found.discrepancies] == [
        ("room-differs", "department", "ENG", "MAT"),
        ("room-differs", "floor", "Ground", "First"),
    ]


def test_items_taught_together_are_told_as_their_one_booking_and_last() -> None:
    """Arranged for people, a group is told with every title, the union and its item count,
    after every record that needs someone."""
    items = timetable(
        "MIL-1",
        (DAY, event("E1", start="09:00", end="11:00", name="ENG1 Lecture")),
        (DAY, event("E2", start="10:30", end="12:00", name="MAT1 Lecture")),
    )
    found = _audit(timetables=[items], arranged=True)
    (shared,) = _only(found, "items-shared")
    assert (shared.title, shared.start, shared.end, shared.items, shared.room) == (
        "ENG1 Lecture + MAT1 Lecture", "09:00", "12:00", 2, "MIL-1",
    )  # fmt: skip
    assert found.discrepancies[-1] == shared
