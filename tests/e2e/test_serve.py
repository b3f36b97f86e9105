"""`essm-sync serve` as a user runs it: an item moved in TermTime moves its Booker booking."""

from __future__ import annotations

import datetime as dt
import signal
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from essm_sync.sandbox import CONVERGED, Sandbox, divergence
from tests.e2e.serve_harness import DEADLINE_S, LiveServe, serving_with_serve


def _an_item(university: Sandbox) -> tuple[str, str]:
    """Return a booked activity and its room: one the sync keeps a booking for."""
    booked = {b.external_id for b in university.booker.bookings.values() if b.external_id}
    for key in sorted(booked):
        parts = key.split(":")
        if len(parts) == 3 and parts[1] in university.termtime.events:
            return parts[1], parts[2]
    raise AssertionError("no booked activity in the sandbox")


def _booking_start(university: Sandbox, key: str) -> dt.datetime:
    [booking] = [b for b in university.booker.bookings.values() if b.external_id == key]
    return booking.start


def _first_run(live: LiveServe) -> None:
    """Fill Booker through serve itself: a first call books everything."""
    response = httpx.post(
        f"{live.url}/hooks/termtime", headers={"X-Essm-Sync-Token": _secret(live)}
    )
    assert response.status_code == 202
    live.wait_for("serve.run_finished")


def _secret(live: LiveServe) -> str:
    return live.sandbox.config.read_text().split('webhook_secret = "', 1)[1].split('"', 1)[0]


def test_a_moved_item_moves_its_booking(tmp_path: Path) -> None:
    """Move an item in TermTime: its webhook runs a bookings sync, the booking follows,
    the status page shows the run and /metrics counts it."""
    with serving_with_serve(tmp_path) as live:
        university = live.sandbox.university
        _first_run(live)
        unique_id, room = _an_item(university)
        key = f"termtime:{unique_id}:{room}"
        before = _booking_start(university, key)
        live.move(unique_id, start="07:00", end="08:00")
        finished = live.wait_for("serve.run_finished")
        after = _booking_start(university, key)
        page = httpx.get(f"{live.url}/").text
        metrics = httpx.get(f"{live.url}/metrics").text
        refused = httpx.post(f"{live.url}/hooks/termtime", headers={"X-Essm-Sync-Token": "no"})
    local = after.astimezone(ZoneInfo("Europe/London"))
    assert (local.hour, local.minute) == (7, 0)
    assert after.date() == before.date()
    assert finished["operations"] == ["bookings"]
    assert divergence(university) == CONVERGED
    assert university.termtime.webhooks.registered["essm-sync-activity.update"].success == 1
    assert page.count("<td>webhook</td>") == 2
    assert 'essm_sync_serve_hook_calls_total{result="accepted"} 2.0' in metrics
    assert 'essm_sync_serve_runs_total{outcome="incomplete"} 2.0' in metrics
    # The runs' own metrics, as the nightly job exports them.
    assert 'essm_sync_exit_code{command="sync",operation="bookings"} 4.0' in metrics
    assert refused.status_code == 401


def test_sigterm_mid_run_lets_the_sync_finish_and_exits_0(tmp_path: Path) -> None:
    """SIGTERM while a triggered sync runs: no new trigger taken, the sync ends whole
    (not interrupted), serve exits 0."""
    with serving_with_serve(tmp_path, latency_s=0.01) as live:
        response = httpx.post(
            f"{live.url}/hooks/termtime", headers={"X-Essm-Sync-Token": _secret(live)}
        )
        assert response.status_code == 202
        live.wait_for("serve.run_started")
        live.process.send_signal(signal.SIGTERM)
        live.wait_for("serve.stopping")
        finished = live.wait_for("serve.run_finished")
        code = live.process.wait(timeout=DEADLINE_S)
        university = live.sandbox.university
    assert code == 0
    assert finished["exit_code"] in (0, 4)  # 4: the seed's conflicts; never 130
    assert divergence(university) == CONVERGED
