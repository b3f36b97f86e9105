"""A room's timetable (TermTime API 7.7.0 §37.10), read tolerantly, one item at a time.

Only the fields the sync uses are validated. An item that lacks one, or holds a value that
cannot be read, is set aside with the reason rather than failing the room or the run
(design.md, "Reading real data"); the core then holds the room.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache, lru_cache
from typing import Annotated, Any, NamedTuple, Protocol, cast

from pydantic import BeforeValidator, Field, TypeAdapter, ValidationError, create_model

from essm_sync.kinds import ITEM_KIND, ITEM_KINDS, ItemKind, Kind
from essm_sync.models._base import WireModel
from essm_sync.models.records import describe_field
from essm_sync.models.termtime import Day

DAY_S = 24 * 3600
_CLOCK = re.compile(r"(\d{1,2}):([0-5]\d)(?::([0-5]\d))?")


def _start_s(value: Any) -> int:
    if type(value) is not str:
        raise _not_a_clock(value)
    return _seconds(value, False)


def _end_s(value: Any) -> int:
    if type(value) is not str:
        raise _not_a_clock(value)
    return _seconds(value, True)


# A timetable repeats a few dozen clock readings thousands of times.
@lru_cache(maxsize=4096)
def _seconds(value: str, end: bool) -> int:
    """Read `H:MM`, `HH:MM` or `HH:MM:SS` as seconds after midnight; `24:00` only ends a day."""
    match = _CLOCK.fullmatch(value)
    if match is not None:
        hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
        total = hours * 3600 + minutes * 60 + seconds
        if hours < 24 or (end and total == DAY_S):
            return total
    raise _not_a_clock(value)


def _not_a_clock(value: Any) -> ValueError:
    return ValueError(f"expected a time as HH:MM, got {value!r}")


def _unique_id(value: Any) -> Any:
    # Some exports write ids as numbers; their text is the same id. Booleans are not ids.
    if type(value) is int:
        return str(value)
    return value


def _text_or_none(value: Any) -> Any:
    # An optional used field that is null or empty takes its default (design.md).
    return None if value is None or value == "" else value


StartClock = Annotated[int, BeforeValidator(_start_s)]
EndClock = Annotated[int, BeforeValidator(_end_s)]
UniqueId = Annotated[str, BeforeValidator(_unique_id), Field(min_length=1)]
OptionalText = Annotated[str | None, BeforeValidator(_text_or_none)]


class _Item(WireModel):
    unique_id: UniqueId = Field(alias="uniqueId")
    department: OptionalText = Field(default=None, alias="departmentHostKey")
    start_s: StartClock = Field(alias="startTime")
    end_s: EndClock = Field(alias="endTime")


def _record_id(value: Any) -> str | None:
    # Only compared with the sync's own room bookings (design.md, the loop never closes):
    # an id or a code, as text; anything else says nothing and sets nothing aside.
    if type(value) is int or (type(value) is str and value):
        return str(value)
    return None


_RecordId = Annotated[str | None, BeforeValidator(_record_id)]


def _model_of(kind: ItemKind) -> type[_Item]:
    """The wire model of one kind's items: the common fields, and its own texts and size."""
    fields: dict[str, Any] = {"title": (OptionalText, Field(None, alias=kind.title_field))}
    if kind.description_field is not None:
        fields["description"] = (OptionalText, Field(None, alias=kind.description_field))
    if kind.properties_field is not None:
        # Read only for the sizes it states (see `_size_of`).
        fields["properties"] = (Any, Field(None, alias=kind.properties_field))
    if kind.record_field is not None:
        fields["record"] = (_RecordId, Field(None, alias=kind.record_field))
    return create_model(f"_Item_{kind.name}", __base__=_Item, **fields)


_MODEL_OF: dict[Kind, type[_Item]] = {kind.name: _model_of(kind) for kind in ITEM_KINDS}


class TimetableItem(NamedTuple):
    """One item of a room's timetable, in the fields the sync books from.

    Times are wall-clock seconds after midnight of `day`; an end at or before the start is
    for the core to judge (midnight crossing or nonsense).
    """

    kind: Kind
    day: dt.date
    unique_id: str
    title: str
    description: str | None
    department: str | None
    start_s: int
    end_s: int
    size: int | None = None  # the largest planned or actual size stated; only audited
    record: str | None = None  # the TermTime record it shows (`bookingId`), if its kind says


class UnreadItem(NamedTuple):
    """An item that could not be read, by kind and its uniqueId (or position if it has none)."""

    kind: Kind
    item: str
    problem: str


class TimePeriod(WireModel):
    """The range of dates a timetable answer covers."""

    start: Day = Field(alias="startDate")
    end: Day = Field(alias="endDate")


_PERIOD = TypeAdapter(TimePeriod)
_DAY: TypeAdapter[dt.date] = TypeAdapter(Day)
_SIZES = ("planSize", "size", "stuCount")


class RoomTimetable(NamedTuple):
    """What one room's timetable answer said: the days served, the items read, the rest."""

    period: TimePeriod | None  # None: the answer confirmed no day as served
    items: tuple[TimetableItem, ...]
    skipped: tuple[UnreadItem, ...]


