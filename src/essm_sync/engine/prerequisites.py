"""Which change of a stage another needs first: a building its campus, a room its floor.

design.md, Failing well: a change whose prerequisite failed in this run is not sent; it is
reported as skipped, naming the prerequisite.
"""

from __future__ import annotations

from collections.abc import Iterable

from essm_sync.models import (
    Change,
    CreateBuilding,
    CreateCampus,
    CreateFloor,
    CreateRoom,
    UpdateBuilding,
    UpdateRoom,
)


class FailedPrerequisites:
    """The campuses, buildings and floors whose creates failed so far in a stage."""

    def __init__(self) -> None:
        self._campuses: dict[str, CreateCampus] = {}  # by code
        self._floors: dict[tuple[str, str], CreateFloor] = {}  # by (floor, building name)

    def add(self, failed: Iterable[Change]) -> None:
        """Note the changes that did not succeed."""
        for change in failed:
            if isinstance(change, CreateCampus):
                self._campuses[change.code] = change
            elif isinstance(change, CreateFloor):
                self._floors[(change.name, change.building)] = change

    def blocking(self, change: Change) -> Change | None:
        """Return the failed change `change` needs, if any."""
        match change:
            case CreateBuilding():
                return self._campuses.get(change.campus_code)
            case UpdateBuilding() if change.new_campus_code is not None:
                return self._campuses.get(change.new_campus_code)
            case CreateRoom() | UpdateRoom():
                return self._floors.get((change.after.floor, change.after.building))
            case _:
                return None


def skipped_because(prerequisite: Change) -> str:
    """Say why a change was not sent."""
    what = prerequisite.kind.replace("_", " ")
    return f"not sent: it needs {what} {prerequisite.key}, which failed in this run"
