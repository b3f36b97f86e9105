"""Lists read record by record once the whole does not validate: one odd record is set
aside and named by its code or OptimeIndex; only a list that is no list fails whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import respx

from essm_sync.clients import BookerClient
from essm_sync.errors import InvalidDataError
from essm_sync.settings import Settings
from tests.clients.conftest import BK

_WINDOW = (dt.datetime(2026, 10, 1, tzinfo=dt.UTC), dt.datetime(2026, 10, 2, tzinfo=dt.UTC))


def _client(settings: Settings) -> BookerClient:
    respx.post(f"{BK}/token").respond(json={"access_token": "t", "token_type": "bearer"})
    return BookerClient(settings.booker, settings.retry)


def _room(id_: str, **fields: Any) -> dict[str, Any]:
    return {"OptimeIndex": 1, "Id": id_, "Name": id_, "BuildingId": "MIL", "Floor": "Ground",
            "Capacity": 10, "Bookable": True, "Live": True, **fields}  # fmt: skip


def _booking(index: int, **fields: Any) -> dict[str, Any]:
    return {"OptimeIndex": index, "RoomOptimeIndex": 345, "StartTime": "2026-10-01T09:00:00Z",
            "EndTime": "2026-10-01T10:00:00Z", "Title": "T", **fields}  # fmt: skip


@respx.mock
@pytest.mark.parametrize("field", ["Floor", "Capacity"])
async def test_a_booker_room_with_a_null_field_is_set_aside_by_its_id(
    settings: Settings, field: str
) -> None:
    """`Floor: null` or `Capacity: null`: that room is set aside, named by Id and field."""
    respx.get(f"{BK}/booker/rooms").respond(json=[_room("A", **{field: None}), _room("B")])
    client = _client(settings)
    assert [room.id for room in await client.list_rooms()] == ["B"]
    (unread,) = client.unread["room"]
    assert (unread.system, unread.kind, unread.key) == ("Booker", "room", "A")
    assert unread.problem.startswith(f"{field}: ")


@respx.mock
async def test_a_booking_with_a_null_start_is_named_by_its_optime_index(
    settings: Settings,
) -> None:
    """`StartTime: null` on the second page: set aside as booking 103 of room 345, never as
    `Items.1`; the other bookings are read."""
    pages = [
        [_booking(101), _booking(102)],
        [_booking(104), _booking(103, StartTime=None)],
    ]
    route = respx.get(f"{BK}/booker/bookings")
    route.side_effect = lambda request: respx.MockResponse(
        json={"Items": pages[int(request.url.params["page"]) - 1],
              "Page": int(request.url.params["page"]), "PageSize": 2, "TotalCount": 4}
    )  # fmt: skip
    client = _client(settings)
    found = await client.list_bookings(*_WINDOW, settle=False)
    assert [b.optime_index for b in found] == [101, 102, 104]
    (unread,) = client.unread["booking"]
    assert (unread.key, unread.room) == ("103", 345)
    assert unread.problem.startswith("StartTime: ")
    assert "Items" not in unread.problem


@respx.mock
async def test_a_booking_whose_room_cannot_be_read_stops_the_listing(settings: Settings) -> None:
    """A booking with neither start nor room: nothing is known of its room, so the listing
    fails, naming the booking by its OptimeIndex."""
    respx.get(f"{BK}/booker/bookings").respond(
        json={"Items": [_booking(7, RoomOptimeIndex=None, StartTime=None)], "Page": 1,
              "PageSize": 2, "TotalCount": 1}
    )  # fmt: skip
    with pytest.raises(InvalidDataError, match="booking 7 cannot be read, nor its room"):
        await _client(settings).list_bookings(*_WINDOW, settle=False)


@respx.mock
async def test_a_page_that_is_not_a_page_still_fails_whole(settings: Settings) -> None:
    """Items that are not a list: the listing cannot be read as a list; it fails."""
    respx.get(f"{BK}/booker/bookings").respond(
        json={"Items": {"a": 1}, "Page": 1, "PageSize": 2, "TotalCount": 1}
    )
    with pytest.raises(InvalidDataError, match="GET booker/bookings: invalid data at Items"):
        await _client(settings).list_bookings(*_WINDOW, settle=False)
