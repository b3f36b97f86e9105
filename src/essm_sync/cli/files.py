"""The files a command writes (`--report`, `--out`, the metrics file): resolved, checked
before anything is read or written, and written whole beside their target.

design.md, Failing well: what a path names must be a regular file or nothing; a symlink
is followed and kept, its target written; nothing partial is ever left behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from essm_sync.errors import ConfigError, FileWriteError


def _kind_of(mode: int) -> str | None:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None if stat.S_ISREG(mode) else "not a regular file"


def resolve_output(path: Path, what: str) -> Path:
    """Return the file `path` names, symlinks followed, once it is sure it can be written:
    a regular file or nothing, in a folder that exists and may be written to.

    Raises:
        ConfigError: a directory, device, FIFO or socket, a missing folder, no permission.
    """
    target = Path(os.path.realpath(path))
    try:
        mode: int | None = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ConfigError(f"cannot write {what} to {path}: {exc.strerror}") from None
    if mode is not None and (kind := _kind_of(mode)) is not None:
        raise ConfigError(f"cannot write {what} to {path}: it is {kind}, not a regular file")
    folder = target.parent
    if not folder.is_dir():
        raise ConfigError(f"cannot write {what} to {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (mode is not None and not os.access(target, os.W_OK)):
        raise ConfigError(f"cannot write {what} to {path}: permission denied")
    return target


def _mode_for(target: Path) -> int:
    # The file keeps the mode it had; a new one gets what `open` would have given it.
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_whole(path: Path, text: str, what: str) -> Path:
    """Write `text` to the file `path` names: aside in its folder, then renamed into place.

    Returns the file written (the symlink's target when `path` is one).

    Raises:
        ConfigError: `path` may not be written (see `resolve_output`).
        FileWriteError: the write failed (a full disk); nothing partial is left behind.
    """
    target = resolve_output(path, what)
    aside: str | None = None
    try:
        handle, aside = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial",
                                         dir=target.parent)  # fmt: skip
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(aside, _mode_for(target))
        os.replace(aside, target)
        aside = None
    except OSError as exc:
        raise FileWriteError(f"cannot write {what} to {path}: {exc.strerror or exc}") from None
    finally:
        if aside is not None:
            Path(aside).unlink(missing_ok=True)
    return target
