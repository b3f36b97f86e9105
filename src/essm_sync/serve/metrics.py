"""/metrics: the runs' own metrics (the textfile each `sync` child merges its run into, as
the nightly job does) and serve's, read live at every scrape by prometheus_client."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from prometheus_client import generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from essm_sync.metrics import read_textfile, registry_of
from essm_sync.serve.service import Service


class ServeCollector(Collector):
    """The runs' families from the textfile, then serve's own: calls, triggers, runs,
    readiness, the conflicts standing."""

    def __init__(self, service: Service, textfile: Path | None) -> None:
        self._service = service
        self._textfile = textfile

    def collect(self) -> Iterator[Metric]:
        """Yield every family, read now."""
        families: list[Metric] = []
        if self._textfile is not None:
            with contextlib.suppress(OSError, UnicodeDecodeError):  # no run wrote it yet
                families = read_textfile(self._textfile.read_text(encoding="utf-8"))
        yield from families
        yield from _own(self._service)


def _own(service: Service) -> Iterator[Metric]:
    status, counters = service.status, service.status.counters
    calls = CounterMetricFamily(
        "essm_sync_serve_hook_calls", "Webhook calls, by result.", labels=["result"]
    )
    for result in ("accepted", "refused"):
        calls.add_metric([result], counters[f"hooks:{result}"])
    yield calls
    triggers = CounterMetricFamily(
        "essm_sync_serve_triggers", "Run triggers, by what gave them.", labels=["reason"]
    )
    for key in sorted(k for k in counters if k.startswith("triggers:")):
        triggers.add_metric([key.split(":", 1)[1]], counters[key])
    yield triggers
    runs = CounterMetricFamily(
        "essm_sync_serve_runs",
        "Runs started by serve, by outcome (locked: kept out by another run's lock).",
        labels=["outcome"],
    )
    for key in sorted(k for k in counters if k.startswith("runs:")):
        runs.add_metric([key.split(":", 1)[1]], counters[key])
    yield runs
    ready = GaugeMetricFamily(
        "essm_sync_serve_ready", "1 when the system answered serve's last probe.",
        labels=["system"],
    )  # fmt: skip
    for system, ok in sorted(status.ready.items()):
        ready.add_metric([system], float(ok))
    yield ready
    yield GaugeMetricFamily(
        "essm_sync_serve_conflicts", "Conflicts standing after serve's last bookings run.",
        value=len(status.conflicts),
    )  # fmt: skip


def render_metrics(service: Service, textfile: Path | None) -> bytes:
    """Return the text exposition of everything /metrics serves."""
    return generate_latest(registry_of(ServeCollector(service, textfile)))
