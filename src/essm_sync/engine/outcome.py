"""What happened to each change, and the report of a whole run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from essm_sync.models import Conflict, Operation, Plan

Status = Literal["done", "failed", "conflict", "skipped"]


@dataclass(frozen=True)
class Outcome:
    """The result of applying one change."""

    operation: Operation
    kind: str
    key: str
    status: Status
    message: str = ""
    duration_s: float = 0.0
    conflicting: tuple[int, ...] = ()
    verb: str = ""  # the change's verb: create, update, delete or retire


@dataclass
class RunReport:
    """Every plan made and every outcome of a run."""

    plans: list[Plan] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False

    @property
    def foreseen_conflicts(self) -> tuple[Conflict, ...]:
        """Conflicts the plans found before writing."""
        return tuple(c for plan in self.plans for c in plan.conflicts)

    def counts(self) -> Counter[tuple[str, str, str]]:
        """Return outcomes counted by operation, kind and status."""
        return Counter((o.operation, o.kind, o.status) for o in self.outcomes)

    @property
    def is_complete(self) -> bool:
        """Whether the desired state was reached: no failure, conflict, held room, skipped
        record or interruption."""
        return not (
            self.interrupted
            or self.foreseen_conflicts
            or any(plan.held or plan.skipped for plan in self.plans)
            or any(o.status in ("failed", "conflict") for o in self.outcomes)
        )
