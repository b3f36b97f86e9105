"""The audit: every discrepancy between Booker and TermTime, one record each.

Each check has a stable name, used in JSON and CSV and kept in `docs/audit.schema.json`;
scripts and spreadsheets rely on it, so a name never changes meaning.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Literal

from pydantic import computed_field

from essm_sync.models._base import Frozen

Category = Literal["estate", "timetable", "bookings", "roombookings"]
CATEGORIES: tuple[Category, ...] = ("estate", "timetable", "bookings", "roombookings")
System = Literal["Booker", "TermTime"]
AUDIT_FORMAT: Literal[1] = 1

Check = Literal[
    "campus-missing",
    "building-missing",
    "building-differs",
    "building-unknown-to-booker",
    "room-missing",
    "room-differs",
    "room-marked-for-deletion",
    "room-retired",
    "room-unknown-to-booker",
    "room-department-unknown",
    "department-unknown",
    "name-too-long",
    "name-collision",
    "code-too-long",
    "code-shared",
    "code-lookalike",
    "item-room-unknown",
    "item-room-retired",
    "item-room-not-bookable",
    "item-room-code-shared",
    "item-over-capacity",
    "item-clash",
    "items-shared",
    "item-unreadable",
    "item-listed-twice",
    "item-department-unknown",
    "room-held",
    "room-days-unconfirmed",
    "booking-conflict",
    "booking-missing",
    "booking-differs",
    "booking-orphaned",
    "booking-duplicate",
    "booking-out-of-scope",
    "booking-copied-key",
    "booking-cancelled",
    "roombooking-missing",
    "roombooking-differs",
    "roombooking-stale",
]

# Each check's category and what it means, in the order reports list them.
CHECKS: dict[Check, tuple[Category, str]] = {
    "campus-missing": ("estate", "Booker site with live buildings has no TermTime campus"),
    "building-missing": ("estate", "live Booker building missing from TermTime"),
    "building-differs": ("estate", "building differs between Booker and TermTime"),
    "building-unknown-to-booker": ("estate", "TermTime building unknown to Booker"),
    "room-missing": ("estate", "live Booker room missing from TermTime"),
    "room-differs": ("estate", "room differs between Booker and TermTime"),
    "room-marked-for-deletion": ("estate", "room live in Booker, marked for deletion in TermTime"),
    "room-retired": ("estate", "room retired in Booker, live in TermTime"),
    "room-unknown-to-booker": ("estate", "TermTime room unknown to Booker"),
    "room-department-unknown": ("estate", "Booker room's department unknown to TermTime"),
    "department-unknown": ("estate", "Booker department unknown to TermTime"),
    "name-too-long": ("estate", "Booker name longer than TermTime's 45 characters"),
    "name-collision": ("estate", "Booker names the same once cut to 45 characters"),
    "code-too-long": ("estate", "Booker code longer than TermTime's 45 characters"),
    "code-shared": ("estate", "several Booker records share one code"),
    "code-lookalike": ("estate", "codes of the two systems that differ only in how they look"),
    "item-room-unknown": ("timetable", "item in a room unknown to Booker"),
    "item-room-retired": ("timetable", "item in a room retired in Booker"),
    "item-room-not-bookable": ("timetable", "item in a room Booker does not let be booked"),
    "item-room-code-shared": ("timetable", "item in a room whose code several Booker rooms share"),
    "item-over-capacity": ("timetable", "item larger than the room's Booker capacity"),
    "item-clash": ("timetable", "item overlapping an earlier item in the same room"),
    "items-shared": ("timetable", "items taught together in one room, sharing one booking"),
    "item-unreadable": ("timetable", "item the sync cannot read"),
    "item-listed-twice": ("timetable", "item listed twice with different details"),
    "item-department-unknown": ("timetable", "item's department unknown to Booker"),
    "room-held": ("timetable", "room held: an unreadable item keeps its bookings"),
    "room-days-unconfirmed": ("timetable", "room's timetable answer confirmed no days"),
    "booking-conflict": ("bookings", "item clashing with a person's booking"),
    "booking-missing": ("bookings", "item without its owned booking"),
    "booking-differs": ("bookings", "owned booking differs from its item"),
    "booking-orphaned": ("bookings", "owned booking whose item is gone"),
    "booking-duplicate": ("bookings", "second owned booking of one item"),
    "booking-out-of-scope": ("bookings", "owned booking in a room or kind not synced"),
    "booking-copied-key": ("bookings", "termtime: booking made by another user"),
    "booking-cancelled": ("bookings", "owned booking a person cancelled in Booker"),
    "roombooking-missing": ("roombookings", "person's booking without its TermTime room booking"),
    "roombooking-differs": ("roombookings", "owned room booking differs from its booking"),
    "roombooking-stale": ("roombookings", "owned room booking whose Booker booking is gone"),
}

# Checks that only inform: nothing to fix, so `--detailed-exitcode` does not count them.
INFO_CHECKS: frozenset[Check] = frozenset({"items-shared"})


# The checks a sync fixes by itself (docs/audit.md, "sync fixes it"); the rest need a person.
SYNC_FIXES: frozenset[Check] = frozenset({
    "campus-missing", "building-missing", "building-differs", "room-missing", "room-differs",
    "room-marked-for-deletion", "room-retired", "booking-missing", "booking-differs",
    "booking-orphaned", "booking-duplicate", "roombooking-missing", "roombooking-differs",
    "roombooking-stale",
})  # fmt: skip

# Checks whose cause is the room, not the item: one record per room, counting its items.
ROOM_CAUSES: frozenset[Check] = frozenset({
    "item-room-unknown", "item-room-retired", "item-room-not-bookable", "item-room-code-shared",
})  # fmt: skip


class Discrepancy(Frozen):
    """One thing that differs: where, what (with both values where there are two), the fix;
    for people, what it is about (the item's title and time, its room, building and
    department) and whether the next sync fixes it by itself."""

    category: Category
    check: Check
    system: System  # where the record that differs, or the fix, lives
    key: str
    differs: str
    booker: str | None = None
    termtime: str | None = None
    fix: str
    items: int = 1  # the timetable items behind the record (a room's, for a room's cause)
    title: str | None = None
    date: dt.date | None = None  # local, in the audit's time zone; the first, for a room
    start: str | None = None  # local HH:MM
    end: str | None = None  # local HH:MM; YYYY-MM-DD HH:MM when not on the start's day
    room: str | None = None  # the TermTime room code
    building: str | None = None
    department: str | None = None
    fixed_by_sync: bool = False


class Audit(Frozen):
    """Every discrepancy found, in report order."""

    format: Literal[1] = AUDIT_FORMAT
    window_start: dt.date
    window_end: dt.date
    timezone: str
    discrepancies: tuple[Discrepancy, ...]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def counts(self) -> dict[Check, int]:
        """How many records each check found, checks with none left out."""
        found = Counter(d.check for d in self.discrepancies)
        return {check: found[check] for check in CHECKS if found[check]}
