"""The command line: Typer commands over the engine; exit codes live here."""

from essm_sync.cli.app import app, main

__all__ = ["app", "main"]
