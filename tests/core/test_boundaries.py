"""Each decision at its boundary: a one-character change to the rule makes one of these fail."""

from __future__ import annotations

import dataclasses
import datetime as dt

from essm_sync.core import draft_of, not_owned, plan_bookings, plan_buildings, plan_rooms
from essm_sync.models import (
    Booking,
    CreateBooking,
    CreateCampus,
    DeleteBooking,
    Stage,
    UpdateBooking,
)
from tests.factories import (
    DAY,
    RULES,
    booker_building,
    booker_room,
    booking,
    bookings_snapshot,
    buildings_snapshot,
    campus,
    event,
    exam,
    rooms_snapshot,
    site,
    timetable,
    tt_building,
)

# `termtime:` + uniqueId + `:MIL-1`: 15 characters around the uniqueId.
_AROUND = len("termtime::MIL-1")


def test_an_external_id_of_exactly_255_characters_is_booked() -> None:
    """Booker's limit is 255: a key of 255 is written, one of 256 is skipped."""
    at_limit = event("U" * (255 - _AROUND))
    over = event("V" * (256 - _AROUND), start="11:00", end="12:00")
    stage = plan_bookings(
        bookings_snapshot(timetables=[timetable("MIL-1", (DAY, at_limit), (DAY, over))]),
        rules=RULES,
    )
    (change,) = stage.changes
    assert isinstance(change, CreateBooking)
    assert len(change.after.external_id) == 255
    assert [s.item for s in stage.skipped] == ["V" * (256 - _AROUND)]


def test_an_unchanged_short_item_inside_a_longer_one_does_not_free_the_room() -> None:
    """With `overlapping_items = "first"`: A 9-12, B 10-11 (already booked as is),
    C 11:30-12:30: A still holds the room when C starts, so C is a clash with A, not a
    third booking over A."""
    items = timetable(
        "MIL-1",
        (DAY, event("A", start="09:00", end="12:00")),
        (DAY, event("B", start="10:00", end="11:00")),
        (DAY, event("C", start="11:30", end="12:30")),
    )
    b = booking(
        1, start="2026-10-08T09:00:00Z", end="2026-10-08T10:00:00Z", external_id="termtime:B:MIL-1"
    )
    first = dataclasses.replace(RULES, overlapping="first")
    stage = plan_bookings(bookings_snapshot(timetables=[items], bookings=[b]), rules=first)
    assert [c.key for c in stage.changes] == ["termtime:A:MIL-1"]
    (conflict,) = stage.conflicts
    assert (conflict.key, conflict.clashes_with) == ("termtime:C:MIL-1", "termtime:A:MIL-1")


def _deletes(start: str) -> bool:
    """Whether an owned booking with no item, starting at `start`, is deleted when TermTime
    served 8 and 9 October (summer time: the days run 23:00 UTC to 23:00 UTC)."""
    gone = booking(7, start=start, end="2026-10-10T00:30:00Z", external_id="termtime:GONE:MIL-1")
    served = (DAY, DAY + dt.timedelta(days=1))
    snapshot = bookings_snapshot(timetables=[timetable("MIL-1", served=served)], bookings=[gone])
    return any(isinstance(c, DeleteBooking) for c in plan_bookings(snapshot, rules=RULES).changes)


def test_a_booking_starting_exactly_when_the_served_days_end_is_kept() -> None:
    """Served days are half-open: the first instant is in, the instant they end is not."""
    assert _deletes("2026-10-07T23:00:00Z")
    assert _deletes("2026-10-09T22:59:59Z")
    assert not _deletes("2026-10-09T23:00:00Z")
    assert not _deletes("2026-10-07T22:59:59Z")


