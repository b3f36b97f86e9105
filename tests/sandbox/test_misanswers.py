"""The fake Booker's wrong answers, read by hand: each is what it says, and off by default."""

from __future__ import annotations

import httpx
import pytest

from essm_sync.sandbox import Faults, Sandbox, create_booker_app, generate

BASE = "http://bk/api"
WINDOW = {"start": "2026-09-01T00:00:00Z", "end": "2027-08-01T00:00:00Z", "pageSize": "2"}


@pytest.fixture
def university() -> Sandbox:
    return generate(seed=1, rooms=12)


async def _client(university: Sandbox, faults: Faults) -> httpx.AsyncClient:
    app = create_booker_app(university.booker, faults)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=BASE)
    response = await client.post(
        "/token",
        data={
            "grant_type": "password",
            "username": university.username,
            "password": university.password,
        },
    )
    client.headers["Authorization"] = "Bearer " + response.json()["access_token"]
    return client


async def _page(client: httpx.AsyncClient, number: int) -> dict[str, object]:
    response = await client.get("/booker/bookings", params={**WINDOW, "page": str(number)})
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


def _ids(body: dict[str, object]) -> list[object]:
    items = body["Items"]
    assert isinstance(items, list)
    return [item["OptimeIndex"] for item in items]


async def test_with_no_fault_on_page_two_is_page_two(university: Sandbox) -> None:
    """Faults all off: page 2 answers as page 2 with the next two bookings."""
    client = await _client(university, Faults())
    first, second = await _page(client, 1), await _page(client, 2)
    assert (second["Page"], len(_ids(second))) == (2, 2)
    assert not set(_ids(first)) & set(_ids(second))


async def test_an_empty_page_keeps_the_true_total(university: Sandbox) -> None:
    """An empty page has no items but the same TotalCount and Page as a right one."""
    calm = await _page(await _client(university, Faults()), 2)
    empty = await _page(await _client(university, Faults(empty_page_rate=1.0)), 2)
    assert (empty["Items"], empty["Page"], empty["TotalCount"]) == ([], 2, calm["TotalCount"])


async def test_a_repeated_page_is_the_one_before_under_the_number_asked(
    university: Sandbox,
) -> None:
    """Page 3 repeated: page 2's bookings, `Page: 3`."""
    calm = await _page(await _client(university, Faults()), 2)
    repeated = await _page(await _client(university, Faults(repeat_page_rate=1.0)), 3)
    assert (_ids(repeated), repeated["Page"]) == (_ids(calm), 3)


async def test_an_ignored_page_is_page_one_as_itself(university: Sandbox) -> None:
    """`page` ignored: page 1's bookings, `Page: 1`, whatever was asked."""
    calm = await _page(await _client(university, Faults()), 1)
    ignored = await _page(await _client(university, Faults(ignore_page_rate=1.0)), 4)
    assert (_ids(ignored), ignored["Page"]) == (_ids(calm), 1)


async def test_a_create_answered_with_a_message_is_stored(university: Sandbox) -> None:
    """The create is stored, but the answer is 200 with a message and no booking."""
    client = await _client(university, Faults(unanswered_create_rate=1.0))
    room = next(r for r in university.booker.rooms if r["Live"] and r["Bookable"])
    before = len(university.booker.bookings)
    response = await client.post(
        "/booker/bookings",
        json={
            "RoomOptimeIndex": room["OptimeIndex"],
            "StartTime": "2027-07-20T09:00:00+01:00",
            "EndTime": "2027-07-20T10:00:00+01:00",
            "Title": "T",
            "ExternalId": "termtime:x:y",
        },
    )
    assert (response.status_code, response.json()) == (
        200,
        {"Message": "The request was processed."},
    )
    assert len(university.booker.bookings) == before + 1
