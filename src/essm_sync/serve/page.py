"""The status page for the timetabling staff: server-rendered, no script, no outside asset.

Readable on a phone: one column, tables that scroll sideways. It refreshes itself every
minute with a meta tag, so it needs no JavaScript.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from essm_sync.serve.runner import RunRecord
from essm_sync.serve.service import Service
from essm_sync.serve.words import describe_counts

_STYLE = """
body{font:16px/1.4 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:0 .8rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
.ok{color:#176117}.bad{color:#a31515}.muted{color:#666}
"""


def _when(value: dt.datetime | str, zone: dt.tzinfo) -> str:
    if isinstance(value, str):
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            return escape(value)
    else:
        when = value
    return escape(when.astimezone(zone).strftime("%a %d %b %H:%M"))


def _span(start: str, end: str, zone: dt.tzinfo) -> str:
    if not start:
        return ""
    try:
        first = dt.datetime.fromisoformat(start).astimezone(zone)
        last = dt.datetime.fromisoformat(end).astimezone(zone)
    except ValueError:
        return _when(start, zone)
    # A booking over several days ends on its own date, not at a time on the first day.
    until = last.strftime("%H:%M" if last.date() == first.date() else "%a %d %b %H:%M")
    return f"{_when(start, zone)} to {escape(until)}"


def _counts(report: dict[str, Any]) -> str:
    parts = [
        describe_counts(operation, kinds)
        for operation, kinds in sorted(report.get("counts", {}).items())
    ]
    return escape("; ".join(parts)) if parts else '<span class="muted">no changes</span>'


def _run_row(run: RunRecord, zone: dt.tzinfo) -> str:
    good = run.exit_code == 0
    cls = "ok" if good else "bad" if run.exit_code not in (None, 4) else ""
    error = run.report.get("error")
    outcome = escape(run.outcome) + (f"<br><small>{escape(str(error))}</small>" if error else "")
    return (
        f"<tr><td>{_when(run.finished, zone)}</td><td>{escape(', '.join(run.reasons))}</td>"
        f'<td>{escape(" ".join(run.operations))}</td><td class="{cls}">{outcome}</td>'
        f"<td>{_counts(run.report)}</td></tr>"
    )


def _table(headers: tuple[str, ...], rows: list[str], empty: str) -> str:
    if not rows:
        return f'<p class="muted">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f'<div class="scroll"><table><tr>{head}</tr>{"".join(rows)}</table></div>'


def render_page(service: Service) -> str:
    """Return the whole status page."""
    status = service.status
    zone = service.settings.bookings.zone()
    ready = " ".join(
        f'<span class="{"ok" if ok else "bad"}">{escape(system)}: '
        f"{'answering' if ok else 'not answering'}</span>"
        for system, ok in sorted(status.ready.items())
    )
    runs = [_run_row(run, zone) for run in status.runs]
    conflicts = [
        f"<tr><td>{escape(c.title or c.key)}<br><small>{escape(c.key)}</small></td>"
        f"<td>{escape(c.room)}</td><td>{_span(c.start, c.end, zone)}</td>"
        f"<td>{escape(c.blocking)}</td><td>{_when(c.since, zone)}</td></tr>"
        for c in status.conflicts
    ]
    held = [f"<tr><td>{escape(room)}</td></tr>" for room in status.held_rooms]
    shared = [f"<tr><td>{escape(room)}</td></tr>" for room in status.shared]
    serve = service.settings.serve
    status.read_audit(serve.audit_file)
    audit = [
        f"<tr><td>{escape(str(check))}</td><td>{escape(str(n))}</td></tr>"
        for check, n in sorted(status.audit.get("counts", {}).items())
    ]
    written = status.audit.get("written")
    audit_note = f"<p>Written {_when(written, zone)}." if written else "<p>"
    if serve.audit_url:
        audit_note += f' <a href="{escape(serve.audit_url)}">The whole audit</a>.'
    audit_note += "</p>"
    pending = "a run is due" if service.scheduler.pending else "nothing waiting"
    running = "a sync is running" if service.scheduler.running else pending
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<link rel="icon" href="data:,">
<title>essm-sync status</title><style>{_STYLE}</style></head>
<body><h1>essm-sync: TermTime to Booker</h1>
<p>{ready}. <span class="muted">Now: {escape(running)}.</span></p>
<h2 id="conflicts">Conflicts standing now ({len(conflicts)})</h2>
{
        _table(
            ("activity", "room", "time", "booking in the way, by", "since"),
            conflicts,
            "No conflicts: every event that needs a room holds its booking.",
        )
    }
<h2 id="runs">Last runs</h2>
{_table(("finished", "trigger", "operations", "outcome", "changes"), runs, "No run yet.")}
<h2 id="held">Held rooms ({len(held)})</h2>
{_table(("room",), held, "No room held: every timetable could be read.")}
<h2 id="shared">Shared rooms ({len(shared)})</h2>
{_table(("room",), shared, "No room taught together.")}
<h2 id="audit">Latest audit</h2>
{audit_note}{_table(("check", "records"), audit, "No audit read.")}
</body></html>
"""
