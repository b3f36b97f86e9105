"""The files commands write: only regular files, symlinks kept, whole or not at all, and a
file that cannot be written after the run wrote makes exit 4 with one line naming it."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from essm_sync.cli.app import app
from essm_sync.sandbox import book_without_start
from tests.cli.conftest import LiveSandbox

runner = CliRunner()


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    else:
        # A character device of its own (like /dev/null), so nothing of the machine's is at
        # stake; making one needs the privilege to.
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs privileges this machine does not grant")
    return path


@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
def test_a_report_path_that_is_no_regular_file_is_refused_before_anything_is_written(
    live: LiveSandbox, tmp_path: Path, kind: str
) -> None:
    """A FIFO, a device or a directory as `--report`: exit 1, one line, nothing synced, the
    node kept as it was."""
    path = _special(tmp_path, kind)
    before = dict(live.university.booker.bookings)
    result = runner.invoke(app, ["--config", str(live.config), "sync", "--report", str(path)])
    assert result.exit_code == 1
    assert f"it is a {'FIFO' if kind == 'fifo' else kind}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert live.university.booker.bookings == before
    mode = path.lstat().st_mode
    assert {"fifo": stat.S_ISFIFO, "device": stat.S_ISCHR, "directory": stat.S_ISDIR}[kind](mode)


def test_a_symlink_to_a_fifo_is_refused_as_audit_out(live: LiveSandbox, tmp_path: Path) -> None:
    """`audit --out` through a symlink to a FIFO: exit 1, the link and the FIFO kept."""
    target = _special(tmp_path, "fifo")
    link = tmp_path / "audit.md"
    link.symlink_to(target)
    result = runner.invoke(app, ["--config", str(live.config), "audit", "--out", str(link)])
    assert result.exit_code == 1
    assert "not a regular file" in result.stderr
    assert link.is_symlink()
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())


def test_a_symlinked_report_is_written_through_and_stays_a_symlink(
    live: LiveSandbox, tmp_path: Path
) -> None:
    """`--report link` writes the file the link names; the link itself is kept."""
    real = tmp_path / "reports" / "last.json"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "report.json"
    link.symlink_to(real)
    result = runner.invoke(app, ["--config", str(live.config), "sync", "--report", str(link)])
    assert result.exit_code in (0, 4), result.stderr
    assert link.is_symlink()
    assert json.loads(real.read_text())["tool"]["name"] == "essm-sync"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["last.json"]


def test_a_full_disk_after_the_run_wrote_is_one_line_and_exit_4(
    live: LiveSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC saving the report after bookings were written: exit 4, the file named, no
    `.partial` left behind, and the bookings stay written."""
    before = len(live.university.booker.bookings)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # The disk fills as the report is flushed to it.
    monkeypatch.setattr("essm_sync.cli.files.os.fsync", full)
    path = tmp_path / "report.json"
    result = runner.invoke(app, ["--config", str(live.config), "sync", "--report", str(path)])
    assert result.exit_code == 4, result.stderr
    assert len(live.university.booker.bookings) > before
    lines = [line for line in result.stderr.splitlines() if str(path) in line]
    assert lines == [f"error: cannot write the report to {path}: No space left on device"]
    assert "unexpected" not in result.stderr
    assert list(tmp_path.glob(".*partial")) == []
    assert not path.exists()


def test_a_full_disk_saving_a_plan_leaves_nothing_behind(
    live: LiveSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC saving `plan --out`: exit 1 (nothing was written anywhere), the file named,
    the plan saved before left whole."""
    path = tmp_path / "plan.json"
    path.write_text("{}")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("essm_sync.cli.files.os.fsync", full)
    result = runner.invoke(app, ["--config", str(live.config), "plan", "--out", str(path)])
    assert result.exit_code == 1
    assert f"cannot write the plan to {path}: No space left on device" in result.stderr
    assert path.read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir() if "plan" in p.name) == ["plan.json"]


def test_a_stage_that_fails_after_an_earlier_one_wrote_exits_4(live: LiveSandbox) -> None:
    """The estate stages write, then the bookings stage stops on a booking whose room cannot
    be read: the run says what it wrote and exits 4, never 1."""
    booker = live.university.booker
    odd = book_without_start(booker, booker.rooms[0], live.university.first_day)
    odd.wire["RoomOptimeIndex"] = None
    result = runner.invoke(app, ["--config", str(live.config), "sync"])
    assert result.exit_code == 4, result.stderr
    assert f"booking {odd.id} cannot be read, nor its room" in result.stderr
    assert "Applied: " in result.stdout
    assert "0 created, 0 updated, 0 deleted" not in result.stdout


def test_a_record_two_stages_skip_is_named_once(live: LiveSandbox) -> None:
    """A Booker room with a null Floor, skipped by the rooms and the bookings stage: one
    warning line names it, and the run exits 4."""
    code = str(live.university.booker.rooms[1]["Id"])
    live.university.booker.rooms[1]["Floor"] = None
    result = runner.invoke(app, ["--config", str(live.config), "sync"])
    assert result.exit_code == 4, result.stderr
    named = [line for line in result.stderr.splitlines() if f"Booker room {code} skipped" in line]
    assert len(named) == 1
