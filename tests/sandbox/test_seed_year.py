"""The seed's calendar follows the academic year it is given, clock-change nights and all."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from essm_sync.sandbox import Sandbox, SeedYear, generate

D = dt.date
LONDON = ZoneInfo("Europe/London")
# The default year; one holding 29 February 2028; the next; one far off.
YEARS = [D(2026, 8, 1), D(2027, 8, 1), D(2028, 8, 1), D(2051, 8, 1)]


def _university(year_start: dt.date) -> Sandbox:
    return generate(seed=1, rooms=24, year_start=year_start)


def _offsets(day: dt.date, hour: int, minute: int) -> tuple[dt.timedelta, dt.timedelta]:
    """Return the UTC offsets of a London wall time read as its first and second occurrence."""
    first = dt.datetime.combine(day, dt.time(hour, minute, fold=0), LONDON)
    second = dt.datetime.combine(day, dt.time(hour, minute, fold=1), LONDON)
    return first.utcoffset() or dt.timedelta(), second.utcoffset() or dt.timedelta()


@pytest.mark.parametrize("year_start", YEARS)
def test_clock_change_items_sit_on_the_nights_london_changes(year_start: dt.date) -> None:
    """The seeded 01:15 items fall on the very nights Europe/London's clocks go back (01:15
    happens twice) and forward (01:15 never happens) in the year seeded, by tzdata."""
    tt = _university(year_start).termtime
    back, forward = tt.events["CLOCK-BACK"], tt.events["CLOCK-FWD"]
    assert back.start == forward.start == dt.time(1, 15)
    assert tt.year_start < back.date < forward.date <= tt.year_end
    assert (back.date.year, back.date.month) == (year_start.year, 10)
    assert (forward.date.year, forward.date.month) == (year_start.year + 1, 3)
    early, late = _offsets(back.date, 1, 15)
    assert early - late == dt.timedelta(hours=1)  # BST, then GMT: the hour is repeated
    before, after = _offsets(forward.date, 1, 15)
    assert after - before == dt.timedelta(hours=1)  # a wall time the clocks skip
    for day in (back.date - dt.timedelta(days=1), forward.date + dt.timedelta(days=1)):
        assert len(set(_offsets(day, 1, 15))) == 1  # no other night changes


@pytest.mark.parametrize("year_start", YEARS[1:])
def test_a_later_year_moves_every_date_by_whole_weeks(year_start: dt.date) -> None:
    """Every seeded item, person's booking and timetabler's room booking of a later year is
    that of the default year moved by one whole number of weeks (weekdays kept), within
    three days of the same calendar date; only the clock-change nights are worked out."""
    default, later = _university(YEARS[0]), _university(year_start)
    years = year_start.year - YEARS[0].year
    shifts = set()
    for uid, event in default.termtime.events.items():
        if not uid.startswith("CLOCK-"):
            shifts.add(later.termtime.events[uid].date - event.date)
    bookings = zip(
        sorted(default.booker.bookings.values(), key=lambda b: b.id),
        sorted(later.booker.bookings.values(), key=lambda b: b.id),
        strict=True,
    )
    shifts |= {after.start - before.start for before, after in bookings}
    held = zip(
        default.termtime.room_bookings.values(),
        later.termtime.room_bookings.values(),
        strict=True,
    )
    shifts |= {dt.timedelta(days=(b.dates()[0] - a.dates()[0]).days) for a, b in held}
    (shift,) = shifts
    assert shift.days % 7 == 0
    same_date = D(YEARS[0].year + years, 10, 12) - D(2026, 10, 12)
    assert abs(shift - same_date) <= dt.timedelta(days=3)
    assert later.termtime.today == default.termtime.today + shift
    assert (later.first_day, later.last_day) == (
        default.first_day + shift,
        SeedYear(year_start).clock_forward() + dt.timedelta(days=3),
    )


def test_a_year_holding_29_february_ends_on_31_july() -> None:
    """The year from 1 August 2027 ends on 31 July 2028, 29 February 2028 inside it."""
    year = SeedYear(D(2027, 8, 1))
    assert year.last_day == D(2028, 7, 31)
    assert year.clock_back() == D(2027, 10, 31)
    assert year.clock_forward() == D(2028, 3, 26)
