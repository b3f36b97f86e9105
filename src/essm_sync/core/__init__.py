"""The pure core: map both systems' snapshots to a desired state, diff, guard and render.

No I/O, no clock, no randomness: the same inputs always give a byte-identical plan.
"""

from essm_sync.core._common import floor_code
from essm_sync.core._items import external_id, is_cancelled, is_owned, kind_of_key, not_owned
from essm_sync.core._rooms import BookerRooms
from essm_sync.core._unread import is_timetable_item
from essm_sync.core.academic_year import WindowCut, academic_year, cut_window
from essm_sync.core.audit import AuditInput, arrange_audit, audit_of, render_audit
from essm_sync.core.bookings import BookingRules, bookable_rooms, draft_of, plan_bookings
from essm_sync.core.estate import plan_buildings, plan_rooms
from essm_sync.core.guard import Limits, check_limits, check_stage
from essm_sync.core.plan_io import load_plan, render_json
from essm_sync.core.preview import TermTimeEstate, preview_estate
from essm_sync.core.render import (
    count_kinds,
    describe_change,
    describe_conflict,
    describe_held,
    describe_shared,
    describe_skipped,
    render_markdown,
    render_text,
    summarise,
)
from essm_sync.core.roombookings import (
    RoomBookingRules,
    plan_room_bookings,
    room_booking_code,
    wanted_room_bookings,
)
from essm_sync.core.shown import lookalikes, shown
from essm_sync.core.stale import stale_changes
from essm_sync.core.webhooks import (
    WebhookChange,
    is_our_webhook,
    plan_webhooks,
    webhook_code,
    webhook_specs,
)
from essm_sync.core.words import counted

__all__ = [
    "AuditInput",
    "BookerRooms",
    "BookingRules",
    "Limits",
    "RoomBookingRules",
    "TermTimeEstate",
    "WebhookChange",
    "WindowCut",
    "academic_year",
    "arrange_audit",
    "audit_of",
    "bookable_rooms",
    "check_limits",
    "check_stage",
    "count_kinds",
    "counted",
    "cut_window",
    "describe_change",
    "describe_conflict",
    "describe_held",
    "describe_shared",
    "describe_skipped",
    "draft_of",
    "external_id",
    "floor_code",
    "is_cancelled",
    "is_our_webhook",
    "is_owned",
    "is_timetable_item",
    "kind_of_key",
    "load_plan",
    "lookalikes",
    "not_owned",
    "plan_bookings",
    "plan_buildings",
    "plan_room_bookings",
    "plan_rooms",
    "plan_webhooks",
    "preview_estate",
    "render_audit",
    "render_json",
    "render_markdown",
    "render_text",
    "room_booking_code",
    "shown",
    "stale_changes",
    "summarise",
    "wanted_room_bookings",
    "webhook_code",
    "webhook_specs",
]
