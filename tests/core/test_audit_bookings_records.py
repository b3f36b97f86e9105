"""The bookings audit's records, whole: check, system, key, what differs, both values and
the fix, for missing bookings, bookings left alone and keys people copied."""

from __future__ import annotations

from essm_sync.core import draft_of
from essm_sync.core.audit.bookings import copied_keys, left_records, stage_records
from essm_sync.core.bookings import LeftAlone
from essm_sync.models import CreateBooking, Discrepancy, Stage
from tests.factories import LONDON, booking

Row = tuple[str, str, str, str, str, str | None, str | None, str]


def rows(found: list[Discrepancy]) -> list[Row]:
    return [
        (d.category, d.check, d.system, d.key, d.differs, d.booker, d.termtime, d.fix)
        for d in found
    ]


def test_an_item_without_its_booking_is_one_whole_record() -> None:
    """A create is a Booker record with the item's local time and the sync to run."""
    change = CreateBooking(room="MIL-1", after=draft_of(booking(1)))
    stage = Stage(operation="bookings", owned=0, desired=1, changes=(change,))
    assert rows(stage_records(stage, LONDON, {})) == [
        ("bookings", "booking-missing", "Booker", "termtime:E1:MIL-1", "item without its booking",
         None, "2026-10-08 09:00-10:00", "run `essm-sync sync bookings`"),
    ]  # fmt: skip


def test_an_owned_booking_out_of_scope_is_one_whole_record() -> None:
    """An owned booking of a room or kind no longer booked is left, with what to do."""
    left = LeftAlone(kept=(), out_of_scope=(booking(3),))
    assert rows(left_records(left)) == [
        ("bookings", "booking-out-of-scope", "Booker", "termtime:E1:MIL-1 #3",
         "owned booking in a room or of a kind the sync no longer books", None, None,
         "delete it in Booker if it is no longer wanted"),
    ]  # fmt: skip


def test_a_copied_key_of_no_known_maker_is_an_unknown_users() -> None:
    """A `termtime:` booking Booker names no maker for is a person's, made by an unknown
    user, and shows an empty maker."""
    found = copied_keys((booking(4, created_by=""),), frozenset({"essm-sync"}))
    assert rows(found) == [
        ("bookings", "booking-copied-key", "Booker", "termtime:E1:MIL-1 #4",
         "ExternalId starts termtime: but the booking was made by an unknown user", "", None,
         "give the booking another ExternalId in Booker; the sync never touches it"),
    ]  # fmt: skip
