"""The Booker client: token, one re-authentication, paging, conflicts, safe retries."""

from __future__ import annotations

import datetime as dt
import json

import anyio
import httpx
import pytest
import respx

from essm_sync.clients import BookerClient
from essm_sync.errors import ApiError, AuthError, ConflictError, InvalidDataError, RejectedError
from essm_sync.models import BookingDraft
from essm_sync.settings import Settings
from tests.clients.conftest import BK

START = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
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


def _booking(index: int, **extra: object) -> dict[str, object]:
    return {
        "OptimeIndex": index,
        "RoomOptimeIndex": 345,
        "StartTime": "2026-10-08T08:00:00Z",
        "EndTime": "2026-10-08T09:00:00Z",
        "Title": "T",
        "ExternalId": "termtime:1:A",
        "CreatedBy": "essm-sync",
        "Status": "Confirmed",
        **extra,
    }


def _token(value: str = "tok-1") -> respx.Route:
    return respx.post(f"{BK}/token").respond(
        json={"access_token": value, "token_type": "bearer", "expires_in": 1799}
    )


@respx.mock
async def test_password_grant_then_bearer(settings: Settings) -> None:
    """The token is fetched with a form-encoded password grant, then sent as Bearer."""
    token = _token()
    sites = respx.get(f"{BK}/booker/sites").respond(
        json=[{"OptimeIndex": 1, "Id": "CEN", "Name": "Central"}]
    )
    await BookerClient(settings.booker, settings.retry).list_sites()
    form = token.calls.last.request.content.decode()
    assert form == "grant_type=password&username=essm-sync&password=pw-secret"
    assert sites.calls.last.request.headers["Authorization"] == "Bearer tok-1"


@respx.mock
async def test_bad_credentials_are_one_auth_error(settings: Settings) -> None:
    """400 invalid_grant is an AuthError that never repeats the password."""
    respx.post(f"{BK}/token").respond(400, json={"error": "invalid_grant"})
    with pytest.raises(AuthError) as caught:
        await BookerClient(settings.booker, settings.retry).authenticate()
    assert str(caught.value) == "Booker POST token: the user name or password was refused"


@respx.mock
async def test_expired_token_is_renewed_once(settings: Settings) -> None:
    """A 401 renews the token and repeats the request with the new one."""
    respx.post(f"{BK}/token").mock(
        side_effect=[
            httpx.Response(200, json={"access_token": "old"}),
            httpx.Response(200, json={"access_token": "new"}),
        ]
    )
    sites = respx.get(f"{BK}/booker/sites").mock(
        side_effect=[httpx.Response(401), httpx.Response(200, json=[])]
    )
    assert await BookerClient(settings.booker, settings.retry).list_sites() == ()
    assert [c.request.headers["Authorization"] for c in sites.calls] == [
        "Bearer old",
        "Bearer new",
    ]


@respx.mock
async def test_second_401_is_a_hard_error(settings: Settings) -> None:
    """A 401 with a fresh token is an AuthError, not a loop."""
    _token()
    respx.get(f"{BK}/booker/sites").respond(401, json={"Message": "denied"})
    with pytest.raises(AuthError, match="HTTP 401"):
        await BookerClient(settings.booker, settings.retry).list_sites()


@respx.mock
async def test_all_pages_are_read(settings: Settings) -> None:
    """Five bookings at two a page are read as three pages, twice to see them settled."""
    _token()

    def page(request: httpx.Request) -> httpx.Response:
        number, size = int(request.url.params["page"]), int(request.url.params["pageSize"])
        items = [_booking(i) for i in range(1, 6)][(number - 1) * size : number * size]
        return httpx.Response(
            200, json={"Items": items, "Page": number, "PageSize": size, "TotalCount": 5}
        )

    route = respx.get(f"{BK}/booker/bookings").mock(side_effect=page)
    found = await BookerClient(settings.booker, settings.retry).list_bookings(START, END)
    assert [b.optime_index for b in found] == [1, 2, 3, 4, 5]
    assert route.call_count == 6
    params = route.calls[0].request.url.params
    assert (params["start"], params["end"]) == (
        "2026-10-01T00:00:00+00:00",
        "2026-12-01T00:00:00+00:00",
    )