def test_of_two_owned_bookings_of_one_item_the_oldest_is_kept_whatever_the_order() -> None:
    """Booker lists 9 before 3: booking 3, the oldest, stays; 9 is the duplicate deleted."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event()))], bookings=[booking(9), booking(3)]
    )
    (change,) = plan_bookings(snapshot, rules=RULES).changes
    assert isinstance(change, DeleteBooking)
    assert (change.booking_id, change.reason) == (9, "duplicate of the same item")


def test_a_room_whose_termtime_building_is_in_an_unlisted_campus_waits() -> None:
    """A building TermTime holds under a campus it does not list cannot take rooms yet."""
    estate = rooms_snapshot(
        booker=[booker_room()], termtime=[], buildings=[tt_building(campus_name="Gone Campus")]
    )
    stage = plan_rooms(estate, activity_types=None)
    assert stage.changes == ()
    assert [w.message for w in stage.warnings] == [
        "building MIL is not in TermTime yet; room waits for it"
    ]


def test_two_booker_sites_with_one_name_become_two_campuses() -> None:
    """Sites CEN and WES both named `Main`: each campus gets its code as a suffix."""
    snapshot = buildings_snapshot(
        booker=[booker_building("A", site_id="CEN"), booker_building("B", site_id="WES")],
        termtime=[],
        sites=[site("CEN", "Main"), site("WES", "Main")],
        campuses=[campus("Elsewhere", "ELS")],
    )
    stage = plan_buildings(snapshot)
    campuses = sorted((c.name, c.code) for c in stage.changes if isinstance(c, CreateCampus))
    assert campuses == [("Main (CEN)", "CEN"), ("Main (WES)", "WES")]


def test_an_item_set_aside_never_stops_the_items_after_it() -> None:
    """A room not booked, an item of a kind not booked, one whose key is too long and one
    that does not start before it ends: each is passed over and the next item is booked."""
    skipped_room = timetable("AAA-1", (DAY, event("A0")))
    items = timetable(
        "MIL-1",
        (DAY - dt.timedelta(days=1), exam()),  # a day listed before the others
        (DAY, event("U" * 250)),
        (DAY, event("SAME", start="09:00", end="09:00")),
        (DAY, event("OK", start="13:00", end="14:00")),
    )
    rules = dataclasses.replace(RULES, kinds=("activities",))
    stage = plan_bookings(bookings_snapshot(timetables=[skipped_room, items]), rules=rules)
    assert [c.key for c in stage.changes] == ["termtime:OK:MIL-1"]
    assert sorted(s.problem for s in stage.skipped) == [
        "it does not start before it ends",
        "its ExternalId would exceed 255 characters",
    ]


def test_a_persons_booking_starting_as_the_item_ends_is_no_conflict() -> None:
    """Bookings touch without overlapping: one from 10:00 does not block an item until 10:00."""
    person = booking(
        7,
        start="2026-10-08T09:00:00Z",
        end="2026-10-08T10:00:00Z",
        external_id=None,
        created_by="reception",
    )
    stage = plan_bookings(
        bookings_snapshot(timetables=[timetable("MIL-1", (DAY, event()))], bookings=[person]),
        rules=RULES,
    )
    assert (len(stage.changes), stage.conflicts) == (1, ())


def test_every_change_to_a_booking_not_ours_is_named_whoever_comes_first() -> None:
    """A create listed first does not stop the check; a booking of no known maker is
    named as an unknown user's."""
    draft = CreateBooking(room="MIL-1", after=draft_of(booking(2)))
    theirs = booking(1, created_by="reception")
    update = UpdateBooking(
        booking_id=1, room="MIL-1", before=draft_of(theirs), after=draft_of(theirs)
    )
    stage = Stage(operation="bookings", owned=1, desired=1, changes=(draft, update))
    assert not_owned(stage, [theirs], RULES.owners) == (
        "booking 1 (termtime:E1:MIL-1) is now reception's",
    )
    wire = {
        "OptimeIndex": 1,
        "RoomOptimeIndex": 345,
        "Title": "T",
        "ExternalId": "termtime:E1:MIL-1",
    }
    unknown = Booking.from_wire(
        wire | {"StartTime": "2026-10-08T08:00:00Z", "EndTime": "2026-10-08T09:00:00Z"}
    )
    assert not_owned(stage, [unknown], RULES.owners) == (
        "booking 1 (termtime:E1:MIL-1) is now an unknown user's",
    )
