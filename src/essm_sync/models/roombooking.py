"""TermTime room bookings (API 7.7.0 §27.1), read tolerantly, one record at a time.

Only the sync's own room bookings (code `booker:...`) are validated field by field: the
others are never changed, so an odd value in one of them is none of the sync's business.
Read values are kept as strings, normalised only where TermTime's formats allow two
spellings of one value (`9:00` and `09:00:00` are the same time).
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, NamedTuple

from pydantic import BeforeValidator, Field, ValidationError

from essm_sync.models._base import Frozen, WireModel
from essm_sync.models.records import describe_field

ROOM_BOOKING_PREFIX = "booker:"
_CLOCK = re.compile(r"(\d{1,2}):([0-5]\d)(?::[0-5]\d)?")


def _text(value: Any) -> str:
    # A null text reads as empty; numbers are their text (codes are sometimes numeric).
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"expected text, got {type(value).__name__}")
    return str(value).strip()


def _clock(value: Any) -> str:
    """Read `H:MM`, `HH:MM` or `HH:MM:SS` (up to `24:00`) as `HH:MM`."""
    text = _text(value)
    match = _CLOCK.fullmatch(text)
    if match is None or int(match[1]) * 60 + int(match[2]) > 24 * 60:
        raise ValueError(f"expected a time as hh:mm, got {value!r}")
    return f"{int(match[1]):02d}:{match[2]}"


def _csv(value: Any) -> str:
    """Read a CSV field or its JSON-array twin as one canonical CSV string."""
    parts = [_text(p) for p in value] if isinstance(value, list) else _text(value).split(",")
    return ",".join(part.strip() for part in parts if part.strip())


Text = Annotated[str, BeforeValidator(_text)]
Clock = Annotated[str, BeforeValidator(_clock)]
CsvText = Annotated[str, BeforeValidator(_csv)]


class RoomBookingFields(Frozen):
    """What the sync compares of a room booking: as it writes them (§27.4), as strings.

    `state` is not among them: TermTime may keep a room booking `Pending` whatever was
    sent (design.md), so it never causes an update.
    """

    des: str = Field(max_length=200)
    day: str  # day of the week, 0 = Monday
    time: str  # local start, hh:mm
    du: str  # duration, hh:mm, at most 24:00
    pat: str  # ISO week, YYYY-Www
    rooms: str  # room code


class TermTimeRoomBooking(WireModel):
    """One owned room booking of `GET /roombookings`, in the fields the sync compares.

    The written names differ from the read ones (`day`/`pat` come back as `days`/`weeks`).
    """

    id: int | None = None
    code: Text = Field(min_length=1)
    des: Text = ""
    days: CsvText = ""
    time: Clock
    du: Clock
    weeks: CsvText = ""
    rooms: CsvText = ""
    rooms_json: Any = Field(default=None, alias="rooms.json")
    state: str | None = None

    @property
    def fields(self) -> RoomBookingFields:
        """Return what the sync compares, rooms from `rooms.json` when it is a list."""
        rooms = _csv(self.rooms_json) if isinstance(self.rooms_json, list) else self.rooms
        return RoomBookingFields.model_construct(
            des=self.des, day=self.days, time=self.time, du=self.du, pat=self.weeks, rooms=rooms
        )


class OtherRoomBooking(NamedTuple):
    """A room booking the sync does not own: only its code and id matter (loop, audit)."""

    id: str
    code: str


class UnreadRoomBooking(NamedTuple):
    """An owned room booking that could not be read, by code, and why."""

    code: str
    problem: str


class RoomBookings(NamedTuple):
    """`GET /roombookings` as read: the sync's own, the others, and the unreadable own."""

    owned: tuple[TermTimeRoomBooking, ...]
    others: tuple[OtherRoomBooking, ...]
    unread: tuple[UnreadRoomBooking, ...]

    def own_keys(self) -> frozenset[str]:
        """Return the codes and ids of the sync's own, readable or not: what a timetable's
        `bookingItems[].bookingId` may carry for them."""
        ids = {str(b.id) for b in self.owned if b.id is not None}
        return frozenset({b.code for b in self.owned} | {u.code for u in self.unread} | ids)


def is_own_code(code: str) -> bool:
    """Whether a room booking code is one the sync gives (design.md, Identity)."""
    return code.startswith(ROOM_BOOKING_PREFIX)


def read_room_bookings(body: bytes) -> RoomBookings:
    """Read `GET /roombookings`: each owned record on its own, the rest by code and id.

    Raises:
        ValueError: the answer is not a JSON array (the list a stage needs is unreadable).
    """
    try:
        data = json.loads(body)
    except ValueError:
        raise ValueError("invalid JSON in the response body") from None
    if not isinstance(data, list):
        raise ValueError("the answer is not a list of room bookings")
    owned: list[TermTimeRoomBooking] = []
    others: list[OtherRoomBooking] = []
    unread: list[UnreadRoomBooking] = []
    for raw in data:
        code = _loose(raw, "code")
        if not is_own_code(code):
            others.append(OtherRoomBooking(_loose(raw, "id"), code))
            continue
        try:
            owned.append(TermTimeRoomBooking.model_validate(raw))
        except ValidationError as exc:
            unread.append(UnreadRoomBooking(code, describe_field(exc)))
    return RoomBookings(tuple(owned), tuple(others), tuple(unread))


def _loose(raw: Any, name: str) -> str:
    value = raw.get(name) if isinstance(raw, dict) else None
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value).strip()
    return ""
