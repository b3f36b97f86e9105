"""The command group's own rules: global options anywhere, usage errors as one line, exit 1.

A scheduler reads exit 2 as `plan --detailed-exitcode`'s "changes found", so a typo must
never exit 2 (design.md, exit codes).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from essm_sync.cli.logs import error

# Typer may vendor its own Click; its public BadParameter leads to whichever is in use.
_UsageError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)
_WITH_VALUE = frozenset({"--config", "-c", "--log-format"})
_FLAGS = frozenset({"--verbose", "-v"})


def hoist_globals(args: Sequence[str], commands: Sequence[str]) -> list[str]:
    """Move global options given after the command to before it, where Click reads them."""
    args = list(args)
    at = next((i for i, arg in enumerate(args) if arg in commands), None)
    if at is None:
        return args
    before, command, after = args[:at], args[at], args[at + 1 :]
    hoisted: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(after):
        arg = after[index]
        if arg == "--":
            kept += after[index:]
            break
        if arg in _FLAGS or (arg.split("=", 1)[0] in _WITH_VALUE and "=" in arg):
            hoisted.append(arg)
        elif arg in _WITH_VALUE and index + 1 < len(after):
            hoisted += after[index : index + 2]
            index += 1
        else:
            kept.append(arg)
        index += 1
    return [*before, *hoisted, command, *kept]


class EssmSyncGroup(TyperGroup):
    """Typer's group, with global options after the command and one-line usage errors."""

    def main(  # type: ignore[override]  # narrower than Click's, it only exits
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,  # noqa: ARG002 - always handled here, not by Click
        **extra: Any,
    ) -> Any:
        argv = hoist_globals(sys.argv[1:] if args is None else args, list(self.commands))
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except _UsageError as exc:
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
                typer.echo(ctx.get_help())
                sys.exit(0)
            command = f" {ctx.info_name}" if ctx is not None and ctx.parent is not None else ""
            message = exc.format_message()  # type: ignore[attr-defined]  # Click's UsageError
            error(f"usage: {message} (see `essm-sync{command} --help`)")
            sys.exit(1)
        except typer.Abort:
            error("aborted")
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)
