"""The room-bookings audit's records, whole: check, system, key, what differs, both values
and the fix, for each change the stage can make and each cancelled owned booking."""

from __future__ import annotations

from essm_sync.core.audit.roombookings import cancelled_records, stage_records
from essm_sync.models import (
    CreateRoomBooking,
    DeleteRoomBooking,
    Discrepancy,
    RoomBookingFields,
    Stage,
    UpdateRoomBooking,
)
from tests.core.test_roombookings import person

SYNC = "run `essm-sync sync roombookings`"
FIELDS = RoomBookingFields(
    des="Society meeting", day="2", time="18:30", du="02:00", pat="2026-W42", rooms="MIL-1"
)
SHOWN = "MIL-1 2026-W42 day 2 18:30 for 02:00 'Society meeting'"
Row = tuple[str, str, str, str, str, str | None, str | None, str]


def rows(found: list[Discrepancy]) -> list[Row]:
    return [
        (d.category, d.check, d.system, d.key, d.differs, d.booker, d.termtime, d.fix)
        for d in found
    ]


def staged(*changes: object) -> list[Row]:
    stage = Stage.model_validate(
        {"operation": "roombookings", "owned": 1, "desired": 1, "changes": changes}
    )
    return rows(stage_records(stage))


def test_a_missing_room_booking_shows_the_persons_booking_in_booker() -> None:
    """A create is one TermTime record showing what Booker holds, with the sync to run."""
    change = CreateRoomBooking(code="booker:901:2026-10-14", after=FIELDS, owner="O", notes="")
    assert staged(change) == [
        ("roombookings", "roombooking-missing", "TermTime", "booker:901:2026-10-14",
         "person's booking without its room booking", SHOWN, None, SYNC),
    ]  # fmt: skip


def test_an_update_is_one_whole_record_per_field_that_changes() -> None:
    """Each changed field is its own record with Booker's value and TermTime's."""
    before = FIELDS.model_copy(update={"time": "17:00", "des": "Old"})
    change = UpdateRoomBooking(code="booker:901:2026-10-14", before=before, after=FIELDS)
    assert staged(change) == [
        ("roombookings", "roombooking-differs", "TermTime", "booker:901:2026-10-14", "des",
         "Society meeting", "Old", SYNC),
        ("roombookings", "roombooking-differs", "TermTime", "booker:901:2026-10-14", "time",
         "18:30", "17:00", SYNC),
    ]  # fmt: skip


def test_a_stale_room_booking_shows_what_termtime_holds_and_why() -> None:
    """A delete is one TermTime record with its reason and the room booking TermTime has."""
    change = DeleteRoomBooking(code="booker:77:2026-10-20", before=FIELDS, reason="gone")
    assert staged(change) == [
        ("roombookings", "roombooking-stale", "TermTime", "booker:77:2026-10-20", "gone", None,
         SHOWN, SYNC),
    ]  # fmt: skip


def test_a_cancelled_owned_booking_is_one_whole_record() -> None:
    """An owned booking cancelled in Booker is left alone, and the record says how to act."""
    ours = person(5, created_by="essm-sync", external_id="termtime:E1:MIL-1", status="cancelled")
    assert rows(cancelled_records((ours,), frozenset({"essm-sync"}))) == [
        ("bookings", "booking-cancelled", "Booker", "termtime:E1:MIL-1 #5",
         "owned booking cancelled in Booker; the sync leaves it alone", "cancelled", None,
         "restore it in Booker, or delete it there if the cancellation stands"),
    ]  # fmt: skip
