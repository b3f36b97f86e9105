"""Each operation as data: what it reads, how it is planned, how its changes are made.

`engine/run.py` runs any operation through its declaration and knows none by name. Adding
an operation is one `OperationSpec` in `OPERATION_SPECS` (and its name in
`models.Operation`); docs/architecture.md says what each field asks for.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from essm_sync.core import (
    TermTimeEstate,
    not_owned,
    plan_bookings,
    plan_buildings,
    plan_rooms,
    preview_estate,
)
from essm_sync.engine.context import RunOptions, Systems, rules_of
from essm_sync.engine.fetch import (
    fetch_bookings,
    fetch_buildings,
    fetch_outside_year,
    fetch_rooms,
    listing_window,
    read_ahead,
)
from essm_sync.engine.heap import frozen_heap
from essm_sync.engine.reads import Reads
from essm_sync.engine.roombookings import (
    plan_room_booking_stage,
    read_room_bookings,
    settle_room_bookings,
    with_own_room_bookings,
    write_room_bookings,
)
from essm_sync.engine.writers import write_bookings, write_estate
from essm_sync.models import (
    BookingsSnapshot,
    BuildingsSnapshot,
    Change,
    CreateBooking,
    CreateBuilding,
    CreateCampus,
    CreateFloor,
    CreateRoom,
    CreateRoomBooking,
    DeleteBooking,
    DeleteRoomBooking,
    Operation,
    PlanWarning,
    RetireRoom,
    RoomsSnapshot,
    Stage,
    UpdateBooking,
    UpdateBuilding,
    UpdateRoom,
    UpdateRoomBooking,
)
from essm_sync.settings import Settings

S = TypeVar("S")  # what the operation reads: its snapshot


@dataclass(frozen=True)
class OperationSpec(Generic[S]):
    """One operation: what it reads, its planner and its writer, and the optional steps
    some operations need."""

    name: Operation
    # Read what the planner needs, through the run's shared reads.
    read: Callable[[Reads, Settings, RunOptions], Awaitable[S]]
    # Plan the stage: pure, from the snapshot, the settings and the run's options.
    plan: Callable[[S, Settings, RunOptions], Stage]
    # Make one of the stage's changes; return a note for the log.
    write: Callable[[Systems, Change], Awaitable[str]]
    # The change classes the planner makes (and so the writer must).
    changes: tuple[type[Change], ...]
    # TermTime's estate once the stage is applied, if the stage writes it: later stages
    # are planned on that preview, and TermTime's lists are read again after applying.
    preview: Callable[[TermTimeEstate, Stage], TermTimeEstate] | None = None
    # Plan again on a reading that held still, when the first plan writes.
    settle: (
        Callable[[Reads, Settings, RunOptions, S, Stage], Awaitable[tuple[S, Stage]]] | None
    ) = None
    # Read, while earlier stages run, what no earlier stage can change; must not fail.
    read_ahead: Callable[[Reads, Settings, RunOptions], Awaitable[None]] | None = None
    # Why a saved stage's changes may no longer be made, whatever else holds: one line
    # for each record it would change that is no longer the sync's own.
    not_ours: Callable[[Stage, S, Settings], tuple[str, ...]] | None = None


async def _read_buildings(
    reads: Reads, _settings: Settings, _options: RunOptions
) -> BuildingsSnapshot:
    return await fetch_buildings(reads)


def _plan_buildings(
    snapshot: BuildingsSnapshot, _settings: Settings, _options: RunOptions
) -> Stage:
    return plan_buildings(snapshot)


async def _read_rooms(reads: Reads, _settings: Settings, _options: RunOptions) -> RoomsSnapshot:
    return await fetch_rooms(reads)


def _plan_rooms(snapshot: RoomsSnapshot, settings: Settings, _options: RunOptions) -> Stage:
    return plan_rooms(snapshot, activity_types=settings.rooms.activity_types)


async def _read_bookings(
    reads: Reads, settings: Settings, options: RunOptions
) -> BookingsSnapshot:
    # Never outside TermTime's academic year (design.md): the window's days within it.
    days = options.cut().days
    if days is None:
        return await fetch_outside_year(reads)
    snapshot = await fetch_bookings(
        reads,
        first_day=days[0],
        last_day=days[1],
        zone=settings.bookings.zone(),
        kinds=settings.bookings.item_kinds(),
        progress=options.fetch_progress,
    )
    return await with_own_room_bookings(reads, settings, snapshot)


def _plan_bookings(snapshot: BookingsSnapshot, settings: Settings, options: RunOptions) -> Stage:
    stage = plan_bookings(snapshot, rules=rules_of(settings))
    return with_warning(stage, options.cut().warning)


def with_warning(stage: Stage, warning: str | None) -> Stage:
    """Return the stage with the academic year's cut among its warnings, if there was one."""
    if warning is None:
        return stage
    found = PlanWarning(key="window", message=warning)
    warnings = tuple(sorted((*stage.warnings, found), key=lambda w: (w.key, w.message)))
    return stage.model_copy(update={"warnings": warnings})