@respx.mock
async def test_a_booking_listed_on_two_pages_is_returned_once(settings: Settings) -> None:
    """A read whose pages shifted repeats a booking and misses one: it is read again, and
    the complete read's bookings are returned once each."""
    _token()
    reads = iter([{1: [1, 2], 2: [2, 3]}, {1: [1, 2], 2: [3, 4]}])
    pages: dict[int, list[int]] = {}

    def page(request: httpx.Request) -> httpx.Response:
        nonlocal pages
        number = int(request.url.params["page"])
        if number == 1:
            pages = next(reads)
        items = [_booking(i) for i in pages[number]]
        body = {"Items": items, "Page": number, "PageSize": 2, "TotalCount": 4}
        return httpx.Response(200, json=body)

    respx.get(f"{BK}/booker/bookings").mock(side_effect=page)
    client = BookerClient(settings.booker, settings.retry)
    found = await client.list_bookings(START, END, settle=False)
    assert [b.optime_index for b in found] == [1, 2, 3, 4]
    assert client.incomplete_reads == 1


@respx.mock
async def test_a_cancel_and_a_booking_while_paging_are_read_until_settled(
    settings: Settings,
) -> None:
    """A person cancels one booking and makes another between two pages (total unchanged):
    the shifted read is not trusted; the listing is read until two reads agree."""
    _token()
    listings = iter([[1, 2, 3, 4], [2, 3, 4, 5], [2, 3, 4, 5], [2, 3, 4, 5]])
    current: list[int] = []

    def page(request: httpx.Request) -> httpx.Response:
        nonlocal current
        number = int(request.url.params["page"])
        if number == 1:
            current = next(listings)
        shown = current
        if number == 2 and current == [1, 2, 3, 4]:
            shown = [2, 4, 5, 6]  # booking 1 cancelled, 5 made: page 2 shifted, 3 missed
        items = [_booking(i) for i in shown][(number - 1) * 2 : number * 2]
        body = {"Items": items, "Page": number, "PageSize": 2, "TotalCount": 4}
        return httpx.Response(200, json=body)

    route = respx.get(f"{BK}/booker/bookings").mock(side_effect=page)
    client = BookerClient(settings.booker, settings.retry)
    found = await client.list_bookings(START, END)
    assert [b.optime_index for b in found] == [2, 3, 4, 5]
    assert route.call_count == 6
    assert client.unsettled_reads == 1


@respx.mock
async def test_a_listing_that_never_settles_stops_with_an_error(settings: Settings) -> None:
    """Bookings changing on every read: after four reads, an error rather than a guess."""
    _token()
    made = iter(range(100, 200))

    def page(request: httpx.Request) -> httpx.Response:
        body = {"Items": [_booking(next(made))], "Page": 1, "PageSize": 2, "TotalCount": 1}
        return httpx.Response(200, json=body)

    route = respx.get(f"{BK}/booker/bookings").mock(side_effect=page)
    with pytest.raises(ApiError, match="changed on each of 4 reads"):
        await BookerClient(settings.booker, settings.retry).list_bookings(START, END)
    assert route.call_count == 4


@respx.mock
async def test_an_implausible_total_is_refused_before_reading_on(settings: Settings) -> None:
    """A TotalCount of 10^9 is not paged through (nor allocated for): one request, an error."""
    _token()
    body = {"Items": [], "Page": 1, "PageSize": 2, "TotalCount": 10**9}
    route = respx.get(f"{BK}/booker/bookings").respond(json=body)
    with pytest.raises(InvalidDataError, match="TotalCount 1000000000 is implausible"):
        await BookerClient(settings.booker, settings.retry).list_bookings(START, END)
    assert route.call_count == 1


@respx.mock
async def test_conflict_carries_the_bookings_in_the_way(settings: Settings) -> None:
    """409 becomes ConflictError with the conflicting OptimeIndexes, not retried."""
    _token()
    route = respx.post(f"{BK}/booker/bookings").respond(
        409, json={"Message": "taken", "ConflictingBookings": [77, 78]}
    )
    with pytest.raises(ConflictError) as caught:
        await BookerClient(settings.booker, settings.retry).create_booking(DRAFT)
    assert caught.value.conflicting == (77, 78)
    assert route.call_count == 1


