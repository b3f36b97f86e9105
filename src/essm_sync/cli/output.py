"""What a run prints: the plan, the outcome of each change that did not simply succeed, totals."""

from __future__ import annotations

import datetime as dt
import json
import resource
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from essm_sync import __version__
from essm_sync.cli.files import write_whole
from essm_sync.cli.logs import echo, inform, is_json, warn
from essm_sync.core import (
    counted,
    describe_conflict,
    describe_held,
    describe_shared,
    describe_skipped,
    is_timetable_item,
    render_json,
    render_markdown,
    render_text,
    shown,
)
from essm_sync.engine import RunReport
from essm_sync.models import Plan, PlanWarning, Skipped


def echo_plan(
    plan: Plan, *, fmt: str, zone: dt.tzinfo, complete: bool | None = None, notes: bool = False
) -> None:
    """Print a plan to stdout in the chosen format.

    `complete` lists every change and warning; by default, when stdout is not a terminal
    (a file, a pipe, a CI log): a person at a terminal gets the first 20 of each kind.
    The text plan counts warnings, conflicts, skipped items and held rooms but lists them
    only with `notes`: the commands say each on stderr (`warn_plan`), once.
    """
    if complete is None:
        complete = not sys.stdout.isatty()
    limit = None if complete else 20
    if is_json():
        # Among JSON logs every line is JSON, so the plan is one compact line.
        echo(plan.model_dump_json())
        return
    match fmt:
        case "json":
            echo(render_json(plan), nl=False)
        case "markdown":
            echo(render_markdown(plan, zone=zone, limit=limit), nl=False)
        case _:
            echo(render_text(plan, zone=zone, limit=limit, notes=notes), nl=False)


def warn_unreadable(plans: list[Plan], named: Iterable[Skipped] = ()) -> None:
    """Warn on stderr of each skipped item and held room, one line each (design.md)."""
    seen: set[Skipped] = set(named)  # said already, by a stage before
    for plan in plans:
        for skipped in plan.skipped:
            if skipped in seen:
                continue  # a record two stages read is named once
            seen.add(skipped)
            event = (
                "roombooking.skipped"
                if skipped.kind == "roombookings"
                else "timetable.item_skipped"
                if is_timetable_item(skipped)
                else "record.skipped"
            )
            warn(event, describe_skipped(skipped), room=skipped.room, system=skipped.system,
                 kind=skipped.kind, item=skipped.item, problem=skipped.problem)  # fmt: skip
        for room in plan.held:
            warn("timetable.room_held", describe_held(room, plan.skipped), room=room)


def warn_plan(
    plans: list[Plan],
    *,
    zone: dt.tzinfo,
    named: Iterable[Skipped] = (),
    said: Iterable[PlanWarning] = (),
) -> None:
    """Say on stderr, one line each, what a person must look at: stages the guard would
    refuse, warnings, foreseen conflicts, skipped items and held rooms; and, as
    information, rooms taught together.

    Args:
        named: skipped records said already; said: warnings said already (by an earlier
            stage, or the command's opening note). A warning two stages give is said once.
    """
    heard = {(w.key, w.message) for w in said}
    for plan in plans:
        for stage in plan.stages:
            for shared in stage.shared:
                inform("items.shared", describe_shared(shared, zone), key=shared.key,
                       room=shared.room, items=list(shared.items))  # fmt: skip
            for problem in stage.refused:
                warn("guard.refused", f"{stage.operation}: the guard would refuse this stage: "
                     "sync would stop here (exit 3), writing nothing in it or any stage after "
                     f"it: {problem}", operation=stage.operation,
                     limit=problem)  # fmt: skip
            for warning in stage.warnings:
                if (warning.key, warning.message) in heard:
                    continue
                heard.add((warning.key, warning.message))
                # A stage-wide warning is keyed by its operation: name the operation once.
                where = (stage.operation if warning.key == stage.operation
                         else f"{stage.operation}: {shown(warning.key)}")  # fmt: skip
                warn("plan.warning", f"{where}: {warning.message}",
                     operation=stage.operation, key=warning.key)  # fmt: skip
            for conflict in stage.conflicts:
                warn("booking.conflict", describe_conflict(conflict, zone), prefix=None,
                     key=conflict.key, room=conflict.room,
                     blocking=[b.booking_id for b in conflict.blocking])  # fmt: skip
    warn_unreadable(plans, named)


@dataclass(frozen=True)
class RunTotals:
    """What the summary line says beside the outcomes: time, traffic, the report's place."""

    duration_s: float
    requests: int
    retries: int
    report: Path | None
    # The limits the guard found broken when it refused a stage (the run stopped there).
    refused: tuple[str, ...] = ()


