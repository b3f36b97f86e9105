"""Logging: readable lines on a terminal, JSON lines for a container; always on stderr."""

from __future__ import annotations

import json
import logging
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from structlog.types import Processor

_format = {"current": "text"}


def configure_logging(*, log_format: str, verbose: bool) -> None:
    """Send structured events to stderr, as text or JSON lines."""
    import structlog  # noqa: PLC0415 - loaded when a command runs, not for `--help`

    _format["current"] = log_format
    if verbose:
        level = logging.DEBUG
    elif log_format == "json":
        level = logging.INFO
    else:
        level = logging.WARNING
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Write a line to stdout (or stderr) through whatever `sys.stdout` is now.

    While progress bars are drawn, rich stands in for `sys.stdout` and `sys.stderr` and
    prints above the bars; writing around it (as `click.echo` does, to the stream's
    buffer) lets the bars' last redraw erase the line.
    """
    stream = sys.stderr if err else sys.stdout
    stream.write(message + ("\n" if nl else ""))
    stream.flush()


def error(message: str) -> None:
    """Print one error line to stderr: plain text, or a JSON object among JSON logs."""
    if _format["current"] == "json":
        echo(json.dumps({"level": "error", "event": "run.error", "message": message}), err=True)
    else:
        echo(f"error: {message}", err=True)


def warn(event: str, message: str, *, prefix: str | None = "warning", **fields: object) -> None:
    """Print one line to stderr for something a person must see: plain text, or a JSON
    object among JSON logs."""
    if is_json():
        body = {"level": "warning", "event": event, "message": message, **fields}
        echo(json.dumps(body, default=str), err=True)
    else:
        echo(f"{prefix}: {message}" if prefix else message, err=True)


def inform(event: str, message: str, **fields: object) -> None:
    """Print one line to stderr for something worth knowing that needs nothing done."""
    if is_json():
        body = {"level": "info", "event": event, "message": message, **fields}
        echo(json.dumps(body, default=str), err=True)
    else:
        echo(f"info: {message}", err=True)


def is_json() -> bool:
    """Whether output is JSON lines (`--log-format json`): stdout and stderr alike."""
    return _format["current"] == "json"
