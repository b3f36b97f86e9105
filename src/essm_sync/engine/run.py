"""Whole operations: plan against today's state, sync stage by stage, apply a saved plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from functools import partial
from typing import Any

import httpx
import structlog

from essm_sync.clients import BookerClient, TermTimeClient
from essm_sync.concurrency import alongside, gather
from essm_sync.core import check_limits, check_stage, stale_changes
from essm_sync.engine.apply import apply_stage
from essm_sync.engine.context import RunOptions, Systems, limits_of, rules_of
from essm_sync.engine.heap import frozen_heap, run_heap
from essm_sync.engine.interrupt import Interrupt
from essm_sync.engine.operations import AnyOperation, OperationSpec, spec_of
from essm_sync.engine.outcome import RunReport
from essm_sync.engine.reads import Reads
from essm_sync.engine.sync_running import with_sync_running
from essm_sync.errors import NotConfirmedError, StalePlanError
from essm_sync.models import Plan, Stage
from essm_sync.settings import Settings

__all__ = [
    "RunOptions",
    "Systems",
    "apply_saved_plan",
    "limits_of",
    "open_systems",
    "plan_operations",
    "plan_stage",
    "preview_stages",
    "rules_of",
    "sync_operations",
]

_log = structlog.get_logger("essm_sync.run")


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


async def plan_stage(
    operation: AnyOperation, reads: Reads, settings: Settings, options: RunOptions
) -> Stage:
    """Fetch what one operation needs and plan it."""
    stage, _ = await _plan_with_snapshot(operation, reads, settings, options)
    return stage


async def _plan_with_snapshot(
    operation: AnyOperation, reads: Reads, settings: Settings, options: RunOptions
) -> tuple[Stage, Any]:
    """Read what one operation needs and plan it; return the stage and what it was read on."""
    spec = spec_of(operation)
    snapshot = await spec.read(reads, settings, options)
    with frozen_heap():
        stage = spec.plan(snapshot, settings, options)
    if options.sync_running:
        stage = with_sync_running(stage)
    elif spec.settle is not None and stage.changes:
        snapshot, stage = await spec.settle(reads, settings, options, snapshot, stage)
    _log.info(
        "stage.planned",
        operation=spec.name,
        changes=len(stage.changes),
        conflicts=len(stage.conflicts),
        warnings=len(stage.warnings),
    )
    return stage, snapshot


async def _previewed(spec: OperationSpec[Any], stage: Stage, reads: Reads) -> None:
    """Serve TermTime's estate as a stage that writes it would leave it."""
    if spec.preview is not None and stage.changes:
        await reads.preview(spec.preview(await reads.termtime_estate(), stage))


def _reading_ahead(
    operations: Sequence[AnyOperation], reads: Reads, settings: Settings, options: RunOptions
) -> AbstractAsyncContextManager[None]:
    """While the first stages run, read ahead for the later ones that can."""
    later = [spec_of(operation) for operation in operations[1:]]
    calls: dict[str, Callable[[], Any]] = {
        spec.name: partial(spec.read_ahead, reads, settings, options)
        for spec in later
        if spec.read_ahead is not None
    }
    if not calls:
        return nullcontext()
    return alongside(partial(_read_all_ahead, calls))


async def _read_all_ahead(calls: dict[str, Callable[[], Any]]) -> None:
    await gather(**calls)


async def preview_stages(
    operations: Sequence[AnyOperation], reads: Reads, settings: Settings, options: RunOptions
) -> list[tuple[Stage, Any]]:
    """Plan each operation against the estate the stages before it would leave, as `sync`
    will run them; return each stage with the snapshot it was planned on."""
    planned = []
    async with _reading_ahead(operations, reads, settings, options):
        for operation in operations:
            stage, snapshot = await _plan_with_snapshot(operation, reads, settings, options)
            planned.append((stage, snapshot))
            await _previewed(spec_of(operation), stage, reads)
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
    operations: Sequence[AnyOperation],
    systems: Systems,
    settings: Settings,
    options: RunOptions,
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
    operations: Sequence[AnyOperation],
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
                    f"not applied: {stage.operation} was declined; nothing more written"
                )
            await _apply(plan, systems, settings, options, report)
            if spec_of(operation).preview is not None and plan.has_changes:
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
        spec = spec_of(stage.operation)
        now, snapshot = await _plan_with_snapshot(stage.operation, reads, settings, options)
        await _previewed(spec, now, reads)
        if spec.not_ours is not None:
            # Whatever else may have changed, never touch a record that is not ours now.
            foreign = spec.not_ours(stage, snapshot, settings)
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
            stage,
            partial(spec_of(stage.operation).write, systems),
            concurrency=concurrency,
            interrupt=options.interrupt,
            progress=partial(progress, f"{stage.operation} applied") if progress else None,
            sink=report.outcomes,
        )
