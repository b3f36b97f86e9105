"""The audit for people and programs: a text summary, Markdown and CSV listing every
record, and JSON that follows `docs/audit.schema.json`."""

from __future__ import annotations

import csv
import io
from typing import Literal

from essm_sync.core.audit._shown import time_of, title_of
from essm_sync.core.audit.html import render_html
from essm_sync.core.shown import shown
from essm_sync.models import CATEGORIES, CHECKS, Audit, Discrepancy

AuditFormat = Literal["text", "markdown", "csv", "json", "html"]
FIRST = 10  # records per category in the text summary
# The columns scripts have read since the first audit, then what people act on.
COLUMNS = ("category", "check", "system", "key", "differs", "booker", "termtime", "fix",
           "items", "title", "date", "start", "end", "room", "building", "department",
           "fixed_by_sync")  # fmt: skip


def render_audit(audit: Audit, fmt: AuditFormat) -> str:
    """Return the audit in one of its formats."""
    if fmt == "json":
        return audit.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        return _csv(audit)
    if fmt == "markdown":
        return _markdown(audit)
    if fmt == "html":
        return render_html(audit)
    return _text(audit)


def _values(d: Discrepancy) -> str:
    both = [f"Booker: {d.booker}" if d.booker is not None else "",
            f"TermTime: {d.termtime}" if d.termtime is not None else ""]  # fmt: skip
    shown = "; ".join(part for part in both if part)
    return f" ({shown})" if shown else ""


def _text(audit: Audit) -> str:
    counts = audit.counts
    lines = [title_of(audit)]
    if counts:
        width = max(len(check) for check in counts)
        wide = max(10, *(len(CHECKS[check][0]) for check in counts))
        lines += ["", f"{'category':<{wide}} {'check':<{width}} {'count':>6}  meaning"]
        lines += [
            f"{CHECKS[check][0]:<{wide}} {check:<{width}} {count:>6}  {CHECKS[check][1]}"
            for check, count in counts.items()
        ]
    for category in CATEGORIES:
        listed = [d for d in audit.discrepancies if d.category == category]
        if not listed:
            continue
        lines += ["", f"{category} ({len(listed)}):"]
        lines += [
            f"  {d.check} {d.system} {shown(d.key)}: {d.differs}{_values(d)}; fix: {d.fix}"
            + (" (the next sync fixes it)" if d.fixed_by_sync else "")
            for d in listed[:FIRST]
        ]
        if len(listed) > FIRST:
            lines.append(
                f"  ... and {len(listed) - FIRST} more (--format markdown or csv lists all)"
            )
    return "\n".join(lines) + "\n"


def _cell(value: str | None) -> str:
    return (value or "").replace("|", "\\|").replace("\n", " ")


def _markdown(audit: Audit) -> str:
    counts = audit.counts
    lines = [f"# {title_of(audit)}", ""]
    if counts:
        lines += ["| category | check | count | meaning |", "|---|---|---:|---|"]
        lines += [f"| {CHECKS[c][0]} | `{c}` | {n} | {CHECKS[c][1]} |" for c, n in counts.items()]
    for category in CATEGORIES:
        listed = [d for d in audit.discrepancies if d.category == category]
        if not listed:
            continue
        lines += ["", f"## {category} ({len(listed)})", ""]
        lines += ["| check | system | key | differs | Booker | TermTime | fix | items | title "
                  "| date | time | room | building | department | fixed by the next sync |",
                  "|---|---|---|---|---|---|---|---:|---|---|---|---|---|---|---|"]  # fmt: skip
        lines += [
            f"| `{d.check}` | {d.system} | {_cell(shown(d.key))} | {_cell(d.differs)} | "
            f"{_cell(d.booker)} | {_cell(d.termtime)} | {_cell(d.fix)} | {d.items} | "
            f"{_cell(d.title)} | {d.date or ''} | {_cell(time_of(d))} | {_cell(d.room)} | "
            f"{_cell(d.building)} | {_cell(d.department)} | {'yes' if d.fixed_by_sync else 'no'} |"
            for d in listed
        ]
    return "\n".join(lines) + "\n"


def _csv(audit: Audit) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for d in audit.discrepancies:
        writer.writerow([_csv_cell(getattr(d, column)) for column in COLUMNS])
    return out.getvalue()


def _csv_cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)
