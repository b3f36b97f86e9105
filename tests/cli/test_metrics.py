"""The commands export their run as Prometheus metrics: a textfile read back with
prometheus_client's parser, a real Pushgateway read back over HTTP; and
run.incomplete_exit_code lets a converged run with conflicts exit 0."""

from __future__ import annotations

from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families
from typer.testing import CliRunner

from essm_sync.cli.app import app
from tests.cli.conftest import LiveSandbox

runner = CliRunner()
ALL = "buildings+rooms+bookings"


def _run(live: LiveSandbox, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--config", str(live.config), *args], env=env)
    return result.exit_code, result.stderr


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def _labels(**labels: str) -> frozenset[tuple[str, str]]:
    return frozenset(labels.items())


def test_sync_writes_a_textfile_of_its_run(live: LiveSandbox, tmp_path: Path) -> None:
    """A sync with conflicts exits 4 and its textfile says so: exit code, completion time,
    changes done per operation and kind, conflicts of the bookings stage, requests."""
    path = tmp_path / "essm-sync.prom"
    code, err = _run(live, "sync", "--metrics-file", str(path))
    assert code == 4, err
    samples = _samples(path.read_text())
    run = _labels(command="sync", operation=ALL)
    assert samples[("essm_sync_exit_code", run)] == 4
    assert samples[("essm_sync_last_completed_timestamp_seconds", run)] > 0
    assert samples[("essm_sync_requests", run | {("system", "Booker")})] > 0
    done = _labels(command="sync", operation="bookings", kind="create_booking", outcome="done")
    assert samples[("essm_sync_changes", done)] > 0
    assert samples[("essm_sync_conflicts", _labels(command="sync", operation="bookings"))] > 0
    assert samples[("essm_sync_guard_refused", _labels(command="sync", operation="rooms"))] == 0
    assert not list(tmp_path.glob(".*partial"))


def test_incomplete_exit_code_turns_4_into_0_and_the_metrics_keep_4(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """With run.incomplete_exit_code = 0 a run with conflicts exits 0; its metrics still
    say 4, so alerts can tell it from a clean run."""
    path = tmp_path / "essm-sync.prom"
    env = {"ESSM_SYNC_RUN__INCOMPLETE_EXIT_CODE": "0"}
    code, err = _run(live, "sync", "--metrics-file", str(path), env=env)
    assert code == 0, err
    run = _labels(command="sync", operation=ALL)
    assert _samples(path.read_text())[("essm_sync_exit_code", run)] == 4


def test_a_refused_stage_is_in_the_metrics_and_the_last_completed_time_stands(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """A sync the guard refuses exports exit 3 and the refused stage; the time of the
    completed run before it is kept."""
    path = tmp_path / "essm-sync.prom"
    _run(live, "sync", "--metrics-file", str(path))
    run = _labels(command="sync", operation=ALL)
    completed = _samples(path.read_text())[("essm_sync_last_completed_timestamp_seconds", run)]
    live.university.termtime.events.clear()
    live.university.termtime.changed_events()
    code, _ = _run(live, "sync", "--metrics-file", str(path))
    assert code == 3
    samples = _samples(path.read_text())
    assert samples[("essm_sync_exit_code", run)] == 3
    assert samples[("essm_sync_last_completed_timestamp_seconds", run)] == completed
    refused = _labels(command="sync", operation="bookings")
    assert samples[("essm_sync_guard_refused", refused)] == 1


def test_plan_and_audit_push_to_a_real_pushgateway(live: LiveSandbox, pushgateway: str) -> None:
    """plan and audit push once each to the Pushgateway of the settings, grouped by the
    instance name and the command, and the metrics read back."""
    env = {"ESSM_SYNC_METRICS__PUSHGATEWAY_URL": pushgateway,
           "ESSM_SYNC_METRICS__INSTANCE": "ci"}  # fmt: skip
    assert _run(live, "plan", "rooms", "--detailed-exitcode", env=env)[0] == 2
    assert _run(live, "audit", env=env)[0] == 0
    samples = _samples(httpx.get(f"{pushgateway}/metrics", timeout=5).text)
    group = {("job", "essm-sync"), ("instance", "ci")}
    plan = _labels(command="plan", operation="rooms") | group
    assert samples[("essm_sync_exit_code", plan)] == 2
    created = plan | {("kind", "create_room"), ("outcome", "planned")}
    assert samples[("essm_sync_changes", created)] > 0
    audit = _labels(command="audit", operation=ALL) | group
    assert samples[("essm_sync_exit_code", audit)] == 0


def test_a_push_that_fails_is_one_warning_and_keeps_the_exit_code(live: LiveSandbox) -> None:
    """Nothing listening at the Pushgateway URL: one warning line naming it, exit 0."""
    env = {"ESSM_SYNC_METRICS__PUSHGATEWAY_URL": "http://127.0.0.1:9"}
    code, err = _run(live, "sync", "buildings", env=env)
    assert code == 0, err
    lines = [line for line in err.splitlines() if "metrics not pushed" in line]
    assert len(lines) == 1
    assert lines[0].startswith("warning: metrics not pushed to http://127.0.0.1:9")


def test_a_metrics_file_that_names_a_directory_is_refused_first(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """--metrics-file naming a folder is one line and exit 1 before anything is written."""
    before = dict(live.university.booker.bookings)
    code, err = _run(live, "sync", "--metrics-file", str(tmp_path))
    assert code == 1
    assert err.startswith(f"error: cannot write the metrics to {tmp_path}: it is a directory")
    assert live.university.booker.bookings == before


def test_audit_metrics_name_roombookings_when_its_checks_ran(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """With roombookings on, the audit's run metrics are labelled with all four operations."""
    path = tmp_path / "audit.prom"
    env = {"ESSM_SYNC_ROOMBOOKINGS__OWNER": "ESSMSYNC"}
    code, err = _run(live, "audit", "--metrics-file", str(path), env=env)
    assert code == 0, err
    run = _labels(command="audit", operation=f"{ALL}+roombookings")
    assert _samples(path.read_text())[("essm_sync_exit_code", run)] == 0
