"""The fake TermTime's room bookings follow §27: parameters, queryBy, answers, timetables."""

from __future__ import annotations

import httpx
import pytest

from essm_sync.sandbox import Sandbox, create_termtime_app, generate

BASE = "http://tt/v1/api"
CODE = "booker:5:2026-10-14"
PATH = "/roombooking/booker%3A5%3A2026-10-14"


@pytest.fixture
def university() -> Sandbox:
    return generate(seed=1, rooms=12, messy=False)


def _client(university: Sandbox) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(create_termtime_app(university.termtime)),
        base_url=BASE,
        headers={"Authorization": "k" + university.api_key},
    )


def _fields(university: Sandbox, **changes: str) -> dict[str, str]:
    room = sorted(university.termtime.rooms)[0]
    fields = {"des": "Society meeting", "day": "2", "time": "18:30", "du": "02:00",
              "pat": "2026-W42", "owner": "ESSMSYNC", "rooms": room, "state": "0"}  # fmt: skip
    return fields | changes


async def test_create_answers_code_0_and_is_listed_by_its_code(university: Sandbox) -> None:
    """POST answers `{"code": 0}`; the booking is listed with the read names (days, weeks)."""
    async with _client(university) as client:
        answer = await client.post(PATH, params=_fields(university))
        listed = (await client.get("/roombookings")).json()
    assert answer.status_code == 200
    assert answer.json()["code"] == 0
    (found,) = [b for b in listed if b["code"] == CODE]
    assert (found["days"], found["weeks"], found["time"], found["du"], found["state"]) == (
        "2", "2026-W42", "18:30", "02:00", "Approved",
    )  # fmt: skip


@pytest.mark.parametrize("missing", ["des", "day", "time", "du", "pat", "owner"])
async def test_create_without_a_required_parameter_is_102(
    university: Sandbox, missing: str
) -> None:
    """Every parameter §27.4 marks required must be sent: 102 otherwise."""
    fields = _fields(university)
    del fields[missing]
    async with _client(university) as client:
        answer = await client.post(PATH, params=fields)
    assert (answer.status_code, answer.json()["code"]) == (400, 102)


@pytest.mark.parametrize(
    "change",
    [{"des": "x" * 201}, {"type": "TOOLONG"}, {"pat": "2026-42"}, {"time": "7pm"},
     {"du": "25:00"}, {"day": "7"}, {"state": "2"}],
)  # fmt: skip
async def test_create_with_a_bad_value_is_109(university: Sandbox, change: dict[str, str]) -> None:
    """Lengths and formats are enforced: 109 for each value §27.4 does not allow."""
    async with _client(university) as client:
        answer = await client.post(PATH, params=_fields(university, **change))
    assert (answer.status_code, answer.json()["code"]) == (400, 109)


async def test_unknown_room_is_106(university: Sandbox) -> None:
    """A room code TermTime does not hold is 106."""
    async with _client(university) as client:
        answer = await client.post(PATH, params=_fields(university, rooms="NOWHERE"))
    assert answer.json()["code"] == 106


async def test_by_code_needs_query_by_code(university: Sandbox) -> None:
    """GET, PUT and DELETE take an id unless `queryBy=code`; an unknown code is 106."""
    async with _client(university) as client:
        await client.post(PATH, params=_fields(university))
        by_id_default = await client.get(PATH)
        by_code = await client.get(PATH, params={"queryBy": "code"})
        unknown = await client.get("/roombooking/booker%3A9", params={"queryBy": "code"})
        update = await client.put(PATH, params={"queryBy": "code", "des": "Moved", "du": "24:00"})
        after = (await client.get(PATH, params={"queryBy": "code"})).json()
        delete = await client.delete(PATH, params={"queryBy": "code"})
        again = await client.delete(PATH, params={"queryBy": "code"})
    assert by_id_default.json()["code"] == 109
    assert by_code.json()["code"] == CODE
    assert unknown.json()["code"] == 106
    assert (update.status_code, after["des"], after["du"]) == (200, "Moved", "24:00")
    assert (delete.status_code, again.json()["code"]) == (200, 106)


async def test_pending_switch_keeps_new_bookings_pending(university: Sandbox) -> None:
    """With the switch on, a booking sent with state=0 is still listed Pending."""
    university.termtime.pending_room_bookings = True
    async with _client(university) as client:
        await client.post(PATH, params=_fields(university))
        found = (await client.get(PATH, params={"queryBy": "code"})).json()
    assert found["state"] == "Pending"


async def test_room_bookings_are_served_as_booking_items(university: Sandbox) -> None:
    """A room booking shows in its room's timetable as a bookingItem carrying its id."""
    fields = _fields(university)
    async with _client(university) as client:
        await client.post(PATH, params=fields)
        booking = (await client.get(PATH, params={"queryBy": "code"})).json()
        answer = await client.get(
            f"/timetable/room/{fields['rooms']}",
            params={"start": "2026-10-14", "end": "2026-10-14"},
        )
    (day,) = answer.json()["schedule"]
    (item,) = [i for i in day["bookingItems"] if i["bookingId"] == str(booking["id"])]
    assert (item["startTime"], item["endTime"], item["bookingDescription"]) == (
        "18:30", "20:30", "Society meeting",
    )  # fmt: skip
