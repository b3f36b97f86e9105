"""Plans render as text, Markdown and JSON."""

from __future__ import annotations

from essm_sync.core import (
    describe_change,
    load_plan,
    plan_bookings,
    plan_rooms,
    render_json,
    render_markdown,
    render_text,
)
from essm_sync.models import Plan
from tests.factories import (
    DAY,
    LONDON,
    RULES,
    booker_room,
    booking,
    bookings_snapshot,
    event,
    rooms_snapshot,
    timetable,
    tt_room,
)


def _plan() -> Plan:
    rooms = plan_rooms(
        rooms_snapshot(
            booker=[booker_room(capacity=90), booker_room("MIL-2", index=2)],
            termtime=[tt_room(capacity=120)],
        ),
        activity_types=None,
    )
    bookings = plan_bookings(
        bookings_snapshot(
            timetables=[
                timetable("MIL-1", (DAY, event()), (DAY, event("E2", start="12:00", end="13:00")))
            ],
            bookings=[
                booking(
                    8,
                    start="2026-10-08T11:00:00Z",
                    end="2026-10-08T12:00:00Z",
                    external_id=None,
                    created_by="reception",
                    title="Viva",
                )
            ],
        ),
        rules=RULES,
    )
    return Plan(stages=(rooms, bookings))


def test_text_groups_by_operation_with_counts_and_diffs() -> None:
    """Text shows counts per kind, the before and after of updates, and conflicts."""
    text = render_text(_plan(), zone=LONDON)
    assert "rooms: 1 create room, 1 update room" in text
    assert "capacity LEC 120->90, SEM 120->90" in text
    assert "bookings: 1 create booking" in text
    assert (
        "conflict: MIL-1 Thu 2026-10-08 12:00-13:00 'ENG1 Lecture' "
        "is held by booking 8 'Viva' by reception" in text
    )
    assert text.rstrip().endswith("1 conflict, 0 warnings.")


def test_text_ends_with_a_count_table() -> None:
    """A table counts, per operation, what changes and what is reported."""
    lines = render_text(_plan(), zone=LONDON).splitlines()
    header = lines.index(next(line for line in lines if line.strip().startswith("create")))
    assert lines[header].split() == [
        "create",
        "update",
        "delete",
        "conflicts",
        "warnings",
        "guard",
    ]
    assert lines[header + 1].split() == ["rooms", "1", "1", "0", "0", "0", "ok"]
    assert lines[header + 2].split() == ["bookings", "1", "0", "0", "1", "0", "ok"]


def test_text_limits_long_lists() -> None:
    """Past the limit, a kind's changes are counted, not listed."""
    text = render_text(_plan(), zone=LONDON, limit=0)
    assert "... and 1 more create_room" in text


def test_markdown_has_a_count_table() -> None:
    """Markdown starts with a table of counts per operation and kind."""
    markdown = render_markdown(_plan(), zone=LONDON)
    assert "| rooms | update room | 1 |" in markdown
    assert "| bookings | conflict | 1 |" in markdown


def test_json_round_trips() -> None:
    """A plan saved as JSON reads back equal."""
    plan = _plan()
    assert load_plan(render_json(plan)) == plan


def test_updates_and_deletes_of_bookings_read_as_what_changes() -> None:
    """An update names the old and new time in local time; a delete names the booking
    and why; both carry their signs in the text plan."""
    snapshot = bookings_snapshot(
        timetables=[timetable("MIL-1", (DAY, event(start="10:00", end="11:00")))],
        bookings=[booking(7), booking(8, external_id="termtime:GONE:MIL-1")],
    )
    stage = plan_bookings(snapshot, rules=RULES)
    delete, update = stage.changes
    moved = "time Thu 2026-10-08 09:00-10:00 -> Thu 2026-10-08 10:00-11:00"
    assert moved in describe_change(update, LONDON)
    assert "termtime:GONE:MIL-1" in describe_change(delete, LONDON)
    text = render_text(Plan(stages=(stage,)), zone=LONDON)
    assert "  ~ update_booking" in text
    assert "  - delete_booking" in text
    assert "1 to update, 1 to delete or retire" in text
