"""serve's own metrics in the Prometheus text format, beside the runs' own.

The runs are `essm-sync sync` processes; what each exports is theirs. These are serve's:
hook calls, triggers, runs by outcome, readiness and the last run.
"""

from __future__ import annotations

from essm_sync.serve.service import Service


def render_metrics(service: Service) -> str:
    """Return the text exposition of serve's counters and gauges."""
    status = service.status
    lines: list[str] = []

    def family(name: str, kind: str, help_text: str, samples: list[tuple[str, float]]) -> None:
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} {kind}")
        lines.extend(f"{name}{labels} {float(value)!r}" for labels, value in samples)

    counters = status.counters
    family(
        "essm_sync_serve_hook_calls_total", "counter", "Webhook calls, by result.",
        [(f'{{result="{r}"}}', counters[f"hooks:{r}"]) for r in ("accepted", "refused")],
    )  # fmt: skip
    reasons = sorted(k.split(":", 1)[1] for k in counters if k.startswith("triggers:"))
    family(
        "essm_sync_serve_triggers_total", "counter", "Run triggers, by what gave them.",
        [(f'{{reason="{r}"}}', counters[f"triggers:{r}"]) for r in reasons],
    )  # fmt: skip
    outcomes = sorted(k.split(":", 1)[1] for k in counters if k.startswith("runs:"))
    family(
        "essm_sync_serve_runs_total", "counter", "Runs started by serve, by outcome.",
        [(f'{{outcome="{o}"}}', counters[f"runs:{o}"]) for o in outcomes],
    )  # fmt: skip
    family(
        "essm_sync_serve_ready", "gauge", "1 when the system answered serve's last probe.",
        [(f'{{system="{s}"}}', float(ok)) for s, ok in sorted(status.ready.items())],
    )  # fmt: skip
    family(
        "essm_sync_serve_conflicts", "gauge", "Conflicts standing after the last run.",
        [("", float(len(status.conflicts)))],
    )  # fmt: skip
    if status.runs:
        last = status.runs[0]
        family(
            "essm_sync_serve_last_run_timestamp_seconds", "gauge",
            "When serve's last run ended.", [("", last.finished.timestamp())],
        )  # fmt: skip
        if last.exit_code is not None:
            family(
                "essm_sync_serve_last_exit_code", "gauge", "The exit code of serve's last run.",
                [("", float(last.exit_code))],
            )  # fmt: skip
    return "\n".join(lines) + "\n"
