"""Lectures taught together: two cohorts in one room at once, on purpose.

The messy seed has two items exactly together, a chain of three that overlap one after the
other, a pair over a person's booking, and a group whose first member (the one whose key a
new shared booking carries) a test can drop with `drop_key_member`.
"""

from __future__ import annotations

import datetime as dt

from essm_sync.sandbox.booker_state import BookerState
from essm_sync.sandbox.seed_year import SeedYear
from essm_sync.sandbox.termtime_state import TermTimeState, TTEvent

# Saturdays: no generated teaching, no other mess, no evening society meeting at these hours.
# Written for 2026-27; moved into the year seeded.
PAIR_DAY = dt.date(2026, 11, 28)
PERSON_DAY = dt.date(2026, 12, 5)
KEY_MEMBER = "CO-DROP-A"
# The groups by their members' uniqueIds, in the order their titles are joined.
GROUPS = (
    ("CO-PAIR-1", "CO-PAIR-2"),
    ("CO-CHAIN-1", "CO-CHAIN-2", "CO-CHAIN-3"),
    ("CO-PERSON-1", "CO-PERSON-2"),
    (KEY_MEMBER, "CO-DROP-B", "CO-DROP-C"),
)


def add_co_taught(tt: TermTimeState, bk: BookerState, rooms: list[dict[str, object]]) -> None:
    """Add the co-taught lectures to the first three rooms booked in both systems."""
    if len(rooms) < 3:  # three rooms hold the four groups
        return
    first, second, third = rooms[:3]
    year = SeedYear(tt.year_start)
    pair_day, person_day = year.on(PAIR_DAY), year.on(PERSON_DAY)

    def add(uid: str, room: dict[str, object], day: dt.date, start: str, end: str,
            title: str, department: str) -> None:  # fmt: skip
        tt.events[uid] = TTEvent(
            uid, f"A-{uid}", title, f"{title}, taught together", department,
            f"{department}201", "LEC", day, dt.time.fromisoformat(start),
            dt.time.fromisoformat(end), (str(room["Id"]),),
        )  # fmt: skip

    add("CO-PAIR-1", first, pair_day, "10:00", "11:00", "ENG201 Lecture (Part IA)", "ENG")
    add("CO-PAIR-2", first, pair_day, "10:00", "11:00", "CST201 Lecture (Part IB)", "CST")
    add("CO-CHAIN-1", second, pair_day, "09:00", "10:00", "MAT201 Lecture", "MAT")
    add("CO-CHAIN-2", second, pair_day, "09:30", "11:00", "PHY201 Lecture", "PHY")
    add("CO-CHAIN-3", second, pair_day, "10:30", "12:00", "CHE201 Lecture", "CHE")
    add("CO-PERSON-1", third, person_day, "10:00", "11:00", "ECO201 Lecture", "ECO")
    add("CO-PERSON-2", third, person_day, "10:30", "11:30", "LAW201 Lecture", "LAW")
    add(KEY_MEMBER, first, person_day, "14:00", "15:00", "HIS201 Lecture", "HIS")
    add("CO-DROP-B", first, person_day, "14:00", "15:00", "ENL201 Lecture", "ENL")
    add("CO-DROP-C", first, person_day, "14:30", "15:30", "MED201 Lecture", "MED")
    # Reception booked the room over the end of the second lecture (December: GMT).
    start = dt.datetime.combine(person_day, dt.time(11, 15), dt.UTC)
    bk.add_booking(
        room=third["OptimeIndex"], start=start, end=start + dt.timedelta(minutes=45),
        title="Department away day", description="Booked at reception", booking_type=None,
        department=None, external_id=None, created_by="reception",
    )  # fmt: skip


def drop_key_member(tt: TermTimeState) -> None:
    """Unschedule the first member of the last group: its shared booking's key must move."""
    del tt.events[KEY_MEMBER]
    tt.changed_events()
