"""What one run measured, in the shape its metrics need: built by each command from the
run's report, its plan or its audit, and read by `families_of`. Pure: the clock readings
and the request counts arrive as arguments."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from essm_sync.engine import RunReport
from essm_sync.models import Plan, Stage

# A run completed when it read, planned and (for sync and apply) applied to the end: 0, 2
# (`--detailed-exitcode` found something) or 4 (applied, desired state not reached).
COMPLETED_EXIT_CODES = frozenset({0, 2, 4})


@dataclass(frozen=True)
class StageFacts:
    """What one operation's stage found, whatever became of its changes."""

    conflicts: int = 0
    rooms_held: int = 0
    items_skipped: int = 0
    items_shared: int = 0
    guard_refused: bool = False


@dataclass(frozen=True)
class RunFacts:
    """One run of one command, as its metrics report it.

    `stages` holds only the operations the run got as far as planning; the metrics of
    the others keep their last values (see `merge_families`).
    """

    command: str
    operations: tuple[str, ...]
    exit_code: int
    started_s: float  # Unix time
    finished_s: float
    changes: Mapping[tuple[str, str, str], int] = field(default_factory=dict)
    stages: Mapping[str, StageFacts] = field(default_factory=dict)
    requests: Mapping[str, int] = field(default_factory=dict)  # by system
    retries: Mapping[str, int] = field(default_factory=dict)  # by system

    @property
    def is_completed(self) -> bool:
        """Whether the run went to its end (exit 0, 2 or 4)."""
        return self.exit_code in COMPLETED_EXIT_CODES


def _stage_facts(stage: Stage, *, conflicts: int = 0, refused: bool = False) -> StageFacts:
    return StageFacts(
        conflicts=len(stage.conflicts) + conflicts,
        rooms_held=len(stage.held),
        items_skipped=len(stage.skipped),
        # Every item of every group taught together, each group holding one booking.
        items_shared=sum(len(group.items) for group in stage.shared),
        guard_refused=refused or bool(stage.refused),
    )


def facts_of_report(
    report: RunReport, *, command: str, operations: Sequence[str], exit_code: int,
    started_s: float, finished_s: float, requests: Mapping[str, int],
    retries: Mapping[str, int], refused: Sequence[str] = (),
) -> RunFacts:  # fmt: skip
    """Return the facts of a `sync` or `apply` run: its plans, its outcomes, and the
    operations the guard refused (whose stages were planned but never kept)."""
    changes = Counter({(op, kind, status): n for (op, kind, status), n in report.counts().items()})
    refused_conflicts = Counter(o.operation for o in report.outcomes if o.status == "conflict")
    stages: dict[str, StageFacts] = {
        stage.operation: _stage_facts(stage, conflicts=refused_conflicts[stage.operation])
        for plan in report.plans
        for stage in plan.stages
    }
    for operation in refused:
        stages[operation] = StageFacts(guard_refused=True)
    return RunFacts(
        command=command, operations=tuple(operations), exit_code=exit_code,
        started_s=started_s, finished_s=finished_s, changes=dict(changes), stages=stages,
        requests=dict(requests), retries=dict(retries),
    )  # fmt: skip


def facts_of_plan(
    plan: Plan | None, *, command: str, operations: Sequence[str], exit_code: int,
    started_s: float, finished_s: float, requests: Mapping[str, int],
    retries: Mapping[str, int],
) -> RunFacts:  # fmt: skip
    """Return the facts of a `plan` or `audit` run: each change of `plan` counted as
    `planned` (None: the run stopped before it had a plan, or makes none)."""
    stages = plan.stages if plan is not None else ()
    changes: Counter[tuple[str, str, str]] = Counter(
        (stage.operation, change.kind, "planned") for stage in stages for change in stage.changes
    )
    return RunFacts(
        command=command, operations=tuple(operations), exit_code=exit_code,
        started_s=started_s, finished_s=finished_s, changes=dict(changes),
        stages={stage.operation: _stage_facts(stage) for stage in stages},
        requests=dict(requests), retries=dict(retries),
    )  # fmt: skip
