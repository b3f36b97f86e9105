"""serve's HTTP face: the webhook TermTime calls, health, readiness, metrics, status.

The hook accepts a call only with the header `webhook register` gave TermTime, compared
in constant time; the call is a trigger, its body never read (termtime-api.md §14).
Neither the header's value nor a wrong one given is ever logged.
"""

from __future__ import annotations

import hmac
from pathlib import Path

import structlog
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from essm_sync.serve.metrics import render_metrics
from essm_sync.serve.page import render_page
from essm_sync.serve.service import Service

_log = structlog.get_logger("essm_sync.serve")


def create_app(service: Service, *, metrics_file: Path | None = None) -> Starlette:
    """Return the ASGI app of `serve` over a running (or about to run) service; /metrics
    serves the runs' textfile `metrics_file` beside serve's own metrics."""
    serve = service.settings.serve
    header = serve.webhook_header
    secret = serve.secret().encode()

    async def hook(request: Request) -> Response:
        given = request.headers.get(header, "").encode()
        if not hmac.compare_digest(given, secret):
            service.status.counters["hooks:refused"] += 1
            _log.warning("hook.refused", reason="missing or wrong header")
            return JSONResponse({"error": "unauthorised"}, status_code=401)
        if not service.trigger(service.hook_operations(), "webhook"):
            return JSONResponse({"error": "shutting down"}, status_code=503)
        service.status.counters["hooks:accepted"] += 1
        _log.info("hook.accepted")
        return JSONResponse({"accepted": True}, status_code=202)

    async def healthz(_: Request) -> Response:
        return PlainTextResponse("ok\n")

    async def readyz(_: Request) -> Response:
        status = service.status
        if status.is_ready and not service.stopping:
            return PlainTextResponse("ready\n")
        down = [
            f"{system}: {status.probe_errors.get(system, 'no answer yet')}"
            for system, ok in sorted(status.ready.items())
            if not ok
        ]
        lines = down or ["stopping"]
        return PlainTextResponse("not ready\n" + "".join(f"{x}\n" for x in lines), 503)

    async def metrics(_: Request) -> Response:
        return Response(render_metrics(service, metrics_file), media_type=CONTENT_TYPE_LATEST)

    async def page(_: Request) -> Response:
        return HTMLResponse(render_page(service))

    return Starlette(
        routes=[
            Route("/hooks/termtime", hook, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
            Route("/", page, methods=["GET"]),
        ]
    )
