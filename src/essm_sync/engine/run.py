"""Whole operations: plan against today's state, sync stage by stage, apply a saved plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import (
    AbstractAsyncContextManager,
    asynccontextmanager,
    nullcontext,
)
from dataclasses import dataclass, field
from functools import partial

import httpx
import structlog

from essm_sync.clients import BookerClient, TermTimeClient
from essm_sync.concurrency import alongside
from essm_sync.core import (
    BookingRules,
    Limits,
    WindowCut,
    check_limits,
    check_stage,
    cut_window,
    not_owned,
    plan_bookings,
    plan_buildings,
    plan_rooms,
    preview_estate,
    stale_changes,
)
from essm_sync.engine.apply import apply_stage
from essm_sync.engine.fetch import (
    Progress,
    fetch_bookings,
    fetch_buildings,
    fetch_outside_year,
    fetch_rooms,
    listing_window,
    read_ahead,
)
from essm_sync.engine.heap import frozen_heap, run_heap
from essm_sync.engine.interrupt import Interrupt
from essm_sync.engine.outcome import RunReport
from essm_sync.engine.protocols import BookerApi, TermTimeApi
from essm_sync.engine.reads import Reads
from essm_sync.errors import NotConfirmedError, StalePlanError
from essm_sync.models import (
    BookingsSnapshot,
    BuildingsSnapshot,
    Operation,
    Plan,
    PlanWarning,
    RoomsSnapshot,
    Stage,
)
from essm_sync.settings import Settings

_log = structlog.get_logger("essm_sync.run")


@dataclass
class Systems:
    """The two systems a run talks to."""

    termtime: TermTimeApi
    booker: BookerApi


@dataclass(frozen=True)
class RunOptions:
    """What a run needs beyond the settings: the window and whether the guard is on.

    `year` is TermTime's academic year: the bookings stage syncs only the window's days
    inside it (design.md, The academic year); None syncs the window as given.
    """

    first_day: dt.date
    last_day: dt.date
    use_guard: bool = True
    interrupt: Interrupt = field(default_factory=Interrupt)
    fetch_progress: Progress | None = None
    apply_progress: Callable[[str, int, int], None] | None = None
    year: tuple[dt.date, dt.date] | None = None

    def cut(self) -> WindowCut:
        """Return the days the bookings stage syncs, cut to the academic year."""
        return cut_window(self.first_day, self.last_day, self.year)


@asynccontextmanager
async def open_systems(
    settings: Settings,
    *,
    termtime_transport: httpx.AsyncBaseTransport | None = None,
    booker_transport: httpx.AsyncBaseTransport | None = None,
) -> AsyncIterator[Systems]:
    """Open both clients for the length of a run, collecting cycles less often meanwhile."""
    termtime = TermTimeClient(settings.termtime, settings.retry, transport=termtime_transport)
    booker = BookerClient(settings.booker, settings.retry, transport=booker_transport)
    try:
        with run_heap():
            yield Systems(termtime, booker)
    finally:
        await termtime.aclose()
        await booker.aclose()


def limits_of(settings: Settings) -> Limits:
    """Return the guard's limits from the `[guard]` settings."""
    guard = settings.guard
    return Limits(
        max_delete_pct=guard.max_delete_pct,
        max_delete_count=guard.max_delete_count,
        max_update_pct=guard.max_update_pct,
        max_update_count=guard.max_update_count,
        min_source_pct=guard.min_source_pct,
        min_owned=guard.min_owned,
    )


def rules_of(settings: Settings) -> BookingRules:
    """Return how events become bookings, from the `[bookings]` settings."""
    bookings = settings.bookings
    return BookingRules(
        zone=bookings.zone(),
        booking_types={
            "activities": bookings.booking_type,
            "exams": bookings.exam_booking_type,
            "bookings": bookings.termtime_booking_type,
        },
        departments=tuple(sorted(bookings.departments.items())),
        kinds=bookings.kinds,
        owners=settings.booker.owners(),
    )


Snapshot = BuildingsSnapshot | RoomsSnapshot | BookingsSnapshot


def with_warning(stage: Stage, warning: str | None) -> Stage:
    """Return the stage with the academic year's cut among its warnings, if there was one."""
    if warning is None:
        return stage
    found = PlanWarning(key="window", message=warning)
    warnings = tuple(sorted((*stage.warnings, found), key=lambda w: (w.key, w.message)))
    return stage.model_copy(update={"warnings": warnings})


