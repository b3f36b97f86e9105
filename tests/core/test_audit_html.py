"""The audit's web page, as text: every value escaped, totals per category and department,
and the controls hidden until the script shows them."""

from __future__ import annotations

import datetime as dt

from essm_sync.core import render_audit
from essm_sync.models import Audit, Discrepancy

EVIL = '<script>alert(1)</script> & "quotes"'


def _page(*records: Discrepancy) -> str:
    return render_audit(
        Audit(window_start=dt.date(2026, 9, 28), window_end=dt.date(2027, 3, 31),
              timezone="Europe/London", discrepancies=records),
        "html",
    )  # fmt: skip


def _record(**fields: object) -> Discrepancy:
    return Discrepancy.model_validate({
        "category": "timetable", "check": "item-room-unknown", "system": "Booker",
        "key": "ZZ-9", "differs": "3 items: the room is not in Booker", "termtime": "ZZ-9",
        "fix": "move the item", "items": 3, **fields,
    })  # fmt: skip


def test_every_value_is_escaped() -> None:
    """A title or key holding markup is shown as text, never run as part of the page."""
    page = _page(_record(title=EVIL, key=EVIL, department="<b>"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in page
    assert "&lt;b&gt;" in page


def test_totals_count_records_and_items_per_category_and_department() -> None:
    """The totals count records, the items behind them and those needing a person."""
    page = _page(
        _record(department="ENG"),
        _record(key="ZZ-8", department="ENG", items=2),
        _record(category="bookings", check="booking-missing", key="termtime:E1:R1",
                items=1, department="MAT", fixed_by_sync=True),
    )  # fmt: skip
    assert '<tr><th scope="row">timetable</th><td>2</td><td>5</td><td>2</td></tr>' in page
    assert '<tr><th scope="row">bookings</th><td>1</td><td>1</td><td>0</td></tr>' in page
    assert '<tr><th scope="row">ENG (room)</th><td>2</td><td>5</td><td>2</td></tr>' in page
    assert '<tr><th scope="row">MAT</th><td>1</td><td>1</td><td>0</td></tr>' in page
    assert "2 need a person; 1 the next sync fixes by itself." in page


def test_controls_wait_for_the_script_and_nothing_comes_from_elsewhere() -> None:
    """Without JavaScript the filters are hidden and every row shows; the page links to
    nothing outside itself."""
    page = _page(_record())
    assert '<form id="controls" class="controls" hidden role="search">' in page
    assert '<tr data-category="timetable" data-fixed="no">' in page
    assert "http://" not in page
    assert "https://" not in page


def test_items_taught_together_need_nobody() -> None:
    """A group taught together is information: not counted as needing a person, nor as
    fixed by the next sync, and labelled so."""
    page = _page(
        _record(department="ENG"),
        _record(check="items-shared", key="termtime:E1:R1", items=2, department="ENG",
                differs="2 items taught together share one booking: ..."),
    )  # fmt: skip
    assert '<tr><th scope="row">ENG</th><td>1</td><td>2</td><td>0</td></tr>' in page
    assert "1 needs a person; 0 the next sync fixes by itself; 1 for information only." in page
    assert (
        '<td data-label="next sync">nothing</td><td data-label="category">timetable</td>'
        '<td data-label="check">items-shared:'
    ) in page


def test_a_whole_rooms_record_counts_under_the_rooms_department_and_says_so() -> None:
    """A record of a whole room (its items of any department) is counted under the room's
    department marked "(room)", apart from records of single items, and the page says why."""
    page = _page(
        _record(department="UAS", items=145),
        _record(category="bookings", check="booking-missing", key="termtime:E1:R1",
                items=1, department="UAS", fixed_by_sync=True),
    )  # fmt: skip
    assert '<tr><th scope="row">UAS (room)</th><td>1</td><td>145</td><td>1</td></tr>' in page
    assert '<tr><th scope="row">UAS</th><td>1</td><td>1</td><td>0</td></tr>' in page
    assert "counts under the room's department, marked “(room)”" in page
