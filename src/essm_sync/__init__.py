"""essm-sync: keep TermTime's estate and Booker's teaching bookings in step."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    # Looked up on first use: the metadata machinery costs start-up time.
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("essm-sync")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'essm_sync' has no attribute {name!r}")


__all__ = ["__version__"]
