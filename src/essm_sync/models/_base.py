"""Shared bases for wire records: tolerant on read, frozen once read."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class WireModel(BaseModel):
    """A record as a system sends it: unknown fields are ignored, known ones are strict."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class Frozen(BaseModel):
    """A value of essm-sync's own: immutable, no stray fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")
