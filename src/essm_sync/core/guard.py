"""The safety guard: refuse a plan that deletes or changes too much, or whose source shrank.

Creates never trip it: an empty Booker is simply filled (design.md, Safety guard).
"""

from __future__ import annotations

from dataclasses import dataclass

from essm_sync.errors import UnsafePlanError
from essm_sync.models import Plan, Stage


@dataclass(frozen=True)
class Limits:
    """The guard's limits; the engine fills them from the `[guard]` settings, which hold
    the defaults."""

    max_delete_pct: float
    max_delete_count: int
    max_update_pct: float
    max_update_count: int
    min_source_pct: float
    min_owned: int


def _over(
    count: int, owned: int, *, pct: float, most: int, min_owned: int
) -> tuple[str, str] | None:
    """Say by how much `count` passes a limit, and which (`count` or `pct`), if it does."""
    if count > most:
        return f"{count} > {most}", "count"
    if owned >= min_owned and owned and count * 100 > pct * owned:
        return f"{count} of {owned} owned ({count * 100 / owned:.0f}% > {pct:g}%)", "pct"
    return None


def check_stage(stage: Stage, limits: Limits) -> tuple[str, ...]:
    """Return each limit the stage would break, as a line naming the setting to change."""
    op = stage.operation
    deletes = sum(1 for c in stage.changes if c.guard == "delete")
    updates = sum(1 for c in stage.changes if c.guard == "update")
    problems = []
    hit = _over(
        deletes,
        stage.owned,
        pct=limits.max_delete_pct,
        most=limits.max_delete_count,
        min_owned=limits.min_owned,
    )
    if hit:
        problems.append(f"{op}: would delete {hit[0]}; limit {_setting('max_delete_' + hit[1])}")
    hit = _over(
        updates,
        stage.owned,
        pct=limits.max_update_pct,
        most=limits.max_update_count,
        min_owned=limits.min_owned,
    )
    if hit:
        problems.append(f"{op}: would change {hit[0]}; limit {_setting('max_update_' + hit[1])}")
    present = max(stage.present, stage.owned)
    if present >= limits.min_owned and stage.desired * 100 < limits.min_source_pct * present:
        problems.append(
            f"{op}: the source offers {stage.desired} {op} where {present} are synced "
            f"now (below {limits.min_source_pct:g}%); limit {_setting('min_source_pct')}"
        )
    return tuple(problems)


def check_limits(plan: Plan, limits: Limits) -> None:
    """Raise if any stage breaks a limit.

    Raises:
        UnsafePlanError: naming every limit broken and how to override deliberately.
    """
    found = [(stage.operation, check_stage(stage, limits)) for stage in plan.stages]
    problems = [problem for _, broken in found for problem in broken]
    if problems:
        raise UnsafePlanError(
            "safety limit tripped, nothing written in that stage: "
            + "; ".join(problems)
            + ". If this is intended, raise the limit named, or run once with --no-guard",
            operations=tuple(operation for operation, broken in found if broken),
            problems=tuple(problems),
        )


def _setting(name: str) -> str:
    """Name a guard setting as a file key and as its environment variable."""
    return f"guard.{name} (ESSM_SYNC_GUARD__{name.upper()})"