def echo_report(
    report: RunReport, *, zone: dt.tzinfo, totals: RunTotals, warned: Sequence[Plan] = ()
) -> None:
    """Say each warning, conflict and failure on stderr, once, then one summary line on
    stdout (among JSON logs the summary is the `run.finished` line instead).

    Args:
        warned: plans whose warnings were already said, as they were shown.
    """
    named = [s for p in warned for s in p.skipped]
    said = [w for p in warned for stage in p.stages for w in stage.warnings]
    warn_plan([p for p in report.plans if not any(p is w for w in warned)], zone=zone,
              named=named, said=said)  # fmt: skip
    for outcome in report.outcomes:
        # A change not sent for its failed prerequisite is said too; an interrupted run's
        # changes not started are counted, not listed.
        unsent = outcome.status == "skipped" and not report.interrupted
        if outcome.status in ("failed", "conflict") or unsent:
            where = f"{outcome.operation} {outcome.kind} {shown(outcome.key)}"
            warn(f"change.{outcome.status}", f"{where}: {outcome.message}",
                 prefix=outcome.status, operation=outcome.operation, kind=outcome.kind,
                 key=outcome.key)  # fmt: skip
    if not is_json():
        echo(summary_line(report, totals))


def summary_line(report: RunReport, totals: RunTotals) -> str:
    """Return the run's one closing line: counts per outcome, duration, requests, retries
    and where the report went."""
    statuses: Counter[str] = Counter()
    verbs: Counter[str] = Counter()
    for outcome in report.outcomes:
        statuses[outcome.status] += 1
        if outcome.status == "done":
            verbs[outcome.verb] += 1
    conflicts = statuses["conflict"] + len(report.foreseen_conflicts)
    held = sum(len(plan.held) for plan in report.plans)
    outcomes = [
        f"{verbs['create']} created",
        f"{verbs['update']} updated",
        f"{verbs['delete'] + verbs['retire']} deleted or retired",
        f"{statuses['failed']} failed",
        counted(conflicts, "conflict"),
    ]
    if statuses["skipped"]:
        outcomes.append(f"{statuses['skipped']} not sent")
    if held:
        outcomes.append(f"{counted(held, 'room')} held")
    shared = sum(len(plan.shared) for plan in report.plans)
    if shared:
        outcomes.append(counted(shared, "shared booking"))
    where = f"report in {totals.report}" if totals.report is not None else "no report written"
    refused = (
        f"; the guard refused {'; '.join(totals.refused)}: stopped there, nothing written in "
        "that stage or any after it"
        if totals.refused
        else ""
    )
    return (
        f"Applied: {', '.join(outcomes)}{' (interrupted)' if report.interrupted else ''}"
        f"{refused}; "
        f"{totals.duration_s:.1f} s, {counted(totals.requests, 'request')}, "
        f"{counted(totals.retries, 'retry', 'retries')}; {where}."
    )


def peak_rss_mb() -> float:
    """Return this process's peak resident memory in MiB.

    Linux's VmHWM belongs to the process image; `ru_maxrss` can carry the parent's peak
    across fork and exec, so it is only the fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def cpu_seconds() -> float:
    """Return the CPU time this process has used so far, user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return round(usage.ru_utime + usage.ru_stime, 3)


def summary(report: RunReport) -> dict[str, Any]:
    """Return a run's counts per operation, kind and outcome, for the report and logs."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for (operation, kind, status), n in sorted(report.counts().items()):
        counts.setdefault(operation, {}).setdefault(kind, {})[status] = n
    return counts


def write_report(
    path: Path, report: RunReport, *, started: dt.datetime, finished: dt.datetime,
    requests: dict[str, dict[str, int]], writes: dict[str, int], versions: dict[str, str],
    error: str | None = None,
) -> None:  # fmt: skip
    """Write the JSON run report: counts, failures, timings, versions."""
    counts = summary(report)
    body: dict[str, Any] = {
        "tool": {"name": "essm-sync", "version": __version__},
        "systems": versions,
        "started": started.isoformat(),
        "finished": finished.isoformat(),
        "duration_s": round((finished - started).total_seconds(), 3),
        "peak_rss_mb": peak_rss_mb(),
        "cpu_s": cpu_seconds(),
        "complete": error is None and report.is_complete,
        "error": error,
        "interrupted": report.interrupted,
        "counts": counts,
        "failures": [
            {
                "operation": o.operation,
                "kind": o.kind,
                "key": o.key,
                "status": o.status,
                "reason": o.message,
            }
            for o in report.outcomes
            if o.status in ("failed", "conflict")
        ],
        "conflicts_foreseen": [c.model_dump(mode="json") for c in report.foreseen_conflicts],
        "warnings": [
            w.model_dump(mode="json") for p in report.plans for s in p.stages for w in s.warnings
        ],
        "held_rooms": [room for p in report.plans for room in p.held],
        "shared": [s.model_dump(mode="json") for p in report.plans for s in p.shared],
        "skipped_items": [
            s.model_dump(mode="json")
            for s in dict.fromkeys(s for p in report.plans for s in p.skipped)
        ],
        "requests": requests,
        "writes": writes,
    }
    write_whole(path, json.dumps(body, indent=2) + "\n", "the report")
