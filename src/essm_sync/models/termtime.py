"""TermTime wire records (API 7.7.0), with the terse wire names as aliases.

Quirks are parsed here: 0/1 flags, CSV lists and `YYYY-MM-DD` dates; timetables have
their own module.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, Field

from essm_sync.models._base import WireModel


def _parse_flag(value: Any) -> bool:
    """TermTime flags are 0/1, as numbers in the estate and as strings elsewhere."""
    if isinstance(value, bool):
        return value
    if value in (0, 1, "0", "1"):
        return bool(int(value))
    raise ValueError(f"expected a 0/1 flag, got {value!r}")


def _parse_csv(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    raise ValueError(f"expected a CSV string, got {type(value).__name__}")


def parse_day(value: Any) -> dt.date:
    """Read a TermTime date, `YYYY-MM-DD` exactly."""
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


T = TypeVar("T")
Flag = Annotated[bool, BeforeValidator(_parse_flag)]
# A list TermTime may send as null: read as empty.
Listed = Annotated[tuple[T, ...], BeforeValidator(lambda value: () if value is None else value)]
Csv = Annotated[tuple[str, ...], BeforeValidator(_parse_csv)]
Day = Annotated[dt.date, BeforeValidator(parse_day)]


class Ping(WireModel):
    """`GET /ping`: proves base URL, key and database in one call."""

    ping: float | None = None
    version: str
    database: str
    user: str


class ErrorBody(WireModel):
    """The error body of every 400/401/500 answer."""

    code: int
    message: str = ""


class CreateResult(WireModel):
    """`200 {"code": 0, "message": ...}`, the answer to every create."""

    code: int
    message: str = ""


class Campus(WireModel):
    """A campus; essm-sync names it after the Booker site."""

    name: str = Field(alias="n")
    code: str


class TermTimeBuilding(WireModel):
    """A building; its code is the Booker building Id."""

    name: str = Field(alias="n")
    code: str
    campus: str = Field(alias="cn")
    floors: Listed[str] = Field(default=(), alias="fn")


class Floor(WireModel):
    """A floor, joined to its building by building and campus names."""

    name: str = Field(alias="n")
    code: str
    building: str = Field(alias="bn")
    campus: str = Field(alias="cn")


class RoomDepartment(WireModel):
    """The department a room belongs to."""

    code: str = Field(alias="c")
    name: str = Field(default="", alias="n")


class RoomPlace(WireModel):
    """Where a room is: floor, building and campus, by name and code."""

    floor: str = Field(default="", alias="n")
    floor_code: str = Field(default="", alias="fc")
    building: str = Field(default="", alias="b")
    building_code: str = Field(default="", alias="bc")
    campus: str = Field(default="", alias="c")
    campus_code: str = Field(default="", alias="cc")


class RoomCapacity(WireModel):
    """A room's capacity for one activity type."""

    type: str = ""
    code: str
    cap: int


class TermTimeRoom(WireModel):
    """A room; its code is the Booker room Id."""

    code: str = Field(alias="c")
    name: str = Field(alias="n")
    department: RoomDepartment | None = Field(default=None, alias="d")
    place: RoomPlace = Field(default_factory=RoomPlace, alias="f")
    capacities: Listed[RoomCapacity] = Field(default=(), alias="rc")
    pools: Csv = Field(default=(), alias="pool")
    capabilities: Csv = ()
    to_delete: Flag = Field(default=False, alias="toDelete")


class Department(WireModel):
    """A department; descriptions and parents are often empty and are not used."""

    code: str = Field(alias="c")
    name: str = Field(default="", alias="n")


class ActivityType(WireModel):
    """An activity type; room capacities are keyed by its code."""

    code: str = Field(alias="c")
    name: str = Field(default="", alias="n")
