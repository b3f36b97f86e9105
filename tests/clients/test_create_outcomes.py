"""A create answered 2xx without its record: the outcome is what the server holds."""

from __future__ import annotations

import datetime as dt

import pytest
import respx

from essm_sync.clients import BookerClient, TermTimeClient
from essm_sync.errors import InvalidDataError
from essm_sync.models import BookingDraft, Capacity, RoomFields
from essm_sync.settings import Settings
from tests.clients.conftest import BK, TT

DRAFT = BookingDraft(
    room_optime_index=345,
    start=dt.datetime(2026, 10, 8, 8, tzinfo=dt.UTC),
    end=dt.datetime(2026, 10, 8, 9, tzinfo=dt.UTC),
    title="T",
    description=None,
    booking_type="Teaching",
    department_id=None,
    external_id="termtime:1:A",
)
STORED = {
    "OptimeIndex": 77,
    "RoomOptimeIndex": 345,
    "StartTime": "2026-10-08T08:00:00Z",
    "EndTime": "2026-10-08T09:00:00Z",
    "Title": "T",
    "ExternalId": "termtime:1:A",
    "CreatedBy": "essm-sync",
    "Status": "Confirmed",
}
FIELDS = RoomFields(
    name="LR1",
    floor="Ground",
    building="Mill Lane",
    campus="Central",
    department="UAS",
    capacities=(Capacity(code="LEC", cap=120),),
)


def _listing(*items: dict[str, object]) -> dict[str, object]:
    return {"Items": list(items), "Page": 1, "PageSize": 2, "TotalCount": len(items)}


@respx.mock
async def test_a_booking_stored_but_answered_with_a_message_is_created(
    settings: Settings,
) -> None:
    """200 with a message instead of the booking: the look-up by ExternalId finds it, so
    the create is reported done with the stored booking, and not sent again."""
    respx.post(f"{BK}/token").respond(json={"access_token": "tok"})
    create = respx.post(f"{BK}/booker/bookings").respond(200, json={"Message": "Saved."})
    lookup = respx.get(f"{BK}/booker/bookings").respond(json=_listing(STORED))
    booking = await BookerClient(settings.booker, settings.retry).create_booking(DRAFT)
    assert booking.optime_index == 77
    assert (create.call_count, lookup.call_count) == (1, 1)
    assert lookup.calls.last.request.url.params["externalId"] == "termtime:1:A"


@respx.mock
async def test_a_booking_answered_with_a_message_and_not_stored_is_one_failure(
    settings: Settings,
) -> None:
    """200 with a message, and no booking with the ExternalId: one line saying both, and
    the create is not sent a second time."""
    respx.post(f"{BK}/token").respond(json={"access_token": "tok"})
    create = respx.post(f"{BK}/booker/bookings").respond(200, json={"Message": "Saved."})
    respx.get(f"{BK}/booker/bookings").respond(json=_listing())
    with pytest.raises(InvalidDataError) as caught:
        await BookerClient(settings.booker, settings.retry).create_booking(DRAFT)
    assert str(caught.value).startswith(
        "Booker POST booker/bookings: answered HTTP 200 without the booking"
    )
    assert "no booking with ExternalId termtime:1:A was found" in str(caught.value)
    assert create.call_count == 1


@respx.mock
async def test_a_termtime_room_made_but_answered_without_a_result_is_created(
    settings: Settings,
) -> None:
    """TermTime answering a room create with 200 and no `code`: the room is looked up by
    code, found, and the create counts as done."""
    create = respx.post(f"{TT}/room/LR1").respond(200, text="OK")
    lookup = respx.get(f"{TT}/room/LR1").respond(json={"c": "LR1", "n": "LR1"})
    await TermTimeClient(settings.termtime, settings.retry).create_room(code="LR1", fields=FIELDS)
    assert (create.call_count, lookup.call_count) == (1, 1)


@respx.mock
async def test_a_termtime_room_answered_without_a_result_and_absent_fails(
    settings: Settings,
) -> None:
    """No readable result and no such room: one failure naming both, nothing sent again."""
    create = respx.post(f"{TT}/room/LR1").respond(200, json={"message": "queued"})
    respx.get(f"{TT}/room/LR1").respond(400, json={"code": 106, "message": "none"})
    with pytest.raises(InvalidDataError, match="answered HTTP 200 without a result"):
        await TermTimeClient(settings.termtime, settings.retry).create_room(
            code="LR1", fields=FIELDS
        )
    assert create.call_count == 1
