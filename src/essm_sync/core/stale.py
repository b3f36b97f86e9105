"""Whether a saved plan still holds: each change it would make must be what a plan made
now would make too. Changes elsewhere (a person booking another room) do not matter."""

from __future__ import annotations

from essm_sync.models import Stage


def stale_changes(saved: Stage, now: Stage) -> tuple[str, ...]:
    """Return a line for each change of `saved` that a plan made now would not make as is,
    naming the record: its source changed, or the change is no longer needed."""
    fresh = {(change.kind, change.key): change for change in now.changes}
    lines = []
    for change in saved.changes:
        current = fresh.get((change.kind, change.key))
        if current is None:
            lines.append(f"{change.kind} {change.key} is no longer planned")
        elif current != change:
            lines.append(f"{change.kind} {change.key} would now be different")
    return tuple(lines)
