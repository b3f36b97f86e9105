"""Metrics out of the process: the node-exporter textfile, a push to a Pushgateway, and a
collector a long-running process serves live. All three merge runs the same way
(`merge_families`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from threading import Lock

from prometheus_client import (
    CollectorRegistry,
    generate_latest,
    push_to_gateway,
    pushadd_to_gateway,
)
from prometheus_client.core import Metric
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector

from essm_sync.metrics.facts import RunFacts
from essm_sync.metrics.families import families_of, merge_families

JOB = "essm-sync"


class RunCollector(Collector):
    """The metrics of the runs recorded so far, each run merged onto the ones before.

    Register it once (`registry_of`) and `record` every run: `serve` answers `/metrics`
    from it, the textfile and the push are rendered from one.
    """

    def __init__(self, families: Sequence[Metric] = ()) -> None:
        self._families = list(families)
        self._lock = Lock()  # `serve` records from its run while a scrape reads

    def record(self, facts: RunFacts) -> None:
        """Merge one run's metrics onto what the collector holds."""
        with self._lock:
            self._families = merge_families(
                self._families, families_of(facts), command=facts.command,
                completed=facts.is_completed,
            )  # fmt: skip

    def collect(self) -> Iterator[Metric]:
        """Yield the metric families held, sorted by name."""
        with self._lock:
            families = list(self._families)
        yield from families


def registry_of(collector: Collector) -> CollectorRegistry:
    """Return a registry holding only `collector` (no process or platform metrics)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    return registry


def read_textfile(text: str) -> list[Metric]:
    """Return the families of a textfile written before; one that cannot be parsed counts
    as empty (the next run writes a good one)."""
    try:
        return list(text_string_to_metric_families(text))
    except ValueError:
        return []


def render_textfile(previous: str, facts: RunFacts) -> str:
    """Return the textfile after `facts`, given the file's text before (or "")."""
    collector = RunCollector(read_textfile(previous))
    collector.record(facts)
    return generate_latest(registry_of(collector)).decode("utf-8")


def push_run(url: str, facts: RunFacts, *, instance: str, timeout_s: float) -> None:
    """Push one run's metrics to the Pushgateway at `url`, grouped by job, instance and
    command: a completed run replaces its group (PUT); one that did not replaces only
    the metrics it has (POST), so the time of the last completed run stands.

    Raises:
        OSError: the Pushgateway could not be reached or refused the push.
    """
    collector = RunCollector()
    collector.record(facts)
    push = push_to_gateway if facts.is_completed else pushadd_to_gateway
    push(
        url, job=JOB, registry=registry_of(collector), timeout=timeout_s,
        grouping_key={"instance": instance, "command": facts.command},
    )  # fmt: skip
