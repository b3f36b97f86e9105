"""A time span over several days is printed with its end's date, never as `18:00-17:00`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from essm_sync.core import describe_conflict
from essm_sync.models import BlockingBooking, Conflict

LONDON = ZoneInfo("Europe/London")


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=LONDON)


def test_a_booking_over_a_weekend_ends_on_its_own_date() -> None:
    """A person's booking from Friday 18:00 to Sunday 17:00 reads as ending on Sunday."""
    conflict = Conflict(
        key="termtime:A1:LR1", room="LR1", title="Maths", start=_at(21, 10), end=_at(21, 11),
        blocking=(BlockingBooking(booking_id=7, title="Conference", start=_at(20, 18),
                                  end=_at(22, 17), created_by="reception"),),
    )  # fmt: skip
    line = describe_conflict(conflict, LONDON)
    assert "by reception Fri 2026-11-20 18:00-Sun 2026-11-22 17:00" in line
    assert "LR1 Sat 2026-11-21 10:00-11:00 'Maths'" in line