async def plan_stage(
    operation: Operation, reads: Reads, settings: Settings, options: RunOptions
) -> Stage:
    """Fetch what one operation needs and plan it."""
    stage, _ = await _plan_with_snapshot(operation, reads, settings, options)
    return stage


async def _plan_with_snapshot(
    operation: Operation, reads: Reads, settings: Settings, options: RunOptions
) -> tuple[Stage, Snapshot]:
    snapshot: Snapshot
    match operation:
        case "buildings":
            snapshot = await fetch_buildings(reads)
            with frozen_heap():
                stage = plan_buildings(snapshot)
        case "rooms":
            snapshot = await fetch_rooms(reads)
            with frozen_heap():
                stage = plan_rooms(snapshot, activity_types=settings.rooms.activity_types)
        case "bookings":
            cut = options.cut()
            if cut.days is None:
                snapshot = await fetch_outside_year(reads)
            else:
                snapshot = await fetch_bookings(
                    reads, first_day=cut.days[0], last_day=cut.days[1],
                    zone=settings.bookings.zone(), kinds=settings.bookings.kinds,
                    progress=options.fetch_progress,
                )  # fmt: skip
            rules = rules_of(settings)
            with frozen_heap():
                stage = plan_bookings(snapshot, rules=rules)
            if stage.changes and cut.days is not None:
                snapshot, stage = await _settled(snapshot, stage, reads, settings, cut.days)
            stage = with_warning(stage, cut.warning)
    _log.info(
        "stage.planned", operation=operation, changes=len(stage.changes),
        conflicts=len(stage.conflicts), warnings=len(stage.warnings),
    )  # fmt: skip
    return stage, snapshot


async def _settled(
    snapshot: BookingsSnapshot,
    stage: Stage,
    reads: Reads,
    settings: Settings,
    days: tuple[dt.date, dt.date],
) -> tuple[BookingsSnapshot, Stage]:
    """Plan a stage that writes on a listing of bookings that held still.

    A listing read while people book or cancel may miss a booking or show one twice
    (booker-api.md). A missed booking of ours would be planned as a create: a duplicate,
    or a clash with our own booking. So a plan that writes is made again on a settled
    listing, read until two reads agree (design.md, Failing well). A plan that writes
    nothing could not have been misled: it needs no second read.
    """
    zone = settings.bookings.zone()
    start, end = listing_window(*days, zone)
    settled = await reads.booker.settle_bookings(start, end, snapshot.bookings)
    if frozenset(settled) == frozenset(snapshot.bookings):
        return snapshot, stage
    snapshot = snapshot.model_copy(update={"bookings": settled})
    with frozen_heap():
        return snapshot, plan_bookings(snapshot, rules=rules_of(settings))


def _reading_ahead(
    operations: Sequence[Operation], reads: Reads, settings: Settings, options: RunOptions
) -> AbstractAsyncContextManager[None]:
    """While estate stages run before the bookings stage, read ahead for it."""
    days = options.cut().days
    if "bookings" not in operations or operations[0] == "bookings" or days is None:
        return nullcontext()
    call = partial(
        read_ahead, reads, first_day=days[0], last_day=days[1],
        zone=settings.bookings.zone(), kinds=settings.bookings.kinds,
    )  # fmt: skip
    return alongside(call)


async def preview_stages(
    operations: Sequence[Operation], reads: Reads, settings: Settings, options: RunOptions
) -> list[tuple[Stage, Snapshot]]:
    """Plan each operation against the estate the stages before it would leave, as `sync`
    will run them; return each stage with the snapshot it was planned on."""
    planned = []
    async with _reading_ahead(operations, reads, settings, options):
        for operation in operations:
            stage, snapshot = await _plan_with_snapshot(operation, reads, settings, options)
            planned.append((stage, snapshot))
            if operation != "bookings" and stage.changes:
                await reads.preview(preview_estate(await reads.termtime_estate(), stage))
    return planned


