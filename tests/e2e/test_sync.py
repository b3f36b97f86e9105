"""The whole engine against the fake servers: converge, follow the timetable, never overreach."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import itertools
from collections import Counter
from functools import partial
from pathlib import Path

import pytest

from essm_sync.core import plan_bookings
from essm_sync.engine import (
    Reads,
    RunReport,
    apply_saved_plan,
    apply_stage,
    fetch_bookings,
    plan_operations,
    rules_of,
    sync_operations,
    write_bookings,
)
from essm_sync.errors import NotConfirmedError, StalePlanError, UnsafePlanError
from essm_sync.models import OPERATIONS, DeleteBooking
from essm_sync.sandbox import (
    TTEvent,
    divergence,
    due_bookings,
    expected_conflicts,
    held_rooms,
    owned_bookings,
    people_bookings,
)
from tests.world import World, make_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


async def test_first_sync_reaches_the_desired_state(world: World) -> None:
    """From a half-synced estate and an empty Booker, one sync books every bookable event."""
    people = people_bookings(world.sandbox)
    report, systems = await world.sync()
    assert systems.termtime.writes + systems.booker.writes == len(report.outcomes)  # one each
    tt, bk = world.sandbox.termtime, world.sandbox.booker
    codes = Counter(room["Id"] for room in bk.rooms)
    for room in bk.rooms:
        building = next(b for b in bk.buildings if b["Id"] == room["BuildingId"])
        if codes[room["Id"]] > 1:
            continue  # two Booker rooms under one code: neither is synced
        if room["Live"] and building["Live"] and room["DepartmentId"] in tt.departments:
            made = tt.rooms[room["Id"]]
            assert (made.name, made.department, made.to_delete) == (
                room["Name"],
                room["DepartmentId"],
                False,
            )
            assert set(made.capacities.values()) == {room["Capacity"]}
        elif room["Id"] in tt.rooms:
            assert tt.rooms[room["Id"]].to_delete
    assert "LEGACY-01" in tt.rooms
    assert not tt.rooms["LEGACY-01"].to_delete
    expected = due_bookings(world.sandbox)
    owned = owned_bookings(world.sandbox)
    # The oracle works out the conflicts from the fakes' own data, never from the report.
    conflicted = expected_conflicts(world.sandbox)
    assert conflicted
    assert {c.key for c in report.foreseen_conflicts} == conflicted
    assert set(owned) == set(expected) - conflicted
    assert all(len(ids) == 1 for ids in owned.values())
    for key, (ids,) in ((k, v) for k, v in owned.items()):
        stored = bk.bookings[ids]
        assert (stored.start, stored.end) == expected[key]
    assert people_bookings(world.sandbox) == people
    assert not [o for o in report.outcomes if o.status == "failed"]


async def test_second_sync_writes_nothing(world: World) -> None:
    """A run straight after a successful one sends no write request, and reads the
    bookings listing once; the first run, which writes, read it until it settled."""
    _, first = await world.sync()
    pages = -(-len(world.sandbox.booker.bookings) // world.settings.booker.page_size)
    assert first.booker.requests["GET booker/bookings"] >= 2
    report, systems = await world.sync()
    assert [len(p.changes) for p in report.plans] == [0, 0, 0]
    assert systems.termtime.writes + systems.booker.writes == 0
    # Each list once across the three stages; one timetable per bookable shared room.
    termtime, booker = systems.termtime.requests, systems.booker.requests
    assert {termtime[f"GET {name}"] for name in ("campuses", "buildings", "rooms", "floors")} == {
        1
    }
    assert {booker[f"GET booker/{name}"] for name in ("sites", "buildings", "rooms")} == {1}
    # A plan that writes nothing cannot be misled by a shifting listing: one read.
    assert booker["GET booker/bookings"] == pages
    tt_rooms = world.sandbox.termtime.rooms
    codes = Counter(r["Id"] for r in world.sandbox.booker.rooms)
    shared = [
        r
        for r in world.sandbox.booker.rooms
        if r["Live"] and r["Bookable"] and r["Id"] in tt_rooms and not tt_rooms[r["Id"]].to_delete
        and codes[r["Id"]] == 1
    ]  # fmt: skip
    assert termtime["GET timetable/room/{c}"] == len(shared)


async def test_moved_dropped_and_added_events_change_exactly_their_bookings(world: World) -> None:
    """Moving, dropping and adding one event each updates, deletes and creates one booking."""
    await world.sync()
    tt = world.sandbox.termtime
    owned = owned_bookings(world.sandbox)
    # Rooms where the rules keep bookings whatever happens are not what this test is about.
    guarded = held_rooms(world.sandbox) | tt.no_period_rooms | set(tt.served_until)
    keys = sorted(
        k for k in owned
        if k.count(":") == 2 and k.rsplit(":", 1)[1] not in guarded
        and len(tt.events[k.split(":")[1]].rooms) == 1
    )  # fmt: skip
    moved_key, dropped_key = keys[0], keys[1]
    moved = tt.events[moved_key.split(":")[1]]
    tt.events[moved.unique_id] = dataclasses.replace(moved, start=dt.time(7), end=dt.time(8))
    dropped = tt.events.pop(dropped_key.split(":")[1])
    room = dropped.rooms[0]
    tt.events["NEW-1"] = TTEvent(
        "NEW-1",
        "A-NEW",
        "New Lecture",
        "New",
        "ENG",
        "ENG100",
        "LEC",
        dt.date(2026, 11, 2),
        dt.time(7),
        dt.time(8),
        (room,),
    )
    tt.changed_events()
    before = dict(world.sandbox.booker.bookings)
    report, _ = await world.sync()
    kinds = sorted((o.kind, o.key) for o in report.outcomes)
    dropped_keys = [f"termtime:{dropped.unique_id}:{r}" for r in dropped.rooms]
    moved_keys = [f"termtime:{moved.unique_id}:{r}" for r in moved.rooms]
    assert kinds == sorted(
        [("create_booking", f"termtime:NEW-1:{room}")]
        + [("delete_booking", k) for k in dropped_keys if k in owned]
        + [("update_booking", k) for k in moved_keys if k in owned]
    )
    after = world.sandbox.booker.bookings
    untouched = set(before) - {i for k in dropped_keys + moved_keys for i in owned.get(k, [])}
    assert all(after[i] == before[i] for i in untouched)


async def test_foreseen_conflict_is_reported_and_not_written(world: World) -> None:
    """An event over a person's booking is a conflict in the report, and the run is incomplete."""
    report, _ = await world.sync()
    assert report.foreseen_conflicts
    conflict = report.foreseen_conflicts[0]
    assert conflict.blocking
    assert conflict.blocking[0].created_by == "reception"
    assert conflict.key not in owned_bookings(world.sandbox)
    assert not report.is_complete


