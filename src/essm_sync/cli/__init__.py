"""The command line: Typer commands over the engine; exit codes live here.

`main` imports the commands only when one runs, so `essm-sync --version` answers before
the HTTP, model and logging stacks load.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line."""
    if sys.argv[1:] == ["--version"]:
        from essm_sync import __version__  # noqa: PLC0415 - the one cheap import needed

        sys.stdout.write(f"essm-sync {__version__}\n")
        return
    from essm_sync.cli.app import main as run  # noqa: PLC0415 - see the module docstring

    run()


__all__ = ["main"]
