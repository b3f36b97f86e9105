"""The engine: concurrent fetches, the core's plans, ordered bounded-parallel apply."""

from essm_sync.engine.apply import apply_stage
from essm_sync.engine.audit import audit_systems
from essm_sync.engine.context import RunOptions, Systems, limits_of, rules_of
from essm_sync.engine.fetch import fetch_bookings, fetch_buildings, fetch_rooms, listing_window
from essm_sync.engine.heap import frozen_heap, run_heap
from essm_sync.engine.interrupt import Interrupt
from essm_sync.engine.operations import OPERATION_SPECS, AnyOperation, OperationSpec, spec_of
from essm_sync.engine.outcome import Outcome, RunReport
from essm_sync.engine.protocols import BookerApi, TermTimeApi
from essm_sync.engine.reads import Reads
from essm_sync.engine.run import (
    apply_saved_plan,
    open_systems,
    plan_operations,
    plan_stage,
    sync_operations,
)
from essm_sync.engine.sync_running import SYNC_RUNNING_WARNING
from essm_sync.engine.webhooks import (
    WebhookApi,
    apply_webhooks,
    open_termtime,
    wanted_webhooks,
)
from essm_sync.engine.writers import write_bookings, write_estate

__all__ = [
    "OPERATION_SPECS",
    "SYNC_RUNNING_WARNING",
    "AnyOperation",
    "BookerApi",
    "Interrupt",
    "OperationSpec",
    "Outcome",
    "Reads",
    "RunOptions",
    "RunReport",
    "Systems",
    "TermTimeApi",
    "WebhookApi",
    "apply_saved_plan",
    "apply_stage",
    "apply_webhooks",
    "audit_systems",
    "fetch_bookings",
    "fetch_buildings",
    "fetch_rooms",
    "frozen_heap",
    "limits_of",
    "listing_window",
    "open_systems",
    "open_termtime",
    "plan_operations",
    "plan_stage",
    "rules_of",
    "run_heap",
    "spec_of",
    "sync_operations",
    "wanted_webhooks",
    "write_bookings",
    "write_estate",
]
