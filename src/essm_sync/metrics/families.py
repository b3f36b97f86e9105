"""A run's metrics as Prometheus metric families (design.md, Observability), and how a
run's families replace an earlier run's. Pure: the same facts give the same families.

Every sample carries `command` and `operation`. The run's own gauges (timestamps, exit
code, duration, requests, retries) carry the operations it ran, joined by `+`
(`buildings+rooms+bookings`); a stage's gauges carry that stage's operation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.samples import Sample

from essm_sync.metrics.facts import RunFacts

PREFIX = "essm_sync_"
LAST_COMPLETED = "essm_sync_last_completed_timestamp_seconds"

_RUN = ["command", "operation"]


def _gauge(name: str, documentation: str, labels: Sequence[str] = ()) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, labels=[*_RUN, *labels])


def families_of(facts: RunFacts) -> list[Metric]:
    """Return the metric families of one run, sorted by name."""
    run = [facts.command, "+".join(facts.operations)]
    families: list[Metric] = []

    def run_gauge(name: str, documentation: str, value: float) -> None:
        family = _gauge(name, documentation)
        family.add_metric(run, value)
        families.append(family)

    run_gauge("essm_sync_last_run_timestamp_seconds",
              "When the last run ended, in Unix time.", facts.finished_s)  # fmt: skip
    if facts.is_completed:
        run_gauge(LAST_COMPLETED, "When the last run that completed (exit 0, 2 or 4) ended, "
                  "in Unix time.", facts.finished_s)  # fmt: skip
    run_gauge("essm_sync_exit_code", "The last run's exit code, before "
              "run.incomplete_exit_code.", facts.exit_code)  # fmt: skip
    run_gauge("essm_sync_run_duration_seconds", "How long the last run took.",
              round(facts.finished_s - facts.started_s, 3))  # fmt: skip
    for name, what, counts in (
        ("essm_sync_requests", "HTTP requests the last run sent, by system.", facts.requests),
        ("essm_sync_retries", "Requests the last run retried, by system.", facts.retries),
    ):
        family = _gauge(name, what, ["system"])
        for system, n in sorted(counts.items()):
            family.add_metric([*run, system], n)
        families.append(family)
    changes = _gauge("essm_sync_changes", "Changes of the last run by operation, kind and "
                     "outcome (done, failed, conflict, skipped; planned for plan).",
                     ["kind", "outcome"])  # fmt: skip
    for (operation, kind, outcome), n in sorted(facts.changes.items()):
        changes.add_metric([facts.command, operation, kind, outcome], n)
    families.append(changes)
    for name, what, attribute in (
        ("essm_sync_conflicts", "Events a person's booking keeps from their room.", "conflicts"),
        ("essm_sync_rooms_held", "Rooms held: an item could not be read.", "rooms_held"),
        ("essm_sync_items_skipped", "Timetable items that could not be read.", "items_skipped"),
        (
            "essm_sync_items_shared",
            "Items sharing a room with another on purpose.",
            "items_shared",
        ),
        ("essm_sync_guard_refused", "1 when the safety guard refused the stage.", "guard_refused"),
    ):
        family = _gauge(name, f"{what} Of the last run, by operation.")
        for operation, stage in sorted(facts.stages.items()):
            family.add_metric([facts.command, operation], float(getattr(stage, attribute)))
        families.append(family)
    return sorted(families, key=lambda family: family.name)


def merge_families(
    previous: Iterable[Metric], current: Sequence[Metric], *, command: str, completed: bool
) -> list[Metric]:
    """Return what the metrics say after a run of `command`, given what they said before.

    Other commands' samples are kept. A run that completed replaces all of its command's
    samples. One that did not (exit 1, 3 or 130) replaces only the families it has samples
    for: the time of the last completed run, and what stages it never reached found last
    time, keep their last values. The Pushgateway does the same (PUT, else POST).
    """
    before = {family.name: family for family in previous if family.name.startswith(PREFIX)}
    now = {family.name: family for family in current}
    merged = []
    for name in sorted(before.keys() | now.keys()):
        old = before.get(name)
        new = now.get(name)
        template = new if new is not None else before[name]
        kept = [s for s in old.samples if s.labels.get("command") != command] if old else []
        mine_new = list(new.samples) if new else []
        if not completed and not mine_new and old is not None:
            mine_new = [s for s in old.samples if s.labels.get("command") == command]
        samples = sorted([*kept, *mine_new], key=_sample_key)
        if not samples and new is None:
            continue
        family = Metric(name, template.documentation, template.type)
        family.samples = [Sample(s.name, dict(s.labels), s.value) for s in samples]
        merged.append(family)
    return merged


def _sample_key(sample: Sample) -> tuple[str, tuple[tuple[str, str], ...]]:
    return sample.name, tuple(sorted(sample.labels.items()))
