"""The fake TermTime (API 7.7.0) as a Starlette app served under `/v1/api`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from itertools import groupby
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from essm_sync.sandbox.faults import FaultMiddleware, Faults
from essm_sync.sandbox.responses import JSONResponse
from essm_sync.sandbox.termtime_hooks_api import (
    create_hook,
    delete_hook,
    get_hook,
    list_hooks,
    update_hook,
)
from essm_sync.sandbox.termtime_http import (
    TermTimeFailure,
    authorise,
    capacities,
    created,
    date_param,
    done,
    query_by,
    segment,
    text,
)
from essm_sync.sandbox.termtime_items import drop_endpoint, move_endpoint
from essm_sync.sandbox.termtime_lookup import (
    building_json,
    event_json,
    find_building,
    find_campus,
    find_room,
    place,
)
from essm_sync.sandbox.termtime_roombookings import (
    create_room_booking,
    delete_room_booking,
    get_room_booking,
    list_room_bookings,
    update_room_booking,
)
from essm_sync.sandbox.termtime_state import TermTimeState, TTRoom

Handler = Callable[[Request, TermTimeState], Awaitable[Response]]


def _route(path: str, handler: Handler, method: str, state: TermTimeState) -> Route:
    write = method != "GET"

    async def endpoint(request: Request) -> Response:
        try:
            authorise(request, state, write=write)
            return await handler(request, state)
        except TermTimeFailure as failure:
            return failure.response()

    return Route(path, endpoint, methods=[method])


# --- reads -----------------------------------------------------------------------------


async def _ping(request: Request, state: TermTimeState) -> Response:
    user = authorise(request, state, write=False)
    return JSONResponse({"ping": 1, "version": "7.7.0", "database": state.database, "user": user})


def _spoilt(state: TermTimeState, listing: str, code: str, name: str) -> Any:
    """Return the name to serve: an object, which no reader takes, for a spoilt record."""
    return {"broken": True} if code in state.unreadable.get(listing, set()) else name


async def _campuses(request: Request, state: TermTimeState) -> Response:
    spoilt = state.unreadable.get("campuses", set())
    return JSONResponse(
        [{"n": n, "code": None if c in spoilt else c} for c, n in sorted(state.campuses.items())]
    )


async def _buildings(request: Request, state: TermTimeState) -> Response:
    return JSONResponse([building_json(state, code) for code in sorted(state.buildings)])


async def _floors(request: Request, state: TermTimeState) -> Response:
    result = []
    for code, (name, building) in sorted(state.floors.items()):
        building_name, campus = state.buildings[building]
        if code in state.floors_unplaced:  # a real export's floor that lost its building
            result.append({"n": name, "code": code, "bn": None, "cn": None})
            continue
        result.append({"n": name, "code": code, "bn": building_name, "cn": state.campuses[campus]})
    return JSONResponse(result)


async def _rooms(request: Request, state: TermTimeState) -> Response:
    return JSONResponse([state.room_json(state.rooms[c]) for c in sorted(state.rooms)])


async def _room(request: Request, state: TermTimeState) -> Response:
    return JSONResponse(state.room_json(find_room(state, request.path_params["c"])))


async def _departments(request: Request, state: TermTimeState) -> Response:
    return JSONResponse(
        [
            {"c": c, "n": _spoilt(state, "departments", c, n), "d": "", "p": "", "tags": []}
            for c, n in sorted(state.departments.items())
        ]
    )


async def _activity_types(request: Request, state: TermTimeState) -> Response:
    return JSONResponse(
        [
            {"c": c, "n": _spoilt(state, "activitytypes", c, n), "colour": col}
            for c, (n, col) in sorted(state.activity_types.items())
        ]
    )


async def _timetable(request: Request, state: TermTimeState) -> Response:
    room = find_room(state, segment(request.path_params["c"], "c"))
    start, end = date_param(request, "start"), date_param(request, "end")
    if (start is None) != (end is None):
        raise TermTimeFailure(103, "Parameters 'start' and 'end' must be given together")
    if start is None or end is None:
        start = end = state.today
    # §37.10: ranges are served only within the current academic year. What a real server
    # does with one reaching outside it is undocumented; this one refuses, as a strict
    # server would, so that a client cutting its window is tested.
    if start < state.year_start or end > state.year_end or start > end:
        raise TermTimeFailure(109, "The date range is outside the current academic year")
    end = min(end, state.served_until.get(room.code, end))
    events = [e for e in state.events_in(room.code) if start <= e.date <= end]
    schedule = []
    for day, on_day in groupby(events, key=lambda e: e.date):
        listed = list(on_day)
        week = (day - state.year_start).days // 7 + 1
        schedule.append(
            {
                "date": day.isoformat(),
                "dateDescription": day.strftime("%A %d %B %Y"),
                # Documented as a string; real exports send a number as often as not.
                "week": week if state.messy and week % 2 else str(week),
                "items": [event_json(state, e) for e in listed if e.kind == "activities"],
                "examItems": [event_json(state, e) for e in listed if e.kind == "exams"],
                "bookingItems": [event_json(state, e) for e in listed if e.kind == "bookings"],
                "sessionItems": [] if not state.messy else None,
            }
        )
    answer: dict[str, Any] = {
        "room": {"name": room.name, "id": room.code},
        "status": "OK",
        "timePeriod": {"startDate": start.isoformat(), "endDate": end.isoformat()},
        "schedule": schedule,
    }
    if room.code in state.no_period_rooms:
        del answer["timePeriod"]
    return JSONResponse(answer)


# --- writes ----------------------------------------------------------------------------


async def _create_campus(request: Request, state: TermTimeState) -> Response:
    name = segment(request.path_params["c"], "c")
    code = text(request, "code", required=True)
    assert code is not None  # noqa: S101 - required above
    if code in state.campuses or state.campus_by_name(name):
        raise TermTimeFailure(109, f"A campus named {name} or coded {code} already exists")
    state.campuses[code] = name
    return created(f"Campus {code} created")


async def _create_building(request: Request, state: TermTimeState) -> Response:
    name = segment(request.path_params["b"], "b")
    campus = find_campus(state, segment(request.path_params["c"], "c"), query_by(request))
    code = text(request, "code", required=True)
    assert code is not None  # noqa: S101 - required above
    if code in state.buildings:
        raise TermTimeFailure(109, f"A building coded {code} already exists")
    if state.building_by_name(name, campus):
        raise TermTimeFailure(109, f"Campus already has a building named {name}")
    state.buildings[code] = (name, campus)
    return created(f"Building {code} created")


async def _update_building(request: Request, state: TermTimeState) -> Response:
    how = query_by(request)
    # §8.3: `b` follows queryBy, but `c` is "Identifying name for a campus", always a name.
    campus = find_campus(state, segment(request.path_params["c"], "c"), "Name")
    code = find_building(state, segment(request.path_params["b"], "b"), campus, how)
    name, where = state.buildings[code]
    new_name = text(request, "n", high=100) or name
    move = text(request, "camp")
    if move is not None:
        where = state.campus_by_name(move) or (move if move in state.campuses else "")
        if not where:
            raise TermTimeFailure(106, f"No campus {move}")
    new_code = text(request, "code")
    if new_code is not None and new_code != code:
        raise TermTimeFailure(109, "The sandbox does not recode buildings")
    state.buildings[code] = (new_name, where)
    return done()


async def _get_building(request: Request, state: TermTimeState) -> Response:
    how = query_by(request)
    campus = find_campus(state, segment(request.path_params["c"], "c"), "Name")  # §8.2
    code = find_building(state, segment(request.path_params["b"], "b"), campus, how)
    return JSONResponse(building_json(state, code))


async def _create_floor(request: Request, state: TermTimeState) -> Response:
    how = query_by(request)
    name = segment(request.path_params["f"], "f")
    campus = find_campus(state, segment(request.path_params["c"], "c"), how)
    building = find_building(state, segment(request.path_params["b"], "b"), campus, how)
    if name in state.floors_refused:  # a tenant whose rules forbid this floor (a fault)
        raise TermTimeFailure(109, f"Floor name {name} is not allowed")
    code = text(request, "code", required=True)
    assert code is not None  # noqa: S101 - required above
    if code in state.floors:
        raise TermTimeFailure(109, f"A floor coded {code} already exists")
    if state.floor_by_name(name, building):
        raise TermTimeFailure(109, f"Building already has a floor named {name}")
    state.floors[code] = (name, building)
    return created(f"Floor {code} created")


async def _create_room(request: Request, state: TermTimeState) -> Response:
    code = segment(request.path_params["c"], "c")
    params = {
        key: text(request, key, high=255 if key == "dc" else 45, required=True)
        for key in ("n", "f", "b", "cam", "dc")
    }
    if code in state.rooms:
        raise TermTimeFailure(109, f"A room coded {code} already exists")
    floor = place(state, params["f"], params["b"], params["cam"])
    department = params["dc"] or ""
    if department not in state.departments:
        raise TermTimeFailure(106, f"No department with code {department}")
    caps = await capacities(request, state) or {}
    state.rooms[code] = TTRoom(code, params["n"] or "", floor, department, caps)
    return created(f"Room {code} created")


async def _update_room(request: Request, state: TermTimeState) -> Response:
    room = find_room(state, request.path_params["c"])
    name = text(request, "n", high=100)
    where = [text(request, key) for key in ("f", "b", "cam")]
    department = text(request, "dn", high=255)
    flag = request.query_params.get("td")
    if flag is not None and flag not in ("0", "1"):
        raise TermTimeFailure(109, "Parameter 'td' must be 0 or 1")
    caps = await capacities(request, state)
    if any(where) and not all(where):
        # f, b and cam are names, meaningful only together (§26.3).
        raise TermTimeFailure(103, "Parameters 'f', 'b' and 'cam' must be given together")
    floor = place(state, *where) if all(where) else room.floor_code
    if department is not None and department not in state.departments:
        raise TermTimeFailure(106, f"No department with code {department}")
    room.name = name or room.name
    room.floor_code = floor
    room.department = department or room.department
    if caps is not None:
        room.capacities = caps
    if flag is not None:
        room.to_delete = flag == "1"
    return done()


async def _delete_room(request: Request, state: TermTimeState) -> Response:
    room = find_room(state, request.path_params["c"])
    if state.events_in(room.code):
        raise TermTimeFailure(114, f"Room {room.code} is in use by scheduled activities")
    del state.rooms[room.code]
    return done()


def create_termtime_app(state: TermTimeState, faults: Faults | None = None) -> Any:
    """Return the fake TermTime as an ASGI app; its API lives under `/v1/api`."""
    table: list[tuple[str, Handler, str]] = [
        ("/ping", _ping, "GET"),
        ("/campuses", _campuses, "GET"),
        ("/campus/{c}", _create_campus, "POST"),
        ("/buildings", _buildings, "GET"),
        ("/building/{b}/{c}", _get_building, "GET"),
        ("/building/{b}/{c}", _create_building, "POST"),
        ("/building/{b}/{c}", _update_building, "PUT"),
        ("/floors", _floors, "GET"),
        ("/floor/{f}/{b}/{c}", _create_floor, "POST"),
        ("/rooms", _rooms, "GET"),
        ("/room/{c}", _room, "GET"),
        ("/room/{c}", _create_room, "POST"),
        ("/room/{c}", _update_room, "PUT"),
        ("/room/{c}", _delete_room, "DELETE"),
        ("/departments", _departments, "GET"),
        ("/department", _departments, "GET"),
        ("/activitytypes", _activity_types, "GET"),
        ("/timetable/room/{c}", _timetable, "GET"),
        # §38.6-38.10; before any `/webhook/{c}` route (termtime-api.md §15).
        ("/webhook/timetable", list_hooks, "GET"),
        ("/webhook/timetable/{c}", get_hook, "GET"),
        ("/webhook/timetable/{c}", create_hook, "POST"),
        ("/webhook/timetable/{c}", update_hook, "PUT"),
        ("/webhook/timetable/{c}", delete_hook, "DELETE"),
        ("/roombookings", list_room_bookings, "GET"),
        ("/roombooking/{c}", get_room_booking, "GET"),
        ("/roombooking/{c}", create_room_booking, "POST"),
        ("/roombooking/{c}", update_room_booking, "PUT"),
        ("/roombooking/{c}", delete_room_booking, "DELETE"),
    ]
    routes = [_route(path, handler, method, state) for path, handler, method in table]
    # The timetabler's hand, outside the API: edits that call the webhooks.
    edits = [
        _route("/items/{u}/move", move_endpoint, "POST", state),
        _route("/items/{u}", drop_endpoint, "DELETE", state),
    ]
    app = Starlette(routes=[Mount("/v1/api", routes=routes), Mount("/sandbox", routes=edits)])
    return FaultMiddleware(app, faults) if faults is not None else app
