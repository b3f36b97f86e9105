"""Fake TermTime and Booker servers, seeded with a generated university, with faults."""

from essm_sync.sandbox.booker import create_booker_app
from essm_sync.sandbox.booker_state import BKBooking, BookerState
from essm_sync.sandbox.co_taught import GROUPS, KEY_MEMBER, drop_key_member
from essm_sync.sandbox.data_faults import (
    add_lookalikes,
    add_odd_records,
    blank_room_field,
    book_without_start,
    cancel_booking,
    refuse_floor,
    unplace_floor,
)
from essm_sync.sandbox.faults import ConnectionDropped, FaultMiddleware, Faults
from essm_sync.sandbox.oracle import (
    CONVERGED,
    divergence,
    due_bookings,
    expected_conflicts,
    held_rooms,
    owned_bookings,
    people_bookings,
)
from essm_sync.sandbox.oracle_audit import expected_audit
from essm_sync.sandbox.reference_faults import (
    add_unreadable_references,
    mend_unreadable_references,
)
from essm_sync.sandbox.seed import Sandbox, generate
from essm_sync.sandbox.seed_year import SeedYear
from essm_sync.sandbox.server import WEBHOOK_SECRET, listening_socket, render_config, serve
from essm_sync.sandbox.termtime import create_termtime_app
from essm_sync.sandbox.termtime_items import add_item, drop_item, edit_and_notify, move_item
from essm_sync.sandbox.termtime_state import TermTimeState, TTEvent, TTRoom
from essm_sync.sandbox.termtime_webhooks import Delivery, TTWebhook, Webhooks
from essm_sync.sandbox.transport import SandboxTransport

__all__ = [
    "CONVERGED",
    "GROUPS",
    "KEY_MEMBER",
    "WEBHOOK_SECRET",
    "BKBooking",
    "BookerState",
    "ConnectionDropped",
    "Delivery",
    "FaultMiddleware",
    "Faults",
    "Sandbox",
    "SandboxTransport",
    "SeedYear",
    "TTEvent",
    "TTRoom",
    "TTWebhook",
    "TermTimeState",
    "Webhooks",
    "add_item",
    "add_lookalikes",
    "add_odd_records",
    "add_unreadable_references",
    "blank_room_field",
    "book_without_start",
    "cancel_booking",
    "create_booker_app",
    "create_termtime_app",
    "divergence",
    "drop_item",
    "drop_key_member",
    "due_bookings",
    "edit_and_notify",
    "expected_audit",
    "expected_conflicts",
    "generate",
    "held_rooms",
    "listening_socket",
    "mend_unreadable_references",
    "move_item",
    "owned_bookings",
    "people_bookings",
    "refuse_floor",
    "render_config",
    "serve",
    "unplace_floor",
]
