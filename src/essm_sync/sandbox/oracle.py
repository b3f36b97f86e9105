"""What a correct sync leaves in the fakes, read from their own state.

This is an independent reading of the rules, kept apart from the core on purpose: a
booking is due for each event in a room live and bookable in Booker and present, unmarked,
in TermTime, at the event's wall-clock time in the institution's zone.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from essm_sync.sandbox.seed import Sandbox

Instants = tuple[dt.datetime, dt.datetime]


def due_bookings(university: Sandbox, *, zone: str = "Europe/London") -> dict[str, Instants]:
    """Return the ExternalId and instants of every booking the timetable calls for."""
    tz = ZoneInfo(zone)
    tt, bk = university.termtime, university.booker
    eligible = {
        r["Id"]
        for r in bk.rooms
        if r["Live"] and r["Bookable"] and r["Id"] in tt.rooms and not tt.rooms[r["Id"]].to_delete
    }
    due = {}
    for event in tt.events.values():
        if not university.first_day <= event.date <= university.last_day:
            continue
        for room in event.rooms:
            if room in eligible:
                due[f"termtime:{event.unique_id}:{room}"] = (
                    dt.datetime.combine(event.date, event.start, tz),
                    dt.datetime.combine(event.date, event.end, tz),
                )
    return due


def owned_bookings(university: Sandbox) -> dict[str, list[int]]:
    """Return the ids of the bookings carrying each `termtime:` ExternalId."""
    found: dict[str, list[int]] = {}
    for booking in university.booker.bookings.values():
        if booking.external_id and booking.external_id.startswith("termtime:"):
            found.setdefault(booking.external_id, []).append(booking.id)
    return found


def people_bookings(university: Sandbox) -> dict[int, tuple[object, ...]]:
    """Return every booking made by someone other than the sync, by id."""
    return {
        b.id: (b.room, b.start, b.end, b.title, b.created_by)
        for b in university.booker.bookings.values()
        if b.created_by != university.username
    }


def divergence(university: Sandbox, *, conflicts: set[str]) -> dict[str, int]:
    """Count how far Booker is from what is due: duplicates, missing, stray, mistimed."""
    owned = owned_bookings(university)
    due = due_bookings(university)
    mistimed = sum(
        1
        for key, ids in owned.items()
        if key in due
        and any(
            (university.booker.bookings[i].start, university.booker.bookings[i].end) != due[key]
            for i in ids
        )
    )
    return {
        "duplicates": sum(len(ids) - 1 for ids in owned.values()),
        "missing": len(set(due) - conflicts - set(owned)),
        "stray": len(set(owned) - set(due)),
        "mistimed": mistimed,
    }
