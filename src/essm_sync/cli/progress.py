"""Progress bars on a terminal: timetables fetched and changes applied, per stage.

None in JSON log mode or when stderr is not a terminal, so job logs stay clean. The bars
are drawn on stderr and take over stdout only when it is the same kind of thing, a terminal:
`essm-sync sync > out.txt` must still put the plan and the summary in out.txt.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

Update = Callable[[str, int, int], None]


@contextmanager
def progress_bars(*, enabled: bool) -> Iterator[Update | None]:
    """Yield a callback `(label, done, total)` that draws bars, or None when disabled."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    bars = Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        # Rich prints stdout above the bars, on its own console (stderr): right for a
        # terminal, wrong for a file or a pipe, which must get what stdout is given.
        redirect_stdout=sys.stdout.isatty(),
    )
    tasks: dict[str, TaskID] = {}

    def update(label: str, done: int, total: int) -> None:
        if label not in tasks:
            tasks[label] = bars.add_task(label, total=total)
        bars.update(tasks[label], completed=done, total=total)

    with bars:
        yield update