async def test_booking_refused_with_409_is_a_conflict_outcome(world: World) -> None:
    """A person booking the slot between plan and apply makes Booker answer 409: a conflict."""
    await world.sync()
    tt = world.sandbox.termtime
    booked = {key.rsplit(":", 1)[1] for key in owned_bookings(world.sandbox)}
    room_code = sorted(booked - held_rooms(world.sandbox))[0]
    tt.events["LATE-1"] = TTEvent(
        "LATE-1",
        "A",
        "Late",
        "Late",
        "ENG",
        "ENG1",
        "LEC",
        dt.date(2026, 11, 3),
        dt.time(20),
        dt.time(21),
        (room_code,),
    )
    tt.changed_events()
    async with world.systems() as systems:
        snapshot = await fetch_bookings(
            Reads(systems.termtime, systems.booker),
            first_day=world.sandbox.first_day,
            last_day=world.sandbox.last_day,
            zone=world.settings.bookings.zone(),
        )
        stage = plan_bookings(snapshot, rules=rules_of(world.settings))
        index = next(r["OptimeIndex"] for r in world.sandbox.booker.rooms if r["Id"] == room_code)
        start = dt.datetime(2026, 11, 3, 20, tzinfo=dt.UTC)
        world.sandbox.booker.add_booking(
            room=index,
            start=start,
            end=start + dt.timedelta(hours=1),
            title="Party",
            description=None,
            booking_type=None,
            department=None,
            external_id=None,
            created_by="reception",
        )
        write = partial(write_bookings, systems)
        (outcome,) = await apply_stage(stage, write, concurrency=4)
    assert outcome.status == "conflict"
    assert "conflict" in outcome.message
    assert "LATE-1" in outcome.message


async def test_saved_plan_applies_exactly_and_refuses_when_stale(world: World) -> None:
    """A saved plan applies when nothing changed, and is refused after a change."""
    async with world.systems() as systems:
        plan = await plan_operations(("buildings",), systems, world.settings, world.options)
    world.sandbox.booker.buildings[0]["Name"] = "Renamed Since"
    async with world.systems() as systems:
        with pytest.raises(StalePlanError, match="stale in buildings: update_building"):
            await apply_saved_plan(plan, systems, world.settings, RunReport())
    async with world.systems() as systems:
        fresh = await plan_operations(("buildings",), systems, world.settings, world.options)
        report = await apply_saved_plan(fresh, systems, world.settings, RunReport())
    assert len(report.outcomes) == len(fresh.changes) > 0
    assert all(o.status == "done" for o in report.outcomes)


async def test_saved_plan_refuses_to_touch_a_booking_no_longer_owned(world: World) -> None:
    """`apply --plan` re-reads ownership: a booking handed to a person since is not deleted."""
    await world.sync()
    tt = world.sandbox.termtime
    dropped = next(
        e for e in tt.events.values() if e.kind == "activities" and e.readable
        and f"termtime:{e.unique_id}:{e.rooms[0]}" in owned_bookings(world.sandbox)
    )  # fmt: skip
    del tt.events[dropped.unique_id]
    tt.changed_events()
    async with world.systems() as systems:
        plan = await plan_operations(("bookings",), systems, world.settings, world.options)
    (delete,) = (c for c in plan.changes if isinstance(c, DeleteBooking))
    world.sandbox.booker.bookings[delete.booking_id].created_by = "reception"
    async with world.systems() as systems:
        with pytest.raises(StalePlanError, match=f"booking {delete.booking_id} .* reception"):
            await apply_saved_plan(plan, systems, world.settings, RunReport())
    assert delete.booking_id in world.sandbox.booker.bookings


