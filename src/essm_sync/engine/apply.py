"""Apply a stage's changes: phases in dependency order, bounded parallelism inside each.

Campuses before buildings, floors before rooms; deletes before updates before creates, so
a booking moving into a slot another one leaves finds it free. One failed change never
stops the others; each gets an outcome.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence

import anyio
import structlog

from essm_sync.engine.interrupt import Interrupt
from essm_sync.engine.outcome import Outcome, Status
from essm_sync.engine.prerequisites import FailedPrerequisites, skipped_because
from essm_sync.errors import ConflictError, EssmSyncError
from essm_sync.models import (
    Change,
    CreateBooking,
    DeleteBooking,
    Operation,
    Stage,
    UpdateBooking,
)

_log = structlog.get_logger("essm_sync.apply")
Progress = Callable[[int, int], None]
# Makes one change and returns a note for the log: the operation's writer, bound to the
# run's systems (`engine/operations.py`).
Write = Callable[[Change], Awaitable[str]]


async def _one(change: Change, operation: Operation, write: Write) -> Outcome:
    started = time.perf_counter()
    conflicting: tuple[int, ...] = ()
    status: Status = "done"
    try:
        message = await write(change)
    except ConflictError as exc:
        status, conflicting = "conflict", exc.conflicting
        held = ", ".join(str(i) for i in conflicting) or "unknown"
        message = f"conflict: {change.key} cannot be booked, the room is held by booking {held}"
    except EssmSyncError as exc:
        status, message = "failed", str(exc)
    outcome = Outcome(
        operation=operation,
        kind=change.kind,
        key=change.key,
        status=status,
        message=message,
        duration_s=time.perf_counter() - started,
        conflicting=conflicting,
        verb=change.verb,
    )
    # One line per change only with --verbose: the report lists every outcome, and a
    # 50,000-write first run must not flood a job log (design.md, Observability).
    _log.debug(
        "change.applied",
        operation=operation,
        kind=outcome.kind,
        key=outcome.key,
        outcome=outcome.status,
        detail=outcome.message or None,
        duration_ms=round(outcome.duration_s * 1000, 1),
    )
    return outcome


async def _run_all(
    changes: Sequence[Change],
    operation: Operation,
    write: Write,
    *,
    concurrency: int,
    interrupt: Interrupt,
    progress: Progress | None,
    done_before: int,
    total: int,
    sink: list[Outcome] | None = None,
) -> list[Outcome]:
    """Run the changes on `concurrency` workers; after an interrupt, skip what is left.

    Each outcome is added to `sink` as it happens, so that a run cancelled midway still
    reports exactly what it did."""
    outcomes: list[Outcome] = sink if sink is not None else []
    first = len(outcomes)
    pending = iter(changes)
    in_flight: dict[int, Change] = {}

    async def worker() -> None:
        for change in pending:
            if interrupt.is_requested:
                outcomes.append(
                    Outcome(
                        operation,
                        change.kind,
                        change.key,
                        "skipped",
                        "not started: interrupted",
                        verb=change.verb,
                    )
                )
                continue
            in_flight[id(change)] = change
            outcome = await _one(change, operation, write)
            del in_flight[id(change)]
            outcomes.append(outcome)
            if progress is not None:
                progress(done_before + len(outcomes) - first, total)

    try:
        async with anyio.create_task_group() as group:
            for _ in range(min(concurrency, len(changes))):
                group.start_soon(worker)
    finally:
        # Abandoned by a second stop request: sent, perhaps written; the next run converges.
        abandoned = "abandoned in flight: may have been written; the next run converges"
        outcomes += [
            Outcome(operation, c.kind, c.key, "failed", abandoned, verb=c.verb)
            for c in in_flight.values()
        ]
    return outcomes[first:]


async def apply_stage(
    stage: Stage,
    write: Write,
    *,
    concurrency: int,
    interrupt: Interrupt | None = None,
    progress: Progress | None = None,
    sink: list[Outcome] | None = None,
) -> list[Outcome]:
    """Apply one stage's changes in phase order; return every change's outcome, adding
    each to `sink` as soon as it is known."""
    interrupt = interrupt or Interrupt()
    sink = sink if sink is not None else []
    start = len(sink)
    total = len(stage.changes)
    failed = FailedPrerequisites()
    by_key: dict[tuple[str, str], Change] = {(c.kind, c.key): c for c in stage.changes}
    for phase in sorted({c.phase for c in stage.changes}):
        failed.add(by_key[o.kind, o.key] for o in sink[start:] if o.status != "done")
        batch = []
        for change in (c for c in stage.changes if c.phase == phase):
            needed = failed.blocking(change)
            if needed is None:
                batch.append(change)
                continue
            sink.append(Outcome(stage.operation, change.kind, change.key, "skipped",
                                skipped_because(needed), verb=change.verb))  # fmt: skip
        await _run_all(
            batch,
            stage.operation,
            write,
            concurrency=concurrency,
            interrupt=interrupt,
            progress=progress,
            done_before=len(sink) - start,
            total=total,
            sink=sink,
        )
    if interrupt.is_requested:
        return sink[start:]
    await _untangle(stage, sink, start, write)
    return sink[start:]


async def _untangle(stage: Stage, sink: list[Outcome], start: int, write: Write) -> None:
    """Move, by delete and re-create, our bookings that only blocked each other.

    Events that swap slots hold each other's target whichever update goes first, so both
    are refused with 409. Deleting every such booking frees the slots; each is then created
    at its new time. A re-create that fails is reported, and the next run makes it.
    """
    updates = {c.key: c for c in stage.changes if isinstance(c, UpdateBooking)}
    moving = {c.booking_id for c in updates.values()} | {
        c.booking_id for c in stage.changes if isinstance(c, DeleteBooking)
    }
    tangled = [
        updates[o.key]
        for o in sink[start:]
        if o.status == "conflict"
        and o.key in updates
        and o.conflicting
        and set(o.conflicting) <= moving
    ]
    freed = []
    for change in tangled:
        freeing = DeleteBooking(
            booking_id=change.booking_id,
            room=change.room,
            before=change.before,
            reason="moved by delete and create",
        )
        try:
            await write(freeing)
        except EssmSyncError:
            continue  # it stays reported as a conflict; the next run tries again
        freed.append(change)
    for change in freed:
        remade = CreateBooking(
            room=change.room, after=change.after, reason="moved by delete and create"
        )
        redone = await _one(remade, stage.operation, write)
        # The create's outcome stands in for the update's conflict, in place.
        where = next(i for i in range(start, len(sink)) if sink[i].key == change.key)
        sink[where] = redone
