"""The fake Booker enforces its contract: tokens, required parameters, paging, conflicts."""

from __future__ import annotations

import httpx
import pytest

from essm_sync.sandbox import Sandbox, create_booker_app, generate

BASE = "http://bk/api"


@pytest.fixture
def university() -> Sandbox:
    return generate(seed=1, rooms=12)


async def _client(
    university: Sandbox, *, user: str | None = None, password: str | None = None
) -> httpx.AsyncClient:
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(create_booker_app(university.booker)), base_url=BASE
    )
    response = await client.post(
        "/token",
        data={
            "grant_type": "password",
            "username": user or university.username,
            "password": password or university.password,
        },
    )
    client.headers["Authorization"] = "Bearer " + response.json()["access_token"]
    return client


def _room(university: Sandbox) -> dict[str, object]:
    return next(r for r in university.booker.rooms if r["Live"] and r["Bookable"])


def _body(
    room: dict[str, object],
    start: str = "2026-10-08T09:00:00+01:00",
    end: str = "2026-10-08T10:00:00+01:00",
) -> dict[str, object]:
    return {
        "RoomOptimeIndex": room["OptimeIndex"],
        "StartTime": start,
        "EndTime": end,
        "Title": "T",
        "Description": None,
        "BookingType": "Teaching",
        "DepartmentId": None,
        "ExternalId": "termtime:x:y",
    }


async def test_wrong_password_is_invalid_grant(university: Sandbox) -> None:
    """Bad credentials get 400 invalid_grant."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(create_booker_app(university.booker))
    ) as client:
        response = await client.post(
            f"{BASE}/token", data={"grant_type": "password", "username": "x", "password": "y"}
        )
    assert (response.status_code, response.json()["error"]) == (400, "invalid_grant")


async def test_no_token_and_expired_token_are_401(university: Sandbox) -> None:
    """Requests without a token, or with an expired one, are refused."""
    client = await _client(university)
    university.booker.expire_tokens()
    expired = await client.get("/booker/rooms")
    del client.headers["Authorization"]
    missing = await client.get("/booker/rooms")
    assert (expired.status_code, missing.status_code) == (401, 401)


@pytest.mark.parametrize(
    "params",
    [
        {"end": "2026-12-01T00:00:00Z"},
        {"start": "2026-10-01", "end": "2026-12-01"},
        {"start": "2026-10-01T00:00:00", "end": "2026-12-01T00:00:00Z"},
        {"start": "2026-10-01T00:00:00Z", "end": "2026-12-01T00:00:00Z", "pageSize": "501"},
        {"start": "2026-10-01T00:00:00Z", "end": "2026-12-01T00:00:00Z", "page": "0"},
    ],
)
async def test_bookings_query_is_strict(university: Sandbox, params: dict[str, str]) -> None:
    """start and end are required instants with an offset; paging is bounded."""
    client = await _client(university)
    assert (await client.get("/booker/bookings", params=params)).status_code == 400


async def test_paging_and_utc_answers(university: Sandbox) -> None:
    """Pages split the bookings; instants come back in UTC whatever offset was sent."""
    client = await _client(university)
    created = await client.post(
        "/booker/bookings",
        json=_body(_room(university), "2026-10-07T23:30:00+01:00", "2026-10-08T00:30:00+01:00"),
    )
    assert created.status_code == 201
    assert created.json()["StartTime"] == "2026-10-07T22:30:00Z"
    assert created.json()["CreatedBy"] == university.username
    window = {"start": "2026-08-01T00:00:00Z", "end": "2027-08-01T00:00:00Z", "pageSize": "3"}
    first = (await client.get("/booker/bookings", params=window)).json()
    total = first["TotalCount"]
    pages = [
        (await client.get("/booker/bookings", params=window | {"page": str(n)})).json()["Items"]
        for n in range(1, -(-total // 3) + 1)
    ]
    assert sum(len(p) for p in pages) == total == len(university.booker.bookings)


async def test_overlap_is_409_with_the_bookings_in_the_way(university: Sandbox) -> None:
    """A booking over another in the same room gets 409 naming it."""
    client = await _client(university)
    room = _room(university)
    first = (await client.post("/booker/bookings", json=_body(room))).json()
    clash = await client.post(
        "/booker/bookings",
        json=_body(room, "2026-10-08T09:30:00+01:00", "2026-10-08T11:00:00+01:00"),
    )
    assert clash.status_code == 409
    assert clash.json()["ConflictingBookings"] == [first["OptimeIndex"]]


async def test_a_cancelled_booking_no_longer_holds_its_room(university: Sandbox) -> None:
    """A booking over one that was cancelled is accepted (booker-api.md, Status)."""
    client = await _client(university)
    room = _room(university)
    first = (await client.post("/booker/bookings", json=_body(room))).json()
    university.booker.bookings[first["OptimeIndex"]].status = "Cancelled"
    over = await client.post(
        "/booker/bookings",
        json=_body(room, "2026-10-08T09:30:00+01:00", "2026-10-08T11:00:00+01:00"),
    )
    assert over.status_code == 201


async def test_server_fields_and_bad_rooms_are_refused(university: Sandbox) -> None:
    """POST with OptimeIndex, or into a room that is not bookable, is a 400."""
    client = await _client(university)
    with_index = await client.post(
        "/booker/bookings", json=_body(_room(university)) | {"OptimeIndex": 5}
    )
    closed = next(r for r in university.booker.rooms if not r["Bookable"] or not r["Live"])
    not_bookable = await client.post("/booker/bookings", json=_body(closed))
    assert with_index.status_code == 400
    assert "OptimeIndex" in with_index.json()["Errors"]
    assert not_bookable.status_code == 400


async def test_peoples_bookings_cannot_be_changed_by_the_sync(university: Sandbox) -> None:
    """PUT or DELETE of a booking someone else made is 403; a missing one is 404."""
    client = await _client(university)
    theirs = next(
        b for b in university.booker.bookings.values() if b.created_by != university.username
    )
    room = university.booker.room(theirs.room)
    assert room is not None
    put = await client.put(f"/booker/bookings/{theirs.id}", json=_body(room))
    delete = await client.delete(f"/booker/bookings/{theirs.id}")
    missing = await client.delete("/booker/bookings/1")
    assert (put.status_code, delete.status_code, missing.status_code) == (403, 403, 404)
    assert theirs.id in university.booker.bookings


async def test_put_needs_the_whole_booking(university: Sandbox) -> None:
    """A PUT missing a field, server-set ones included, is a 400; the whole booking as read,
    changed, replaces it (booker-api.md)."""
    client = await _client(university)
    room = _room(university)
    made = (await client.post("/booker/bookings", json=_body(room))).json()
    partial = await client.put(f"/booker/bookings/{made['OptimeIndex']}", json={"Title": "x"})
    without_server_fields = await client.put(
        f"/booker/bookings/{made['OptimeIndex']}", json=_body(room) | {"Title": "New"}
    )
    whole = await client.put(
        f"/booker/bookings/{made['OptimeIndex']}", json=made | {"Title": "New"}
    )
    assert partial.status_code == 400
    assert without_server_fields.status_code == 400
    assert set(without_server_fields.json()["Errors"]) == {"OptimeIndex", "CreatedBy", "Status"}
    assert whole.json()["Title"] == "New"
