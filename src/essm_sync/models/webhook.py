"""TermTime's timetable webhooks (§38.6-38.10): the wire record and the one essm-sync wants."""

from __future__ import annotations

from pydantic import Field

from essm_sync.models._base import Frozen, WireModel


class TermTimeWebhook(WireModel):
    """A webhook as `GET /webhook/timetable` lists it; `h` carries a secret, never shown."""

    code: str = Field(alias="c")
    type: str = Field(default="", alias="t")
    header: str = Field(default="", alias="h", repr=False)
    url: str = Field(default="", alias="u")
    verb: str = Field(default="", alias="v")
    success: int | None = None
    failure: int | None = None


class WebhookSpec(Frozen):
    """A webhook essm-sync registers: one per type, each a trigger of `serve`."""

    code: str
    type: str
    url: str
    verb: str = "POST"
    header: str = Field(repr=False)  # `Name: secret`
