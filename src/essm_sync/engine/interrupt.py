"""A stop request: once made, no new change starts; changes in flight finish."""

from __future__ import annotations


class Interrupt:
    """Set by a signal handler; read by the apply loop between changes."""

    def __init__(self) -> None:
        self._requested = False

    def request(self) -> None:
        """Ask the run to stop starting changes."""
        self._requested = True

    @property
    def is_requested(self) -> bool:
        """Whether a stop was asked for."""
        return self._requested
