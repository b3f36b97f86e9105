"""TermTime's academic year, and the bookings window cut to it.

TermTime serves a room timetable only within its current academic year (§37.10) and
states neither the year's dates nor what a range outside it gets, so the sync works the
year out from a setting and never asks outside it (design.md, The academic year).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WindowCut:
    """The days a bookings stage syncs, and the warning that says why they are fewer.

    `days` is None when none of the window lies in the academic year: nothing is read.
    """

    days: tuple[dt.date, dt.date] | None
    warning: str | None = None


def academic_year(today: dt.date, *, month: int, day: int) -> tuple[dt.date, dt.date]:
    """Return the first and last day of the academic year that contains `today`, for a year
    that starts every year on `month`-`day` (a day every year has: never 29 February)."""
    start = dt.date(today.year, month, day)
    if today < start:
        start = dt.date(today.year - 1, month, day)
    return start, dt.date(start.year + 1, month, day) - _DAY


def cut_window(
    first_day: dt.date, last_day: dt.date, year: tuple[dt.date, dt.date] | None
) -> WindowCut:
    """Return the part of the window inside the academic year, with one warning if any of
    it lies outside; no year given means no cut."""
    if year is None:
        return WindowCut((first_day, last_day))
    begin, end = year
    window = f"the window {first_day} to {last_day}"
    where = f"TermTime's academic year {begin} to {end}"
    if last_day < begin or first_day > end:
        return WindowCut(
            None, f"{window} lies outside {where}: no timetable is read, no booking changed"
        )
    first, last = max(first_day, begin), min(last_day, end)
    if (first, last) == (first_day, last_day):
        return WindowCut((first, last))
    return WindowCut(
        (first, last),
        f"{window} is cut to {where}: {first} to {last} is synced, the rest left as it is",
    )
