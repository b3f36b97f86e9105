"""The audit's formats: CSV one row a record, Markdown every record, JSON with counts, text
a summary and the first records of each category."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from essm_sync.core import render_audit
from essm_sync.core.audit.render import COLUMNS, FIRST
from essm_sync.models import Audit, Discrepancy


def _record(n: int, check: str = "room-missing", category: str = "estate") -> Discrepancy:
    return Discrepancy.model_validate({
        "category": category, "check": check, "system": "TermTime", "key": f"R|{n:02d}",
        "differs": "live in Booker, missing from TermTime", "booker": f"Room {n}",
        "termtime": None, "fix": "run `essm-sync sync rooms`",
    })  # fmt: skip


def _audit(*records: Discrepancy) -> Audit:
    return Audit(
        window_start=dt.date(2026, 9, 28),
        window_end=dt.date(2027, 3, 31),
        timezone="Europe/London",
        discrepancies=records,
    )


MANY = _audit(
    *(_record(n) for n in range(FIRST + 2)),
    _record(99, "booking-copied-key", "bookings"),
)


def test_csv_has_a_header_and_one_row_a_record_with_every_field() -> None:
    """CSV has a header and one row per record carrying every field."""
    rows = list(csv.reader(io.StringIO(render_audit(MANY, "csv"))))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == len(MANY.discrepancies) + 1
    assert rows[1] == [
        "estate", "room-missing", "TermTime", "R|00", "live in Booker, missing from TermTime",
        "Room 0", "", "run `essm-sync sync rooms`", "1", "", "", "", "", "", "", "", "no",
    ]  # fmt: skip


def test_markdown_lists_every_record_with_pipes_escaped_and_counts() -> None:
    """Markdown lists every record, escapes pipes and gives the counts."""
    text = render_audit(MANY, "markdown")
    assert text.startswith(
        "# Audit of Booker and TermTime, 2026-09-28 to 2027-03-31 (Europe/London): "
        f"{FIRST + 3} discrepancies\n"
    )
    assert f"| estate | `room-missing` | {FIRST + 2} |" in text
    assert "| bookings | `booking-copied-key` | 1 |" in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == len(MANY.discrepancies)
    assert "| R\\|00 |" in rows[0]
    assert f"## estate ({FIRST + 2})" in text
    assert "## bookings (1)" in text


def test_text_summarises_and_shows_the_first_records_of_each_category() -> None:
    """Text summarises the counts and shows the first records of each category."""
    lines = render_audit(MANY, "text").splitlines()
    assert lines[0].endswith(f": {FIRST + 3} discrepancies")
    assert any(line.split()[:3] == ["estate", "room-missing", str(FIRST + 2)] for line in lines)
    shown = [line for line in lines if line.startswith("  room-missing TermTime")]
    assert len(shown) == FIRST
    assert "  ... and 2 more (--format markdown or csv lists all)" in lines
    assert (
        "  room-missing TermTime R|00: live in Booker, missing from TermTime (Booker: Room 0); "
        "fix: run `essm-sync sync rooms`"
    ) in lines
    assert "bookings (1):" in lines


def test_json_is_the_model_with_counts_and_reads_back() -> None:
    """JSON is the audit model with its counts, and reads back equal."""
    document = json.loads(render_audit(MANY, "json"))
    assert document["counts"] == {"room-missing": FIRST + 2, "booking-copied-key": 1}
    assert document["format"] == 1
    del document["counts"]
    assert Audit.model_validate(document) == MANY


def test_nothing_to_report_says_so_in_one_line() -> None:
    """An audit with nothing to report says so in one line."""
    empty = _audit()
    assert render_audit(empty, "text") == (
        "Audit of Booker and TermTime, 2026-09-28 to 2027-03-31 (Europe/London): 0 discrepancies\n"
    )
    assert render_audit(empty, "csv") == ",".join(COLUMNS) + "\n"
    assert json.loads(render_audit(empty, "json"))["counts"] == {}


def test_one_discrepancy_is_singular() -> None:
    """One discrepancy is counted in the singular."""
    assert ": 1 discrepancy\n" in render_audit(_audit(_record(1)), "text")


TWO = _audit(
    Discrepancy.model_validate({
        "category": "estate", "check": "room-differs", "system": "TermTime", "key": "R1",
        "differs": "capacity", "booker": "30", "termtime": "40",
        "fix": "run `essm-sync sync rooms`",
    }),
    Discrepancy.model_validate({
        "category": "bookings", "check": "booking-missing", "system": "Booker",
        "key": "termtime:E1:R1", "differs": "item without its booking", "booker": None,
        "termtime": "2026-10-08 09:00-10:00", "fix": "run `essm-sync sync bookings`",
    }),
)  # fmt: skip


HEADER = ("| check | system | key | differs | Booker | TermTime | fix | items | title | date "
          "| time | room | building | department | fixed by the next sync |")  # fmt: skip
RULE = "|---|---|---|---|---|---|---|---:|---|---|---|---|---|---|---|"


def test_markdown_whole_document() -> None:
    """The Markdown document reads word for word as documented."""
    assert render_audit(TWO, "markdown") == "\n".join([
        "# Audit of Booker and TermTime, 2026-09-28 to 2027-03-31 (Europe/London): "
        "2 discrepancies",
        "",
        "| category | check | count | meaning |",
        "|---|---|---:|---|",
        "| estate | `room-differs` | 1 | room differs between Booker and TermTime |",
        "| bookings | `booking-missing` | 1 | item without its owned booking |",
        "",
        "## estate (1)",
        "",
        HEADER,
        RULE,
        "| `room-differs` | TermTime | R1 | capacity | 30 | 40 | run `essm-sync sync rooms` "
        "| 1 |  |  |  |  |  |  | no |",
        "",
        "## bookings (1)",
        "",
        HEADER,
        RULE,
        "| `booking-missing` | Booker | termtime:E1:R1 | item without its booking |  | "
        "2026-10-08 09:00-10:00 | run `essm-sync sync bookings` | 1 |  |  |  |  |  |  | no |",
        "",
    ])  # fmt: skip


def test_text_whole_document() -> None:
    """The text document reads word for word as documented."""
    assert render_audit(TWO, "text") == "\n".join([
        "Audit of Booker and TermTime, 2026-09-28 to 2027-03-31 (Europe/London): "
        "2 discrepancies",
        "",
        "category   check            count  meaning",
        "estate     room-differs         1  room differs between Booker and TermTime",
        "bookings   booking-missing      1  item without its owned booking",
        "",
        "estate (1):",
        "  room-differs TermTime R1: capacity (Booker: 30; TermTime: 40); "
        "fix: run `essm-sync sync rooms`",
        "",
        "bookings (1):",
        "  booking-missing Booker termtime:E1:R1: item without its booking "
        "(TermTime: 2026-10-08 09:00-10:00); fix: run `essm-sync sync bookings`",
        "",
    ])  # fmt: skip
