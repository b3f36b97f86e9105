"""The fake TermTime's room bookings (API 7.7.0 §27), as the reference writes them.

Required parameters, lengths and formats are checked; `queryBy` picks id (the default) or
code; a create answers `{"code": 0}`; an unknown booking is 106. With
`pending_room_bookings` on, every new booking stays `Pending` whatever `state` said.
"""

from __future__ import annotations

import datetime as dt
import re

from starlette.requests import Request
from starlette.responses import Response

from essm_sync.sandbox.responses import JSONResponse
from essm_sync.sandbox.termtime_http import TermTimeFailure, created, done, segment, text
from essm_sync.sandbox.termtime_state import TermTimeState, TTRoomBooking

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_WEEK = re.compile(r"^\d{4}-W\d{2}$")
# Optional parameters and their lengths (§27.3, §27.4), checked and otherwise ignored.
_OTHER = {"staff": (0, 45), "stu": (0, 255), "o": (1, 255), "cq": (1, 50),
          "altc": (1, 255), **{f"user{i}": (0, 60) for i in range(1, 5)}}  # fmt: skip


def _find(request: Request, state: TermTimeState) -> TTRoomBooking:
    value = segment(request.path_params["c"], "c", high=255)
    how = request.query_params.get("queryBy", "id")
    if how not in ("id", "code"):
        raise TermTimeFailure(109, "Parameter 'queryBy' must be id or code")
    if how == "code":
        found = next((b for b in state.room_bookings.values() if b.code == value), None)
    else:
        if not value.isdigit() or int(value) < 1:
            raise TermTimeFailure(109, "Path parameter 'c' must be a number of at least 1")
        found = state.room_bookings.get(int(value))
    if found is None:
        raise TermTimeFailure(106, f"No room booking with {how} {value}")
    return found


def _days(value: str) -> tuple[int, ...]:
    parts = value.split(",")
    if not all(part.strip().isdigit() and int(part) <= 6 for part in parts):
        raise TermTimeFailure(109, "Parameter 'day' must list days of the week as 0 to 6")
    return tuple(sorted({int(part) for part in parts}))


def _minutes(value: str, name: str, *, most: int) -> int:
    match = _CLOCK.match(value)
    minutes = int(match[1]) * 60 + int(match[2]) if match and int(match[2]) < 60 else -1
    if not 0 <= minutes <= most:
        raise TermTimeFailure(109, f"Parameter '{name}' must be a time as hh:mm")
    return minutes


def _weeks(value: str) -> tuple[str, ...]:
    weeks = tuple(part.strip() for part in value.split(","))
    for week in weeks:
        try:
            if not _WEEK.match(week):
                raise ValueError(week)
            dt.date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
        except ValueError:
            raise TermTimeFailure(109, "Parameter 'pat' must list weeks as YYYY-Www") from None
    return weeks


def _rooms(value: str, state: TermTimeState) -> tuple[str, ...]:
    rooms = tuple(part.strip() for part in value.split(",") if part.strip())
    for room in rooms:
        if room not in state.rooms:
            raise TermTimeFailure(106, f"No room with code {room}")
    return rooms


def _cap(request: Request) -> int | None:
    value = request.query_params.get("cap")
    if value is None:
        return None
    if not value.isdigit():
        raise TermTimeFailure(109, "Parameter 'cap' must be a number of at least 0")
    return int(value)


def _apply(request: Request, state: TermTimeState, booking: TTRoomBooking) -> None:
    """Check every field the request gives and set those the fake keeps."""
    for name, (low, high) in _OTHER.items():
        text(request, name, low=low, high=high)
    flag = request.query_params.get("useOfferAltc")
    if flag is not None and flag not in ("0", "1"):
        raise TermTimeFailure(109, "Parameter 'useOfferAltc' must be 0 or 1")
    values = {
        name: text(request, name, low=low, high=high)
        for name, low, high in (("des", 0, 200), ("day", 1, 64), ("time", 1, 8),
                                ("du", 1, 8), ("pat", 1, 90), ("owner", 0, 255),
                                ("contact", 0, 255), ("rooms", 1, 4096), ("type", 0, 5),
                                ("notes", 1, 10_000))
    }  # fmt: skip
    cap = _cap(request)
    if values["des"] is not None:
        booking.des = values["des"]
    if values["day"] is not None:
        booking.days = _days(values["day"])
    if values["time"] is not None:
        booking.time = dt.time(*divmod(_minutes(values["time"], "time", most=23 * 60 + 59), 60))
    if values["du"] is not None:
        booking.du = _minutes(values["du"], "du", most=24 * 60)
    if values["pat"] is not None:
        booking.weeks = _weeks(values["pat"])
    if values["rooms"] is not None:
        booking.rooms = _rooms(values["rooms"], state)
    if cap is not None:
        booking.cap = cap
    for name in ("owner", "contact", "type", "notes"):
        if values[name] is not None:
            setattr(booking, name, values[name])


async def list_room_bookings(request: Request, state: TermTimeState) -> Response:
    """§27.1: every room booking, no paging."""
    return JSONResponse([state.room_bookings[i].as_json() for i in sorted(state.room_bookings)])


async def get_room_booking(request: Request, state: TermTimeState) -> Response:
    """§27.2: one room booking, by id or (`queryBy=code`) by code."""
    return JSONResponse(_find(request, state).as_json())


async def create_room_booking(request: Request, state: TermTimeState) -> Response:
    """§27.4: the path holds the code to give; des, day, time, du, pat, owner required."""
    code = segment(request.path_params["c"], "c", high=255)
    for name in ("des", "day", "time", "du", "pat", "owner"):
        text(request, name, low=0, high=10_000, required=True)
    flag = request.query_params.get("state")
    if flag is not None and flag not in ("0", "1"):
        raise TermTimeFailure(109, "Parameter 'state' must be 0 or 1")
    if any(b.code == code for b in state.room_bookings.values()):
        raise TermTimeFailure(109, f"A room booking coded {code} already exists")
    booking = TTRoomBooking(
        id=max(state.room_bookings, default=0) + 1, code=code, des="", days=(),
        time=dt.time(0), du=0, weeks=(), rooms=(), owner="",
    )  # fmt: skip
    _apply(request, state, booking)
    pending = state.pending_room_bookings or flag == "1"
    booking.state = "Pending" if pending else "Approved"
    state.room_bookings[booking.id] = booking
    state.changed_events()
    return created(f"Room booking {code} created")


async def update_room_booking(request: Request, state: TermTimeState) -> Response:
    """§27.3: change the fields given; the state is not among them."""
    booking = _find(request, state)
    draft = TTRoomBooking(**vars(booking))
    _apply(request, state, draft)  # all checked before any is kept
    state.room_bookings[booking.id] = draft
    state.changed_events()
    return done()


async def delete_room_booking(request: Request, state: TermTimeState) -> Response:
    """§27.5: delete one room booking."""
    del state.room_bookings[_find(request, state).id]
    state.changed_events()
    return done()
