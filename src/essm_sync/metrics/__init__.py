"""A run's Prometheus metrics: facts measured, metric families, textfile, Pushgateway."""

from essm_sync.metrics.exposition import (
    JOB,
    RunCollector,
    push_run,
    read_textfile,
    registry_of,
    render_textfile,
)
from essm_sync.metrics.facts import (
    COMPLETED_EXIT_CODES,
    RunFacts,
    StageFacts,
    facts_of_plan,
    facts_of_report,
)
from essm_sync.metrics.families import LAST_COMPLETED, families_of, merge_families

__all__ = [
    "COMPLETED_EXIT_CODES",
    "JOB",
    "LAST_COMPLETED",
    "RunCollector",
    "RunFacts",
    "StageFacts",
    "facts_of_plan",
    "facts_of_report",
    "families_of",
    "merge_families",
    "push_run",
    "read_textfile",
    "registry_of",
    "render_textfile",
]