async def test_empty_timetable_trips_the_guard_and_deletes_nothing(world: World) -> None:
    """A TermTime that suddenly serves no events is refused with nothing deleted."""
    await world.sync()
    before = dict(world.sandbox.booker.bookings)
    world.sandbox.termtime.events.clear()
    world.sandbox.termtime.changed_events()
    with pytest.raises(UnsafePlanError, match=r"bookings: .*min_source_pct"):
        await world.sync()
    assert world.sandbox.booker.bookings == before


async def test_empty_booker_room_list_trips_the_guard(tmp_path: Path) -> None:
    """A Booker that suddenly lists no rooms never retires TermTime's rooms."""
    world = make_world(tmp_path, guard={"min_owned": 5})
    await world.sync()
    rooms = {code: room.to_delete for code, room in world.sandbox.termtime.rooms.items()}
    world.sandbox.booker.rooms = []
    with pytest.raises(UnsafePlanError, match="rooms: the source offers 0 rooms where"):
        await world.sync()
    assert {code: room.to_delete for code, room in world.sandbox.termtime.rooms.items()} == rooms


async def test_empty_booker_building_list_trips_the_guard(tmp_path: Path) -> None:
    """A Booker that suddenly lists no buildings stops the run before anything is written."""
    world = make_world(tmp_path, guard={"min_owned": 3})
    await world.sync()
    world.sandbox.booker.buildings = []
    with pytest.raises(UnsafePlanError, match="buildings: the source offers 0 buildings"):
        await world.sync()


async def test_one_mistyped_room_is_skipped_and_named_and_its_room_left_alone(
    world: World,
) -> None:
    """A Booker room whose Capacity is not a number: that room is skipped and named, its
    TermTime room left as it was, the rest synced, and the run is incomplete (exit 4)."""
    room = world.sandbox.booker.rooms[3]
    room["Capacity"] = "lots"
    room["Name"] = "Renamed in Booker"
    before = copy.deepcopy(world.sandbox.termtime.rooms.get(room["Id"]))
    report, _ = await world.sync()
    assert world.sandbox.termtime.rooms.get(room["Id"]) == before
    named = {(s.system, s.kind, s.item) for plan in report.plans for s in plan.skipped}
    assert ("Booker", "room", room["Id"]) in named
    assert not report.is_complete
    assert any(o.status == "done" for o in report.outcomes)


async def test_token_expiring_mid_run_is_renewed(world: World) -> None:
    """Tokens that expire between requests are renewed without failing the run."""
    ticks = itertools.count()
    world.sandbox.booker.clock = lambda: float(next(ticks))  # one tick per token check
    world.sandbox.booker.token_ttl_s = 40.0  # a token lasts about forty requests
    report, systems = await world.sync()
    assert not [o for o in report.outcomes if o.status == "failed"]
    assert systems.booker.requests["POST token"] > 1


async def test_events_swapping_slots_are_untangled(world: World) -> None:
    """Two events that swap times block each other's update; both end up moved anyway."""
    await world.sync()
    tt = world.sandbox.termtime
    owned = owned_bookings(world.sandbox)
    by_slot: dict[tuple[str, dt.date], list[TTEvent]] = {}
    for event in tt.events.values():
        if len(event.rooms) == 1 and f"termtime:{event.unique_id}:{event.rooms[0]}" in owned:
            by_slot.setdefault((event.rooms[0], event.date), []).append(event)
    first, second = next(events for events in by_slot.values() if len(events) >= 2)[:2]
    tt.events[first.unique_id] = dataclasses.replace(first, start=second.start, end=second.end)
    tt.events[second.unique_id] = dataclasses.replace(second, start=first.start, end=first.end)
    tt.changed_events()
    report, _ = await world.sync()
    moved = {o.key: o.status for o in report.outcomes}
    assert set(moved.values()) == {"done"}
    assert len(moved) == 2
    assert divergence(world.sandbox) == {
        "duplicates": 0,
        "missing": 0,
        "stray": 0,
        "mistimed": 0,
        "conflicts booked": 0,
    }


async def test_declining_at_the_prompt_writes_nothing_more(world: World) -> None:
    """A plan the person declines is not applied, and the run says so."""
    async with world.systems() as systems:
        with pytest.raises(NotConfirmedError, match="buildings was declined"):
            await sync_operations(
                OPERATIONS, systems, world.settings, world.options, RunReport(),
                confirm=lambda _plan: False,
            )  # fmt: skip
    assert owned_bookings(world.sandbox) == {}
