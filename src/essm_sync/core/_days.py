"""A span of time cut into local days, as TermTime's room bookings hold it: a weekday, an
ISO week, a wall-clock start and a duration (design.md, Room bookings into TermTime).

The weekday numbering lives here alone: 0 = Monday, as the reference counts `fixedDay`;
it does not say how `day` counts (termtime-api.md §13).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

_DAY = dt.timedelta(days=1)
_DAY_MIN = 24 * 60
_MINUTE = dt.timedelta(minutes=1)


class DayPiece(NamedTuple):
    """The part of a span that falls on one local day, in the fields TermTime writes."""

    date: dt.date
    day: str  # day of the week, 0 = Monday
    week: str  # ISO week, YYYY-Www
    time: str  # wall-clock start, hh:mm
    du: str  # duration, hh:mm, at most 24:00


def day_number(date: dt.date) -> str:
    """Return a date's day of the week as TermTime's `day` (0 = Monday; *inferred*)."""
    return str(date.weekday())


def iso_week(date: dt.date) -> str:
    """Return a date's ISO week as `YYYY-Www`, the form of `pat`."""
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def _midnight(date: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(), zone).astimezone(dt.UTC)


def _wall_minutes(instant: dt.datetime, zone: dt.tzinfo, *, up: bool) -> int:
    local = instant.astimezone(zone)
    minutes = local.hour * 60 + local.minute
    # Never shorter than the span: a start is taken down to its minute, an end up.
    return minutes + 1 if up and (local.second or local.microsecond) else minutes


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def day_pieces(start: dt.datetime, end: dt.datetime, zone: dt.tzinfo) -> tuple[DayPiece, ...]:
    """Cut [start, end) into the local days of `zone` it touches, in date order.

    The duration is wall-clock (from the start's clock to the end's, `24:00` for the
    midnight ending the day), as TermTime shows it: on the night clocks go back a wall
    span covers the repeated hour, on the night they go forward it skips the missing one.
    A piece within the repeated hour, whose wall clock does not advance, takes its
    elapsed minutes instead. An empty or reversed span has no pieces.
    """
    pieces: list[DayPiece] = []
    date = start.astimezone(zone).date()
    while True:
        opens, closes = _midnight(date, zone), _midnight(date + _DAY, zone)
        first, last = max(start, opens), min(end, closes)
        if first >= end:
            break
        if first < last:
            begin = _wall_minutes(first, zone, up=False)
            finish = _DAY_MIN if last == closes else _wall_minutes(last, zone, up=True)
            minutes = finish - begin
            if minutes <= 0:
                minutes = -(-(last - first) // _MINUTE)  # elapsed, rounded up
            pieces.append(DayPiece(date, day_number(date), iso_week(date), _clock(begin),
                                   _clock(min(minutes, _DAY_MIN - begin))))  # fmt: skip
        date += _DAY
    return tuple(pieces)
