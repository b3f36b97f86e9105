"""The kinds of timetable item the sync books, each described once.

Every table about a kind (where TermTime lists it, how it is read, the key of its bookings,
its booking type and the setting naming it) is derived from `ITEM_KINDS`. Plain data with
no imports beyond the standard library, so that settings, models and the core share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The prefix of every ExternalId the sync writes; fixed for good (design.md, Identity and
# ownership): changing it would orphan every booking already made.
OWNED_PREFIX = "termtime:"

# A kind's name in the code. It never doubles as an operation's name: TermTime's own room
# bookings are the kind `termtime_bookings`, though settings and plans call them `bookings`.
Kind = Literal["activities", "exams", "termtime_bookings"]


@dataclass(frozen=True)
class ItemKind:
    """One kind of timetable item: how TermTime lists it and how the sync books it."""

    name: Kind
    # How settings (`bookings.kinds`), plans and audits name the kind.
    setting: str
    # TermTime API 7.7.0 §37.10: the list of a schedule day holding this kind, and the
    # item's fields that give a booking's title, description and size.
    list_field: str
    title_field: str
    description_field: str | None
    properties_field: str | None
    # What its bookings' ExternalIds start with; fixed for good, like OWNED_PREFIX.
    prefix: str
    # The `[bookings]` setting holding its booking type, and that setting's default.
    type_setting: str
    default_type: str
    booked_by_default: bool
    # The item's field naming the TermTime record it shows, if any: a room booking's
    # `bookingId`, so that the sync's own room bookings are never booked back.
    record_field: str | None = None


ITEM_KINDS: tuple[ItemKind, ...] = (
    ItemKind(
        name="activities",
        setting="activities",
        list_field="items",
        title_field="activityName",
        description_field="activityDescription",
        properties_field="activityProperties",
        prefix=OWNED_PREFIX,
        type_setting="booking_type",
        default_type="Teaching",
        booked_by_default=True,
    ),
    ItemKind(
        name="exams",
        setting="exams",
        list_field="examItems",
        title_field="examName",
        description_field="examDescription",
        properties_field="examProperties",
        prefix=f"{OWNED_PREFIX}exam:",
        type_setting="exam_booking_type",
        default_type="Exam",
        booked_by_default=True,
    ),
    ItemKind(
        name="termtime_bookings",
        setting="bookings",
        list_field="bookingItems",
        # A TermTime room booking has one text: its description is the title (design.md).
        title_field="bookingDescription",
        description_field=None,
        properties_field=None,
        prefix=f"{OWNED_PREFIX}booking:",
        type_setting="termtime_booking_type",
        default_type="TermTime booking",
        booked_by_default=False,
        record_field="bookingId",  # an id or a code: §37.10 does not say which
    ),
)

KINDS: tuple[Kind, ...] = tuple(kind.name for kind in ITEM_KINDS)
DEFAULT_KINDS: tuple[Kind, ...] = tuple(k.name for k in ITEM_KINDS if k.booked_by_default)
ITEM_KIND: dict[Kind, ItemKind] = {kind.name: kind for kind in ITEM_KINDS}
KIND_OF_SETTING: dict[str, Kind] = {kind.setting: kind.name for kind in ITEM_KINDS}
