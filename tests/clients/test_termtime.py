"""The TermTime client sends exactly what the API names and maps every answer."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
import respx

from essm_sync.clients import TermTimeClient
from essm_sync.errors import (
    AuthError,
    InUseError,
    InvalidDataError,
    NotFoundError,
    RejectedError,
    TransientError,
)
from essm_sync.models import Capacity, RoomFields
from essm_sync.settings import Settings
from tests.clients.conftest import KEY, TT

FIELDS = RoomFields(
    name="LR1",
    floor="Ground",
    building="Mill Lane",
    campus="Central",
    department="UAS",
    capacities=(Capacity(code="LEC", cap=120),),
)


def _client(settings: Settings) -> TermTimeClient:
    return TermTimeClient(settings.termtime, settings.retry)


@respx.mock
async def test_key_goes_in_the_header_never_the_url(settings: Settings) -> None:
    """Every request carries `Authorization: k<key>` and no `key=` parameter."""
    route = respx.get(f"{TT}/ping").respond(
        json={"ping": 1, "version": "7.7.0", "database": "LIVE", "user": "api"}
    )
    ping = await _client(settings).ping()
    request = route.calls.last.request
    assert request.headers["Authorization"] == f"k{KEY}"
    assert "key" not in request.url.params
    assert ping.database == "LIVE"


@respx.mock
async def test_room_create_puts_fields_in_the_query_and_capacities_in_the_body(
    settings: Settings,
) -> None:
    """POST room/{c} sends n, f, b, cam, dc as query parameters and [{code, val}] as JSON."""
    route = respx.post(f"{TT}/room/MIL%2FLR1").respond(json={"code": 0, "message": "ok"})
    await _client(settings).create_room(code="MIL/LR1", fields=FIELDS)
    request = route.calls.last.request
    assert dict(request.url.params) == {
        "n": "LR1",
        "f": "Ground",
        "b": "Mill Lane",
        "cam": "Central",
        "dc": "UAS",
    }
    assert json.loads(request.content) == [{"code": "LEC", "val": 120}]


@respx.mock
async def test_room_update_sends_only_what_differs_with_dn(settings: Settings) -> None:
    """PUT room/{c} names the department `dn` and leaves unchanged fields out."""
    route = respx.put(f"{TT}/room/LR1").respond(200)
    after = FIELDS.model_copy(update={"department": "ENG"})
    await _client(settings).update_room(code="LR1", before=FIELDS, after=after)
    request = route.calls.last.request
    assert dict(request.url.params) == {"dn": "ENG"}
    assert request.content == b""


@respx.mock
async def test_retire_sends_td_1(settings: Settings) -> None:
    """Marking for deletion is PUT room/{c}?td=1."""
    route = respx.put(f"{TT}/room/LR1", params={"td": "1"}).respond(200)
    await _client(settings).retire_room(code="LR1")
    assert route.called


@respx.mock
async def test_building_routes_address_by_code(settings: Settings) -> None:
    """Buildings and floors are created with queryBy=Code, the name in the path."""
    building = respx.post(f"{TT}/building/Mill%20Lane/CEN").respond(
        json={"code": 0, "message": ""}
    )
    floor = respx.post(f"{TT}/floor/Ground/MIL/CEN").respond(json={"code": 0, "message": ""})
    client = _client(settings)
    await client.create_building(code="MIL", name="Mill Lane", campus_code="CEN")
    await client.create_floor(code="MIL-G", name="Ground", building_code="MIL", campus_code="CEN")
    assert dict(building.calls.last.request.url.params) == {"code": "MIL", "queryBy": "Code"}
    assert dict(floor.calls.last.request.url.params) == {"code": "MIL-G", "queryBy": "Code"}


@respx.mock
async def test_timetable_sends_dates(settings: Settings) -> None:
    """The timetable is asked for with start and end as YYYY-MM-DD."""
    route = respx.get(f"{TT}/timetable/room/LR1").respond(json={"schedule": []})
    await _client(settings).get_timetable(
        "LR1", dt.date(2026, 10, 1), dt.date(2026, 12, 18), kinds=("activities",)
    )
    assert dict(route.calls.last.request.url.params) == {
        "start": "2026-10-01",
        "end": "2026-12-18",
    }


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (401, 101, AuthError),
        (401, 108, AuthError),
        (401, 110, AuthError),
        (400, 106, NotFoundError),
        (400, 102, RejectedError),
        (400, 109, RejectedError),
        (400, 114, InUseError),
    ],
)
@respx.mock
async def test_error_codes_map_onto_the_tree(
    settings: Settings, status: int, code: int, error: type[Exception]
) -> None:
    """The error class follows the body's code, and is not retried."""
    route = respx.put(f"{TT}/room/LR1").respond(status, json={"code": code, "message": "no"})
    with pytest.raises(error) as caught:
        await _client(settings).retire_room(code="LR1")
    assert str(caught.value) == f"TermTime PUT room/LR1: error {code}: no"
    assert route.call_count == 1