def _plan(stages: Sequence[Stage], options: RunOptions, settings: Settings) -> Plan:
    # The days synced: `apply --plan` replays a plan on the window it records.
    first, last = options.cut().days or (options.first_day, options.last_day)
    return Plan(
        window_start=first,
        window_end=last,
        timezone=settings.bookings.timezone,
        stages=tuple(stages),
    )


async def plan_operations(
    operations: Sequence[Operation], systems: Systems, settings: Settings, options: RunOptions
) -> Plan:
    """Plan every operation, each against the state the stages before it would leave (as
    `sync` runs them), writing nothing; mark each stage the guard would refuse."""
    reads = Reads(systems.termtime, systems.booker)
    stages = [stage for stage, _ in await preview_stages(operations, reads, settings, options)]
    if options.use_guard:
        limits = limits_of(settings)
        stages = [s.model_copy(update={"refused": check_stage(s, limits)}) for s in stages]
    return _plan(stages, options, settings)


async def sync_operations(
    operations: Sequence[Operation],
    systems: Systems,
    settings: Settings,
    options: RunOptions,
    report: RunReport,
    *,
    confirm: Callable[[Plan], bool] | None = None,
) -> RunReport:
    """Plan and apply each operation in turn, each planned on the state the last one left."""
    reads = Reads(systems.termtime, systems.booker)
    async with _reading_ahead(operations, reads, settings, options):
        for operation in operations:
            if options.interrupt.is_requested:
                break
            stage = await plan_stage(operation, reads, settings, options)
            plan = _plan([stage], options, settings)
            if options.use_guard:
                check_limits(plan, limits_of(settings))
            report.plans.append(plan)
            if confirm is not None and plan.has_changes and not confirm(plan):
                raise NotConfirmedError(
                    f"not applied: {operation} was declined; nothing more written"
                )
            await _apply(plan, systems, settings, options, report)
            if operation != "bookings" and plan.has_changes:
                reads.forget_termtime()
    report.interrupted = options.interrupt.is_requested
    return report


async def apply_saved_plan(
    plan: Plan,
    systems: Systems,
    settings: Settings,
    report: RunReport,
    *,
    use_guard: bool = True,
    interrupt: Interrupt | None = None,
    year: tuple[dt.date, dt.date] | None = None,
) -> RunReport:
    """Apply exactly a saved plan, refusing it if either system changed since it was made."""
    if plan.window_start is None or plan.window_end is None:
        raise StalePlanError("the saved plan has no sync window; make a new plan")
    options = RunOptions(
        first_day=plan.window_start,
        last_day=plan.window_end,
        interrupt=interrupt or Interrupt(),
        year=year,
    )
    reads = Reads(systems.termtime, systems.booker)
    for stage in plan.stages:
        now, snapshot = await _plan_with_snapshot(stage.operation, reads, settings, options)
        if stage.operation != "bookings" and now.changes:
            await reads.preview(preview_estate(await reads.termtime_estate(), now))
        if isinstance(snapshot, BookingsSnapshot):
            # Whatever else may have changed, never touch a booking that is not ours now.
            foreign = not_owned(stage, snapshot.bookings, settings.booker.owners())
            if foreign:
                raise StalePlanError(
                    "the saved plan is stale: "
                    + "; ".join(foreign[:5])
                    + (f" (and {len(foreign) - 5} more)" if len(foreign) > 5 else "")
                    + "; make a new plan"
                )
        stale = stale_changes(stage, now)
        if stale:
            raise StalePlanError(
                f"the saved plan is stale in {stage.operation}: "
                + "; ".join(stale[:5])
                + (f" (and {len(stale) - 5} more)" if len(stale) > 5 else "")
                + "; make a new plan"
            )
    if use_guard:
        check_limits(plan, limits_of(settings))
    report.plans.append(plan)
    await _apply(plan, systems, settings, options, report)
    report.interrupted = options.interrupt.is_requested
    return report


async def _apply(
    plan: Plan, systems: Systems, settings: Settings, options: RunOptions, report: RunReport
) -> None:
    concurrency = max(settings.termtime.concurrency, settings.booker.concurrency)
    for stage in plan.stages:
        progress = options.apply_progress
        await apply_stage(
            stage, systems.termtime, systems.booker, concurrency=concurrency,
            interrupt=options.interrupt,
            progress=partial(progress, f"{stage.operation} applied") if progress else None,
            sink=report.outcomes,
        )  # fmt: skip