def read_timetable(body: bytes, kinds: tuple[Kind, ...]) -> RoomTimetable:
    """Read a room's timetable answer; items of `kinds` only, each on its own.

    An answer every item of which can be read (nearly all) is validated in one pass, from
    the bytes, reading only the fields used; any other is read again item by item, so that
    each item that cannot be read is named and the rest are kept.

    Raises:
        ValueError: the answer as a whole cannot be read (not JSON, no `schedule` list).
    """
    try:
        answer = _whole_answer(kinds).validate_json(body)
    except ValidationError:
        return _read_each(body, kinds)
    items = [
        _item(kind, listed, day.date)
        for day in answer.schedule
        for kind in kinds
        for listed in getattr(day, kind) or ()
    ]
    return RoomTimetable(_period(answer.time_period), tuple(items), ())


class _AnswerOf(Protocol):
    time_period: Any
    schedule: tuple[Any, ...]


@cache
def _whole_answer(kinds: tuple[Kind, ...]) -> TypeAdapter[_AnswerOf]:
    """An answer whose days hold only readable items of `kinds`; lists of other kinds are
    not looked at, as in the item-by-item reading."""
    # Each kind's list is held under the kind's own name.
    lists: dict[str, Any] = {
        kind: (
            tuple[_MODEL_OF[kind], ...] | None,  # type: ignore[valid-type]  # made at import
            Field(None, alias=ITEM_KIND[kind].list_field),
        )
        for kind in kinds
    }
    day = create_model("_WholeDay", __base__=WireModel, date=(Day, ...), **lists)
    answer = create_model(
        "_WholeAnswer",
        __base__=WireModel,
        time_period=(Any, Field(None, alias="timePeriod")),
        schedule=(tuple[day, ...], ...),
    )
    return cast("TypeAdapter[_AnswerOf]", TypeAdapter(answer))


def _read_each(body: bytes, kinds: tuple[Kind, ...]) -> RoomTimetable:
    try:
        data = json.loads(body)
    except ValueError:
        raise ValueError("invalid JSON in the response body") from None
    if not isinstance(data, dict) or not isinstance(data.get("schedule"), list):
        raise ValueError("the answer has no schedule list")
    items: list[TimetableItem] = []
    skipped: list[UnreadItem] = []
    for position, day in enumerate(data["schedule"]):
        _read_day(day, position, kinds, items, skipped)
    return RoomTimetable(_period(data.get("timePeriod")), tuple(items), tuple(skipped))


def _period(value: Any) -> TimePeriod | None:
    # An unreadable period confirms nothing, like a missing one: nothing is deleted there.
    try:
        period = _PERIOD.validate_python(value)
    except ValidationError:
        return None
    return period if period.start <= period.end else None


def _read_day(
    day: Any,
    position: int,
    kinds: tuple[Kind, ...],
    items: list[TimetableItem],
    skipped: list[UnreadItem],
) -> None:
    if not isinstance(day, dict):
        skipped.append(UnreadItem(kinds[0], f"day #{position + 1}", "not an object"))
        return
    try:
        date: dt.date | None = _DAY.validate_python(day.get("date"))
    except ValidationError:
        date = None
    for kind in kinds:
        list_field = ITEM_KIND[kind].list_field
        listed = day.get(list_field)
        if listed is None:
            continue
        if not isinstance(listed, list):
            where = f"{list_field} of day #{position + 1}"
            skipped.append(UnreadItem(kind, where, "not a list"))
            continue
        for index, raw in enumerate(listed):
            found = _read_item(kind, raw, date, index)
            if isinstance(found, UnreadItem):
                skipped.append(found)
            else:
                items.append(found)


def _read_item(
    kind: Kind, raw: Any, day: dt.date | None, index: int
) -> TimetableItem | UnreadItem:
    name = _name_of(raw, index, day)
    if day is None:
        return UnreadItem(kind, name, "its day has no readable date (YYYY-MM-DD)")
    try:
        item = _MODEL_OF[kind].model_validate(raw)
    except ValidationError as exc:
        return UnreadItem(kind, name, describe_field(exc, whole="item"))
    return _item(kind, item, day)


def _item(kind: Kind, item: _Item, day: dt.date) -> TimetableItem:
    return TimetableItem(
        kind,
        day,
        item.unique_id,
        getattr(item, "title", None) or item.unique_id,
        getattr(item, "description", None),
        item.department,
        item.start_s,
        item.end_s,
        _size_of(getattr(item, "properties", None)),
        getattr(item, "record", None),
    )


def _size_of(properties: Any) -> int | None:
    """Return the largest size an item's properties state, or None: the sync never books
    by size, so an odd value here is not a reason to set the item aside."""
    if type(properties) is not dict:
        return None
    largest: int | None = None
    for name in _SIZES:
        value: Any = properties.get(name)
        if (type(value) is int or type(value) is float) and 0 < value < 1e9:
            size = int(value)
            largest = size if largest is None or size > largest else largest
    return largest


def _name_of(raw: Any, index: int, day: dt.date | None) -> str:
    unique_id = raw.get("uniqueId") if isinstance(raw, dict) else None
    if isinstance(unique_id, str | int) and not isinstance(unique_id, bool) and unique_id != "":
        return str(unique_id)
    where = f" on {day}" if day is not None else ""
    return f"#{index + 1}{where} (no uniqueId)"