@respx.mock
async def test_transient_failures_are_retried(settings: Settings) -> None:
    """A 503, then a 500 with code 105, then success: three calls, one result."""
    route = respx.get(f"{TT}/rooms").mock(
        side_effect=[
            httpx.Response(503),
            httpx.Response(500, json={"code": 105, "message": "x"}),
            httpx.Response(200, json=[]),
        ]
    )
    assert await _client(settings).list_rooms() == ()
    assert route.call_count == 3


@respx.mock
async def test_retries_are_bounded(settings: Settings) -> None:
    """A system that keeps failing gives TransientError after the configured attempts."""
    route = respx.get(f"{TT}/rooms").respond(503)
    with pytest.raises(TransientError, match="TermTime GET rooms: HTTP 503"):
        await _client(settings).list_rooms()
    assert route.call_count == settings.retry.attempts


@respx.mock
async def test_html_with_200_is_invalid_data(settings: Settings) -> None:
    """A login page served with 200 is reported as invalid JSON, naming the endpoint."""
    respx.get(f"{TT}/timetable/room/LR1").respond(200, text="<html>Sign in</html>")
    with pytest.raises(InvalidDataError) as caught:
        await _client(settings).get_timetable(
            "LR1", dt.date(2026, 10, 1), dt.date(2026, 10, 2), kinds=("activities",)
        )
    assert (
        str(caught.value) == "TermTime GET timetable/room/LR1: invalid JSON in the response body"
    )


@respx.mock
async def test_a_mistyped_field_sets_its_room_aside_naming_it(settings: Settings) -> None:
    """A capacity that is not a number: that room is set aside by code and field, the
    others are read."""
    respx.get(f"{TT}/rooms").respond(
        json=[{"c": "A", "n": "A", "rc": [{"code": "LEC", "cap": "lots"}]}, {"c": "B", "n": "B"}]
    )
    client = _client(settings)
    assert [room.code for room in await client.list_rooms()] == ["B"]
    (unread,) = client.unread["room"]
    assert (unread.system, unread.key) == ("TermTime", "A")
    assert unread.problem.startswith("rc.0.cap: ")


@respx.mock
async def test_rooms_that_are_not_a_list_are_invalid_data(settings: Settings) -> None:
    """An answer that is not a list of rooms fails as a whole."""
    respx.get(f"{TT}/rooms").respond(json={"c": "A"})
    with pytest.raises(InvalidDataError, match="TermTime GET rooms: invalid data"):
        await _client(settings).list_rooms()


@respx.mock
async def test_empty_body_is_invalid_data(settings: Settings) -> None:
    """An empty 200 body is refused."""
    respx.get(f"{TT}/campuses").respond(200, content=b"")
    with pytest.raises(InvalidDataError, match="empty response body"):
        await _client(settings).list_campuses()


@respx.mock
async def test_lost_create_is_looked_up_before_repeating(settings: Settings) -> None:
    """A room create whose answer was lost is not sent again once GET shows it landed."""
    create = respx.post(f"{TT}/room/LR1").mock(side_effect=httpx.ReadError("cut"))
    lookup = respx.get(f"{TT}/room/LR1").respond(json={"c": "LR1", "n": "LR1"})
    await _client(settings).create_room(code="LR1", fields=FIELDS)
    assert (create.call_count, lookup.call_count) == (1, 1)


@respx.mock
async def test_lost_create_that_did_not_land_is_repeated(settings: Settings) -> None:
    """When the lookup finds nothing (106), the create is sent again."""
    create = respx.post(f"{TT}/room/LR1").mock(
        side_effect=[
            httpx.RemoteProtocolError("cut off before the answer"),
            httpx.Response(200, json={"code": 0, "message": ""}),
        ]
    )
    respx.get(f"{TT}/room/LR1").respond(400, json={"code": 106, "message": "none"})
    await _client(settings).create_room(code="LR1", fields=FIELDS)
    assert create.call_count == 2


@respx.mock
async def test_update_building_names_the_campus_in_the_path(settings: Settings) -> None:
    """§8.3: the building by code (queryBy=Code), the campus segment by name."""
    route = respx.put(f"{TT}/building/MIL/Central%20Site").respond(200)
    await _client(settings).update_building(
        code="MIL", campus="Central Site", name="Mill Lane", new_campus_code=None
    )
    assert dict(route.calls.last.request.url.params) == {"queryBy": "Code", "n": "Mill Lane"}
