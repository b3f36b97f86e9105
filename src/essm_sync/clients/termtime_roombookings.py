"""TermTime room-booking calls (API 7.7.0 §27): the sync's own addressed by code.

§27.2, §27.3 and §27.5 take an id unless `queryBy=code` says the path holds a code; the
create's path always holds the code to give (§27.4).
"""

from __future__ import annotations

from typing import Protocol
from urllib.parse import quote

from essm_sync.clients.termtime_errors import SYSTEM
from essm_sync.clients.termtime_host import TermTimeHost
from essm_sync.errors import InvalidDataError, NotFoundError
from essm_sync.models import RoomBookingFields, RoomBookings, read_room_bookings

_BY_CODE = {"queryBy": "code"}


class _Core(TermTimeHost, Protocol):
    """What these calls need of the TermTime client: its own calls, and one of theirs."""

    async def has_room_booking(self, code: str) -> bool: ...


def _path(code: str) -> str:
    return f"roombooking/{quote(code, safe='')}"


class RoomBookingCalls:
    """The §27 calls, mixed into the TermTime client."""

    async def list_room_bookings(self: _Core) -> RoomBookings:
        """Return every room booking (§27.1): the sync's own read field by field, the rest
        by code and id only."""
        operation = "GET roombookings"

        async def attempt() -> RoomBookings:
            response = await self._call("GET", "roombookings", "roombookings")
            try:
                return read_room_bookings(response.content)
            except ValueError as exc:
                raise InvalidDataError(SYSTEM, operation, str(exc)) from None

        return await self._http.retrying(operation, attempt)

    async def has_room_booking(self: _Core, code: str) -> bool:
        """Whether TermTime holds a room booking with this code (§27.2)."""
        path = _path(code)

        async def attempt() -> bool:
            await self._call("GET", path, "roombooking/{c}", params=_BY_CODE)
            return True

        try:
            return await self._http.retrying(f"GET {path}", attempt)
        except NotFoundError:
            return False

    async def create_room_booking(
        self: _Core, *, code: str, fields: RoomBookingFields, owner: str, type_code: str,
        notes: str,
    ) -> None:  # fmt: skip
        """Create a room booking under our code, sent approved (`state=0`, though TermTime
        may keep it pending). A create whose answer was lost or unreadable is looked up by
        code before anything else is tried (design.md, Retries and Failing well)."""
        params = _params(fields)
        params.update(owner=owner, state="0", cap="1", notes=notes)
        if type_code:
            params["type"] = type_code

        async def landed() -> bool:
            return await self.has_room_booking(code)

        try:
            await self._write("POST", _path(code), "roombooking/{c}", params=params, landed=landed)
        except InvalidDataError:
            if not await landed():
                raise

    async def update_room_booking(self: _Core, *, code: str, fields: RoomBookingFields) -> None:
        """Send every compared field of an owned room booking (§27.3)."""
        params = _params(fields) | _BY_CODE
        await self._write("PUT", _path(code), "roombooking/{c}", params=params)

    async def delete_room_booking(self: _Core, *, code: str) -> bool:
        """Delete an owned room booking (§27.5); False if it was already gone."""
        try:
            await self._write("DELETE", _path(code), "roombooking/{c}", params=_BY_CODE)
        except NotFoundError:
            return False
        return True


def _params(fields: RoomBookingFields) -> dict[str, str]:
    # Written as `day` and `pat`, read back as `days` and `weeks` (§27.3, §27.4).
    return {
        "des": fields.des,
        "day": fields.day,
        "time": fields.time,
        "du": fields.du,
        "pat": fields.pat,
        "rooms": fields.rooms,
    }
