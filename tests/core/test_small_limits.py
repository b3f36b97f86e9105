"""Limits at their exact edge: a window touching the year by one day, a title of 255
characters, and the saved plan's layout."""

from __future__ import annotations

import datetime as dt

from essm_sync.core import cut_window, plan_bookings, render_json
from essm_sync.models import PLAN_FORMAT, CreateBooking, Plan
from tests.factories import DAY, RULES, bookings_snapshot, event, timetable

D = dt.date
YEAR = (D(2026, 8, 1), D(2027, 7, 31))


def test_a_window_sharing_one_day_with_the_year_syncs_that_day() -> None:
    """A window ending on the year's first day, or starting on its last, keeps that day."""
    assert cut_window(D(2026, 7, 1), D(2026, 8, 1), YEAR).days == (D(2026, 8, 1), D(2026, 8, 1))
    assert cut_window(D(2027, 7, 31), D(2027, 9, 1), YEAR).days == (
        D(2027, 7, 31),
        D(2027, 7, 31),
    )


def _shared_title(first: str, second: str) -> str:
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event("E1", name=first)),
                              (DAY, event("E2", name=second)))]
    )  # fmt: skip
    (change,) = plan_bookings(snapshot, rules=RULES).changes
    assert isinstance(change, CreateBooking)
    return change.after.title


def test_a_shared_title_of_255_characters_is_kept_and_one_more_is_cut() -> None:
    """Booker holds 255 characters: a joined title that long is whole, one longer ends in …."""
    assert _shared_title("A" * 126, "B" * 126) == "A" * 126 + " + " + "B" * 126
    assert _shared_title("A" * 126, "B" * 127) == "A" * 126 + " + " + "B" * 125 + "…"


def test_a_saved_plan_is_indented_by_two_spaces() -> None:
    """The saved plan is JSON laid out two spaces an indent, ending in a newline."""
    assert render_json(Plan(stages=())) == (
        "{\n"
        f'  "format": {PLAN_FORMAT},\n'
        '  "window_start": null,\n'
        '  "window_end": null,\n'
        '  "timezone": null,\n'
        '  "origin": null,\n'
        '  "stages": []\n'
        "}\n"
    )
