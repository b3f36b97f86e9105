"""The change plan: typed changes per operation, conflicts, warnings and held rooms.

A plan is plain data. It renders to text and JSON, is saved and read back unchanged, and is
what `apply` executes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime, Field

from essm_sync.models._base import Frozen
from essm_sync.models.booker import BookingDraft
from essm_sync.models.origin import PlanOrigin
from essm_sync.models.roombooking import RoomBookingFields

Operation = Literal["buildings", "rooms", "bookings", "roombookings"]
# Every operation, in the order a run makes them; `roombookings` only when its owner is set.
ALL_OPERATIONS: tuple[Operation, ...] = ("buildings", "rooms", "bookings", "roombookings")
OPERATIONS: tuple[Operation, ...] = ALL_OPERATIONS[:3]  # those every run makes
PLAN_FORMAT = 3  # 3: the origin (when, which version, which systems)
# 2: no snapshot fingerprint; held rooms, skipped items, guard refusals. Still read (shown),
# but `apply --plan` refuses it: it does not say which systems it was made against.
READABLE_PLAN_FORMATS = frozenset({2, PLAN_FORMAT})


Verb = Literal["create", "update", "delete", "retire"]


class _Change(Frozen):
    """What every change knows of its own kind: where it sorts in a plan, in which phase of
    apply it runs (dependencies first), its verb, and whether the guard counts it."""

    rank: ClassVar[int]  # order of kinds in a plan
    phase: ClassVar[int]  # apply runs phases in order; changes within one run in parallel
    verb: ClassVar[Verb]
    guard: ClassVar[Literal["delete", "update"] | None] = None  # creates never trip it

    reason: str = ""


class CreateCampus(_Change):
    """Create a TermTime campus named after a Booker site."""

    rank = 0
    phase = 0
    verb = "create"
    kind: Literal["create_campus"] = "create_campus"
    name: str
    code: str

    @property
    def key(self) -> str:
        return self.name


class BuildingFields(Frozen):
    """The fields of a TermTime building that follow Booker."""

    name: str
    campus: str


class CreateBuilding(_Change):
    """Create a TermTime building for a live Booker building."""

    rank = 1
    phase = 1
    verb = "create"
    kind: Literal["create_building"] = "create_building"
    code: str
    campus_code: str
    after: BuildingFields

    @property
    def key(self) -> str:
        return self.code


class UpdateBuilding(_Change):
    """Rename a TermTime building or move it to another campus."""

    rank = 2
    phase = 1
    verb = "update"
    guard = "update"
    kind: Literal["update_building"] = "update_building"
    code: str
    campus_code: str  # where TermTime has it now; buildings are addressed within a campus
    new_campus_code: str | None = None
    before: BuildingFields
    after: BuildingFields

    @property
    def key(self) -> str:
        return self.code


class CreateFloor(_Change):
    """Create a floor in a TermTime building."""

    rank = 3
    phase = 2
    verb = "create"
    kind: Literal["create_floor"] = "create_floor"
    code: str
    name: str
    building_code: str
    campus_code: str
    building: str = ""  # the building's TermTime name: the rooms placed on this floor name it

    @property
    def key(self) -> str:
        return self.code


class Capacity(Frozen):
    """A room's capacity for one activity type, by type code."""

    code: str
    cap: int


class RoomFields(Frozen):
    """The fields of a TermTime room that follow Booker."""

    name: str
    floor: str
    building: str
    campus: str
    department: str
    capacities: tuple[Capacity, ...]
    to_delete: bool = False


class CreateRoom(_Change):
    """Create a TermTime room for a live Booker room."""

    rank = 4
    phase = 3
    verb = "create"
    kind: Literal["create_room"] = "create_room"
    code: str
    after: RoomFields

    @property
    def key(self) -> str:
        return self.code


class UpdateRoom(_Change):
    """Bring a TermTime room's fields in line with Booker."""

    rank = 5
    phase = 3
    verb = "update"
    guard = "update"
    kind: Literal["update_room"] = "update_room"
    code: str
    before: RoomFields
    after: RoomFields

    @property
    def key(self) -> str:
        return self.code


class RetireRoom(_Change):
    """Mark a TermTime room for deletion (`td=1`); it is never deleted."""

    rank = 6
    phase = 3
    verb = "retire"
    guard = "delete"
    kind: Literal["retire_room"] = "retire_room"
    code: str
    name: str

    @property
    def key(self) -> str:
        return self.code


class CreateBooking(_Change):
    """Book the room for a TermTime event."""

    rank = 9
    phase = 6
    verb = "create"
    kind: Literal["create_booking"] = "create_booking"
    room: str
    after: BookingDraft

    @property
    def key(self) -> str:
        return self.after.external_id


class UpdateBooking(_Change):
    """Bring an owned booking in line with its event."""

    rank = 8
    phase = 5
    verb = "update"
    guard = "update"
    kind: Literal["update_booking"] = "update_booking"
    booking_id: int
    room: str
    before: BookingDraft
    after: BookingDraft
    # Booker's PUT takes the whole booking as read (booker-api.md), server-set fields too.
    created_by: str | None = None
    status: str | None = None

    @property
    def key(self) -> str:
        return self.after.external_id


