"""Booker wire records: offsets required, people's nulls tolerated, drafts sent whole."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from essm_sync.models import Booking, BookingDraft, Token

BOOKING = {
    "OptimeIndex": 99881,
    "RoomOptimeIndex": 345,
    "StartTime": "2026-10-08T09:00:00+01:00",
    "EndTime": "2026-10-08T10:00:00+01:00",
    "Title": "ENG1 Lecture 3",
    "Description": None,
    "BookingType": None,
    "DepartmentId": None,
    "ExternalId": None,
    "CreatedBy": "someone",
    "Status": "Confirmed",
}


def test_a_persons_booking_with_nulls_is_accepted() -> None:
    """Null description, type, department and ExternalId are fine: they read as None."""
    booking = Booking.from_wire(BOOKING)
    assert (booking.description, booking.booking_type, booking.external_id) == (None,) * 3
    assert booking.start == dt.datetime(2026, 10, 8, 8, tzinfo=dt.UTC)


def test_an_instant_without_offset_is_refused() -> None:
    """A naive time would be ambiguous: invalid data."""
    with pytest.raises(ValidationError):
        Booking.from_wire(BOOKING | {"StartTime": "2026-10-08T09:00:00"})


def test_draft_is_sent_with_wire_names_and_offsets() -> None:
    """A draft serialises to PascalCase with ISO instants carrying their offset."""
    draft = BookingDraft(
        room_optime_index=345,
        start=dt.datetime(2026, 10, 8, 9, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        end=dt.datetime(2026, 10, 8, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        title="T",
        description=None,
        booking_type="Teaching",
        department_id="ENG",
        external_id="termtime:1:MIL-1",
    )
    assert draft.to_wire() == {
        "RoomOptimeIndex": 345,
        "StartTime": "2026-10-08T09:00:00+01:00",
        "EndTime": "2026-10-08T10:00:00+01:00",
        "Title": "T",
        "Description": None,
        "BookingType": "Teaching",
        "DepartmentId": "ENG",
        "ExternalId": "termtime:1:MIL-1",
    }


def test_token_never_shows_itself() -> None:
    """A token's repr hides the secret."""
    token = Token.model_validate({"access_token": "s3cr3t-token", "token_type": "bearer"})
    assert "s3cr3t" not in repr(token)
    assert "s3cr3t" not in str(token)
