"""FIFOs, sockets and devices are never opened for reading nor replaced; symlinks are written through.

`open()` on a FIFO waits for a writer forever, and `os.replace` replaces a
device node as happily as a file. Every read of a user path goes through
core.regular.read_regular and every replace through write_atomic's check.
"""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from smm_tui.core.atomicfile import write_atomic
from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import DataError, SmmError
from smm_tui.core.export import write_day_export, write_export
from smm_tui.core.regular import NotRegular, read_regular
from smm_tui.core.store import Store
from smm_tui.themes.choice import save_theme_choice

DAY = date(2026, 11, 26)


def special_files(directory: Path) -> Iterator[tuple[str, Path]]:
    """Every kind of non-regular file this machine lets us make, each also behind a symlink."""
    fifo = directory / "fifo"
    os.mkfifo(fifo, 0o600)
    yield "fifo", fifo
    sock_path = directory / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        yield "socket", sock_path
        # Never the real /dev/null: a regression here would replace it for the whole machine.
        device = directory / "null-device"
        try:
            os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except OSError:
            device = fifo
        else:
            yield "char device", device
        block = directory / "block"
        try:
            os.mknod(block, 0o600 | stat.S_IFBLK, os.makedev(7, 0))
        except OSError:  # not root, or no CAP_MKNOD: try one the system has
            block = directory / "no-block-device"
        if block.exists():
            yield "block device", block
        yield "directory", directory / "adir"
        for kind, target in [("fifo", fifo), ("char device", device)]:
            link = directory / f"link-to-{kind.replace(' ', '-')}"
            link.symlink_to(target)
            yield f"symlink to {kind}", link
    finally:
        sock.close()


@pytest.fixture
def specials(tmp_path: Path) -> list[tuple[str, Path]]:
    (tmp_path / "adir").mkdir()
    return list(special_files(tmp_path))


def test_reading_any_special_file_is_refused_at_once(specials: list[tuple[str, Path]]) -> None:
    assert {"fifo", "socket", "char device", "directory"} <= {kind for kind, _ in specials}
    for kind, path in specials:
        with pytest.raises(NotRegular) as info:
            read_regular(path, 10)
        assert "not a regular file" in str(info.value.strerror), kind


def test_replacing_any_special_file_is_refused_and_it_stays(specials: list[tuple[str, Path]]) -> None:
    for kind, path in specials:
        mode = os.stat(path).st_mode
        with pytest.raises(NotRegular):
            write_atomic(path, b"x")
        with pytest.raises(SmmError, match=r"not a regular file|is a directory"):
            write_export(path, b"<svg/>", force=True)
        assert os.stat(path).st_mode == mode, kind
        assert [p for p in path.parent.iterdir() if p.name.endswith(".smm-tmp")] == []


def test_a_fifo_day_file_is_one_error_and_never_blocks(store: Store, clock: FrozenClock) -> None:
    os.mkfifo(store.day_path(DAY), 0o600)
    with pytest.raises(DataError, match="FIFO"):
        store.load_day(DAY)
    with pytest.raises(DataError, match="FIFO"):
        store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    problems = store.check()
    assert [p.path for p in problems] == [store.day_path(DAY)] and "not a regular file" in problems[0].message
    assert stat.S_ISFIFO(os.lstat(store.day_path(DAY)).st_mode)


def test_a_symlinked_day_file_is_written_through_and_backed_up_as_a_copy(store: Store, clock: FrozenClock,
                                                                        tmp_path: Path) -> None:
    elsewhere = tmp_path / "dotfiles"
    elsewhere.mkdir()
    store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    target = elsewhere / "day.toml"
    os.replace(store.day_path(DAY), target)
    store.day_path(DAY).symlink_to(target)
    old = target.read_bytes()
    store.update_day(DAY, lambda d: d.toggle("monitor-1000", clock.now()))
    assert store.day_path(DAY).is_symlink() and os.readlink(store.day_path(DAY)) == str(target)
    assert Store(store.data_dir, clock).load_day(DAY).task("monitor-1000").status == "done"
    backup = store.backup_path(DAY, 1)
    assert not backup.is_symlink() and stat.S_ISREG(os.lstat(backup).st_mode)
    assert backup.read_bytes() == old
    store.update_day(DAY, lambda d: d.toggle("monitor-1200", clock.now()))
    assert backup.read_bytes() != target.read_bytes()  # the backup is its own copy, not the live file
    assert [p for p in elsewhere.iterdir() if p.name.endswith(".smm-tmp")] == []


def test_a_symlinked_config_is_written_through_when_the_theme_is_chosen(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "smm-tui.toml"
    real.write_text('# mine\ntheme = "paper"\n')
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.symlink_to(real)
    assert save_theme_choice(config, "nord") is None
    assert config.is_symlink() and real.read_text() == '# mine\ntheme = "nord"\n'


def test_a_fifo_as_config_is_refused_when_the_theme_is_chosen(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    os.mkfifo(config, 0o600)
    problem = save_theme_choice(config, "nord")
    assert problem is not None and "FIFO" in problem.message
    assert stat.S_ISFIFO(os.lstat(config).st_mode)


def test_a_symlinked_export_folder_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "realreports"
    real.mkdir()
    link = tmp_path / "reports"
    link.symlink_to(real)
    written = write_day_export(link, DAY, "md", b"# day")
    assert written.parent == link and (real / written.name).read_bytes() == b"# day"
    assert link.is_symlink()
