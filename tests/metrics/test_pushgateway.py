"""A run's metrics pushed to a real Pushgateway read back as they were sent, grouped by
job, instance and command; a failed run leaves the time of the last completed one."""

from __future__ import annotations

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from essm_sync.metrics import RunFacts, StageFacts, push_run


def _read(url: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    text = httpx.get(f"{url}/metrics", timeout=5).text
    return {
        tuple(sorted(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == name
    }


def _labels(**extra: str) -> tuple[tuple[str, str], ...]:
    base = {"job": "essm-sync", "instance": "nightly", "command": "sync", "operation": "bookings"}
    return tuple(sorted({**base, **extra}.items()))


def test_a_pushed_run_reads_back_from_the_pushgateway(pushgateway: str) -> None:
    """Every sample arrives with the job, the instance name and the run's labels."""
    facts = RunFacts(
        command="sync", operations=("bookings",), exit_code=4, started_s=100.0,
        finished_s=160.0, changes={("bookings", "create_booking", "done"): 7},
        stages={"bookings": StageFacts(conflicts=2)}, requests={"Booker": 9},
    )  # fmt: skip
    push_run(pushgateway, facts, instance="nightly", timeout_s=5)
    assert _read(pushgateway, "essm_sync_exit_code") == {_labels(): 4}
    assert _read(pushgateway, "essm_sync_last_completed_timestamp_seconds") == {_labels(): 160}
    assert _read(pushgateway, "essm_sync_conflicts") == {_labels(): 2}
    assert _read(pushgateway, "essm_sync_requests") == {_labels(system="Booker"): 9}
    done = _labels(kind="create_booking", outcome="done")
    assert _read(pushgateway, "essm_sync_changes") == {done: 7}


def test_a_failed_run_keeps_the_last_completed_time_in_the_pushgateway(pushgateway: str) -> None:
    """After exit 1 the group holds the new exit code and the old completion time."""
    done = RunFacts(command="sync", operations=("bookings",), exit_code=0, started_s=100.0,
                    finished_s=160.0, stages={"bookings": StageFacts(conflicts=1)})  # fmt: skip
    failed = RunFacts(command="sync", operations=("bookings",), exit_code=1, started_s=200.0,
                      finished_s=210.0)  # fmt: skip
    push_run(pushgateway, done, instance="nightly", timeout_s=5)
    push_run(pushgateway, failed, instance="nightly", timeout_s=5)
    assert _read(pushgateway, "essm_sync_exit_code") == {_labels(): 1}
    assert _read(pushgateway, "essm_sync_last_completed_timestamp_seconds") == {_labels(): 160}
    assert _read(pushgateway, "essm_sync_last_run_timestamp_seconds") == {_labels(): 210}
    assert _read(pushgateway, "essm_sync_conflicts") == {_labels(): 1}


def test_an_unreachable_pushgateway_raises_oserror() -> None:
    """Nothing listening is an OSError, which the command turns into one warning line."""
    facts = RunFacts(command="plan", operations=("rooms",), exit_code=0, started_s=0.0,
                     finished_s=1.0)  # fmt: skip
    with pytest.raises(OSError):  # noqa: PT011 - urllib's errors are all OSErrors
        push_run("http://127.0.0.1:9", facts, instance="x", timeout_s=2)
