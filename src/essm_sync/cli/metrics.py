"""Where a command's metrics go once it ends: the `--metrics-file` textfile (written whole,
after the file's last contents are merged in) and the Pushgateway (pushed once). A push
that fails is one warning line and never changes the exit code."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.error import HTTPError

from essm_sync.cli.common import check_writable
from essm_sync.cli.files import write_whole
from essm_sync.cli.logs import error, warn
from essm_sync.errors import EssmSyncError, UnsafePlanError
from essm_sync.metrics import facts_of_plan, push_run, render_textfile

if TYPE_CHECKING:
    from essm_sync.engine import Systems
    from essm_sync.metrics import RunFacts
    from essm_sync.models import Plan
    from essm_sync.settings import MetricsSettings, Settings


@dataclass(frozen=True)
class MetricsJob:
    """One command's metrics: what ran, and where they go."""

    command: str
    operations: tuple[str, ...]
    file: Path | None
    settings: MetricsSettings
    started_s: float  # Unix time the command started


def metrics_job(
    settings: Settings, command: str, operations: tuple[str, ...], file: Path | None
) -> MetricsJob | None:
    """Return where this command's metrics go (None: nowhere), the file checked before
    anything is read or written."""
    path = file if file is not None else settings.metrics.file
    if path is None and not settings.metrics.pushgateway_url:
        return None
    if path is not None:
        check_writable(path, "the metrics")
    return MetricsJob(command, operations, path, settings.metrics, time.time())


def exit_code_of(failure: BaseException) -> int:
    """Return the exit code a run stopped by `failure` ends with: 3 refused, else 1."""
    return 3 if isinstance(failure, UnsafePlanError) else 1


def traffic_of(systems: Systems | None) -> tuple[dict[str, int], dict[str, int]]:
    """Return the requests and retries each system saw."""
    if systems is None:
        return {}, {}
    requests = {
        "TermTime": sum(systems.termtime.requests.values()),
        "Booker": sum(systems.booker.requests.values()),
    }
    return requests, {"TermTime": systems.termtime.retries, "Booker": systems.booker.retries}


def export_metrics(job: MetricsJob, facts: RunFacts) -> bool:
    """Write the textfile and push to the Pushgateway, as configured.

    Returns False when the textfile could not be written (one error line said so).
    """
    saved = True
    if job.file is not None:
        try:
            previous = job.file.read_text(encoding="utf-8") if job.file.is_file() else ""
        except (OSError, UnicodeDecodeError):
            previous = ""  # a file that cannot be read is replaced by a good one
        try:
            write_whole(job.file, render_textfile(previous, facts), "the metrics")
        except EssmSyncError as exc:  # one line naming the file and the error
            error(str(exc))
            saved = False
    url = job.settings.pushgateway_url
    if url:
        try:
            push_run(url, facts, instance=job.settings.instance,
                     timeout_s=job.settings.timeout_s)  # fmt: skip
        except OSError as exc:
            reason = f"HTTP {exc.code}" if isinstance(exc, HTTPError) else str(
                getattr(exc, "reason", None) or exc)  # fmt: skip
            warn("metrics.push_failed", f"metrics not pushed to {url}: {reason}", url=url)
    return saved


def export_read_only(
    job: MetricsJob | None, systems: Systems | None, *, exit_code: int, plan: Plan | None = None
) -> None:
    """Export the metrics of a `plan` or `audit` run, each change of `plan` as planned."""
    if job is None:
        return
    requests, retries = traffic_of(systems)
    facts = facts_of_plan(
        plan, command=job.command, operations=job.operations, exit_code=exit_code,
        started_s=job.started_s, finished_s=time.time(), requests=requests, retries=retries,
    )  # fmt: skip
    export_metrics(job, facts)  # a read-only run's exit code stands whatever the file did