@respx.mock
async def test_validation_error_names_fields_and_is_not_retried(settings: Settings) -> None:
    """400 names the refused fields and is sent once."""
    _token()
    route = respx.put(f"{BK}/booker/bookings/5").respond(
        400, json={"Message": "invalid", "Errors": {"Title": ["is required"]}}
    )
    with pytest.raises(RejectedError, match=r"HTTP 400: invalid \(Title\)"):
        await BookerClient(settings.booker, settings.retry).update_booking(5, DRAFT)
    assert route.call_count == 1


@respx.mock
async def test_rate_limit_is_retried(settings: Settings) -> None:
    """429 with Retry-After is retried until it passes."""
    _token()
    route = respx.get(f"{BK}/booker/rooms").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "2"}),
            httpx.Response(200, json=[]),
        ]
    )
    assert await BookerClient(settings.booker, settings.retry).list_rooms() == ()
    assert route.call_count == 2


@respx.mock
async def test_lost_create_is_found_by_external_id_not_duplicated(settings: Settings) -> None:
    """A POST whose answer was lost is followed by a lookup, and not sent again."""
    _token()
    post = respx.post(f"{BK}/booker/bookings").mock(side_effect=httpx.RemoteProtocolError("cut"))
    lookup = respx.get(f"{BK}/booker/bookings").respond(
        json={"Items": [_booking(42)], "Page": 1, "PageSize": 2, "TotalCount": 1}
    )
    made = await BookerClient(settings.booker, settings.retry).create_booking(DRAFT)
    assert made.optime_index == 42
    assert post.call_count == 1
    assert lookup.calls.last.request.url.params["externalId"] == "termtime:1:A"


@respx.mock
async def test_create_sends_the_draft_without_server_fields(settings: Settings) -> None:
    """The POST body has no OptimeIndex, CreatedBy or Status."""
    _token()
    post = respx.post(f"{BK}/booker/bookings").respond(201, json=_booking(9))
    await BookerClient(settings.booker, settings.retry).create_booking(DRAFT)
    body = json.loads(post.calls.last.request.content)
    assert not {"OptimeIndex", "CreatedBy", "Status"} & set(body)


@respx.mock
async def test_delete_of_a_gone_booking_is_done(settings: Settings) -> None:
    """404 on delete reports False rather than failing."""
    _token()
    respx.delete(f"{BK}/booker/bookings/5").respond(404, json={"Message": "gone"})
    assert await BookerClient(settings.booker, settings.retry).delete_booking(5) is False


@respx.mock
async def test_put_sends_the_whole_booking(settings: Settings) -> None:
    """booker-api.md: PUT carries every field as read, OptimeIndex, CreatedBy, Status too."""
    _token()
    route = respx.put(f"{BK}/booker/bookings/5").respond(
        200, json=DRAFT.to_wire() | {"OptimeIndex": 5, "CreatedBy": "essm-sync", "Status": "Ok"}
    )
    await BookerClient(settings.booker, settings.retry).update_booking(
        5, DRAFT, created_by="essm-sync", status="Ok"
    )
    body = json.loads(route.calls.last.request.content)
    assert body == DRAFT.to_wire() | {"OptimeIndex": 5, "CreatedBy": "essm-sync", "Status": "Ok"}


@respx.mock
async def test_signing_in_never_waits_for_a_request_slot(settings: Settings) -> None:
    """With one request allowed in flight, the first request's sign-in still goes out:
    requests waiting for the token hold every slot, so signing in is not counted."""
    token = _token()
    respx.get(f"{BK}/booker/rooms").respond(json=[])
    respx.get(f"{BK}/booker/sites").respond(json=[])
    narrow = settings.booker.model_copy(update={"concurrency": 1})
    client = BookerClient(narrow, settings.retry)
    with anyio.fail_after(5):
        async with anyio.create_task_group() as group:
            group.start_soon(client.list_rooms)
            group.start_soon(client.list_sites)
    assert token.call_count == 1


@respx.mock
async def test_a_second_401_is_refused_after_one_renewal(settings: Settings) -> None:
    """401, renew, 401 again: an AuthError, after exactly two sign-ins and two tries."""
    token = _token()
    rooms = respx.get(f"{BK}/booker/rooms").respond(401, json={"Message": "no"})
    with pytest.raises(AuthError, match="HTTP 401"):
        await BookerClient(settings.booker, settings.retry).list_rooms()
    assert (token.call_count, rooms.call_count) == (2, 2)
