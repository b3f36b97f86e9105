"""`essm-sync serve` as a real process, beside the sandbox on loopback, for e2e tests.

Its JSON log lines are read as they come; a test waits for an event by name, never by
sleeping, with a deadline so that a hung server fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner

from essm_sync.cli.app import app
from essm_sync.sandbox import WEBHOOK_SECRET, Faults, Webhooks
from tests.cli.conftest import LiveSandbox, free_port, serving

DEADLINE_S = 120.0


@dataclass
class LiveServe:
    """A running `serve`, its sandbox, and its log lines as they arrive."""

    sandbox: LiveSandbox
    process: subprocess.Popen[str]
    url: str
    lines: queue.Queue[str]
    seen: list[dict[str, Any]] = field(default_factory=list)

    def wait_for(self, event: str, **fields: Any) -> dict[str, Any]:
        """Return the next log event of this name (and fields); fail past the deadline."""
        while True:
            try:
                line = self.lines.get(timeout=DEADLINE_S)
            except queue.Empty:
                raise AssertionError(f"serve logged no {event} in {DEADLINE_S:g} s") from None
            try:
                record: dict[str, Any] = json.loads(line)
            except ValueError:
                continue
            self.seen.append(record)
            if record.get("event") == event and all(record.get(k) == v for k, v in fields.items()):
                return record

    def move(self, unique_id: str, **params: str) -> None:
        """Move an item in the sandbox TermTime as a timetabler would; its hooks are called."""
        base = str(self.sandbox.config.read_text()).split('base_url = "', 1)[1].split('"', 1)[0]
        origin = base.removesuffix("/v1/api")
        response = httpx.post(
            f"{origin}/sandbox/items/{unique_id}/move",
            params=params,
            headers={"Authorization": "k" + self.sandbox.university.api_key},
        )
        response.raise_for_status()


def _read(stream: Any, lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


@contextmanager
def serving_with_serve(
    tmp_path: Path, *, latency_s: float = 0.0, register: bool = True
) -> Iterator[LiveServe]:
    """Start the sandbox, register the webhooks, start `serve` (debounce 0) on loopback."""
    faults = Faults(latency_s=latency_s) if latency_s else None
    with serving(tmp_path, faults=faults) as sandbox:
        sandbox.university.termtime.webhooks = Webhooks()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        sandbox.config.write_text(
            sandbox.config.read_text()
            + f'\n[serve]\npublic_url = "{url}"\nwebhook_secret = "{WEBHOOK_SECRET}"\n'
            + "debounce_s = 0\npoll_booker_s = 0\n"
        )
        if register:
            result = CliRunner().invoke(
                app, ["--config", str(sandbox.config), "webhook", "register"]
            )
            assert result.exit_code == 0, result.output
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "essm_sync", "--config", str(sandbox.config),
             "--log-format", "json", "serve", "--port", str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )  # fmt: skip
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=_read, args=(process.stdout, lines), daemon=True)
        reader.start()
        live = LiveServe(sandbox, process, url, lines)
        try:
            live.wait_for("serve.listening")
            yield live
        finally:
            if process.poll() is None:
                process.terminate()
            process.wait(timeout=DEADLINE_S)
            reader.join(timeout=DEADLINE_S)
            if process.stdout is not None:
                process.stdout.close()
