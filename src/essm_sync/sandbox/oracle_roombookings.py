"""What a correct `roombookings` run leaves in the fake TermTime, from the fakes alone.

An independent reading of design.md ("Room bookings into TermTime"), kept apart from the
core: every person's booking that holds a served room gets one room booking per local day
of the window it touches, under `booker:<OptimeIndex>:<date>`, and nothing else changes.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from essm_sync.sandbox.oracle import _rooms_booked as rooms_booked
from essm_sync.sandbox.seed import Sandbox
from essm_sync.sandbox.termtime_state import TermTimeState

OWN_PREFIX = "booker:"
Fields = tuple[str, str, str, str, str, str]  # des, day, time, du, pat, rooms
CONVERGED = {"missing": 0, "stray": 0, "differs": 0}


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _pieces(
    start: dt.datetime, end: dt.datetime, zone: ZoneInfo
) -> list[tuple[dt.date, int, int]]:
    """Each local date [start, end) touches, with its wall-clock start and duration in
    minutes (the elapsed ones where the wall clock does not advance)."""
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    found = []
    date = local_start.date()
    while date <= local_end.date():
        begin = local_start.hour * 60 + local_start.minute if date == local_start.date() else 0
        finish = local_end.hour * 60 + local_end.minute if date == local_end.date() else 1440
        if date == local_start.date() == local_end.date() and finish <= begin:
            finish = begin + int((end - start).total_seconds() // 60)
        if finish > begin:
            found.append((date, begin, finish - begin))
        date += dt.timedelta(days=1)
    return found


def due_room_bookings(
    university: Sandbox, *, zone: str = "Europe/London", rooms: dict[str, int] | None = None
) -> dict[str, Fields]:
    """Return, by code, the fields every room booking people's bookings call for (in
    `rooms`, code -> OptimeIndex; by default the rooms served now)."""
    tz = ZoneInfo(zone)
    served = {index: code for code, index in (rooms or rooms_booked(university)).items()}
    owner = university.username.casefold()
    due: dict[str, Fields] = {}
    for b in university.booker.bookings.values():
        ours = (b.external_id or "").startswith("termtime:") and b.created_by.casefold() == owner
        if ours or b.status == "Cancelled" or b.room not in served:
            continue
        for date, begin, minutes in _pieces(b.start, b.end, tz):
            if university.first_day <= date <= university.last_day:
                year, week, weekday = date.isocalendar()
                due[f"{OWN_PREFIX}{b.id}:{date.isoformat()}"] = (
                    b.title[:200], str(weekday - 1), _hhmm(begin), _hhmm(minutes),
                    f"{year}-W{week:02d}", served[b.room],
                )  # fmt: skip
    return due


def held_room_bookings(tt: TermTimeState) -> dict[str, Fields]:
    """Return, by code, the fields of every room booking the sync owns in the fake."""
    return {
        b.code: (b.des, ",".join(str(d) for d in b.days), b.time.strftime("%H:%M"),
                 _hhmm(b.du), ",".join(b.weeks), ",".join(b.rooms))
        for b in tt.room_bookings.values()
        if b.code.startswith(OWN_PREFIX)
    }  # fmt: skip


def others_of(tt: TermTimeState) -> dict[int, dict[str, object]]:
    """Return every room booking the sync does not own, as the fake renders it: a run must
    leave these exactly as they were."""
    return {
        i: b.as_json() for i, b in tt.room_bookings.items() if not b.code.startswith(OWN_PREFIX)
    }


def room_booking_divergence(university: Sandbox, *, zone: str = "Europe/London") -> dict[str, int]:
    """Count how far TermTime's owned room bookings are from what is due, inside the window."""
    due = due_room_bookings(university, zone=zone)
    held = held_room_bookings(university.termtime)
    inside = {
        code for code in held
        if university.first_day <= dt.date.fromisoformat(code.rsplit(":", 1)[1])
        <= university.last_day
    }  # fmt: skip
    return {
        "missing": len(set(due) - set(held)),
        "stray": len(inside - set(due)),
        "differs": sum(1 for code, fields in due.items() if code in held and held[code] != fields),
    }
