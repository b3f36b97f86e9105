"""serve's HTTP face: the webhook's secret header, health, readiness and metrics."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
import structlog

from essm_sync.serve import Service
from tests.serve.conftest import SECRET, FakeClock, FakeRunner, hook, running, serve_settings


def _service(tmp_path: Path, runner: FakeRunner, **kwargs: object) -> Service:
    settings = serve_settings(tmp_path, debounce_s=30)
    return Service(settings, runner, clock=FakeClock(), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("secret", [None, "wrong-secret-0123456789", SECRET[:-1], SECRET + "x"])
async def test_a_call_without_the_secret_is_401_and_triggers_nothing(
    tmp_path: Path, secret: str | None
) -> None:
    """No header or a wrong one: 401, no trigger, nothing pending."""
    service = _service(tmp_path, FakeRunner())
    async with running(service) as client:
        response = await hook(client, secret)
    assert response.status_code == 401
    assert not service.scheduler.pending
    assert service.status.counters["hooks:refused"] == 1


async def test_the_right_secret_is_202_and_a_trigger(tmp_path: Path) -> None:
    """The registered header: 202 at once, and a bookings run is pending."""
    service = _service(tmp_path, FakeRunner())
    async with running(service) as client:
        response = await hook(client)
    assert response.status_code == 202
    assert service.scheduler.pending
    assert service.status.counters["triggers:webhook"] == 1


async def test_the_header_value_is_never_logged(tmp_path: Path) -> None:
    """Neither the secret nor a wrong value given reaches a log line."""
    sink = io.StringIO()
    structlog.configure(
        processors=[structlog.processors.KeyValueRenderer()],
        logger_factory=structlog.PrintLoggerFactory(file=sink),
        wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG),
    )
    service = _service(tmp_path, FakeRunner())
    try:
        async with running(service) as client:
            await hook(client)
            await hook(client, "wrong-secret-0123456789")
    finally:
        structlog.reset_defaults()
    logged = sink.getvalue()
    assert "hook.refused" in logged
    assert "hook.accepted" in logged
    assert SECRET not in logged
    assert "wrong-secret" not in logged


async def test_readyz_says_which_system_is_down(tmp_path: Path) -> None:
    """A system that did not answer the last probe makes /readyz 503, naming it."""

    async def probe() -> dict[str, str | None]:
        return {"TermTime": None, "Booker": "Booker GET booker/sites: cannot connect"}

    service = _service(tmp_path, FakeRunner(), probe=probe)
    async with running(service) as client:
        await service.probe_now()
        ready = await client.get("/readyz")
        alive = await client.get("/healthz")
        metrics = (await client.get("/metrics")).text
    assert (ready.status_code, alive.status_code) == (503, 200)
    assert "Booker: Booker GET booker/sites: cannot connect" in ready.text
    assert 'essm_sync_serve_ready{system="Booker"} 0.0' in metrics
    assert 'essm_sync_serve_ready{system="TermTime"} 1.0' in metrics


async def test_readyz_once_both_answered(tmp_path: Path) -> None:
    """Both systems answered the last probe: /readyz is 200."""

    async def probe() -> dict[str, str | None]:
        return {"TermTime": None, "Booker": None}

    service = _service(tmp_path, FakeRunner(), probe=probe)
    async with running(service) as client:
        await service.probe_now()
        ready = await client.get("/readyz")
    assert ready.status_code == 200


async def test_stopping_refuses_triggers(tmp_path: Path) -> None:
    """Once stopping, a right call is 503 and triggers nothing."""
    service = _service(tmp_path, FakeRunner())
    async with running(service) as client:
        service.stop()
        response = await hook(client)
    assert response.status_code == 503
    assert not service.scheduler.pending