async def _settle_bookings(
    reads: Reads, settings: Settings, options: RunOptions, snapshot: BookingsSnapshot, stage: Stage
) -> tuple[BookingsSnapshot, Stage]:
    """Plan a stage that writes on a listing of bookings that held still.

    A listing read while people book or cancel may miss a booking or show one twice
    (booker-api.md). A missed booking of ours would be planned as a create: a duplicate,
    or a clash with our own booking. So a plan that writes is made again on a settled
    listing, read until two reads agree (design.md, Failing well). A plan that writes
    nothing could not have been misled: it needs no second read.
    """
    days = options.cut().days
    if days is None:
        return snapshot, stage  # nothing was read: nothing to settle
    start, end = listing_window(*days, settings.bookings.zone())
    settled = await reads.settled_listing(start, end, snapshot.bookings)
    if frozenset(settled) == frozenset(snapshot.bookings):
        return snapshot, stage
    unread = reads.unread(booker=("room", "booking", "department"), termtime=("room",))
    snapshot = snapshot.model_copy(update={"bookings": settled, "unread": unread})
    with frozen_heap():
        return snapshot, _plan_bookings(snapshot, settings, options)


async def _read_bookings_ahead(reads: Reads, settings: Settings, options: RunOptions) -> None:
    days = options.cut().days
    if days is None:
        return  # the stage reads no timetable and no booking
    await read_ahead(
        reads,
        first_day=days[0],
        last_day=days[1],
        zone=settings.bookings.zone(),
        kinds=settings.bookings.item_kinds(),
    )


def _bookings_not_ours(
    stage: Stage, snapshot: BookingsSnapshot, settings: Settings
) -> tuple[str, ...]:
    return not_owned(stage, snapshot.bookings, settings.booker.owners())


BUILDINGS = OperationSpec(
    name="buildings",
    read=_read_buildings,
    plan=_plan_buildings,
    write=write_estate,
    changes=(CreateCampus, CreateBuilding, UpdateBuilding),
    preview=preview_estate,
)
ROOMS = OperationSpec(
    name="rooms",
    read=_read_rooms,
    plan=_plan_rooms,
    write=write_estate,
    changes=(CreateFloor, CreateRoom, UpdateRoom, RetireRoom),
    preview=preview_estate,
)
BOOKINGS = OperationSpec(
    name="bookings",
    read=_read_bookings,
    plan=_plan_bookings,
    write=write_bookings,
    changes=(CreateBooking, UpdateBooking, DeleteBooking),
    settle=_settle_bookings,
    read_ahead=_read_bookings_ahead,
    not_ours=_bookings_not_ours,
)
ROOMBOOKINGS = OperationSpec(
    name="roombookings",
    read=read_room_bookings,
    plan=plan_room_booking_stage,
    write=write_room_bookings,
    changes=(CreateRoomBooking, UpdateRoomBooking, DeleteRoomBooking),
    settle=settle_room_bookings,
)
OPERATION_SPECS: dict[Operation, OperationSpec[Any]] = {
    spec.name: spec for spec in (BUILDINGS, ROOMS, BOOKINGS, ROOMBOOKINGS)
}
# An operation by name, or a declaration of its own (a variant, e.g. for some rooms only).
AnyOperation = Operation | OperationSpec[Any]


def spec_of(operation: AnyOperation) -> OperationSpec[Any]:
    """Return the declaration of an operation named or given."""
    return operation if isinstance(operation, OperationSpec) else OPERATION_SPECS[operation]
