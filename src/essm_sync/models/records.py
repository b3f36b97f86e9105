"""Lists read one record at a time: a record that cannot be read is set aside and named, the
rest are kept (design.md, Reading real data). Only a list that is not a list fails whole."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from essm_sync.models._base import Frozen

T = TypeVar("T")


class UnreadRecord(Frozen):
    """A record of a list that could not be read: its system and kind, its code or
    `OptimeIndex` (its position when it has none), and the field at fault.

    `room` is a booking's `RoomOptimeIndex` when that much could be read: the booking
    then holds its room.
    """

    system: str
    kind: str
    key: str
    problem: str
    room: int | None = None
    name: str | None = None  # its name, when that much could be read
    has_code: bool = True  # False: `key` is its position, the record giving no code


def read_each(
    adapter: TypeAdapter[T],
    data: Any,
    *,
    system: str,
    kind: str,
    key_field: str,
    room_field: str | None = None,
    name_field: str | None = None,
) -> tuple[tuple[T, ...], tuple[UnreadRecord, ...]]:
    """Validate each record of a list on its own; return those read and those set aside.

    Raises:
        ValueError: `data` is not a list.
    """
    if not isinstance(data, list):
        raise ValueError(f"expected a list of {kind}s, got {type(data).__name__}")
    read: list[T] = []
    unread: list[UnreadRecord] = []
    for index, raw in enumerate(data):
        try:
            read.append(adapter.validate_python(raw))
        except ValidationError as exc:
            unread.append(
                UnreadRecord(
                    system=system,
                    kind=kind,
                    key=_key_of(raw, key_field, index),
                    has_code=_code_of(raw, key_field) is not None,
                    problem=describe_field(exc),
                    room=_room_of(raw, room_field),
                    name=_name_of(raw, name_field),
                )
            )
    return tuple(read), tuple(unread)


def _key_of(raw: Any, field: str, index: int) -> str:
    code = _code_of(raw, field)
    return code if code is not None else f"#{index + 1} (no {field})"


def _code_of(raw: Any, field: str) -> str | None:
    value = raw.get(field) if isinstance(raw, dict) else None
    if isinstance(value, str | int) and not isinstance(value, bool) and value != "":
        return str(value)
    return None


def _room_of(raw: Any, field: str | None) -> int | None:
    value = raw.get(field) if field is not None and isinstance(raw, dict) else None
    return value if type(value) is int else None


def _name_of(raw: Any, field: str | None) -> str | None:
    value = raw.get(field) if field is not None and isinstance(raw, dict) else None
    return value if isinstance(value, str) and value else None


def describe_field(exc: ValidationError, *, whole: str = "record") -> str:
    """Name the first field at fault and what is wrong with it, without echoing data
    (`whole` names what is at fault when no one field is)."""
    first = exc.errors(include_input=False, include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or whole
    if first["type"] == "missing":
        return f"{where} is missing"
    message = str(first["msg"])
    return f"{where}: {message[0].lower()}{message[1:]}"
