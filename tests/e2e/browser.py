"""A page loaded in headless Chromium (Debian's `chromium`): its DOM and console lines."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium logs every console message and uncaught error as an INFO:CONSOLE line.
_CONSOLE = re.compile(r":CONSOLE[:(]")

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def load(url: str, profile: Path, *, width: int = 390) -> tuple[str, list[str]]:
    """Return the DOM after load and the console lines, in a phone-wide window."""
    assert CHROMIUM is not None
    done = subprocess.run(  # noqa: S603 - the system's browser, a URL of our own server
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            f"--user-data-dir={profile}", f"--window-size={width},800",
            "--enable-logging=stderr", "--v=0", "--dump-dom", url,
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, [line for line in done.stderr.splitlines() if _CONSOLE.search(line)]
