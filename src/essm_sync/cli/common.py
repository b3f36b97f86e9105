"""What the commands share once they run: settings, the window, plans on disk, locking.

Imported inside command bodies; what commands declare lives in `options.py`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import filelock
import typer

from essm_sync.cli.files import resolve_output
from essm_sync.cli.logs import configure_logging, warn
from essm_sync.cli.options import Globals, OperationName
from essm_sync.core import academic_year, load_plan
from essm_sync.errors import (
    ApiError,
    ConfigError,
    LockedError,
)
from essm_sync.models import ALL_OPERATIONS, OPERATIONS, Operation, Plan
from essm_sync.settings import ACADEMIC_YEAR_START, BookingSettings, Settings, load_settings


def operations_of(
    names: Sequence[OperationName] | None, settings: Settings
) -> tuple[Operation, ...]:
    """Return the operations asked for, in the fixed order; none means all of them, with
    `roombookings` only when `roombookings.owner` is set (design.md, Commands).

    Raises:
        ConfigError: `roombookings` is named but no owner is set.
    """
    wanted = {name.value for name in names or ()}
    enabled = settings.roombookings.owner is not None
    if "roombookings" in wanted and not enabled:
        raise ConfigError(
            "operation roombookings needs setting roombookings.owner "
            "(ESSM_SYNC_ROOMBOOKINGS__OWNER): the TermTime staff code that owns them"
        )
    known = ALL_OPERATIONS if enabled else OPERATIONS
    return tuple(op for op in known if not wanted or op in wanted)


def settings_of(ctx: typer.Context) -> Settings:
    """Load the settings named by --config or $ESSM_SYNC_CONFIG."""
    options: Globals = ctx.obj
    settings = load_settings(options.config)
    if options.log_format is None and settings.run.log_format != "text":
        configure_logging(log_format=settings.run.log_format, verbose=options.verbose)
    return settings


def today_of(settings: Settings) -> dt.date:
    """Return today's date in the institution's time zone."""
    return dt.datetime.now(settings.bookings.zone()).date()


def window_of(settings: Settings) -> tuple[dt.date, dt.date]:
    """Return the sync window, today taken in the institution's time zone."""
    return settings.bookings.window(today_of(settings))


def year_of(settings: Settings) -> tuple[dt.date, dt.date]:
    """Return TermTime's academic year that contains today, from the setting of its start."""
    month, day = settings.termtime.year_starts()
    return academic_year(today_of(settings), month=month, day=day)


def default_today() -> dt.date:
    """Return today's date in the default time zone (Europe/London): the demo and the
    sandbox read no settings."""
    return dt.datetime.now(BookingSettings().zone()).date()


def sandbox_year_start() -> dt.date:
    """Return the first day of the academic year that contains today under the default
    settings (the year from 1 August): the year the demo and `essm-sync sandbox` serve, so
    that a sync with their settings, today, assumes the same one (design.md, The academic
    year)."""
    month, day = (int(part) for part in ACADEMIC_YEAR_START.split("-"))
    return academic_year(default_today(), month=month, day=day)[0]


def sandbox_module(name: str) -> ModuleType:
    """Import a module that needs the sandbox extra, only when its command runs, so that
    production commands never load the fakes or their server stack."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"this command needs the sandbox extra ({exc.name} is missing): "
            "pip install 'essm-sync[sandbox]'"
        ) from None


def read_plan(path: Path) -> Plan:
    """Read a plan saved by `plan --out`, or fail with one line saying why not."""
    try:
        return load_plan(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the plan {path}: {exc.strerror}") from None
    except ValueError as exc:
        why = str(exc) if str(exc).startswith("plan format") else "not valid JSON of a plan"
        raise ConfigError(
            f"{path} is not a plan this version can read ({why}); make it again with "
            "`essm-sync plan --out`"
        ) from None


def check_writable(path: Path, what: str) -> None:
    """Refuse, before anything is read or written, a file path that cannot be written: one
    naming a directory, device or FIFO (symlinks followed), in a missing or locked folder."""
    resolve_output(path, what)


def sync_running(settings: Settings, what: str) -> bool:
    """Say first, on stderr, whether a sync holds the lock now: a read-only command still
    runs, read while it writes (design.md, Failing well)."""
    path = settings.lock_file()
    if not path.exists():
        return False
    lock = filelock.FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        warn("run.sync_running", f"a sync is running (it holds {path}): this {what} reads the "
             "systems while it writes; what it shows may be moving", prefix="note")  # fmt: skip
        return True
    except OSError:
        return False  # a lock that cannot even be opened is no sync's
    lock.release()
    return False


def blame_the_sync(exc: ApiError) -> ApiError:
    """Return a listing's failure to settle or complete with the running sync named as its
    likely cause, not people booking; other failures as they are."""
    if type(exc) is not ApiError:
        return exc
    problem = exc.problem.replace(" (people are booking right now)", "")
    return ApiError(
        exc.system,
        exc.operation,
        f"{problem} (a sync is writing right now: run again once it ends)",
    )


@contextmanager
def run_lock(settings: Settings) -> Iterator[None]:
    """Hold the lock for the run; another run against the same systems is refused."""
    path = settings.lock_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(path), timeout=0)
        lock.acquire()
    except filelock.Timeout:
        raise LockedError(
            f"another essm-sync run against the same systems holds {path}; try again later"
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot create the lock file {path}: {exc.strerror}") from None
    try:
        yield
    finally:
        lock.release()
