"""Serve listens where the sandbox's settings file says TermTime will call, and says where."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

from essm_sync.sandbox import generate, render_config
from essm_sync.settings import load_settings
from tests.cli.conftest import free_port


def _config(tmp_path: Path, serve_url: str) -> Path:
    config = tmp_path / "sandbox.toml"
    urls = {"termtime_url": "http://127.0.0.1:1/v1/api", "booker_url": "http://127.0.0.1:2/api"}
    config.write_text(render_config(generate(seed=3, rooms=4), **urls, serve_url=serve_url))
    return config


def _read(stream: IO[str], into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line)


def test_sandbox_settings_give_serve_the_port_of_its_public_url(tmp_path: Path) -> None:
    """The settings file the sandbox writes for `--serve-port N` makes serve.port N."""
    settings = load_settings(_config(tmp_path, "http://127.0.0.1:18123"))
    assert settings.serve.port == 18123
    assert settings.serve.public_url == "http://127.0.0.1:18123"


def test_serve_listens_on_its_setting_and_says_where_in_text_logs(tmp_path: Path) -> None:
    """Without --port, serve listens on serve.port and its first text line names host:port."""
    port = free_port()
    config = _config(tmp_path, f"http://127.0.0.1:{port}")
    # No Booker poll: nothing runs while serve is up, so SIGTERM ends it at once.
    config.write_text(config.read_text() + "poll_booker_s = 0\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "essm_sync", "--config", str(config), "serve"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert process.stderr is not None
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_read, args=(process.stderr, lines), daemon=True)
    reader.start()
    try:
        first = lines.get(timeout=60)
    finally:
        # Only the first line is under test; how serve stops is tested elsewhere.
        process.kill()
        process.wait(timeout=60)
        reader.join(timeout=60)
        process.stderr.close()
    assert first.strip() == f"info: serve listening on http://127.0.0.1:{port}"
