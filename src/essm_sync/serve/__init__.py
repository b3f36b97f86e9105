"""`essm-sync serve`: webhook triggers, debounced runs of the nightly `sync`, a status page."""

from essm_sync.serve.scheduler import Due, Scheduler, next_daily

__all__ = ["Due", "Scheduler", "next_daily"]
