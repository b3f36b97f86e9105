"""A stand-in for a module's structlog logger that notes each event and its level."""

from __future__ import annotations

from typing import Any


class LevelRecorder:
    """Record (level, event) of every call, whatever the logging configuration."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def _note(self, level: str) -> Any:
        def log(event: str, **_fields: Any) -> None:
            self.events.append((level, event))

        return log

    def __getattr__(self, level: str) -> Any:
        return self._note(level)
