"""Lists of records read one at a time once the whole list does not validate: a record that
cannot be read is set aside and kept for the stage to name; the rest are used."""

from __future__ import annotations

import json
from typing import Generic, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from essm_sync.clients.http import parse
from essm_sync.errors import InvalidDataError
from essm_sync.models import UnreadRecord, read_each

T = TypeVar("T")


class RecordList(Generic[T]):
    """How one list is read: the whole list at once (nearly always), else record by record."""

    def __init__(
        self,
        model: type[T],
        *,
        kind: str,
        key_field: str,
        room_field: str | None = None,
        name_field: str | None = None,
    ) -> None:
        self._whole: TypeAdapter[tuple[T, ...]] = TypeAdapter(tuple[model, ...])  # type: ignore[valid-type]  # a type given at run time
        self._one: TypeAdapter[T] = TypeAdapter(model)
        self.kind, self._key, self._room, self._name = kind, key_field, room_field, name_field

    def parse(
        self, response: httpx.Response, *, system: str, operation: str
    ) -> tuple[tuple[T, ...], tuple[UnreadRecord, ...]]:
        """Return the records read and those set aside.

        Raises:
            InvalidDataError: the body is not a list of records at all.
        """
        try:
            return self._whole.validate_json(response.content), ()
        except ValidationError:
            pass
        try:
            data = json.loads(response.content)
            return read_each(self._one, data, system=system, kind=self.kind,
                             key_field=self._key, room_field=self._room,
                             name_field=self._name)  # fmt: skip
        except ValueError:
            # Not JSON, or not a list: the list as a whole cannot be read; say so as usual.
            parse(self._whole, response, system=system, operation=operation)
            raise InvalidDataError(system, operation, "the answer is not a list") from None
