"""The seeded university's calendar: every date it uses, from the first day of the academic
year it serves, so that the sandbox can serve any year and the sync's "today" finds one.

The seed's dates are written for the year from 1 August 2026 (`REFERENCE`). Another year
moves them all by the one whole number of weeks nearest to the whole years between the two
first days: each keeps its weekday (teaching on weekdays, the mess on Saturdays) and its
distance from every other date, lands within three days of its date in the reference year,
and no date is ever made by changing a year (no 29 February to fall over). What only the
calendar decides is computed instead: the year's last day and the clock-change nights.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

REFERENCE = dt.date(2026, 8, 1)  # the first day of the year the seed's dates are written for
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class SeedYear:
    """The academic year a seed serves: from `first_day` to the day before its anniversary."""

    first_day: dt.date = REFERENCE

    @property
    def last_day(self) -> dt.date:
        """Return the year's last day (a first day of 29 February has no anniversary)."""
        first = self.first_day
        return dt.date(first.year + 1, first.month, first.day) - _DAY

    def on(self, day: dt.date) -> dt.date:
        """Return a date written for the reference year, moved into this one."""
        days = (self.first_day - REFERENCE).days
        return day + dt.timedelta(weeks=(days + 3) // 7)

    def clock_back(self) -> dt.date:
        """Return the night Europe/London's clocks go back: the year's first last Sunday of
        October (for a year from 1 August, that of its first calendar year)."""
        night = _last_sunday(self.first_day.year, 10)
        return night if night >= self.first_day else _last_sunday(self.first_day.year + 1, 10)

    def clock_forward(self) -> dt.date:
        """Return the night Europe/London's clocks go forward after they went back: the last
        Sunday of March of the next calendar year."""
        return _last_sunday(self.clock_back().year + 1, 3)


def _last_sunday(year: int, month: int) -> dt.date:
    # UK and EU summer time (since 1996): it ends and begins on the last Sunday of October and
    # March, at 01:00 UTC. Computed, not read from tzdata, so that a seed is the same anywhere.
    last = dt.date(year + month // 12, month % 12 + 1, 1) - _DAY
    return last - dt.timedelta(days=(last.weekday() - 6) % 7)
