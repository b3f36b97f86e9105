"""Each decision made once: which rooms are served, which bookings are owned, what a key's
kind is; every stage and the audit follow the same rule."""

from __future__ import annotations

import dataclasses

import pytest

from essm_sync.core import (
    BookerRooms,
    is_owned,
    kind_of_key,
    plan_bookings,
    plan_rooms,
)
from essm_sync.models import ITEM_KINDS, Kind, RetireRoom
from tests.factories import (
    DAY,
    RULES,
    booker_building,
    booker_room,
    booking,
    bookings_snapshot,
    event,
    rooms_snapshot,
    timetable,
    tt_room,
)

RETIRED = booker_building(live=False)


def test_a_room_in_a_retired_building_is_not_booked() -> None:
    """A live, bookable room whose building is retired in Booker gets no booking."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))], booker_buildings=[RETIRED]
    )
    assert plan_bookings(snapshot, rules=RULES).changes == ()


def test_a_room_in_an_unknown_building_is_not_booked() -> None:
    """A room whose building Booker does not list is retired, as the rooms stage holds it."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))], booker_buildings=[]
    )
    assert plan_bookings(snapshot, rules=RULES).changes == ()


def test_the_rooms_stage_retires_the_room_the_bookings_stage_leaves() -> None:
    """The same room in a retired building is marked in TermTime and never booked."""
    estate = rooms_snapshot(booker=[booker_room()], termtime=[tt_room()]).model_copy(
        update={"booker_buildings": (RETIRED,)}
    )
    changes = plan_rooms(estate, activity_types=None).changes
    assert [type(c) for c in changes] == [RetireRoom]
    assert BookerRooms([booker_room()], [RETIRED]).unserved("MIL-1") == "retired"


def test_owned_bookings_in_a_room_no_longer_served_are_left_alone() -> None:
    """Our booking in a room whose building retired is neither updated nor deleted."""
    stale = booking(1, title="Old title")
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))],
        bookings=[stale],
        booker_buildings=[RETIRED],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.changes == ()
    assert any("not synced now" in w.message for w in stage.warnings)


@pytest.mark.parametrize(
    ("room", "why"),
    [
        (booker_room(), None),
        (booker_room(live=False), "retired"),
        (booker_room(building="GONE"), "retired"),
        (booker_room(bookable=False), "not-bookable"),
    ],
)
def test_why_a_room_is_not_served(room: object, why: str | None) -> None:
    """Served means live, in a live building, and bookable; each failing part is named."""
    assert isinstance(room, type(booker_room()))
    assert BookerRooms([room], [booker_building()]).unserved("MIL-1") == why


def test_a_code_two_rooms_share_and_a_code_none_has_are_not_served() -> None:
    """A shared code and an unknown code are each their own reason."""
    rooms = BookerRooms([booker_room(), booker_room(index=2)], [booker_building()])
    assert (rooms.unserved("MIL-1"), rooms.unserved("NOPE")) == ("shared", "unknown")


def test_served_rooms_must_be_present_and_unmarked_in_termtime() -> None:
    """A served Booker room is booked only while TermTime has it, not marked for deletion."""
    rooms = BookerRooms([booker_room(), booker_room("MIL-2", index=2)], [booker_building()])
    assert rooms.served([tt_room(), tt_room("MIL-2", to_delete=True)]) == {"MIL-1": 345}


def test_ownership_needs_both_the_key_and_the_creator() -> None:
    """A `termtime:` booking someone else made is a person's; the creator is case-folded."""
    owners = RULES.owners
    assert is_owned(booking(1, created_by="ESSM-SYNC"), owners)
    assert not is_owned(booking(1, created_by="reception"), owners)
    assert not is_owned(booking(1, external_id="other:E1:MIL-1"), owners)
    assert not is_owned(booking(1, external_id=None), owners)


def test_a_copied_key_is_never_updated_or_deleted() -> None:
    """A person's booking carrying our key is a person's booking: a conflict, not an update."""
    copied = booking(1, title="Copied", created_by="reception")
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))], bookings=[copied]
    )
    stage = plan_bookings(snapshot, rules=RULES)
    assert stage.changes == ()
    assert [c.key for c in stage.conflicts] == ["termtime:E1:MIL-1"]


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("termtime:exam:X1:MIL-1", "exams"),
        ("termtime:booking:T1:MIL-1", "termtime_bookings"),
        ("termtime:E1:MIL-1", "activities"),
        ("termtime:examine:MIL-1", "activities"),
        ("manual:1", None),
    ],
)
def test_a_key_is_of_the_kind_with_the_longest_matching_prefix(key: str, kind: str) -> None:
    """`termtime:` begins every prefix, so the longer prefixes are tried first."""
    assert kind_of_key(key) == kind


def test_every_kind_has_its_own_prefix_list_and_setting() -> None:
    """No two kinds share a prefix, a list, or a setting name; no kind is named like an
    operation."""
    for field in ("name", "setting", "prefix", "list_field", "type_setting"):
        values = [getattr(kind, field) for kind in ITEM_KINDS]
        assert len(set(values)) == len(values), field
    assert not {kind.name for kind in ITEM_KINDS} & {"buildings", "rooms", "bookings"}


def test_an_exam_booking_is_out_of_scope_when_exams_are_not_booked() -> None:
    """An owned exam booking is recognised by its prefix, not mistaken for a teaching one."""
    kinds: tuple[Kind, ...] = ("activities",)
    rules = dataclasses.replace(RULES, kinds=kinds)
    exam = booking(1, external_id="termtime:exam:X1:MIL-1")
    snapshot = bookings_snapshot(timetables=[timetable("MIL-1")], bookings=[exam])
    assert plan_bookings(snapshot, rules=rules).changes == ()


def test_a_skipped_item_is_named_by_its_kind_as_settings_and_plans_name_it() -> None:
    """A TermTime booking set aside reads `bookings` in the plan, as before and as the
    `bookings.kinds` setting spells it; its key keeps the `termtime:booking:` prefix."""
    listed = {"bookingDescription": "Evening", "endTime": "19:00", "_list": "bookingItems"}
    bad = listed | {"uniqueId": "T1", "startTime": "25:00"}
    long = listed | {"uniqueId": "T" * 250, "startTime": "18:00"}
    kinds: tuple[Kind, ...] = ("termtime_bookings",)
    rules = dataclasses.replace(RULES, kinds=kinds)
    snapshot = bookings_snapshot(timetables=[timetable("MIL-1", (DAY, bad), (DAY, long))])
    stage = plan_bookings(snapshot, rules=rules)
    assert sorted((s.kind, s.item[:2]) for s in stage.skipped) == [
        ("bookings", "T1"),
        ("bookings", "TT"),
    ]
