"""Booker wire records, PascalCase on the wire; instants must carry a UTC offset."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
    field_validator,
)
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError

from essm_sync.models._base import Frozen, WireModel
from essm_sync.models.records import UnreadRecord, read_each


@lru_cache(maxsize=8192)
def _in_utc(value: dt.datetime) -> dt.datetime:
    # Cached: a listing repeats a few thousand instants, and equal aware datetimes are the
    # same instant, whatever their offsets, so they share one UTC form.
    return value.astimezone(dt.UTC)


# Booker may answer in any offset (booker-api.md): held in UTC, instants compare as such,
# and cheaply, since like compares with like.
UtcInstant = Annotated[AwareDatetime, AfterValidator(_in_utc)]


class Token(WireModel):
    """The answer to `POST /token`."""

    access_token: str = Field(min_length=1)
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int | None = None

    def __repr__(self) -> str:
        return "Token(access_token=<hidden>)"

    __str__ = __repr__


class Site(WireModel):
    """A Booker site; it becomes a TermTime campus of the same name."""

    optime_index: int = Field(alias="OptimeIndex")
    id: str = Field(alias="Id", min_length=1)
    name: str = Field(alias="Name", min_length=1)


class BookerBuilding(WireModel):
    """A Booker building; `Live: false` means retired."""

    optime_index: int = Field(alias="OptimeIndex")
    id: str = Field(alias="Id", min_length=1)
    name: str = Field(alias="Name", min_length=1)
    site_id: str = Field(alias="SiteId")
    is_live: bool = Field(alias="Live")


class BookerRoom(WireModel):
    """A Booker room: the source of TermTime's rooms and the target of bookings."""

    optime_index: int = Field(alias="OptimeIndex")
    id: str = Field(alias="Id", min_length=1)
    name: str = Field(alias="Name", min_length=1)
    building_id: str = Field(alias="BuildingId")
    floor: str = Field(alias="Floor", min_length=1)
    capacity: int = Field(alias="Capacity", ge=0)
    department_id: str | None = Field(default=None, alias="DepartmentId")
    room_type: str | None = Field(default=None, alias="RoomType")
    is_bookable: bool = Field(alias="Bookable")
    is_live: bool = Field(alias="Live")


class BookerDepartment(WireModel):
    """A Booker department."""

    id: str = Field(alias="Id", min_length=1)
    name: str | None = Field(default=None, alias="Name")


@dataclass(frozen=True, slots=True, config=ConfigDict(extra="ignore", populate_by_name=True))
class Booking:
    """A booking as Booker stores it; whether it is ours is `core.is_owned`'s to say.

    A slotted dataclass rather than a model: a plan may read a hundred thousand of these,
    and a model's per-instance dictionary and set of fields would double their memory.
    """

    optime_index: int = Field(alias="OptimeIndex")
    room_optime_index: int = Field(alias="RoomOptimeIndex")
    start: UtcInstant = Field(alias="StartTime")
    end: UtcInstant = Field(alias="EndTime")
    title: str = Field(alias="Title")
    description: str | None = Field(default=None, alias="Description")
    booking_type: str | None = Field(default=None, alias="BookingType")
    department_id: str | None = Field(default=None, alias="DepartmentId")
    external_id: str | None = Field(default=None, alias="ExternalId")
    created_by: str | None = Field(default=None, alias="CreatedBy")
    status: str | None = Field(default=None, alias="Status")

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, end: dt.datetime, info: ValidationInfo) -> dt.datetime:
        # A booking that does not start before it ends cannot be placed on any calendar:
        # read as unreadable, it holds its room (design.md, Reading real data).
        start = info.data.get("start")
        if start is not None and not start < end:
            raise PydanticCustomError("ends_before_start", "not after StartTime")
        return end

    @classmethod
    def from_wire(cls, data: Any) -> Booking:
        """Validate one booking as Booker sends it (a mapping with the wire names)."""
        return _BOOKING.validate_python(data)


_BOOKING: TypeAdapter[Booking] = TypeAdapter(Booking)


class BookingPage(WireModel):
    """One page of `GET /booker/bookings`; `unread` holds its bookings that could not be
    read (never on the wire: `read_booking_page` fills it)."""

    items: tuple[Booking, ...] = Field(alias="Items")
    page: int = Field(alias="Page", ge=1)
    page_size: int = Field(alias="PageSize", ge=1)
    total_count: int = Field(alias="TotalCount", ge=0)
    unread: tuple[UnreadRecord, ...] = Field(default=(), exclude=True)


class _Envelope(WireModel):
    items: list[Any] = Field(alias="Items")
    page: int = Field(alias="Page", ge=1)
    page_size: int = Field(alias="PageSize", ge=1)
    total_count: int = Field(alias="TotalCount", ge=0)


def read_booking_page(data: Any) -> BookingPage:
    """Read a page booking by booking: one that cannot be read is set aside, named by its
    `OptimeIndex` (design.md, Reading real data). Only a page whose frame cannot be read
    fails.

    Raises:
        ValidationError: the page itself (`Items`, `Page`, `PageSize`, `TotalCount`).
    """
    envelope = _Envelope.model_validate(data)
    items, unread = read_each(_BOOKING, envelope.items, system="Booker", kind="booking",
                              key_field="OptimeIndex", room_field="RoomOptimeIndex")  # fmt: skip
    return BookingPage.model_construct(
        items=items, page=envelope.page, page_size=envelope.page_size,
        total_count=envelope.total_count, unread=unread,
    )  # fmt: skip


class BookingDraft(Frozen):
    """What the sync sends to create or replace a booking."""

    room_optime_index: int = Field(serialization_alias="RoomOptimeIndex")
    start: dt.datetime = Field(serialization_alias="StartTime")
    end: dt.datetime = Field(serialization_alias="EndTime")
    title: str = Field(serialization_alias="Title")
    description: str | None = Field(serialization_alias="Description")
    booking_type: str | None = Field(serialization_alias="BookingType")
    department_id: str | None = Field(serialization_alias="DepartmentId")
    external_id: str = Field(serialization_alias="ExternalId", max_length=255)

    def to_wire(self) -> dict[str, Any]:
        """Return the JSON body Booker expects."""
        return self.model_dump(mode="json", by_alias=True)
