"""Booker's listing is used only complete: empty, repeated and misdirected pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx
import pytest
import respx

from essm_sync.clients import BookerClient, booker_listing
from essm_sync.errors import ApiError
from essm_sync.settings import Settings
from tests.clients.conftest import BK
from tests.logs import LevelRecorder

START = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
TOTAL = 5  # at two a page: pages 1 and 2 full, page 3 holds one

Pager = Callable[[int, int], tuple[list[int], int]]  # (asked, read) -> (ids, Page echoed)


def _booking(index: int) -> dict[str, object]:
    return {
        "OptimeIndex": index,
        "RoomOptimeIndex": 345,
        "StartTime": "2026-10-08T08:00:00Z",
        "EndTime": "2026-10-08T09:00:00Z",
        "Title": "T",
        "ExternalId": f"termtime:{index}:A",
        "CreatedBy": "essm-sync",
        "Status": "Confirmed",
    }


def _ids(number: int) -> list[int]:
    return list(range(1, TOTAL + 1))[(number - 1) * 2 : number * 2]


def _serve(pager: Pager, total: int = TOTAL) -> respx.Route:
    respx.post(f"{BK}/token").respond(json={"access_token": "tok"})
    asked: dict[int, int] = {}

    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        asked[number] = asked.get(number, 0) + 1
        ids, echoed = pager(number, asked[number])
        body = {
            "Items": [_booking(i) for i in ids],
            "Page": echoed,
            "PageSize": int(request.url.params["pageSize"]),
            "TotalCount": total,
        }
        return httpx.Response(200, json=body)

    return respx.get(f"{BK}/booker/bookings").mock(side_effect=page)


async def _list(settings: Settings) -> tuple[int, ...]:
    client = BookerClient(settings.booker, settings.retry)
    found = await client.list_bookings(START, END, settle=False)
    return tuple(b.optime_index for b in found)


@respx.mock
async def test_a_page_empty_on_every_read_stops_with_one_line_naming_it(
    settings: Settings,
) -> None:
    """Page 2 always empty with the true TotalCount: never a listing missing its bookings,
    an error naming Booker and page 2 once every read fell short."""
    route = _serve(lambda n, _: ([] if n == 2 else _ids(n), n))
    with pytest.raises(ApiError) as caught:
        await _list(settings)
    assert str(caught.value).startswith("Booker GET booker/bookings: page 2 came back empty")
    assert "\n" not in str(caught.value)
    assert route.call_count == 4 * (3 + 2)  # four reads, page 2 asked three times in each


@respx.mock
async def test_a_page_that_came_back_empty_once_is_asked_again(settings: Settings) -> None:
    """An empty page is asked again; the listing returned is whole."""
    _serve(lambda n, read: ([] if n == 2 and read == 1 else _ids(n), n))
    assert await _list(settings) == (1, 2, 3, 4, 5)


@respx.mock
async def test_a_short_last_page_is_asked_again(settings: Settings) -> None:
    """The last page missing its booking once is asked again, not taken as the end."""
    _serve(lambda n, read: ([] if n == 3 and read == 1 else _ids(n), n))
    assert await _list(settings) == (1, 2, 3, 4, 5)


@respx.mock
async def test_a_server_ignoring_page_is_refused_not_read_as_one_page(
    settings: Settings,
) -> None:
    """Every page answered as page 1: an error naming page 2, never page 1 taken as all."""
    _serve(lambda _n, _read: (_ids(1), 1))
    with pytest.raises(ApiError, match="page 2 answered as page 1, on each of 4 reads"):
        await _list(settings)


@respx.mock
async def test_a_repeated_page_echoing_the_page_asked_is_caught_by_the_count(
    settings: Settings,
) -> None:
    """Page 2 serving page 1's bookings under `Page: 2`: the distinct count falls short of
    TotalCount, and the error names page 2 as a repeat of page 1."""
    _serve(lambda n, _: (_ids(1) if n == 2 else _ids(n), n))
    with pytest.raises(ApiError, match=r"page 2 repeated page 1 \(the same bookings\)"):
        await _list(settings)


@respx.mock
async def test_page_one_served_for_every_page_is_named_as_the_repeat_it_is(
    settings: Settings,
) -> None:
    """Page 1's bookings served for every page, each echoing the page asked: the error says
    page 2 repeated page 1, not that the last page held too many bookings."""
    _serve(lambda n, _: (_ids(1), n), total=7)
    with pytest.raises(ApiError, match=r"page 2 repeated page 1 \(the same bookings\), on each"):
        await _list(settings)


@respx.mock
async def test_a_listing_read_again_is_logged_only_at_debug_level(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each read that fell short is a debug event (--verbose), never a warning line before
    the one error line."""
    logged = LevelRecorder()
    monkeypatch.setattr(booker_listing, "_log", logged)
    _serve(lambda n, _: ([] if n == 2 else _ids(n), n))
    with pytest.raises(ApiError):
        await _list(settings)
    assert logged.events == [("debug", "listing.incomplete")] * 4


@respx.mock
async def test_a_repeated_page_on_one_read_is_read_again(settings: Settings) -> None:
    """A repeat on the first read only: the listing is read again and comes out whole."""
    _serve(lambda n, read: (_ids(1) if n == 2 and read == 1 else _ids(n), n))
    assert await _list(settings) == (1, 2, 3, 4, 5)


@respx.mock
async def test_pages_disagreeing_on_the_total_read_the_listing_again(
    settings: Settings,
) -> None:
    """A later page saying another TotalCount (people booking) makes the whole listing be
    read again, not that page alone."""
    respx.post(f"{BK}/token").respond(json={"access_token": "tok"})
    first = {"Items": [_booking(1), _booking(2)], "Page": 1, "PageSize": 2, "TotalCount": 3}
    moved = {"Items": [_booking(3)], "Page": 2, "PageSize": 2, "TotalCount": 4}
    second = {"Items": [_booking(3)], "Page": 2, "PageSize": 2, "TotalCount": 3}
    route = respx.get(f"{BK}/booker/bookings").mock(
        side_effect=[httpx.Response(200, json=body) for body in (first, moved, first, second)]
    )
    assert await _list(settings) == (1, 2, 3)
    assert route.call_count == 4


@respx.mock
async def test_a_listing_of_nothing_is_complete(settings: Settings) -> None:
    """TotalCount 0 and no items is a complete, empty listing after one request."""
    route = _serve(lambda n, _: ([], n), total=0)
    assert await _list(settings) == ()
    assert route.call_count == 1


@respx.mock
async def test_a_page_size_capped_by_the_server_is_followed(settings: Settings) -> None:
    """A server answering one booking a page when asked for two, and saying so in
    `PageSize`, is read page by page to the end."""
    respx.post(f"{BK}/token").respond(json={"access_token": "tok"})

    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        body = {"Items": [_booking(number)], "Page": number, "PageSize": 1, "TotalCount": 3}
        return httpx.Response(200, json=body)

    respx.get(f"{BK}/booker/bookings").mock(side_effect=page)
    assert await _list(settings) == (1, 2, 3)


@respx.mock
async def test_a_lookup_through_an_empty_page_does_not_report_the_booking_missing(
    settings: Settings,
) -> None:
    """A look-up by ExternalId whose only page comes back empty once (TotalCount 1) finds
    the booking on asking again: a lost create is not sent twice."""
    _serve(lambda n, read: ([] if read == 1 else [1], n), total=1)
    client = BookerClient(settings.booker, settings.retry)
    found = await client.list_bookings(START, END, external_id="termtime:1:A", settle=False)
    assert [b.optime_index for b in found] == [1]
