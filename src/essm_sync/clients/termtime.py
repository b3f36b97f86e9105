"""TermTime client (API 7.7.0): key in the `Authorization: k<key>` header, fields in the query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter

from essm_sync.clients.http import HttpCore, parse
from essm_sync.clients.records import RecordList
from essm_sync.clients.termtime_errors import SYSTEM, map_error
from essm_sync.clients.termtime_roombookings import RoomBookingCalls
from essm_sync.clients.termtime_webhooks import TimetableWebhooks
from essm_sync.errors import InvalidDataError, NotFoundError
from essm_sync.models import (
    ActivityType,
    Campus,
    CreateResult,
    Department,
    Floor,
    Kind,
    Ping,
    RoomFields,
    RoomTimetable,
    TermTimeBuilding,
    TermTimeRoom,
    UnreadRecord,
    read_timetable,
)
from essm_sync.settings import RetrySettings, TermTimeSettings

T = TypeVar("T")

_PING = TypeAdapter(Ping)
# Lists a stage needs record by record: one that cannot be read is set aside and named,
# and the stage leaves alone what it could have decided (design.md, Reading real data).
_CAMPUSES = RecordList(Campus, kind="campus", key_field="code", name_field="n")
_BUILDINGS = RecordList(TermTimeBuilding, kind="building", key_field="code")
_FLOORS = RecordList(Floor, kind="floor", key_field="code", name_field="n")
_ROOMS = RecordList(TermTimeRoom, kind="room", key_field="c")
_ROOM = TypeAdapter(TermTimeRoom)
_DEPARTMENTS = RecordList(Department, kind="department", key_field="c")
_ACTIVITY_TYPES = RecordList(ActivityType, kind="activity type", key_field="c")
_CREATED = TypeAdapter(CreateResult)


def _seg(value: str) -> str:
    """Quote a path segment fully: names carry spaces and slashes."""
    return quote(value, safe="")


class TermTimeClient(TimetableWebhooks, RoomBookingCalls):
    """Async TermTime client: reads the estate and timetables, writes the estate and the
    sync's room bookings, manages the timetable webhooks."""

    def __init__(
        self,
        settings: TermTimeSettings,
        retry: RetrySettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = HttpCore(
            system=SYSTEM,
            base_url=settings.base_url,
            concurrency=settings.concurrency,
            timeout_s=settings.timeout_s,
            retry=retry,
            transport=transport,
            secrets=(settings.api_key.get_secret_value(),),
        )
        # The header, never `?key=`, so the key stays out of URLs and logs.
        self._headers = {"Authorization": "k" + settings.api_key.get_secret_value()}
        # Records of the lists last read that could not be read, by kind (design.md).
        self.unread: dict[str, tuple[UnreadRecord, ...]] = {}

    @property
    def requests(self) -> Mapping[str, int]:
        """Requests sent so far, by method and endpoint template."""
        return self._http.requests

    @property
    def writes(self) -> int:
        """Requests sent so far that change data."""
        return self._http.writes

    def add_secret(self, value: str) -> None:
        """Keep one more value (the webhook secret) out of every message."""
        self._http.add_secret(value)

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

    async def _call(
        self,
        method: str,
        path: str,
        endpoint: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        operation = f"{method} {path}"
        return await self._http.send(
            method,
            path,
            operation=operation,
            endpoint=endpoint,
            params=params,
            json=json,
            headers=self._headers,
            errors=map_error,
        )

    async def _read(
        self,
        adapter: TypeAdapter[T],
        path: str,
        endpoint: str,
        params: Mapping[str, str] | None = None,
    ) -> T:
        async def attempt() -> T:
            response = await self._call("GET", path, endpoint, params=params)
            return parse(adapter, response, system=SYSTEM, operation=f"GET {path}")

        return await self._http.retrying(f"GET {path}", attempt)

    async def _read_records(self, records: RecordList[T], path: str) -> tuple[T, ...]:
        operation = f"GET {path}"

        async def attempt() -> tuple[tuple[T, ...], tuple[UnreadRecord, ...]]:
            response = await self._call("GET", path, path)
            return records.parse(response, system=SYSTEM, operation=operation)

        found, self.unread[records.kind] = await self._http.retrying(operation, attempt)
        return found

    async def _write(
        self,
        method: str,
        path: str,
        endpoint: str,
        *,
        params: Mapping[str, str],
        json: Any = None,
        landed: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        """Send a write; before repeating a create, ask whether the first try landed."""
        operation = f"{method} {path}"

        async def send() -> bool:
            response = await self._call(method, path, endpoint, params=params, json=json)
            if method == "POST":
                try:
                    result = parse(_CREATED, response, system=SYSTEM, operation=operation)
                except InvalidDataError as exc:
                    # 2xx without a readable result: what TermTime holds is the outcome
                    # (design.md, Failing well), so ask whether the object is there.
                    if landed is not None and await landed():
                        return True
                    problem = f"answered HTTP {response.status_code} without a result "
                    raise InvalidDataError(
                        SYSTEM, operation, problem + f"({exc.problem}), and it is not there"
                    ) from None
                if result.code != 0:
                    problem = f"create answered code {result.code}"
                    raise InvalidDataError(SYSTEM, operation, problem)
            return True

        if landed is None:
            await self._http.retrying(operation, send)
            return

        async def lookup() -> bool | None:
            return True if await landed() else None

        await self._http.retrying_create(operation, send, lookup)

    async def ping(self) -> Ping:
        """Return the API version, database and user the key belongs to."""
        return await self._read(_PING, "ping", "ping")

    async def list_campuses(self) -> tuple[Campus, ...]:
        """Return every campus."""
        return await self._read_records(_CAMPUSES, "campuses")

    async def list_buildings(self) -> tuple[TermTimeBuilding, ...]:
        """Return every building."""
        return await self._read_records(_BUILDINGS, "buildings")

    async def list_floors(self) -> tuple[Floor, ...]:
        """Return every floor."""
        return await self._read_records(_FLOORS, "floors")

    async def list_rooms(self) -> tuple[TermTimeRoom, ...]:
        """Return every room, including those marked for deletion."""
        return await self._read_records(_ROOMS, "rooms")

    async def list_departments(self) -> tuple[Department, ...]:
        """Return every department."""
        return await self._read_records(_DEPARTMENTS, "departments")

    async def list_activity_types(self) -> tuple[ActivityType, ...]:
        """Return every activity type."""
        return await self._read_records(_ACTIVITY_TYPES, "activitytypes")

    async def get_room(self, code: str) -> TermTimeRoom | None:
        """Return one room, or None if TermTime has no room with this code."""
        try:
            return await self._read(_ROOM, f"room/{_seg(code)}", "room/{c}")
        except NotFoundError:
            return None

    async def get_timetable(
        self, room: str, start: dt.date, end: dt.date, *, kinds: tuple[Kind, ...]
    ) -> RoomTimetable:
        """Return a room's timetable from `start` to `end` (dates, as TermTime reads them),
        items of `kinds` read one by one so that one odd item does not hide the rest."""
        path = f"timetable/room/{_seg(room)}"
        operation = f"GET {path}"
        params = {"start": start.isoformat(), "end": end.isoformat()}

        async def attempt() -> RoomTimetable:
            response = await self._call("GET", path, "timetable/room/{c}", params=params)
            try:
                return read_timetable(response.content, kinds)
            except ValueError as exc:
                raise InvalidDataError(SYSTEM, operation, str(exc)) from None

        return await self._http.retrying(operation, attempt)

    async def create_campus(self, *, name: str, code: str) -> None:
        """Create a campus (§9.4: the name in the path, the code in the query)."""

        async def landed() -> bool:
            return any(c.name == name for c in await self.list_campuses())

        await self._write(
            "POST", f"campus/{_seg(name)}", "campus/{c}", params={"code": code}, landed=landed
        )

    async def create_building(self, *, code: str, name: str, campus_code: str) -> None:
        """Create a building in a campus addressed by code (§8.4)."""

        async def landed() -> bool:
            return any(b.code == code for b in await self.list_buildings())

        await self._write(
            "POST",
            f"building/{_seg(name)}/{_seg(campus_code)}",
            "building/{b}/{c}",
            params={"code": code, "queryBy": "Code"},
            landed=landed,
        )

    async def update_building(
        self, *, code: str, campus: str, name: str | None, new_campus_code: str | None
    ) -> None:
        """Rename a building or move it to another campus (§8.3).

        §8.3: `b` is a name or code (`queryBy=Code` makes it the code), but `c` is always
        the campus *name*, whatever `queryBy` says.
        """
        params = {"queryBy": "Code"}
        if name is not None:
            params["n"] = name
        if new_campus_code is not None:
            params["camp"] = new_campus_code
        await self._write(
            "PUT", f"building/{_seg(code)}/{_seg(campus)}", "building/{b}/{c}", params=params
        )

    async def create_floor(
        self, *, code: str, name: str, building_code: str, campus_code: str
    ) -> None:
        """Create a floor (§17.4: the floor by name, its building and campus by code)."""

        async def landed() -> bool:
            return any(f.code == code for f in await self.list_floors())

        await self._write(
            "POST",
            f"floor/{_seg(name)}/{_seg(building_code)}/{_seg(campus_code)}",
            "floor/{f}/{b}/{c}",
            params={"code": code, "queryBy": "Code"},
            landed=landed,
        )

    async def create_room(self, *, code: str, fields: RoomFields) -> None:
        """Create a room (§26.4): floor, building and campus by name, capacities in the body."""

        async def landed() -> bool:
            return await self.get_room(code) is not None

        params = {
            "n": fields.name,
            "f": fields.floor,
            "b": fields.building,
            "cam": fields.campus,
            "dc": fields.department,
        }
        await self._write(
            "POST",
            f"room/{_seg(code)}",
            "room/{c}",
            params=params,
            json=_capacities(fields),
            landed=landed,
        )

    async def update_room(self, *, code: str, before: RoomFields, after: RoomFields) -> None:
        """Send only what differs (§26.3); a move sends floor, building and campus together."""
        params: dict[str, str] = {}
        if after.name != before.name:
            params["n"] = after.name
        if (after.floor, after.building, after.campus) != (
            before.floor,
            before.building,
            before.campus,
        ):
            params.update(f=after.floor, b=after.building, cam=after.campus)
        if after.department != before.department:
            params["dn"] = after.department  # `dn` on PUT, `dc` on POST (§26.3, §26.4)
        if after.to_delete != before.to_delete:
            params["td"] = "1" if after.to_delete else "0"
        body = _capacities(after) if after.capacities != before.capacities else None
        await self._write("PUT", f"room/{_seg(code)}", "room/{c}", params=params, json=body)

    async def retire_room(self, *, code: str) -> None:
        """Mark a room for deletion (§26.3, `td=1`); TermTime refuses to delete rooms in use."""
        await self._write("PUT", f"room/{_seg(code)}", "room/{c}", params={"td": "1"})


def _capacities(fields: RoomFields) -> list[dict[str, Any]]:
    return [{"code": c.code, "val": c.cap} for c in fields.capacities]
