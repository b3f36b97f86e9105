"""What each operation reads from the two systems, gathered before anything is planned."""

from __future__ import annotations

import datetime as dt

from essm_sync.models._base import Frozen
from essm_sync.models.booker import (
    BookerBuilding,
    BookerDepartment,
    BookerRoom,
    Booking,
    Site,
)
from essm_sync.models.records import UnreadRecord
from essm_sync.models.roombooking import RoomBookings
from essm_sync.models.termtime import (
    ActivityType,
    Campus,
    Department,
    Floor,
    TermTimeBuilding,
    TermTimeRoom,
)
from essm_sync.models.timetable import TimetableItem, UnreadItem


class BuildingsSnapshot(Frozen):
    """Sites and buildings in Booker; campuses and buildings in TermTime."""

    sites: tuple[Site, ...]
    booker_buildings: tuple[BookerBuilding, ...]
    campuses: tuple[Campus, ...]
    termtime_buildings: tuple[TermTimeBuilding, ...]
    unread: tuple[UnreadRecord, ...] = ()  # records of these lists that could not be read


class RoomsSnapshot(Frozen):
    """The estate of both systems plus the TermTime reference lists rooms depend on."""

    sites: tuple[Site, ...]
    booker_buildings: tuple[BookerBuilding, ...]
    booker_rooms: tuple[BookerRoom, ...]
    campuses: tuple[Campus, ...]
    termtime_buildings: tuple[TermTimeBuilding, ...]
    floors: tuple[Floor, ...]
    termtime_rooms: tuple[TermTimeRoom, ...]
    departments: tuple[Department, ...]
    activity_types: tuple[ActivityType, ...]
    # A room's department is its Booker DepartmentId; the list says which could not be read.
    booker_departments: tuple[BookerDepartment, ...] = ()
    unread: tuple[UnreadRecord, ...] = ()  # records of these lists that could not be read


class RoomEvents(Frozen):
    """One room's timetable over the window: the items read, those that could not be, and
    the days TermTime confirmed it served (None: none confirmed, so nothing is deleted)."""

    room: str
    served: tuple[dt.date, dt.date] | None
    items: tuple[TimetableItem, ...] = ()
    skipped: tuple[UnreadItem, ...] = ()
    unreadable: str | None = None  # why the whole answer could not be read
    absent: bool = False  # a room a preview adds: TermTime has no timetable for it yet


class BookingsSnapshot(Frozen):
    """Rooms of both systems, Booker's buildings (a room in a retired one is retired), the
    per-room timetables, and Booker's bookings in the window."""

    termtime_rooms: tuple[TermTimeRoom, ...]
    booker_rooms: tuple[BookerRoom, ...]
    booker_buildings: tuple[BookerBuilding, ...]
    booker_departments: tuple[BookerDepartment, ...]
    timetables: tuple[RoomEvents, ...]
    bookings: tuple[Booking, ...]
    unread: tuple[UnreadRecord, ...] = ()  # records of these lists that could not be read
    # Ids and codes of the sync's own TermTime room bookings: their booking items are
    # never booked into Booker (design.md, the loop never closes).
    own_room_bookings: frozenset[str] = frozenset()


class RoomBookingsSnapshot(Frozen):
    """Rooms of both systems, Booker's buildings (a room in a retired one is retired),
    Booker's bookings in the window (the listing the bookings stage reads) and TermTime's
    room bookings."""

    termtime_rooms: tuple[TermTimeRoom, ...]
    booker_rooms: tuple[BookerRoom, ...]
    booker_buildings: tuple[BookerBuilding, ...]
    bookings: tuple[Booking, ...]
    room_bookings: RoomBookings
    unread: tuple[UnreadRecord, ...] = ()  # records of these lists that could not be read
