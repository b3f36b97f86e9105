"""The audit as one self-contained web page for the timetabling staff: totals per category
and per department, then every record in a table that can be filtered and sorted.

Nothing is fetched from elsewhere (no CDN, no font, no image): the style and the script are
inline, and the page reads whole without JavaScript; the script only adds the filters and
sorting. A filter can be given in the address (`audit.html#q=MIL-1&fixed=no`), so that a
link shows one room's records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from html import escape

from essm_sync.core.audit._page import SCRIPT, STYLE
from essm_sync.core.audit._shown import time_of, title_of
from essm_sync.models import CATEGORIES, CHECKS, INFO_CHECKS, ROOM_CAUSES, Audit, Discrepancy

_HEADINGS = ("next sync", "category", "check", "items", "title", "date", "time", "room",
             "building", "department", "what differs", "Booker", "TermTime", "fix",
             "key")  # fmt: skip
_NUMERIC = frozenset({"items"})
# Each column's share of the page's width (per cent): the table fits the window, and long
# values (checks, titles, fixes, keys) wrap within their column instead of widening it.
_WIDTHS = (6, 7, 8, 4, 8, 7, 6, 6, 7, 5.5, 8, 5.5, 6, 9, 7)


def render_html(audit: Audit) -> str:
    """Return the audit as one HTML page that needs nothing from elsewhere."""
    title = title_of(audit)
    records = audit.discrepancies
    people = [d for d in records if _needs_person(d)]
    info = sum(d.check in INFO_CHECKS for d in records)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="lead">{len(people)} {"needs" if len(people) == 1 else "need"} a person; '
        f"{len(records) - len(people) - info} the "
        "next sync fixes by itself"
        + (f"; {info} for information only" if info else "")
        + ". Records are listed with what needs a person first, the most "
        "timetable items first.</p>",
        '<section class="totals">',
        _totals("By category", "category", _by(records, lambda d: d.category, CATEGORIES)),
        _totals("By department", "department", _by(records, _department_of)),
        "</section>",
        '<p class="note">By department: a record of a whole room (its items cannot be booked '
        "for the room's sake) counts under the room's department, marked “(room)”, whatever "
        "departments its items belong to.</p>",
        _controls(),
        _table(records),
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _department_of(d: Discrepancy) -> str:
    """Name a record's department; a whole room's record is under the room's, so say so."""
    name = d.department or "(none)"
    return f"{name} (room)" if d.check in ROOM_CAUSES else name


def _by(
    records: tuple[Discrepancy, ...],
    name_of: Callable[[Discrepancy], str],
    order: tuple[str, ...] = (),
) -> list[tuple[str, int, int, int]]:
    """Return (name, records, items, records needing a person) per group, in `order` or
    the most items first."""
    counts: Counter[str] = Counter()
    items: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for d in records:
        name = name_of(d)
        counts[name] += 1
        items[name] += d.items
        people[name] += _needs_person(d)
    names = [n for n in order if counts[n]] or sorted(counts, key=lambda n: (-items[n], n))
    return [(n, counts[n], items[n], people[n]) for n in names]


def _totals(heading: str, column: str, rows: list[tuple[str, int, int, int]]) -> str:
    body = "".join(
        f'<tr><th scope="row">{escape(name)}</th><td>{n}</td><td>{items}</td>'
        f"<td>{people}</td></tr>"
        for name, n, items, people in rows
    )
    return (
        f'<table class="total"><caption>{escape(heading)}</caption>'
        f'<thead><tr><th scope="col">{escape(column)}</th><th scope="col">records</th>'
        '<th scope="col">items</th><th scope="col">need a person</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _controls() -> str:
    # Hidden until the script runs: without JavaScript they would do nothing.
    categories = "".join(f'<option value="{c}">{c}</option>' for c in CATEGORIES)
    return "".join([
        '<form id="controls" class="controls" hidden role="search">',
        '<label>Filter <input id="q" type="search" ',
        'placeholder="room, title, check, department"></label> ',
        '<label>Category <select id="category"><option value="">all</option>',
        categories, "</select></label> ",
        '<label>Who <select id="fixed"><option value="">all</option>',
        '<option value="no">needs a person</option>',
        '<option value="yes">the next sync fixes it</option></select></label> ',
        '<output id="shown" aria-live="polite"></output>',
        "</form>",
    ])  # fmt: skip


def _table(records: tuple[Discrepancy, ...]) -> str:
    head = "".join(
        f'<th scope="col" data-numeric="{"1" if h in _NUMERIC else ""}">{escape(h)}</th>'
        for h in _HEADINGS
    )
    rows = "\n".join(_row(d) for d in records)
    columns = "".join(f'<col style="width:{w}%">' for w in _WIDTHS)
    return (
        f'<table id="records"><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody></table>"
    )


def _needs_person(d: Discrepancy) -> bool:
    # Information (items taught together) is nothing to fix, for a person or the sync.
    return not d.fixed_by_sync and d.check not in INFO_CHECKS


def _row(d: Discrepancy) -> str:
    fixed = "yes" if d.fixed_by_sync else "no"
    who = "fixes it" if d.fixed_by_sync else "needs a person" if _needs_person(d) else "nothing"
    cells = (
        who, d.category,
        f"{d.check}: {CHECKS[d.check][1]}", str(d.items), d.title or "",
        d.date.isoformat() if d.date else "", time_of(d), d.room or "", d.building or "",
        d.department or "", d.differs, d.booker or "", d.termtime or "", d.fix, d.key,
    )  # fmt: skip
    # Each cell carries its heading: a phone shows a record as labelled lines (see STYLE).
    shown = "".join(
        f'<td data-label="{escape(h)}">{escape(cell)}</td>'
        for h, cell in zip(_HEADINGS, cells, strict=True)
    )
    return f'<tr data-category="{d.category}" data-fixed="{fixed}">{shown}</tr>'
