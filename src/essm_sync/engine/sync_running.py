"""A read-only run (`plan`, `audit`) while a sync holds the lock: it still runs, and says
that what it read may be moving under the sync's writes (design.md, Failing well)."""

from __future__ import annotations

from essm_sync.models import PlanWarning, Stage

SYNC_RUNNING = (
    "a sync is running: read while it writes, so changes it is making may still show, and "
    "the listing was not read twice to settle it"
)


# Each stage of the plan carries it (a saved plan says so); printed, the command's opening
# note has said it already.
SYNC_RUNNING_WARNING = PlanWarning(key="sync", message=SYNC_RUNNING)


def with_sync_running(stage: Stage) -> Stage:
    """Return the stage with the warning that a sync was writing while it was read."""
    found = SYNC_RUNNING_WARNING
    warnings = tuple(sorted((*stage.warnings, found), key=lambda w: (w.key, w.message)))
    return stage.model_copy(update={"warnings": warnings})
