"""`essm-sync serve`: webhook triggers, debounced runs of the nightly `sync`, a status page."""

from essm_sync.serve.app import create_app
from essm_sync.serve.runner import ChildRunner, RunRecord, is_locked
from essm_sync.serve.scheduler import Due, Scheduler, next_daily
from essm_sync.serve.service import Service, booker_operations
from essm_sync.serve.status import StandingConflict, Status

__all__ = [
    "ChildRunner",
    "Due",
    "RunRecord",
    "Scheduler",
    "Service",
    "StandingConflict",
    "Status",
    "booker_operations",
    "create_app",
    "is_locked",
    "next_daily",
]
