"""Writing an export: atomic, never over an existing file or through a symlink unless forced."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from smm_tui.core.atomicfile import write_atomic
from smm_tui.core.errors import SaveError, UsageError
from smm_tui.core.export import ExportExists, export_day, write_day_export, write_export
from smm_tui.core.store import Store

DAY = date(2026, 11, 26)


def test_exclusive_write_refuses_existing_files_and_any_symlink(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_atomic(target, b"one", exclusive=True)
    with pytest.raises(FileExistsError):
        write_atomic(target, b"two", exclusive=True)
    assert target.read_bytes() == b"one"
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileExistsError):
        write_atomic(dangling, b"x", exclusive=True)
    assert not (tmp_path / "nowhere").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".smm-tmp")] == []


def test_dialog_writer_names_the_file_and_refuses_to_overwrite(store: Store, tmp_path: Path) -> None:
    data = export_day(store, DAY, "svg")
    path = write_day_export(tmp_path, DAY, "svg", data)
    assert path == tmp_path / "smm-day-2026-11-26.svg" and path.read_bytes() == data
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(ExportExists) as info:
        write_day_export(tmp_path, DAY, "svg", b"other")
    assert info.value.path == path and not info.value.symlink
    assert path.read_bytes() == data
    assert write_day_export(tmp_path, DAY, "svg", b"other", force=True).read_bytes() == b"other"


def test_force_writes_through_a_symlink_to_a_regular_file(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    link = tmp_path / "smm-day-2026-11-26.md"
    link.symlink_to(victim)
    with pytest.raises(ExportExists) as info:
        write_export(link, b"# day")
    assert info.value.symlink and "is a symlink" in str(info.value)
    assert victim.read_bytes() == b"precious"
    write_export(link, b"# day", force=True)
    assert link.is_symlink() and victim.read_bytes() == b"# day"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".smm-tmp")] == []


def test_bad_targets_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a folder"):
        write_day_export(tmp_path / "missing", DAY, "md", b"x")
    with pytest.raises(UsageError, match="is a directory"):
        write_export(tmp_path, b"x")
    with pytest.raises(SaveError, match="cannot write the export"):
        write_export(tmp_path / "missing" / "x.md", b"x")
    (tmp_path / "file").write_text("")
    with pytest.raises(SaveError, match="Not a directory"):
        write_export(tmp_path / "file" / "x.md", b"x")