class DeleteBooking(_Change):
    """Delete an owned booking whose event is gone."""

    rank = 7
    phase = 4
    verb = "delete"
    guard = "delete"
    kind: Literal["delete_booking"] = "delete_booking"
    booking_id: int
    room: str
    before: BookingDraft

    @property
    def key(self) -> str:
        return self.before.external_id


class CreateRoomBooking(_Change):
    """Give a person's Booker booking, on one local day, a TermTime room booking (§27.4)."""

    rank = 12
    phase = 9
    verb = "create"
    kind: Literal["create_roombooking"] = "create_roombooking"
    code: str
    after: RoomBookingFields
    owner: str
    type: str = ""
    notes: str

    @property
    def key(self) -> str:
        return self.code


class UpdateRoomBooking(_Change):
    """Bring an owned room booking in line with its Booker booking (§27.3, by code)."""

    rank = 11
    phase = 8
    verb = "update"
    guard = "update"
    kind: Literal["update_roombooking"] = "update_roombooking"
    code: str
    before: RoomBookingFields
    after: RoomBookingFields

    @property
    def key(self) -> str:
        return self.code


class DeleteRoomBooking(_Change):
    """Delete an owned room booking whose Booker booking is gone (§27.5, by code)."""

    rank = 10
    phase = 7
    verb = "delete"
    guard = "delete"
    kind: Literal["delete_roombooking"] = "delete_roombooking"
    code: str
    before: RoomBookingFields

    @property
    def key(self) -> str:
        return self.code


Change = Annotated[
    CreateCampus
    | CreateBuilding
    | UpdateBuilding
    | CreateFloor
    | CreateRoom
    | UpdateRoom
    | RetireRoom
    | CreateBooking
    | UpdateBooking
    | DeleteBooking
    | CreateRoomBooking
    | UpdateRoomBooking
    | DeleteRoomBooking,
    Field(discriminator="kind"),
]


class BlockingBooking(Frozen):
    """A booking made by a person that holds a room an event needs."""

    booking_id: int
    title: str
    start: AwareDatetime
    end: AwareDatetime
    created_by: str | None = None


class Conflict(Frozen):
    """An event that cannot be booked because the room is taken."""

    key: str
    room: str
    title: str
    start: AwareDatetime
    end: AwareDatetime
    blocking: tuple[BlockingBooking, ...] = ()
    clashes_with: str | None = None  # another event of ours over the same time


class Shared(Frozen):
    """Items taught together in one room: one booking over their union (design.md)."""

    key: str  # the ExternalId of the one booking, one member's key
    room: str
    title: str
    start: AwareDatetime
    end: AwareDatetime
    items: tuple[str, ...]  # every member's ExternalId, in start order (then uniqueId)


class PlanWarning(Frozen):
    """Something worth a look that the sync does not change."""

    key: str
    message: str


class Skipped(Frozen):
    """A record the sync could not read, and why: a TermTime timetable item (its room is
    held), an owned TermTime room booking (left alone; kind `roombookings`, no room), or a
    record of a list either system sent (its counterpart is left alone)."""

    room: str  # the room held or concerned; empty for a record of no room
    kind: str  # activities, exams, bookings; timetable when the whole answer failed;
    # roombookings; or the kind of list record: building, floor, room, booking
    item: str  # the item's uniqueId or the record's code or OptimeIndex, or where it sits
    problem: str
    system: str = "TermTime"


class Stage(Frozen):
    """The plan of one operation and the facts the guard needs about it."""

    operation: Operation
    owned: int = Field(ge=0)  # records of this kind the sync owns today
    desired: int = Field(ge=0)  # records of this kind the sources ask for
    # Records of this kind in the target now; a source offering far fewer looks broken,
    # even when it is so empty that nothing can be told to be ours.
    present: int = Field(default=0, ge=0)
    changes: tuple[Change, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    warnings: tuple[PlanWarning, ...] = ()
    # Rooms with an item (or a timetable) that could not be read: their readable items are
    # still booked, but none of their owned bookings is deleted (design.md).
    held: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    # Groups of items taught together, each holding one booking: reported, not conflicts.
    shared: tuple[Shared, ...] = ()
    # The limits this stage breaks, in the guard's words: `sync` would refuse it (exit 3).
    refused: tuple[str, ...] = ()


class Plan(Frozen):
    """What would change, stage by stage, and from what state it was computed."""

    format: int = PLAN_FORMAT
    window_start: dt.date | None = None
    window_end: dt.date | None = None
    timezone: str | None = None  # the zone wall-clock times are shown in
    origin: PlanOrigin | None = None  # set when saved (`plan --out`)
    stages: tuple[Stage, ...]

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(change for stage in self.stages for change in stage.changes)

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        return tuple(conflict for stage in self.stages for conflict in stage.conflicts)

    @property
    def held(self) -> tuple[str, ...]:
        return tuple(room for stage in self.stages for room in stage.held)

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        return tuple(item for stage in self.stages for item in stage.skipped)

    @property
    def shared(self) -> tuple[Shared, ...]:
        return tuple(group for stage in self.stages for group in stage.shared)

    @property
    def has_changes(self) -> bool:
        return any(stage.changes for stage in self.stages)
