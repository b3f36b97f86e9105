"""The status page's content: runs, standing conflicts since when, held rooms, the audit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from essm_sync.serve import RunRecord, Service
from tests.serve.conftest import FakeClock, FakeRunner, running, serve_settings

WHEN = dt.datetime(2026, 10, 12, 9, 30, tzinfo=dt.UTC)
CONFLICT = {
    "key": "termtime:A1:LR1", "room": "LR1", "title": "Maths <b>101</b>",
    "start": "2026-10-13T09:00:00+00:00", "end": "2026-10-13T10:00:00+00:00",
    "blocking": [{"booking_id": 7, "title": "Open day", "start": "2026-10-13T08:00:00+00:00",
                  "end": "2026-10-13T11:00:00+00:00", "created_by": "reception"}],
}  # fmt: skip


def _run(finished: dt.datetime, report: dict[str, object]) -> RunRecord:
    return RunRecord(finished, finished, ("webhook",), ("bookings",), 4, report)


async def test_the_page_shows_runs_conflicts_held_rooms_and_the_audit(tmp_path: Path) -> None:
    """Each section shows what the last runs reported; a conflict keeps its first sighting;
    text from the systems is escaped, never markup."""
    audit = tmp_path / "audit.json"
    audit.write_text(json.dumps({"counts": {"room-differs": 3}}))
    settings = serve_settings(tmp_path, audit_file=str(audit), audit_url="https://s.example/a")
    service = Service(settings, FakeRunner(), clock=FakeClock())
    counts = {"bookings": {"create_booking": {"done": 2}},
              "rooms": {"create_floor": {"done": 1}, "update_room": {"failed": 1}}}  # fmt: skip
    report = {"conflicts_foreseen": [CONFLICT], "held_rooms": ["LR9"], "counts": counts}
    service.status.record(_run(WHEN, report))
    service.status.record(_run(WHEN + dt.timedelta(hours=2), report))
    async with running(service) as client:
        page = (await client.get("/")).text
    assert "Conflicts standing now (1)" in page
    assert "Maths &lt;b&gt;101&lt;/b&gt;" in page
    assert "booking 7 “Open day” by reception" in page
    assert "<td>Tue 13 Oct 10:00 to 11:00</td>" in page
    assert "<td>Mon 12 Oct 10:30</td></tr>" in page  # since the first run, in local time
    assert page.count("<td>webhook</td>") == 2
    assert "bookings: 2 created; rooms: 1 floor created, 1 failed to update" in page
    assert "create_booking" not in page
    assert "<td>LR9</td>" in page
    assert "<td>room-differs</td><td>3</td>" in page
    assert '<a href="https://s.example/a">' in page


async def test_a_conflict_gone_from_the_last_run_is_no_longer_standing(tmp_path: Path) -> None:
    """A run that no longer reports a conflict takes it off the page."""
    service = Service(serve_settings(tmp_path), FakeRunner(), clock=FakeClock())
    service.status.record(_run(WHEN, {"conflicts_foreseen": [CONFLICT]}))
    service.status.record(_run(WHEN, {"conflicts_foreseen": [], "counts": {}}))
    async with running(service) as client:
        page = (await client.get("/")).text
    assert "Conflicts standing now (0)" in page
    assert "No conflicts" in page


async def test_the_page_lists_the_rooms_taught_together(tmp_path: Path) -> None:
    """Rooms where the last run shared one booking among items taught together are listed."""
    service = Service(serve_settings(tmp_path), FakeRunner(), clock=FakeClock())
    group = {"key": "termtime:A1:LR2", "room": "LR2", "title": "A + B", "items": ["x", "y"],
             "start": "2026-10-13T09:00:00+00:00", "end": "2026-10-13T10:00:00+00:00"}  # fmt: skip
    service.status.record(_run(WHEN, {"conflicts_foreseen": [], "shared": [group]}))
    async with running(service) as client:
        page = (await client.get("/")).text
    assert "Shared rooms (1)" in page
    assert "<td>LR2</td>" in page


async def test_a_conflict_over_several_days_shows_its_end_date(tmp_path: Path) -> None:
    """A conflict from Friday evening to Sunday reads 'to Sun 22 Nov 17:00', not '17:00'."""
    service = Service(serve_settings(tmp_path), FakeRunner(), clock=FakeClock())
    weekend = {
        **CONFLICT,
        "start": "2026-11-20T18:00:00+00:00",
        "end": "2026-11-22T17:00:00+00:00",
    }
    service.status.record(_run(WHEN, {"conflicts_foreseen": [weekend]}))
    async with running(service) as client:
        page = (await client.get("/")).text
    assert "<td>Fri 20 Nov 18:00 to Sun 22 Nov 17:00</td>" in page
