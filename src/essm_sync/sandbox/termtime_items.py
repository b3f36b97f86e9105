"""Timetable edits in the fake TermTime, as a timetabler makes them: add, move, drop.

Each edit calls the timetable webhooks registered for it (§38). Tests and the demo use
the functions; a running sandbox serves them under `/sandbox/items` with the API key, so a
person or a benchmark can move an item from outside.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response

from essm_sync.sandbox.responses import JSONResponse
from essm_sync.sandbox.termtime_http import TermTimeFailure, date_param, text
from essm_sync.sandbox.termtime_state import TermTimeState, TTEvent
from essm_sync.sandbox.termtime_webhooks import Delivery


def add_item(state: TermTimeState, event: TTEvent) -> str:
    """Schedule a new item; return the webhook type it fires."""
    if event.unique_id in state.events:
        raise KeyError(f"item {event.unique_id} already exists")
    state.events[event.unique_id] = event
    state.changed_events()
    return "activity.new"


def move_item(
    state: TermTimeState,
    unique_id: str,
    *,
    date: dt.date | None = None,
    start: dt.time | None = None,
    end: dt.time | None = None,
    rooms: tuple[str, ...] | None = None,
) -> str:
    """Move an item to another day, time or rooms; return the webhook type it fires."""
    event = state.events[unique_id]
    state.events[unique_id] = dataclasses.replace(
        event,
        date=date or event.date,
        start=start or event.start,
        end=end or event.end,
        rooms=rooms if rooms is not None else event.rooms,
    )
    state.changed_events()
    return "activity.update"


def drop_item(state: TermTimeState, unique_id: str) -> str:
    """Unschedule an item; return the webhook type it fires."""
    del state.events[unique_id]
    state.changed_events()
    return "activity.delete"


async def edit_and_notify(state: TermTimeState, change: str) -> list[Delivery]:
    """Call the webhooks an edit fired (`change`, as the edit functions return it)."""
    return await state.webhooks.notify(change)


def _clock(request: Request, name: str) -> dt.time | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise TermTimeFailure(109, f"Parameter '{name}' must be a time as HH:MM") from None


async def move_endpoint(request: Request, state: TermTimeState) -> Response:
    """`POST /sandbox/items/{u}/move?date=&start=&end=&rooms=`: move, then call the hooks."""
    unique_id = request.path_params["u"]
    if unique_id not in state.events:
        raise TermTimeFailure(106, f"No item {unique_id}")
    rooms = text(request, "rooms", high=1000)
    change = move_item(
        state, unique_id, date=date_param(request, "date"), start=_clock(request, "start"),
        end=_clock(request, "end"),
        rooms=tuple(r for r in rooms.split(",") if r) if rooms else None,
    )  # fmt: skip
    # Answered first, as a server would; the calls go out after the answer.
    return JSONResponse(
        {"code": 0, "message": f"Item {unique_id} moved"},
        background=BackgroundTask(edit_and_notify, state, change),
    )


async def drop_endpoint(request: Request, state: TermTimeState) -> Response:
    """`DELETE /sandbox/items/{u}`: drop an item, then call the hooks."""
    unique_id = request.path_params["u"]
    if unique_id not in state.events:
        raise TermTimeFailure(106, f"No item {unique_id}")
    change = drop_item(state, unique_id)
    return JSONResponse(
        {"code": 0, "message": f"Item {unique_id} dropped"},
        background=BackgroundTask(edit_and_notify, state, change),
    )
