"""Render a plan for people: text for a terminal, Markdown for a CI summary.

Wording only: what a plan holds is decided elsewhere (saved and read back by `plan_io`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import assert_never

from essm_sync.core._unread import is_timetable_item
from essm_sync.core.shown import shown
from essm_sync.core.words import counted
from essm_sync.models import (
    BookingDraft,
    Change,
    Conflict,
    CreateBooking,
    CreateBuilding,
    CreateCampus,
    CreateFloor,
    CreateRoom,
    CreateRoomBooking,
    DeleteBooking,
    DeleteRoomBooking,
    Plan,
    RetireRoom,
    RoomBookingFields,
    RoomFields,
    Shared,
    Skipped,
    Stage,
    UpdateBooking,
    UpdateBuilding,
    UpdateRoom,
    UpdateRoomBooking,
)

_SIGN = {"create": "+", "update": "~", "retire": "-", "delete": "-"}


def _when(start: dt.datetime, end: dt.datetime, zone: dt.tzinfo | None) -> str:
    start, end = (start.astimezone(zone), end.astimezone(zone)) if zone else (start, end)
    # A span over several days ends on its own date: a weekend conference ends on Sunday.
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a %Y-%m-%d %H:%M}"
    return f"{start:%a %Y-%m-%d %H:%M}-{until}"


def _booking_diff(before: BookingDraft, after: BookingDraft, zone: dt.tzinfo | None) -> str:
    parts = []
    if (before.start, before.end) != (after.start, after.end):
        old, new = _when(before.start, before.end, zone), _when(after.start, after.end, zone)
        parts.append(f"time {old} -> {new}")
    if before.room_optime_index != after.room_optime_index:
        parts.append(f"room {before.room_optime_index} -> {after.room_optime_index}")
    for name in ("title", "description", "booking_type", "department_id"):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            parts.append(f"{name} {old!r} -> {new!r}")
    return "; ".join(parts)


def _room_diff(before: RoomFields, after: RoomFields) -> str:
    parts = []
    for name in ("name", "floor", "building", "campus", "department"):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            parts.append(f"{name} {old!r} -> {new!r}")
    if before.capacities != after.capacities:
        old_caps = {c.code: c.cap for c in before.capacities}
        new_caps = {c.code: c.cap for c in after.capacities}
        moved = [
            f"{code} {old_caps.get(code, '-')}->{new_caps.get(code, '-')}"
            for code in sorted(set(old_caps) | set(new_caps))
            if old_caps.get(code) != new_caps.get(code)
        ]
        parts.append("capacity " + ", ".join(moved))
    if before.to_delete != after.to_delete:
        parts.append("unmark for deletion")
    return "; ".join(parts)


def _room_booking(fields: RoomBookingFields) -> str:
    return (
        f"{fields.rooms} {fields.pat} day {fields.day} {fields.time} for {fields.du} "
        f"{fields.des!r}"
    )


def _room_booking_diff(before: RoomBookingFields, after: RoomBookingFields) -> str:
    return "; ".join(
        f"{name} {getattr(before, name)!r} -> {getattr(after, name)!r}"
        for name in RoomBookingFields.model_fields
        if getattr(before, name) != getattr(after, name)
    )


def _describe_room_booking(
    change: CreateRoomBooking | UpdateRoomBooking | DeleteRoomBooking,
) -> str:
    match change:
        case CreateRoomBooking():
            return f"room booking {_room_booking(change.after)} [{change.key}]"
        case UpdateRoomBooking():
            diff = _room_booking_diff(change.before, change.after)
            return f"room booking {change.after.rooms}: {diff} [{change.key}]"
        case DeleteRoomBooking():
            return f"room booking {_room_booking(change.before)} ({change.reason}) [{change.key}]"
        case _:
            assert_never(change)


def describe_change(change: Change, zone: dt.tzinfo | None = None) -> str:
    """Return one line saying what a change does, with before and after where it updates."""
    match change:
        case CreateCampus():
            return f"campus {change.name!r} (code {shown(change.code)})"
        case CreateBuilding():
            return (
                f"building {shown(change.code)} {change.after.name!r} in {change.after.campus!r}"
            )
        case UpdateBuilding():
            parts = [
                f"{name} {getattr(change.before, name)!r} -> {getattr(change.after, name)!r}"
                for name in ("name", "campus")
                if getattr(change.before, name) != getattr(change.after, name)
            ]
            return f"building {shown(change.code)}: " + "; ".join(parts)
        case CreateFloor():
            building = shown(change.building_code)
            return f"floor {shown(change.code)} {change.name!r} in building {building}"
        case CreateRoom():
            room = change.after
            caps = max((c.cap for c in room.capacities), default=0)
            where = f"{room.floor} floor of {room.building!r}"
            return f"room {shown(change.code)} {room.name!r}, {where}, capacity {caps}"
        case UpdateRoom():
            return f"room {shown(change.code)}: {_room_diff(change.before, change.after)}"
        case RetireRoom():
            return f"room {shown(change.code)} {change.name!r}: mark for deletion (td=1)"
        case CreateBooking():
            new = change.after
            when = _when(new.start, new.end, zone)
            return f"{shown(change.room)} {when} {new.title!r} [{change.key}]"
        case UpdateBooking():
            diff = _booking_diff(change.before, change.after, zone)
            return f"{shown(change.room)} booking {change.booking_id}: {diff} [{change.key}]"
        case DeleteBooking():
            b = change.before
            return (
                f"{shown(change.room)} booking {change.booking_id} {_when(b.start, b.end, zone)} "
                f"{b.title!r} ({change.reason}) [{change.key}]"
            )
        case CreateRoomBooking() | UpdateRoomBooking() | DeleteRoomBooking():
            return _describe_room_booking(change)
        case _:
            assert_never(change)


def describe_conflict(conflict: Conflict, zone: dt.tzinfo | None = None) -> str:
    """Return one line naming the event, the room and what is in the way."""
    when = _when(conflict.start, conflict.end, zone)
    head = f"conflict: {shown(conflict.room)} {when} {conflict.title!r}"
    if conflict.clashes_with:
        return f"{head} clashes with our event {conflict.clashes_with} [{conflict.key}]"
    held = ", ".join(
        f"booking {b.booking_id} {b.title!r}"
        + (f" by {b.created_by}" if b.created_by else "")
        + f" {_when(b.start, b.end, zone)}"
        for b in conflict.blocking
    )
    return f"{head} is held by {held} [{conflict.key}]"


def describe_shared(shared: Shared, zone: dt.tzinfo | None = None) -> str:
    """Return one line naming a group of items taught together and their one booking."""
    return (
        f"shared: {shown(shared.room)} {_when(shared.start, shared.end, zone)} {shared.title!r}: "
        f"{len(shared.items)} items taught together hold one booking [{shared.key}]"
    )


def describe_skipped(skipped: Skipped) -> str:
    """Say which record could not be read, where, and why."""
    if skipped.kind == "roombookings":
        return f"TermTime room booking {shown(skipped.item)} skipped: {skipped.problem}"
    if not is_timetable_item(skipped):
        where = (
            f" in room {shown(skipped.room)}" if skipped.kind == "booking" and skipped.room else ""
        )
        held = "; nothing created, updated or deleted in that room" if where else "; left alone"
        return (
            f"{skipped.system} {skipped.kind} {shown(skipped.item)}{where} skipped: "
            f"{skipped.problem}{held}"
        )
    what = (
        "timetable"
        if skipped.kind == "timetable"
        else f"{skipped.kind} item {shown(skipped.item)}"
    )
    return f"TermTime room {shown(skipped.room)}: {what} skipped: {skipped.problem}"


def _is_unread_booking(skipped: Skipped) -> bool:
    return skipped.system == "Booker" and skipped.kind == "booking"


def describe_held(room: str, skipped: Iterable[Skipped] = ()) -> str:
    """Say what holding a room means for its cause, among the stage's skipped records: a
    Booker booking that could not be read stops every write there, an item only deletes."""
    if any(_is_unread_booking(s) and s.room == room for s in skipped):
        return (
            f"room {shown(room)} held: a booking Booker lists in it could not be read, so "
            "nothing is created, updated or deleted there this run"
        )
    return (
        f"TermTime room {shown(room)} held: its readable items are booked, none of its owned "
        "bookings is deleted until every item reads"
    )


def _skipped_words(skipped: tuple[Skipped, ...]) -> str:
    """Name what was skipped by what it is: timetable items, Booker bookings, other records."""
    items = sum(1 for s in skipped if is_timetable_item(s))
    bookings = sum(1 for s in skipped if _is_unread_booking(s))
    others = len(skipped) - items - bookings
    words = [
        counted(n, noun)
        for n, noun in ((items, "item"), (bookings, "Booker booking"), (others, "other record"))
        if n
    ]
    return " and ".join(words) if words else "nothing"


def count_kinds(stage: Stage) -> Counter[str]:
    """Return how many changes of each kind a stage holds."""
    return Counter(change.kind for change in stage.changes)


def stopped_by(plan: Plan) -> dict[str, str]:
    """Return each stage `sync` would not run, with the refused stage it stops at.

    A refused stage ends the run (exit 3): nothing more is written after a refusal.
    """
    first = next((stage.operation for stage in plan.stages if stage.refused), None)
    if first is None:
        return {}
    names = [stage.operation for stage in plan.stages]
    return dict.fromkeys(names[names.index(first) + 1 :], first)


def summarise(plan: Plan) -> str:
    """Return the one-line totals of a plan, naming the stages the guard would refuse."""
    verbs: Counter[str] = Counter()
    for change in plan.changes:
        verbs[change.verb] += 1
    warnings = sum(len(s.warnings) for s in plan.stages)
    held = (
        f", {_skipped_words(plan.skipped)} skipped, {counted(len(plan.held), 'held room')}"
        if plan.held
        else ""
    )
    refused = [stage.operation for stage in plan.stages if stage.refused]
    guard = (
        f"; the guard would refuse {refused[0]}: sync would stop there (exit 3), "
        "writing nothing in that stage or any after it"
        if refused
        else ""
    )
    shared = f", {counted(len(plan.shared), 'shared booking')}" if plan.shared else ""
    return (
        f"{verbs['create']} to create, {verbs['update']} to update, "
        f"{verbs['delete'] + verbs['retire']} to delete or retire, "
        f"{counted(len(plan.conflicts), 'conflict')}{held}{shared}, "
        f"{counted(warnings, 'warning')}{guard}"
    )


def render_text(
    plan: Plan, *, zone: dt.tzinfo | None = None, limit: int | None = 20, notes: bool = True
) -> str:
    """Return the plan for a terminal, grouped by operation and kind, with counts.

    Args:
        notes: list each conflict, skipped item, held room and warning; off where the
            command says each of them on stderr instead, so that none is printed twice.
    """
    lines = []
    width = max([16, *(len(c.kind) for c in plan.changes)])
    stopped = stopped_by(plan)
    for stage in plan.stages:
        counts = count_kinds(stage)
        totals = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())
        lines.append(f"{stage.operation}: {totals or 'no changes'}")
        if stage.operation in stopped:
            lines.append(f"  ! not run by sync: it stops at {stopped[stage.operation]}")
        listed: Counter[str] = Counter()
        for change in stage.changes:
            listed[change.kind] += 1
            if limit is None or listed[change.kind] <= limit:
                sign = _SIGN[change.verb]
                lines.append(f"  {sign} {change.kind:<{width}} {describe_change(change, zone)}")
            elif listed[change.kind] == limit + 1:
                more = counts[change.kind] - limit
                lines.append(f"    ... and {more} more {change.kind} (--all lists every one)")
        lines += [f"  ! guard would refuse this stage, and sync would stop here: {problem}"
                  for problem in stage.refused]  # fmt: skip
        if not notes:
            continue
        for conflict in stage.conflicts:
            lines.append(f"  ! {describe_conflict(conflict, zone)}")
        lines += [f"  ! {describe_skipped(skipped)}" for skipped in stage.skipped]
        lines += [f"  ! {describe_held(room, stage.skipped)}" for room in stage.held]
        lines += [f"  = {describe_shared(s, zone)}" for s in stage.shared[:limit]]
        if limit is not None and len(stage.shared) > limit:
            lines.append(f"    ... and {len(stage.shared) - limit} more shared (--all)")
        for warning in stage.warnings[: limit if limit is not None else None]:
            lines.append(f"  ? {shown(warning.key)}: {warning.message}")
        if limit is not None and len(stage.warnings) > limit:
            lines.append(f"    ... and {len(stage.warnings) - limit} more warnings (--all)")
    lines += ["", *_count_table(plan), f"Plan: {summarise(plan)}."]
    return "\n".join(lines) + "\n"


def _count_table(plan: Plan) -> list[str]:
    """Counts per operation: what is created, updated, deleted or retired, and reported."""
    columns = ("create", "update", "delete", "conflicts", "warnings", "guard")
    rows = []
    stopped = stopped_by(plan)
    for stage in plan.stages:
        # Retiring a room is its delete: TermTime refuses to delete rooms in use.
        verbs: Counter[str] = Counter(
            "delete" if c.verb == "retire" else c.verb for c in stage.changes
        )
        rows.append((stage.operation, *(verbs[c] for c in columns[:3]),
                     len(stage.conflicts), len(stage.warnings),
                     "refuses" if stage.refused
                     else "not run" if stage.operation in stopped else "ok"))  # fmt: skip
    wide = max([10, *(len(stage.operation) for stage in plan.stages)])
    header = f"{'':<{wide}}" + "".join(f"{c:>11}" for c in columns)
    return [header] + [f"{r[0]:<{wide}}" + "".join(f"{n:>11}" for n in r[1:]) for r in rows]


def _markdown_counts(stage: Stage, stopped: Mapping[str, str]) -> list[str]:
    """Rows of the Markdown count table for one stage: changes by kind, then what is reported."""
    rows: list[tuple[str, int | str]] = [
        (kind.replace("_", " "), n) for kind, n in count_kinds(stage).items()
    ]
    rows += [("conflict", len(stage.conflicts))] if stage.conflicts else []
    if stage.held:
        rows += [("held room", len(stage.held)), ("skipped item", len(stage.skipped))]
    rows += [("shared booking", len(stage.shared))] if stage.shared else []
    rows += [("warning", len(stage.warnings))] if stage.warnings else []
    rows += [("guard would refuse", len(stage.refused))] if stage.refused else []
    if stage.operation in stopped:
        rows += [(f"not run by sync: it stops at {stopped[stage.operation]}", "-")]
    return [f"| {stage.operation} | {what} | {n} |" for what, n in rows]


def render_markdown(plan: Plan, *, zone: dt.tzinfo | None = None, limit: int | None = None) -> str:
    """Return the plan as Markdown for a CI job summary: a count table, then details."""
    lines = ["## essm-sync plan", "", "| operation | change | count |", "|---|---|---:|"]
    stopped = stopped_by(plan)
    for stage in plan.stages:
        lines += _markdown_counts(stage, stopped)
    lines += ["", f"**{summarise(plan)}**", ""]
    for stage in plan.stages:
        if not (stage.changes or stage.conflicts or stage.held or stage.warnings or stage.shared):
            continue
        lines += [f"<details><summary>{stage.operation}</summary>", ""]
        for change in stage.changes[:limit]:
            lines.append(f"- `{change.kind}` {describe_change(change, zone)}")
        if limit is not None and len(stage.changes) > limit:
            lines.append(f"- ... and {len(stage.changes) - limit} more")
        for conflict in stage.conflicts:
            lines.append(f"- **{describe_conflict(conflict, zone)}**")
        lines += [f"- **guard would refuse this stage, and sync would stop here: {p}**"
                  for p in stage.refused]  # fmt: skip
        lines += [f"- **{describe_skipped(skipped)}**" for skipped in stage.skipped]
        lines += [f"- **{describe_held(room, stage.skipped)}**" for room in stage.held]
        lines += [f"- {describe_shared(s, zone)}" for s in stage.shared[:limit]]
        lines += [f"- warning: `{shown(w.key)}`: {w.message}" for w in stage.warnings[:limit]]
        if limit is not None and len(stage.warnings) > limit:
            lines.append(f"- ... and {len(stage.warnings) - limit} more warnings")
        lines += ["", "</details>", ""]
    return "\n".join(lines) + "\n"
