"""The academic year that contains today, and the bookings window cut to it."""

from __future__ import annotations

import datetime as dt

import pytest

from essm_sync.core import WindowCut, academic_year, cut_window

D = dt.date
YEAR = (D(2026, 8, 1), D(2027, 7, 31))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 7, 31), (D(2025, 8, 1), D(2026, 7, 31))),
        (D(2026, 8, 1), (D(2026, 8, 1), D(2027, 7, 31))),
        (D(2026, 12, 31), (D(2026, 8, 1), D(2027, 7, 31))),
        (D(2027, 1, 1), (D(2026, 8, 1), D(2027, 7, 31))),
        (D(2028, 2, 29), (D(2027, 8, 1), D(2028, 7, 31))),
    ],
)
def test_year_around_1_august(today: dt.date, expected: tuple[dt.date, dt.date]) -> None:
    """31 July still belongs to the year before; 1 August starts the next; 29 February is
    an ordinary day of the year it falls in."""
    assert academic_year(today, month=8, day=1) == expected


def test_year_ending_on_29_february() -> None:
    """A year starting 1 March ends on 29 February in a leap year, on 28th otherwise."""
    assert academic_year(D(2028, 2, 29), month=3, day=1) == (D(2027, 3, 1), D(2028, 2, 29))
    assert academic_year(D(2028, 3, 1), month=3, day=1) == (D(2028, 3, 1), D(2029, 2, 28))


def test_window_inside_the_year_is_kept_without_a_warning() -> None:
    """A window the year holds whole is synced as it is, silently."""
    assert cut_window(D(2026, 9, 1), D(2027, 7, 31), YEAR) == WindowCut(
        (D(2026, 9, 1), D(2027, 7, 31))
    )


def test_window_crossing_31_july_is_cut_with_one_warning() -> None:
    """A window past the year's end is synced up to 31 July, and the warning names the cut."""
    cut = cut_window(D(2027, 5, 1), D(2027, 10, 28), YEAR)
    assert cut.days == (D(2027, 5, 1), D(2027, 7, 31))
    assert cut.warning == (
        "the window 2027-05-01 to 2027-10-28 is cut to TermTime's academic year 2026-08-01 "
        "to 2027-07-31: 2027-05-01 to 2027-07-31 is synced, the rest left as it is"
    )


def test_window_starting_before_1_august_is_cut_at_the_start() -> None:
    """A window reaching back into the year before starts on 1 August."""
    assert cut_window(D(2026, 7, 25), D(2026, 12, 1), YEAR).days == (D(2026, 8, 1), D(2026, 12, 1))


@pytest.mark.parametrize(
    ("first", "last"), [(D(2027, 8, 1), D(2027, 12, 1)), (D(2026, 1, 1), D(2026, 7, 31))]
)
def test_window_outside_the_year_reads_nothing(first: dt.date, last: dt.date) -> None:
    """A window wholly before or after the year gives no days and one warning."""
    cut = cut_window(first, last, YEAR)
    assert cut.days is None
    assert cut.warning == (
        f"the window {first} to {last} lies outside TermTime's academic year 2026-08-01 to "
        "2027-07-31: no timetable is read, no booking changed"
    )


def test_no_year_means_no_cut() -> None:
    """Without a year (a saved plan's own window) the window is used as given."""
    assert cut_window(D(2020, 1, 1), D(2030, 1, 1), None).days == (D(2020, 1, 1), D(2030, 1, 1))
