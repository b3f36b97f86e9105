"""Rooms taught together: items overlapping in one room share one booking.

Timetablers put two activities in one room at once on purpose (two cohorts, one lecture).
With `bookings.overlapping_items = "share"` the transitive group of overlapping items holds
one booking over their union, under a key chosen so that members joining or leaving never
churn it (design.md, Rooms taught together).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from essm_sync.core._calendar import Values
from essm_sync.models import Shared

# Booker documents no limit on `Title`; 255, its limit on `ExternalId`, is taken for it too
# (inferred), and the sandbox's Booker enforces it.
TITLE_MAX = 255
_JOIN = " + "


class Member(NamedTuple):
    """One item of a room, as grouping sees it: ordered by start, then uniqueId."""

    start: dt.datetime
    unique_id: str
    key: str
    values: Values


@dataclass(frozen=True, slots=True)
class Group:
    """Items of one room that overlap, transitively, and the one booking they hold."""

    key: str  # the ExternalId the booking carries: one member's key
    values: Values
    members: tuple[Member, ...]  # in start order, then uniqueId

    def shared(self, room: str) -> Shared:
        """Return how a plan reports the group."""
        return Shared(
            key=self.key,
            room=room,
            title=self.values.title,
            start=self.values.start,
            end=self.values.end,
            items=tuple(member.key for member in self.members),
        )


def join_titles(members: Iterable[Member]) -> str:
    """Join the members' titles in their order, cut to Booker's limit."""
    title = _JOIN.join(member.values.title for member in members)
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


def share(members: tuple[Member, ...], oldest: Mapping[str, int]) -> Group:
    """Return the one booking a group of two or more items holds.

    `oldest` maps a key to the `OptimeIndex` of its oldest owned booking. The group carries
    the key whose booking is the oldest, so that a member joining or leaving updates that
    booking rather than replacing it; with none booked yet, its first member's key.
    """
    booked = [(oldest[m.key], m.key) for m in members if m.key in oldest]
    key = min(booked)[1] if booked else members[0].key
    carrier = next(m for m in members if m.key == key)
    values = carrier.values._replace(
        start=members[0].start,
        end=max(m.values.end for m in members),
        title=join_titles(members),
        description="Taught together: " + ", ".join(m.unique_id for m in members),
    )
    return Group(key, values, members)


# One item's booking as the planner sorts a room: (start, key, room code, values).
Entry = tuple[dt.datetime, str, str, Values]


@dataclass(frozen=True, slots=True)
class Sharing:
    """What sharing changed: whose own bookings are now duplicates, and each group."""

    absorbed: dict[str, str]  # a member's own key -> the key of the booking it shares
    shared: tuple[Shared, ...]


def share_rooms(
    by_room: dict[int, list[Entry]], unique_ids: Mapping[str, str], oldest: Mapping[str, int]
) -> Sharing:
    """Replace, in each room's list sorted by start, every run of two or more overlapping
    items by the one booking they share.

    `unique_ids` gives each key's item uniqueId; `oldest` the `OptimeIndex` of each key's
    oldest owned booking.
    """
    absorbed: dict[str, str] = {}
    shared: list[Shared] = []
    for index in sorted(by_room):
        listed = by_room[index]
        runs = _runs(listed)
        if not runs:
            continue  # most rooms: nothing overlaps, and nothing is built
        kept: list[Entry] = []
        done = 0
        for first, last in runs:
            kept += listed[done:first]
            room = listed[first][2]
            members = tuple(sorted(
                Member(start, unique_ids[key], key, values)
                for start, key, _, values in listed[first:last]
            ))  # fmt: skip
            group = share(members, oldest)
            absorbed.update((m.key, group.key) for m in members if m.key != group.key)
            kept.append((group.values.start, group.key, room, group.values))
            shared.append(group.shared(room))
            done = last
        listed[:] = kept + listed[done:]
    return Sharing(absorbed, tuple(shared))


def _runs(listed: list[Entry]) -> list[tuple[int, int]]:
    """Return the slices of a start-sorted list holding two or more items that overlap."""
    runs: list[tuple[int, int]] = []
    first, until = 0, None
    for position, (start, _, _, values) in enumerate(listed):
        if until is not None and start < until:
            until = max(until, values.end)
            continue
        if position - first > 1:
            runs.append((first, position))
        first, until = position, values.end
    if len(listed) - first > 1:
        runs.append((first, len(listed)))
    return runs
