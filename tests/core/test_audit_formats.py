"""The audit's text, Markdown, CSV and JSON for the small fixed audit of the web page's
tests, each compared whole: what people act on (title, time, room, building, department,
whether the next sync fixes it) reads the same in every format."""

from __future__ import annotations

from essm_sync.core import render_audit
from essm_sync.core.audit.render import COLUMNS, FIRST
from tests.core.test_audit_page import SMALL, TITLE

HEADER = ("| check | system | key | differs | Booker | TermTime | fix | items | title | date "
          "| time | room | building | department | fixed by the next sync |")  # fmt: skip
RULE = "|---|---|---|---|---|---|---|---:|---|---|---|---|---|---|---|"


def test_text_whole_document_marks_what_the_next_sync_fixes() -> None:
    """The text summary names what the next sync fixes, and shows no empty brackets for a
    record with neither system's value."""
    assert render_audit(SMALL, "text") == "\n".join([
        TITLE,
        "",
        "category   check              count  meaning",
        "estate     room-differs           1  room differs between Booker and TermTime",
        "timetable  item-room-unknown      1  item in a room unknown to Booker",
        "timetable  items-shared           1  items taught together in one room, sharing one "
        "booking",
        "bookings   booking-missing        1  item without its owned booking",
        "",
        "estate (1):",
        "  room-differs TermTime MIL-1: capacity (Booker: 30; TermTime: 40); "
        "fix: run `essm-sync sync rooms`",
        "",
        "timetable (2):",
        "  item-room-unknown Booker ZZ-9: 4 items: the room is not in Booker (TermTime: ZZ-9); "
        "fix: move the items",
        "  items-shared TermTime termtime:E2:MIL-1: 2 items taught together share one booking; "
        "fix: nothing to do",
        "",
        "bookings (1):",
        "  booking-missing Booker termtime:E1:MIL-1: item without its booking "
        "(TermTime: 2026-10-08 09:00-10:00); fix: run `essm-sync sync bookings` "
        "(the next sync fixes it)",
        "",
    ])  # fmt: skip


def test_text_lists_a_full_category_without_a_more_line() -> None:
    """A category with exactly as many records as the summary shows lists them all and
    says nothing of more."""
    record = SMALL.discrepancies[1]
    full = SMALL.model_copy(update={"discrepancies": tuple(
        record.model_copy(update={"key": f"MIL-{n:02d}"}) for n in range(FIRST)
    )})  # fmt: skip
    lines = render_audit(full, "text").splitlines()
    assert lines[-FIRST - 1 :] == [f"estate ({FIRST}):"] + [
        f"  room-differs TermTime MIL-{n:02d}: capacity (Booker: 30; TermTime: 40); "
        "fix: run `essm-sync sync rooms`"
        for n in range(FIRST)
    ]


def test_markdown_whole_document_with_what_people_act_on() -> None:
    """Markdown gives each record's title, date, time, room, building, department and
    whether the next sync fixes it."""
    assert render_audit(SMALL, "markdown") == "\n".join([
        f"# {TITLE}",
        "",
        "| category | check | count | meaning |",
        "|---|---|---:|---|",
        "| estate | `room-differs` | 1 | room differs between Booker and TermTime |",
        "| timetable | `item-room-unknown` | 1 | item in a room unknown to Booker |",
        "| timetable | `items-shared` | 1 | items taught together in one room, sharing one "
        "booking |",
        "| bookings | `booking-missing` | 1 | item without its owned booking |",
        "",
        "## estate (1)",
        "",
        HEADER,
        RULE,
        "| `room-differs` | TermTime | MIL-1 | capacity | 30 | 40 | run `essm-sync sync rooms` "
        "| 1 |  |  |  |  |  |  | no |",
        "",
        "## timetable (2)",
        "",
        HEADER,
        RULE,
        "| `item-room-unknown` | Booker | ZZ-9 | 4 items: the room is not in Booker |  | ZZ-9 "
        "| move the items | 4 | Statics & Dynamics | 2026-10-05 | 11:00 | ZZ-9 |  | MAT | no |",
        "| `items-shared` | TermTime | termtime:E2:MIL-1 | 2 items taught together share one "
        "booking |  |  | nothing to do | 2 |  |  |  |  |  | ENG | no |",
        "",
        "## bookings (1)",
        "",
        HEADER,
        RULE,
        "| `booking-missing` | Booker | termtime:E1:MIL-1 | item without its booking |  "
        "| 2026-10-08 09:00-10:00 | run `essm-sync sync bookings` | 1 | ENG1 Lecture "
        "| 2026-10-08 | 09:00-10:00 | MIL-1 | Mill Lane | ENG | yes |",
        "",
    ])  # fmt: skip


def test_markdown_keeps_a_record_on_one_line() -> None:
    """A line break inside a value becomes one space, so the record stays one table row."""
    broken = SMALL.discrepancies[1].model_copy(update={"differs": "capacity\nand name"})
    text = render_audit(SMALL.model_copy(update={"discrepancies": (broken,)}), "markdown")
    assert (
        "| `room-differs` | TermTime | MIL-1 | capacity and name | 30 | 40 "
        "| run `essm-sync sync rooms` | 1 |  |  |  |  |  |  | no |"
    ) in text.splitlines()


def test_csv_whole_document() -> None:
    """CSV gives every field of every record, a start and end apart, yes or no for the
    next sync."""
    assert render_audit(SMALL, "csv") == "\n".join([
        ",".join(COLUMNS),
        "timetable,item-room-unknown,Booker,ZZ-9,4 items: the room is not in Booker,,ZZ-9,"
        "move the items,4,Statics & Dynamics,2026-10-05,11:00,,ZZ-9,,MAT,no",
        "estate,room-differs,TermTime,MIL-1,capacity,30,40,run `essm-sync sync rooms`,1,,,,,,,,no",
        "bookings,booking-missing,Booker,termtime:E1:MIL-1,item without its booking,,"
        "2026-10-08 09:00-10:00,run `essm-sync sync bookings`,1,ENG1 Lecture,2026-10-08,09:00,"
        "10:00,MIL-1,Mill Lane,ENG,yes",
        "timetable,items-shared,TermTime,termtime:E2:MIL-1,2 items taught together share one "
        "booking,,,nothing to do,2,,,,,,,ENG,no",
        "",
    ])  # fmt: skip


def test_json_of_an_empty_audit_is_indented_by_two() -> None:
    """JSON is indented by two spaces, one field a line, and ends with a line break."""
    empty = SMALL.model_copy(update={"discrepancies": ()})
    assert render_audit(empty, "json") == "\n".join([
        "{",
        '  "format": 1,',
        '  "window_start": "2026-09-28",',
        '  "window_end": "2027-03-31",',
        '  "timezone": "Europe/London",',
        '  "discrepancies": [],',
        '  "counts": {}',
        "}",
        "",
    ])  # fmt: skip
