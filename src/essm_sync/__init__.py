"""essm-sync: keep TermTime's estate and Booker's teaching bookings in step."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("essm-sync")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
