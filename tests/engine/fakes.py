"""In-memory TermTime and Booker that satisfy the engine's protocols: canned lists, every
call counted, writes recorded, failures on demand."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from essm_sync.engine import Systems
from essm_sync.errors import InvalidDataError
from essm_sync.models import (
    ActivityType,
    BookerBuilding,
    BookerDepartment,
    BookerRoom,
    Booking,
    BookingDraft,
    Campus,
    Department,
    Floor,
    Kind,
    Ping,
    RoomBookingFields,
    RoomBookings,
    RoomFields,
    RoomTimetable,
    Site,
    TermTimeBuilding,
    TermTimeRoom,
    TimePeriod,
    TimetableItem,
    UnreadRecord,
)
from essm_sync.settings import Settings
from tests.factories import (
    FIRST,
    LAST,
    TYPES,
    booker_building,
    booker_room,
    campus,
    floor,
    site,
    tt_building,
    tt_room,
)


@dataclass
class FakeTermTime:
    """TermTime's lists as given; timetables by room; unreadable rooms raise."""

    campuses: tuple[Campus, ...] = (campus(),)
    buildings: tuple[TermTimeBuilding, ...] = (tt_building(),)
    floors: tuple[Floor, ...] = (floor(),)
    rooms: tuple[TermTimeRoom, ...] = (tt_room(),)
    timetables: dict[str, tuple[TimetableItem, ...]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    period: tuple[dt.date, dt.date] | None = (FIRST, LAST)
    room_bookings: RoomBookings = field(default_factory=lambda: RoomBookings((), (), ()))
    calls: Counter[str] = field(default_factory=Counter)
    written: list[str] = field(default_factory=list)
    unread: dict[str, tuple[UnreadRecord, ...]] = field(default_factory=dict)

    @property
    def requests(self) -> Mapping[str, int]:
        return self.calls

    @property
    def writes(self) -> int:
        return len(self.written)

    @property
    def retries(self) -> int:
        return 0

    async def ping(self) -> Ping:
        raise AssertionError("not used by a run")

    async def list_campuses(self) -> tuple[Campus, ...]:
        self.calls["campuses"] += 1
        return self.campuses

    async def list_buildings(self) -> tuple[TermTimeBuilding, ...]:
        self.calls["buildings"] += 1
        return self.buildings

    async def list_floors(self) -> tuple[Floor, ...]:
        self.calls["floors"] += 1
        return self.floors

    async def list_rooms(self) -> tuple[TermTimeRoom, ...]:
        self.calls["rooms"] += 1
        return self.rooms

    async def list_departments(self) -> tuple[Department, ...]:
        self.calls["departments"] += 1
        return tuple(Department.model_validate({"c": d, "n": d}) for d in ("ENG", "MAT"))

    async def list_activity_types(self) -> tuple[ActivityType, ...]:
        self.calls["activitytypes"] += 1
        return tuple(ActivityType.model_validate({"c": t, "n": t}) for t in TYPES)

    def stop_waiting(self) -> None:
        """Nothing waits here."""

    async def get_timetable(
        self, room: str, start: dt.date, end: dt.date, *, kinds: tuple[Kind, ...]
    ) -> RoomTimetable:
        self.calls[f"timetable:{room}"] += 1
        if room in self.unreadable:
            raise InvalidDataError("TermTime", f"GET timetable {room}", "not JSON")
        period = None
        if self.period is not None:
            period = TimePeriod.model_validate(
                {"startDate": self.period[0].isoformat(), "endDate": self.period[1].isoformat()}
            )
        items = tuple(i for i in self.timetables.get(room, ()) if i.kind in kinds)
        return RoomTimetable(period, items, ())

    async def _write(self, what: str) -> None:
        self.written.append(what)

    async def create_campus(self, *, name: str, code: str) -> None:
        await self._write(f"create_campus:{code}")

    async def create_building(self, *, code: str, name: str, campus_code: str) -> None:
        await self._write(f"create_building:{code}")

    async def update_building(
        self, *, code: str, campus: str, name: str | None, new_campus_code: str | None
    ) -> None:
        await self._write(f"update_building:{code}")

    async def create_floor(
        self, *, code: str, name: str, building_code: str, campus_code: str
    ) -> None:
        await self._write(f"create_floor:{code}")

    async def create_room(self, *, code: str, fields: RoomFields) -> None:
        await self._write(f"create_room:{code}")

    async def update_room(self, *, code: str, before: RoomFields, after: RoomFields) -> None:
        await self._write(f"update_room:{code}")

    async def retire_room(self, *, code: str) -> None:
        await self._write(f"retire_room:{code}")

    async def list_room_bookings(self) -> RoomBookings:
        self.calls["roombookings"] += 1
        return self.room_bookings

    async def create_room_booking(
        self, *, code: str, fields: RoomBookingFields, owner: str, type_code: str, notes: str
    ) -> None:
        await self._write(f"create_room_booking:{code}")

    async def update_room_booking(self, *, code: str, fields: RoomBookingFields) -> None:
        await self._write(f"update_room_booking:{code}")

    async def delete_room_booking(self, *, code: str) -> bool:
        await self._write(f"delete_room_booking:{code}")
        return True


@dataclass
class FakeBooker:
    """Booker's lists as given; bookings kept and changed in memory."""

    sites: tuple[Site, ...] = (site(),)
    buildings: tuple[BookerBuilding, ...] = (booker_building(),)
    rooms: tuple[BookerRoom, ...] = (booker_room(),)
    bookings: dict[int, Booking] = field(default_factory=dict)
    # What the second and later listings show, if not the bookings as they are.
    settled: tuple[Booking, ...] | None = None
    fail_listing: BaseException | None = None
    calls: Counter[str] = field(default_factory=Counter)
    written: list[str] = field(default_factory=list)
    unread: dict[str, tuple[UnreadRecord, ...]] = field(default_factory=dict)

    @property
    def requests(self) -> Mapping[str, int]:
        return self.calls

    @property
    def writes(self) -> int:
        return len(self.written)

    @property
    def retries(self) -> int:
        return 0

    async def authenticate(self) -> None:
        self.calls["token"] += 1

    async def list_sites(self) -> tuple[Site, ...]:
        self.calls["sites"] += 1
        return self.sites

    async def list_buildings(self) -> tuple[BookerBuilding, ...]:
        self.calls["buildings"] += 1
        return self.buildings

    async def list_rooms(self) -> tuple[BookerRoom, ...]:
        self.calls["rooms"] += 1
        return self.rooms

    async def list_departments(self) -> tuple[BookerDepartment, ...]:
        self.calls["departments"] += 1
        return tuple(BookerDepartment.model_validate({"Id": d}) for d in ("ENG", "MAT"))

    def stop_waiting(self) -> None:
        """Nothing waits here."""

    async def list_bookings(
        self,
        start: dt.datetime,
        end: dt.datetime,
        *,
        room_optime_index: int | None = None,
        external_id: str | None = None,
        settle: bool = True,
    ) -> tuple[Booking, ...]:
        self.calls["bookings"] += 1
        if self.fail_listing is not None:
            raise self.fail_listing
        return tuple(b for b in self.bookings.values() if start <= b.start < end)

    async def settle_bookings(
        self, start: dt.datetime, end: dt.datetime, first: tuple[Booking, ...]
    ) -> tuple[Booking, ...]:
        self.calls["settle"] += 1
        return self.settled if self.settled is not None else first

    async def create_booking(self, draft: BookingDraft) -> Booking:
        index = max(self.bookings, default=100) + 1
        body = draft.to_wire() | {"OptimeIndex": index, "CreatedBy": "essm-sync"}
        self.bookings[index] = made = Booking.from_wire(body)
        self.written.append(f"create:{draft.external_id}")
        return made

    async def update_booking(
        self,
        booking_id: int,
        draft: BookingDraft,
        *,
        created_by: str | None = None,
        status: str | None = None,
    ) -> Booking:
        body = draft.to_wire() | {"OptimeIndex": booking_id, "CreatedBy": created_by}
        self.bookings[booking_id] = made = Booking.from_wire(body)
        self.written.append(f"update:{booking_id}")
        return made

    async def delete_booking(self, booking_id: int) -> bool:
        self.written.append(f"delete:{booking_id}")
        return self.bookings.pop(booking_id, None) is not None


def lecture(day: dt.date, uid: str = "E1") -> TimetableItem:
    """A lecture from 09:00 to 10:00 local time."""
    return TimetableItem("activities", day, uid, "Lecture", None, "ENG", 9 * 3600, 10 * 3600)


def settings_of(**sections: object) -> Settings:
    """Settings reaching no real system, with `sections` over the defaults."""
    given: dict[str, object] = {
        "termtime": {"base_url": "http://termtime.test", "api_key": "k" * 20},
        "booker": {"base_url": "http://booker.test", "username": "essm-sync", "password": "p"},
    }
    return Settings(**(given | sections))  # type: ignore[arg-type]  # sections as mappings


def fake_systems(
    termtime: FakeTermTime | None = None, booker: FakeBooker | None = None
) -> tuple[Systems, FakeTermTime, FakeBooker]:
    """Both fakes, and the systems a run would talk to."""
    termtime = termtime or FakeTermTime()
    booker = booker or FakeBooker()
    return Systems(termtime, booker), termtime, booker
