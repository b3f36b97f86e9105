"""The TermTime client's room-booking calls send what §27 names and read answers tolerantly."""

from __future__ import annotations

import httpx
import pytest
import respx

from essm_sync.clients import TermTimeClient
from essm_sync.errors import InvalidDataError, RejectedError
from essm_sync.models import RoomBookingFields
from essm_sync.settings import Settings
from tests.clients.conftest import KEY, TT

FIELDS = RoomBookingFields(
    des="Society meeting", day="2", time="18:30", du="02:00", pat="2026-W42", rooms="LR1"
)
CODE = "booker:901:2026-10-14"
PATH = f"{TT}/roombooking/booker%3A901%3A2026-10-14"
CREATED = {"code": 0, "message": "Room booking created"}


def _client(settings: Settings) -> TermTimeClient:
    return TermTimeClient(settings.termtime, settings.retry)


async def _create(settings: Settings, *, type_code: str = "") -> None:
    await _client(settings).create_room_booking(
        code=CODE, fields=FIELDS, owner="ESSMSYNC", type_code=type_code,
        notes="Booker booking 901",
    )  # fmt: skip


@respx.mock
async def test_create_sends_every_required_field_in_the_query(settings: Settings) -> None:
    """POST roombooking/{code} carries des, day, time, du, pat, owner, state=0, cap=1,
    rooms and notes; the code is the path; the key travels in the header."""
    route = respx.post(PATH).respond(json=CREATED)
    await _create(settings)
    request = route.calls.last.request
    assert dict(request.url.params) == {
        "des": "Society meeting", "day": "2", "time": "18:30", "du": "02:00",
        "pat": "2026-W42", "rooms": "LR1", "owner": "ESSMSYNC", "state": "0", "cap": "1",
        "notes": "Booker booking 901",
    }  # fmt: skip
    assert request.headers["Authorization"] == f"k{KEY}"


@respx.mock
async def test_create_sends_the_type_only_when_set(settings: Settings) -> None:
    """The room-booking type is sent only when `roombookings.type` names one."""
    route = respx.post(PATH).respond(json=CREATED)
    await _create(settings, type_code="EXT")
    assert route.calls.last.request.url.params["type"] == "EXT"


@respx.mock
async def test_update_and_delete_address_the_booking_by_code(settings: Settings) -> None:
    """PUT and DELETE roombooking/{code} send queryBy=code; PUT sends the compared fields."""
    put = respx.put(PATH).respond(200)
    delete = respx.delete(PATH).respond(200)
    client = _client(settings)
    await client.update_room_booking(code=CODE, fields=FIELDS)
    assert await client.delete_room_booking(code=CODE) is True
    assert dict(put.calls.last.request.url.params) == {
        "queryBy": "code", "des": "Society meeting", "day": "2", "time": "18:30",
        "du": "02:00", "pat": "2026-W42", "rooms": "LR1",
    }  # fmt: skip
    assert dict(delete.calls.last.request.url.params) == {"queryBy": "code"}


@respx.mock
async def test_delete_of_an_unknown_code_is_already_gone(settings: Settings) -> None:
    """A delete answered 106 (no such object) reports the booking as already gone."""
    respx.delete(PATH).respond(400, json={"code": 106, "message": "No room booking"})
    assert await _client(settings).delete_room_booking(code=CODE) is False


@respx.mock
async def test_lost_create_is_looked_up_by_code_before_repeating(settings: Settings) -> None:
    """A create whose answer was lost is not sent again once GET by code shows it landed."""
    create = respx.post(PATH).mock(side_effect=httpx.ReadError("cut"))
    lookup = respx.get(PATH).respond(json={"id": 7, "code": CODE})
    await _create(settings)
    assert (create.call_count, lookup.call_count) == (1, 1)
    assert lookup.calls.last.request.url.params["queryBy"] == "code"


@respx.mock
async def test_lost_create_that_did_not_land_is_sent_again(settings: Settings) -> None:
    """When the lookup by code finds nothing (106), the create is sent once more."""
    create = respx.post(PATH).mock(
        side_effect=[httpx.RemoteProtocolError("cut"), httpx.Response(200, json=CREATED)]
    )
    respx.get(PATH).respond(400, json={"code": 106, "message": "none"})
    await _create(settings)
    assert create.call_count == 2


@respx.mock
async def test_unreadable_create_answer_that_landed_counts_as_created(settings: Settings) -> None:
    """A 200 without a readable body is looked up by code and counts as created if found."""
    respx.post(PATH).respond(200, text="<html>ok</html>")
    respx.get(PATH).respond(json={"id": 7, "code": CODE})
    await _create(settings)


@respx.mock
async def test_unreadable_create_answer_that_did_not_land_fails(settings: Settings) -> None:
    """A 200 without a readable body, and no such booking after, is invalid data."""
    respx.post(PATH).respond(200, text="<html>ok</html>")
    respx.get(PATH).respond(400, json={"code": 106, "message": "none"})
    with pytest.raises(InvalidDataError):
        await _create(settings)


@respx.mock
async def test_refused_create_is_rejected_naming_the_code(settings: Settings) -> None:
    """A 109 answer to a create is one rejected change, naming the room booking's path."""
    respx.post(PATH).respond(400, json={"code": 109, "message": "des too long"})
    respx.get(PATH).respond(400, json={"code": 106, "message": "none"})
    with pytest.raises(RejectedError, match="roombooking/booker%3A901"):
        await _create(settings)


@respx.mock
async def test_listing_reads_owned_records_tolerantly(settings: Settings) -> None:
    """GET roombookings reads the sync's own by their compared fields, in either spelling,
    keeps only code and id of the others, and names an owned record it cannot read."""
    respx.get(f"{TT}/roombookings").respond(
        json=[
            {"id": 1, "code": CODE, "des": None, "days": "2", "time": "9:00:00", "du": "1:30",
             "weeks": "2026-W42", "rooms": "X", "rooms.json": ["LR1"], "state": "Pending",
             "cap": "lots", "offer": None},
            {"id": 2, "code": "TT-77", "des": 5, "time": "nonsense"},
            {"id": 3, "code": "booker:902:2026-10-15", "time": "25:00", "du": "01:00"},
        ]
    )  # fmt: skip
    found = await _client(settings).list_room_bookings()
    (owned,) = found.owned
    assert owned.fields == RoomBookingFields(
        des="", day="2", time="09:00", du="01:30", pat="2026-W42", rooms="LR1"
    )
    assert [(o.id, o.code) for o in found.others] == [("2", "TT-77")]
    assert [u.code for u in found.unread] == ["booker:902:2026-10-15"]
    assert "time" in found.unread[0].problem


@respx.mock
async def test_listing_that_is_not_a_list_is_invalid_data(settings: Settings) -> None:
    """An answer to GET roombookings that is not an array stops the stage, as invalid data."""
    respx.get(f"{TT}/roombookings").respond(json={"code": 0})
    with pytest.raises(InvalidDataError, match="GET roombookings"):
        await _client(settings).list_room_bookings()
