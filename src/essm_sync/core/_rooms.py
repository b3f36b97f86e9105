"""Which Booker rooms are live and which are served: the one rule every stage and the
audit apply (design.md, Rooms).

A room is live when it and its building are live in Booker; a room in a retired (or
unknown) building is retired everywhere. A live room is served (its items are booked)
when Booker lets it be booked under a code no other Booker room shares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

from essm_sync.models import BookerBuilding, BookerRoom, TermTimeRoom

# Why a room's items are not booked, worst first.
Unserved = Literal["unknown", "shared", "retired", "not-bookable"]


class BookerRooms:
    """Booker's rooms by code, judged against Booker's buildings."""

    def __init__(self, rooms: Iterable[BookerRoom], buildings: Iterable[BookerBuilding]) -> None:
        self.by_code: dict[str, list[BookerRoom]] = defaultdict(list)
        for room in rooms:
            self.by_code[room.id].append(room)
        self._live_buildings = frozenset(b.id for b in buildings if b.is_live)

    def is_live(self, room: BookerRoom) -> bool:
        """Whether a room is live: it and its building are live in Booker."""
        return room.is_live and room.building_id in self._live_buildings

    def unserved(self, code: str) -> Unserved | None:
        """Return why the items of the room under `code` are not booked, or None if they are."""
        found = self.by_code.get(code)
        if not found:
            return "unknown"
        if len(found) > 1:
            return "shared"
        room = found[0]
        if not self.is_live(room):
            return "retired"
        if not room.is_bookable:
            return "not-bookable"
        return None

    def served(self, termtime_rooms: Iterable[TermTimeRoom]) -> dict[str, int]:
        """Return the served rooms also present and unmarked in TermTime, code to
        `OptimeIndex`: the rooms whose items are booked."""
        present = {room.code for room in termtime_rooms if not room.to_delete}
        return {
            code: rooms[0].optime_index
            for code, rooms in self.by_code.items()
            if code in present and self.unserved(code) is None
        }
