"""A stop request: once made, no new change starts, no retry wait goes on; changes in
flight finish."""

from __future__ import annotations

from collections.abc import Callable


class Interrupt:
    """Set by a signal handler; read by the apply loop between changes."""

    def __init__(self) -> None:
        self._requested = False
        self._listeners: list[Callable[[], None]] = []

    def on_request(self, listener: Callable[[], None]) -> None:
        """Call `listener` when a stop is asked for (at once if it already was)."""
        self._listeners.append(listener)
        if self._requested:
            listener()

    def request(self) -> None:
        """Ask the run to stop starting changes, and end every wait to retry."""
        first = not self._requested
        self._requested = True
        if first:
            for listener in self._listeners:
                listener()

    @property
    def is_requested(self) -> bool:
        """Whether a stop was asked for."""
        return self._requested
