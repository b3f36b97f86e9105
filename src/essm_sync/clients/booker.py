"""Booker client: password-grant token, one re-authentication on 401, paging, 409 conflicts.

A POST is not idempotent, so a create is retried only once a lookup by `ExternalId` shows
that the first attempt did not land.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import partial
from typing import Any, TypeVar

import anyio
import httpx
import structlog
from pydantic import TypeAdapter, ValidationError

from essm_sync.clients.booker_errors import SYSTEM, map_error
from essm_sync.clients.booker_listing import read_listing
from essm_sync.clients.http import HttpCore, parse
from essm_sync.clients.records import RecordList
from essm_sync.errors import (
    ApiError,
    AuthError,
    InvalidDataError,
    NotFoundError,
)
from essm_sync.models import (
    BookerBuilding,
    BookerDepartment,
    BookerRoom,
    Booking,
    BookingDraft,
    BookingPage,
    Site,
    Token,
    UnreadRecord,
    read_booking_page,
)
from essm_sync.settings import BookerSettings, RetrySettings

T = TypeVar("T")
_log = structlog.get_logger("essm_sync.booker")

# Reads of the bookings listing before giving up on it settling.
_SETTLE_READS = 4
_TOKEN = TypeAdapter(Token)
# Lists a stage needs record by record: one that cannot be read is set aside and named,
# and the stage leaves alone what it could have decided (design.md, Reading real data).
_SITES = RecordList(Site, kind="site", key_field="Id", name_field="Name")
_BUILDINGS = RecordList(BookerBuilding, kind="building", key_field="Id")
_ROOMS = RecordList(BookerRoom, kind="room", key_field="Id")
_DEPARTMENTS = RecordList(BookerDepartment, kind="department", key_field="Id")
_PAGE = TypeAdapter(BookingPage)
_BOOKING = TypeAdapter(Booking)


class _Unauthorized(AuthError):
    """A 401: the token died (or was never good); renewed once, then final."""


def _errors(response: httpx.Response, operation: str) -> ApiError:
    error = map_error(response, operation)
    if response.status_code == 401:
        return _Unauthorized(error.system, error.operation, error.problem)
    return error


class BookerClient:
    """Async Booker client: reads the estate and bookings, writes owned bookings."""

    def __init__(
        self,
        settings: BookerSettings,
        retry: RetrySettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._settings = settings
        self._http = HttpCore(
            system=SYSTEM,
            base_url=settings.base_url,
            concurrency=settings.concurrency,
            timeout_s=settings.timeout_s,
            retry=retry,
            transport=transport,
            secrets=(settings.password.get_secret_value(),),
        )
        self.unsettled_reads = 0  # listings read again because people changed bookings
        self.incomplete_reads = 0  # listings read again because a page came back wrong
        # Records of the lists last read that could not be read, by kind (design.md).
        self.unread: dict[str, tuple[UnreadRecord, ...]] = {}
        self._token: str | None = None
        self._sign_in_failure: ApiError | None = None
        self._token_generation = 0
        self._token_lock = anyio.Lock()

    @property
    def requests(self) -> Mapping[str, int]:
        """Requests sent so far, by method and endpoint template."""
        return self._http.requests

    @property
    def writes(self) -> int:
        """Requests sent so far that change data."""
        return self._http.writes

    @property
    def retries(self) -> int:
        """Requests sent again so far, after a transient failure."""
        return self._http.retries

    def stop_waiting(self) -> None:
        """End every retry wait now; no retry starts after this."""
        self._http.stop_waiting()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def authenticate(self) -> None:
        """Get a fresh token with the configured user name and password."""
        async with self._token_lock:
            await self._fetch_token()

    async def _fetch_token(self) -> None:
        form = {
            "grant_type": "password",
            "username": self._settings.username,
            "password": self._settings.password.get_secret_value(),
        }

        def errors(response: httpx.Response, operation: str) -> ApiError:
            if response.status_code == 400:
                return AuthError(SYSTEM, operation, "the user name or password was refused")
            return map_error(response, operation)

        async def attempt() -> Token:
            response = await self._http.send(
                "POST",
                "token",
                operation="POST token",
                endpoint="token",
                data=form,
                errors=errors,
                changes_data=False,
                # Not bounded by the request limit, so that no request can keep it waiting.
                limited=False,
            )
            return parse(_TOKEN, response, system=SYSTEM, operation="POST token")

        try:
            token = await self._http.retrying("POST token", attempt)
        except AuthError:
            raise
        except ApiError as exc:
            # Signing in is one request with its own retries (design.md, Failing well): a
            # failure is final for this run, never retried again inside each caller's retries.
            raise ApiError(SYSTEM, "POST token", f"sign-in failed: {exc.problem}") from None
        self._http.add_secret(token.access_token)
        self._token = token.access_token
        self._token_generation += 1

    async def token(self, seen_generation: int | None) -> tuple[str, int]:
        """Return a token, renewing it if it is the one that just got a 401."""
        async with self._token_lock:
            if self._sign_in_failure is not None:
                raise self._sign_in_failure
            if self._token is None or seen_generation == self._token_generation:
                try:
                    await self._fetch_token()
                except ApiError as exc:
                    self._sign_in_failure = exc
                    raise
            assert self._token is not None  # noqa: S101 - set by _fetch_token
            return self._token, self._token_generation

    async def _call(
        self,
        method: str,
        path: str,
        endpoint: str,
        *,
        operation: str,
        params: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        """Send with the bearer token; a 401 renews it once and sends again.

        The 401 is answered outside `send`: by then its body is read and its pooled
        connection and request slot are given back, so the sign-in never waits for what the
        requests waiting on it hold, even when the token dies with every slot in flight
        (design.md, Failing well). booker-api.md: a second 401 is a hard error.
        """
        token, generation = await self.token(None)
        try:
            return await self._send(method, path, endpoint, operation, token, params, json)
        except _Unauthorized:
            token, _ = await self.token(generation)
        return await self._send(method, path, endpoint, operation, token, params, json)

    async def _send(
        self,
        method: str,
        path: str,
        endpoint: str,
        operation: str,
        token: str,
        params: Mapping[str, str] | None,
        json: Any,
    ) -> httpx.Response:
        return await self._http.send(
            method,
            path,
            operation=operation,
            endpoint=endpoint,
            params=params,
            json=json,
            headers={"Authorization": f"Bearer {token}"},
            errors=_errors,
        )

    async def _read(
        self,
        adapter: TypeAdapter[T],
        path: str,
        endpoint: str,
        params: Mapping[str, str] | None = None,
    ) -> T:
        operation = f"GET {path}"

        async def attempt() -> T:
            response = await self._call("GET", path, endpoint, operation=operation, params=params)
            return parse(adapter, response, system=SYSTEM, operation=operation)

        return await self._http.retrying(operation, attempt)

    async def _read_records(self, records: RecordList[T], path: str) -> tuple[T, ...]:
        operation = f"GET {path}"

        async def attempt() -> tuple[tuple[T, ...], tuple[UnreadRecord, ...]]:
            response = await self._call("GET", path, path, operation=operation)
            return records.parse(response, system=SYSTEM, operation=operation)

        found, self.unread[records.kind] = await self._http.retrying(operation, attempt)
        return found

    async def list_sites(self) -> tuple[Site, ...]:
        """Return every site."""
        return await self._read_records(_SITES, "booker/sites")

    async def list_buildings(self) -> tuple[BookerBuilding, ...]:
        """Return every building, retired ones included."""
        return await self._read_records(_BUILDINGS, "booker/buildings")

    async def list_rooms(self) -> tuple[BookerRoom, ...]:
        """Return every room, retired ones included."""
        return await self._read_records(_ROOMS, "booker/rooms")

    async def list_departments(self) -> tuple[BookerDepartment, ...]:
        """Return every department."""
        return await self._read_records(_DEPARTMENTS, "booker/departments")

    async def list_bookings(
        self,
        start: dt.datetime,
        end: dt.datetime,
        *,
        room_optime_index: int | None = None,
        external_id: str | None = None,
        settle: bool = True,
    ) -> tuple[Booking, ...]:
        """Return every booking overlapping [start, end).

        Pages are separate queries: people booking or cancelling while they are read shift
        what each page holds, with or without a change of `TotalCount` (booker-api.md). So
        the listing is read until two reads in a row agree, booking for booking; one that
        will not settle stops the stage before it writes (design.md, Failing well).
        `settle=False` reads once, for look-ups that a shift cannot mislead.
        """
        base = self._window(start, end)
        if room_optime_index is not None:
            base["roomOptimeIndex"] = str(room_optime_index)
        if external_id is not None:
            base["externalId"] = external_id
        listing = await self._read_listing(base)
        if not settle:
            return listing
        return await self._settle(base, listing)

    async def settle_bookings(
        self, start: dt.datetime, end: dt.datetime, first: tuple[Booking, ...]
    ) -> tuple[Booking, ...]:
        """Read the listing again until two reads in a row agree, `first` being the read
        before: a plan that writes is made only on a listing that held still."""
        return await self._settle(self._window(start, end), first)

    def _window(self, start: dt.datetime, end: dt.datetime) -> dict[str, str]:
        return {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "pageSize": str(self._settings.page_size),
        }

    async def _settle(
        self, base: Mapping[str, str], listing: tuple[Booking, ...]
    ) -> tuple[Booking, ...]:
        for _ in range(_SETTLE_READS - 1):
            again = await self._read_listing(base)
            if frozenset(again) == frozenset(listing):
                return again
            self.unsettled_reads += 1
            listing = again
        raise ApiError(
            SYSTEM,
            "GET booker/bookings",
            f"the listing changed on each of {_SETTLE_READS} reads (people are booking "
            "right now); nothing written, try again shortly",
        )

    async def _read_listing(self, base: Mapping[str, str]) -> tuple[Booking, ...]:
        """Read every page, again while the read falls short (`booker_listing`)."""

        unread: dict[str, UnreadRecord] = {}

        async def page(number: int) -> BookingPage:
            params = {**base, "page": str(number)}
            got = await self._read_page(params)
            unread.update((u.key, u) for u in got.unread)
            return got

        def counted() -> None:
            self.incomplete_reads += 1

        found = await read_listing(
            page,
            page_size=self._settings.page_size,
            concurrency=self._settings.concurrency,
            on_short=counted,
        )
        if "externalId" not in base and "roomOptimeIndex" not in base:
            self.unread["booking"] = tuple(sorted(unread.values(), key=lambda u: u.key))
        return found

    async def _read_page(self, params: Mapping[str, str]) -> BookingPage:
        """Read one page; a booking on it that cannot be read is set aside, unless even its
        room cannot be read: then nothing is known of that room (design.md)."""
        operation = "GET booker/bookings"

        async def attempt() -> BookingPage:
            response = await self._call(
                "GET", "booker/bookings", "booker/bookings", operation=operation, params=params
            )
            try:
                return _PAGE.validate_json(response.content)
            except ValidationError:
                pass
            try:
                got = read_booking_page(json.loads(response.content))
            except ValueError:  # not JSON, or not a page: said as for any answer
                return parse(_PAGE, response, system=SYSTEM, operation=operation)
            for record in got.unread:
                if record.room is None:
                    raise InvalidDataError(
                        SYSTEM, operation,
                        f"booking {record.key} cannot be read, nor its room ({record.problem})",
                    )  # fmt: skip
            return got

        return await self._http.retrying(operation, attempt)

    async def find_booking(self, draft: BookingDraft) -> Booking | None:
        """Return the booking carrying the draft's `ExternalId` around its time, if any."""
        slack = dt.timedelta(days=1)
        found = await self.list_bookings(
            draft.start - slack, draft.end + slack, external_id=draft.external_id, settle=False
        )
        return min(found, key=lambda b: b.optime_index) if found else None

    async def create_booking(self, draft: BookingDraft) -> Booking:
        """Create a booking; a retry first looks up whether the lost attempt landed."""
        operation = "POST booker/bookings"

        async def send() -> Booking:
            response = await self._call(
                "POST",
                "booker/bookings",
                "booker/bookings",
                operation=operation,
                json=draft.to_wire(),
            )
            try:
                return parse(_BOOKING, response, system=SYSTEM, operation=operation)
            except InvalidDataError as exc:
                return await self._landed(draft, response, exc)

        return await self._http.retrying_create(operation, send, partial(self.find_booking, draft))

    async def _landed(
        self, draft: BookingDraft, response: httpx.Response, unreadable: InvalidDataError
    ) -> Booking:
        """A create answered 2xx without a readable booking (a message instead): what
        Booker holds is the outcome (design.md, Failing well), so look it up by ExternalId."""
        found = await self.find_booking(draft)
        if found is not None:
            _log.info(
                "booking.created_unanswered", external_id=draft.external_id,
                status=response.status_code, booking=found.optime_index,
            )  # fmt: skip
            return found
        problem = (
            f"answered HTTP {response.status_code} without the booking "
            f"({unreadable.problem}), and no booking with ExternalId {draft.external_id} "
            "was found"
        )
        raise InvalidDataError(SYSTEM, unreadable.operation, problem)

    async def update_booking(
        self,
        booking_id: int,
        draft: BookingDraft,
        *,
        created_by: str | None = None,
        status: str | None = None,
    ) -> Booking:
        """Replace an owned booking whole; PUT is safe to repeat.

        booker-api.md: the body is every field of the booking as read, `OptimeIndex`,
        `CreatedBy` and `Status` included (the server keeps the last two whatever is sent).
        """
        path = f"booker/bookings/{booking_id}"
        operation = f"PUT {path}"
        body = {
            **draft.to_wire(),
            "OptimeIndex": booking_id,
            "CreatedBy": created_by,
            "Status": status,
        }

        async def attempt() -> Booking:
            response = await self._call(
                "PUT", path, "booker/bookings/{id}", operation=operation, json=body
            )
            return parse(_BOOKING, response, system=SYSTEM, operation=operation)

        return await self._http.retrying(operation, attempt)

    async def delete_booking(self, booking_id: int) -> bool:
        """Delete an owned booking; return False if it was already gone (404 counts as done)."""
        path = f"booker/bookings/{booking_id}"
        operation = f"DELETE {path}"

        async def attempt() -> bool:
            try:
                await self._call("DELETE", path, "booker/bookings/{id}", operation=operation)
            except NotFoundError:
                return False
            return True

        return await self._http.retrying(operation, attempt)
