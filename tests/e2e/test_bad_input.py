"""Bad answers from either system stop the run with one line, before that stage writes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from essm_sync.engine import RunReport, Systems, open_systems, sync_operations
from essm_sync.errors import InvalidDataError
from essm_sync.sandbox import (
    SandboxTransport,
    create_booker_app,
    create_termtime_app,
    held_rooms,
    owned_bookings,
)
from tests.world import World, make_world


class Corrupt:
    """Answer one path with a fixed status and body, as a broken proxy or release would."""

    def __init__(self, app: ASGIApp, path: str, body: bytes, content_type: bytes) -> None:
        self.app, self.path, self.body, self.content_type = app, path, body, content_type

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].endswith(self.path):
            await self.app(scope, receive, send)
            return
        headers = [
            (b"content-type", self.content_type),
            (b"content-length", str(len(self.body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


@asynccontextmanager
async def corrupted(
    world: World, system: str, path: str, body: bytes, kind: bytes
) -> AsyncIterator[Systems]:
    termtime = create_termtime_app(world.sandbox.termtime)
    booker = create_booker_app(world.sandbox.booker)
    if system == "TermTime":
        termtime = Corrupt(termtime, path, body, kind)
    else:
        booker = Corrupt(booker, path, body, kind)
    async with open_systems(
        world.settings,
        termtime_transport=SandboxTransport(termtime),
        booker_transport=SandboxTransport(booker),
    ) as systems:
        yield systems


JSON = b"application/json"
CASES = [
    (
        "TermTime",
        "/buildings",
        b"<html><body>Maintenance</body></html>",
        b"text/html",
        "TermTime GET buildings: invalid JSON in the response body",
    ),
    (
        "Booker",
        "/booker/sites",
        b'[{"OptimeIndex": 1, "Id": "CEN"',
        JSON,
        "Booker GET booker/sites: invalid JSON in the response body",
    ),
    ("Booker", "/booker/buildings", b"", JSON, "Booker GET booker/buildings: empty response body"),
    (
        "TermTime",
        "/campuses",
        b'{"n": "Central Site", "code": "CEN"}',
        JSON,
        "TermTime GET campuses: invalid data at body: input should be a valid array",
    ),
    (
        "Booker",
        "/booker/buildings",
        b'{"OptimeIndex": 1, "Id": "A", "Name": "A", "SiteId": "CEN", "Live": true}',
        JSON,
        "Booker GET booker/buildings: invalid data at body: input should be a valid array",
    ),
]


@pytest.mark.parametrize(("system", "path", "body", "kind", "message"), CASES)
async def test_bad_answer_in_the_first_stage_writes_nothing(
    tmp_path: Path, system: str, path: str, body: bytes, kind: bytes, message: str
) -> None:
    """Malformed JSON, HTML, an empty body, a missing or mistyped field: one line, no write."""
    world = make_world(tmp_path)
    before = (dict(world.sandbox.termtime.buildings), dict(world.sandbox.termtime.rooms))
    async with corrupted(world, system, path, body, kind) as systems:
        with pytest.raises(InvalidDataError) as caught:
            await sync_operations(
                ("buildings", "rooms", "bookings"),
                systems,
                world.settings,
                world.options,
                RunReport(),
            )
        writes = systems.termtime.writes + systems.booker.writes
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
    assert writes == 0
    assert (world.sandbox.termtime.buildings, world.sandbox.termtime.rooms) == before


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            b'{"timePeriod": {"startDate": "2026-08-01", "endDate": "2027-07-31"}, '
            b'"schedule": [{"date": "08/10/2026", "items": [{"uniqueId": "1"}]}]}',
            "its day has no readable date",
        ),
        (
            b'{"timePeriod": {"startDate": "2026-08-01", "endDate": "2027-07-31"}, '
            b'"schedule": [{"date": "2026-10-08", "items": '
            b'[{"uniqueId": "1", "startTime": "9am", "endTime": "10:00"}]}]}',
            "startTime: value error, expected a time as HH:MM",
        ),
        (b"<html>", "invalid JSON in the response body"),
    ],
)
async def test_bad_timetable_holds_its_room_and_the_rest_syncs(
    tmp_path: Path, body: bytes, problem: str
) -> None:
    """One room's unreadable timetable or item holds that room: nothing in it is deleted,
    the run goes on elsewhere and ends incomplete (exit 4), naming TermTime, room and item."""
    world = make_world(tmp_path)
    await world.sync()  # the estate is in place; bookings exist
    owned = owned_bookings(world.sandbox)
    rooms = sorted({key.rsplit(":", 1)[1] for key in owned} - held_rooms(world.sandbox))
    held, other = rooms[0], rooms[1]
    tt = world.sandbox.termtime
    # Drop every item in both rooms: the other room's bookings go, the held room's stay.
    for uid in [u for u, e in tt.events.items() if set(e.rooms) & {held, other}]:
        del tt.events[uid]
    tt.changed_events()
    async with corrupted(world, "TermTime", f"/timetable/room/{held}", body, JSON) as systems:
        report = await sync_operations(
            ("bookings",), systems, world.settings, world.options, RunReport()
        )
    (plan,) = report.plans
    assert held in plan.held
    assert other not in plan.held
    assert [problem in s.problem for s in plan.skipped if s.room == held] == [True]
    assert not report.is_complete
    after = owned_bookings(world.sandbox)
    assert {k for k in owned if k.endswith(f":{held}")} <= set(after)
    assert not {k for k in after if k.endswith(f":{other}")}
