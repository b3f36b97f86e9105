"""The audit's web page for a small fixed audit, compared whole against the page written
out here: head, lead, both totals in their order, the controls, and every row's cells."""

from __future__ import annotations

import datetime as dt

from essm_sync.core import render_audit
from essm_sync.core.audit._page import SCRIPT, STYLE
from essm_sync.models import Audit, Discrepancy


def _record(**fields: object) -> Discrepancy:
    return Discrepancy.model_validate(fields)


SMALL = Audit(
    window_start=dt.date(2026, 9, 28),
    window_end=dt.date(2027, 3, 31),
    timezone="Europe/London",
    discrepancies=(
        _record(category="timetable", check="item-room-unknown", system="Booker", key="ZZ-9",
                differs="4 items: the room is not in Booker", termtime="ZZ-9",
                fix="move the items", items=4, title="Statics & Dynamics",
                date=dt.date(2026, 10, 5), start="11:00", room="ZZ-9", department="MAT"),
        _record(category="estate", check="room-differs", system="TermTime", key="MIL-1",
                differs="capacity", booker="30", termtime="40",
                fix="run `essm-sync sync rooms`"),
        _record(category="bookings", check="booking-missing", system="Booker",
                key="termtime:E1:MIL-1", differs="item without its booking",
                termtime="2026-10-08 09:00-10:00", fix="run `essm-sync sync bookings`",
                title="ENG1 Lecture", date=dt.date(2026, 10, 8), start="09:00", end="10:00",
                room="MIL-1", building="Mill Lane", department="ENG", fixed_by_sync=True),
        _record(category="timetable", check="items-shared", system="TermTime",
                key="termtime:E2:MIL-1", differs="2 items taught together share one booking",
                fix="nothing to do", items=2, department="ENG"),
    ),
)  # fmt: skip

TITLE = "Audit of Booker and TermTime, 2026-09-28 to 2027-03-31 (Europe/London): 4 discrepancies"
COUNTED = (
    '<thead><tr><th scope="col">{}</th><th scope="col">records</th><th scope="col">items</th>'
    '<th scope="col">need a person</th></tr></thead>'
)
HEADINGS = ("next sync", "category", "check", "items", "title", "date", "time", "room",
            "building", "department", "what differs", "Booker", "TermTime", "fix",
            "key")  # fmt: skip


COLUMNS = "".join(
    f'<col style="width:{w}%">' for w in (6, 7, 8, 4, 8, 7, 6, 6, 7, 5.5, 8, 5.5, 6, 9, 7)
)


def _row(category: str, fixed: str, *cells: str) -> str:
    shown = "".join(
        f'<td data-label="{h}">{cell}</td>' for h, cell in zip(HEADINGS, cells, strict=True)
    )
    return f'<tr data-category="{category}" data-fixed="{fixed}">{shown}</tr>'


def test_html_whole_page() -> None:
    """The page reads exactly as written out: totals by category in the categories' order
    and by department with the most items first, then one row per record in audit order."""
    heads = "".join(
        f'<th scope="col" data-numeric="{"1" if h == "items" else ""}">{h}</th>' for h in HEADINGS
    )
    assert render_audit(SMALL, "html") == "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{TITLE}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{TITLE}</h1>",
        '<p class="lead">2 need a person; 1 the next sync fixes by itself; 1 for information '
        "only. Records are listed with what needs a person first, the most timetable items "
        "first.</p>",
        '<section class="totals">',
        '<table class="total"><caption>By category</caption>' + COUNTED.format("category")
        + '<tbody><tr><th scope="row">estate</th><td>1</td><td>1</td><td>1</td></tr>'
        '<tr><th scope="row">timetable</th><td>2</td><td>6</td><td>1</td></tr>'
        '<tr><th scope="row">bookings</th><td>1</td><td>1</td><td>0</td></tr></tbody></table>',
        '<table class="total"><caption>By department</caption>' + COUNTED.format("department")
        + '<tbody><tr><th scope="row">MAT (room)</th><td>1</td><td>4</td><td>1</td></tr>'
        '<tr><th scope="row">ENG</th><td>2</td><td>3</td><td>0</td></tr>'
        '<tr><th scope="row">(none)</th><td>1</td><td>1</td><td>1</td></tr></tbody></table>',
        "</section>",
        '<p class="note">By department: a record of a whole room (its items cannot be booked '
        "for the room's sake) counts under the room's department, marked “(room)”, whatever "
        "departments its items belong to.</p>",
        '<form id="controls" class="controls" hidden role="search">'
        '<label>Filter <input id="q" type="search" '
        'placeholder="room, title, check, department"></label> '
        '<label>Category <select id="category"><option value="">all</option>'
        '<option value="estate">estate</option><option value="timetable">timetable</option>'
        '<option value="bookings">bookings</option>'
        '<option value="roombookings">roombookings</option></select></label> '
        '<label>Who <select id="fixed"><option value="">all</option>'
        '<option value="no">needs a person</option>'
        '<option value="yes">the next sync fixes it</option></select></label> '
        '<output id="shown" aria-live="polite"></output></form>',
        f'<table id="records"><colgroup>{COLUMNS}</colgroup><thead><tr>{heads}</tr></thead>',
        "<tbody>",
        _row("timetable", "no", "needs a person", "timetable",
             "item-room-unknown: item in a room unknown to Booker", "4", "Statics &amp; Dynamics",
             "2026-10-05", "11:00", "ZZ-9", "", "MAT", "4 items: the room is not in Booker", "",
             "ZZ-9", "move the items", "ZZ-9"),
        _row("estate", "no", "needs a person", "estate",
             "room-differs: room differs between Booker and TermTime", "1", "", "", "", "", "",
             "", "capacity", "30", "40", "run `essm-sync sync rooms`", "MIL-1"),
        _row("bookings", "yes", "fixes it", "bookings",
             "booking-missing: item without its owned booking", "1", "ENG1 Lecture",
             "2026-10-08", "09:00-10:00", "MIL-1", "Mill Lane", "ENG", "item without its booking",
             "", "2026-10-08 09:00-10:00", "run `essm-sync sync bookings`", "termtime:E1:MIL-1"),
        _row("timetable", "no", "nothing", "timetable",
             "items-shared: items taught together in one room, sharing one booking", "2", "", "",
             "", "", "", "ENG", "2 items taught together share one booking", "", "",
             "nothing to do", "termtime:E2:MIL-1"),
        "</tbody></table>",
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
        "",
    ])  # fmt: skip


def test_departments_with_equal_items_read_in_name_order() -> None:
    """Departments with as many items as each other are listed by name."""
    page = render_audit(
        SMALL.model_copy(update={"discrepancies": (
            SMALL.discrepancies[0].model_copy(
                update={"check": "room-differs", "department": "PHY", "items": 3}
            ),
            SMALL.discrepancies[2],
            SMALL.discrepancies[3],
        )}),
        "html",
    )  # fmt: skip
    assert (
        '<tbody><tr><th scope="row">ENG</th><td>2</td><td>3</td><td>0</td></tr>'
        '<tr><th scope="row">PHY</th><td>1</td><td>3</td><td>1</td></tr></tbody>'
    ) in page
