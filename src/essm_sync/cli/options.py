"""What every command declares: exit codes, option types, the global options and the error
handling. Kept light (no HTTP, model or logging stack), so that `--help` answers at once:
each command imports what it runs on only when it runs."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from essm_sync.cli.logs import configure_logging, error, warn
from essm_sync.errors import EssmSyncError, UnsafePlanError

if TYPE_CHECKING:
    from essm_sync.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")

EXIT_OK, EXIT_ERROR, EXIT_CHANGES, EXIT_UNSAFE, EXIT_PARTIAL = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130


class OperationName(StrEnum):
    """An operation named on the command line."""

    buildings = "buildings"
    rooms = "rooms"
    bookings = "bookings"
    roombookings = "roombookings"


class PlanFormat(StrEnum):
    """How a plan is printed."""

    text = "text"
    json = "json"
    markdown = "markdown"


class AuditFormat(StrEnum):
    """How the audit is written."""

    text = "text"
    markdown = "markdown"
    csv = "csv"
    json = "json"
    html = "html"


Operations = Annotated[list[OperationName] | None, typer.Argument(show_default=False)]
NoGuard = Annotated[
    bool, typer.Option("--no-guard", help="Skip the safety limits for this run, deliberately.")
]
ReportFile = Annotated[
    Path | None, typer.Option("--report", help="Write a JSON run report to this file.")
]
MetricsFile = Annotated[
    Path | None,
    typer.Option("--metrics-file", help="Write the run's Prometheus metrics to this textfile."),
]


@dataclass
class Globals:
    """Options given before the command."""

    config: Path | None
    verbose: bool
    log_format: str | None

    def wants_progress(self, settings: Settings) -> bool:
        """Whether bars may be drawn: text logs, not verbose (bars and lines would mix)."""
        return (self.log_format or settings.run.log_format) == "text" and not self.verbose


def _start_logging(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    # Logging is set up when a command runs, not when options are parsed: `--help` never
    # needs it, and loading it costs a good part of start-up. Every command takes the
    # context, from which the global options are read.
    # Typer may pass Click's own context class rather than its subclass: known by its shape.
    context = next((a for a in (*args, *kwargs.values()) if hasattr(a, "find_root")), None)
    options = context.find_root().obj if context is not None else None
    if isinstance(options, Globals):
        configure_logging(log_format=options.log_format or "text", verbose=options.verbose)


def handled(command: Callable[P, R]) -> Callable[P, R]:
    """Start logging, then turn the error tree into one stderr line and its exit code."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            _start_logging(args, kwargs)
            return command(*args, **kwargs)
        except UnsafePlanError as exc:
            error(str(exc))
            raise typer.Exit(EXIT_UNSAFE) from None
        except EssmSyncError as exc:
            error(str(exc))
            raise typer.Exit(EXIT_ERROR) from None
        except KeyboardInterrupt:
            warn("run.interrupted", "interrupted", prefix=None, signal="SIGINT")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except typer.Exit:
            raise
        except Exception as exc:  # the one place a bug is caught: one line, not a traceback
            error(f"unexpected {type(exc).__name__}: {exc}")
            if "--verbose" in sys.argv or "-v" in sys.argv:
                raise
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper
