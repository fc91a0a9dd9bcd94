from __future__ import annotations

import os
import stat
from datetime import date, time
from pathlib import Path

import pytest

from smm_tui.core.backups import BACKUPS
from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import DataError, SaveError, StoreBusy
from smm_tui.core.models import Day, Task
from smm_tui.core.routine import DEFAULT_ROUTINE_TOML
from smm_tui.core.store import Store

DAY = date(2026, 11, 26)


def test_first_open_writes_the_default_routine_privately(store: Store, data_dir: Path) -> None:
    assert store.routine_path.read_text() == DEFAULT_ROUTINE_TOML
    assert stat.S_IMODE(os.stat(store.routine_path).st_mode) == 0o600
    for directory in (data_dir, store.days_dir, store.backups_dir, store.backups_dir.parent, store.state_dir):
        assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700, directory


def test_open_does_not_overwrite_an_existing_routine(data_dir: Path, clock: FrozenClock) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / "routine.toml").write_text("version = 1\n")
    Store(data_dir, clock).open()
    assert (data_dir / "routine.toml").read_text() == "version = 1\n"


def test_day_without_file_is_the_routine_and_creates_nothing(store: Store) -> None:
    d = store.load_day(DAY)
    assert len(d.tasks) == 20 and d.zone == "Europe/Berlin"
    assert not store.day_path(DAY).exists()


def test_update_creates_the_day_file_and_round_trips(store: Store, clock: FrozenClock) -> None:
    updated = store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    assert store.day_path(DAY).exists()
    fresh = Store(store.data_dir, clock).load_day(DAY)
    assert fresh == updated
    assert fresh.task("wake-0530").status == "done"
    assert fresh.task("wake-0530").done_at == clock.now()


def test_unchanged_update_writes_nothing(store: Store) -> None:
    store.update_day(DAY, lambda d: d)
    assert not store.day_path(DAY).exists()


def test_ids_of_routine_occurrences_survive_reloads(store: Store, clock: FrozenClock) -> None:
    store.update_day(DAY, lambda d: d.set_status("monitor-1400", "skipped", clock.now()))
    assert Store(store.data_dir, clock).load_day(DAY).task("monitor-1400").status == "skipped"


def test_update_rereads_the_disk_so_outside_changes_are_kept(store: Store, clock: FrozenClock) -> None:
    store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    other = Store(store.data_dir, clock)  # another process
    other.update_day(DAY, lambda d: d.toggle("news-0600", clock.now()))
    result = store.update_day(DAY, lambda d: d.toggle("criticism-0700", clock.now()))
    assert {t.id for t in result.tasks if t.status == "done"} == {"wake-0530", "news-0600", "criticism-0700"}


def test_same_size_rewrite_is_seen(store: Store, clock: FrozenClock) -> None:
    store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    path = store.day_path(DAY)
    text = path.read_text()
    swapped = text.replace('title = "Last look', 'title = "Lost look')
    assert len(swapped) == len(text)
    st = os.stat(path)
    path.write_text(swapped)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime
    assert store.load_day(DAY).task("last-look-2300").title.startswith("Lost look")


def test_backups_keep_previous_versions(store: Store, clock: FrozenClock) -> None:
    versions = []
    for task_id in ("wake-0530", "news-0600", "criticism-0700", "advocates-0730", "blog-0830"):
        store.update_day(DAY, lambda d, t=task_id: d.toggle(t, clock.now()))
        versions.append(store.day_path(DAY).read_bytes())
    assert store.backup_path(DAY, 1).read_bytes() == versions[-2]
    assert store.backup_path(DAY, 2).read_bytes() == versions[-3]
    assert store.backup_path(DAY, BACKUPS).read_bytes() == versions[-1 - BACKUPS]
    assert not store.backup_path(DAY, BACKUPS + 1).exists()
    for n in range(1, BACKUPS + 1):
        assert stat.S_IMODE(os.stat(store.backup_path(DAY, n)).st_mode) == 0o600


def test_broken_file_is_reported_and_never_overwritten(store: Store, clock: FrozenClock) -> None:
    path = store.day_path(DAY)
    broken = b'version = 1\ndate = 2026-11-26\nzone = "Europe/Berlin"\n[[tasks]]\nid = "a"\ntitle = "x\n'
    path.write_bytes(broken)
    with pytest.raises(DataError) as info:
        store.update_day(DAY, lambda d: d.toggle("a", clock.now()))
    assert str(info.value).startswith(f"{path}:6:")
    assert path.read_bytes() == broken
    # other days keep working
    assert len(store.load_day(date(2026, 11, 27)).tasks) == 20


def test_nul_filled_file_is_refused_not_read_as_empty(store: Store) -> None:
    path = store.day_path(DAY)
    path.write_bytes(b"\x00" * 4096)
    with pytest.raises(DataError, match="TOML syntax"):
        store.load_day(DAY)
    assert path.read_bytes() == b"\x00" * 4096


def test_wrong_type_gives_field_path_and_line(store: Store) -> None:
    path = store.day_path(DAY)
    path.write_text(
        'version = 1\ndate = 2026-11-26\nzone = "Europe/Berlin"\n\n'
        '[[tasks]]\nid = "a"\ntitle = "A"\nstart = 09:00:00\n\n'
        '[[tasks]]\nid = "b"\ntitle = "B"\nstart = 10:00:00\nminutes = "long"\n'
    )
    with pytest.raises(DataError) as info:
        store.load_day(DAY)
    problem = info.value.problems[0]
    assert problem.line == 14
    assert problem.field == "tasks[1].minutes"
    assert "valid integer" in problem.message and "'long'" in problem.message


def test_date_must_match_file_name(store: Store) -> None:
    store.day_path(DAY).write_text('version = 1\ndate = 2026-11-25\nzone = "UTC"\n')
    with pytest.raises(DataError, match="does not match the file name"):
        store.load_day(DAY)


def test_world_writable_data_dir_is_refused(data_dir: Path, clock: FrozenClock) -> None:
    data_dir.mkdir()
    os.chmod(data_dir, 0o777)
    with pytest.raises(SaveError, match="world-writable"):
        Store(data_dir, clock).open()


def test_stale_temp_files_are_cleaned_on_open(store: Store, clock: FrozenClock) -> None:
    cache = store.data_dir / ".cache"
    cache.mkdir(mode=0o700, exist_ok=True)
    leftovers = [store.days_dir / ".2026-11-26.toml.abc123.smm-tmp",
                 cache / ".day-2026-11-26.json.xyz789.smm-tmp"]  # a snapshot refresh killed mid-write
    for leftover in leftovers:
        leftover.write_text("half")
    Store(store.data_dir, clock).open()
    assert [p for p in leftovers if p.exists()] == []


def test_a_held_lock_gives_a_clear_busy_error(store: Store, clock: FrozenClock) -> None:
    import filelock

    # flock locks belong to an open file, so a second lock object conflicts even in this process.
    other = filelock.FileLock(store.data_dir / ".lock", thread_local=False, is_singleton=False)
    quick = Store(store.data_dir, clock, lock_timeout=0.05)
    with other, pytest.raises(StoreBusy, match="another smm-tui process"):
        quick.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    assert not store.day_path(DAY).exists()
    quick.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    assert store.day_path(DAY).exists()


def test_failed_write_leaves_old_file_and_reports(store: Store, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    before = store.day_path(DAY).read_bytes()
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(SaveError, match="no space left on device"):
        store.update_day(DAY, lambda d: d.toggle("news-0600", clock.now()))
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert store.day_path(DAY).read_bytes() == before
    assert Store(store.data_dir, clock).load_day(DAY).task("news-0600").status == "todo"
    assert not [p for p in store.days_dir.iterdir() if p.name.endswith(".smm-tmp")]


def test_check_lists_every_broken_file(store: Store) -> None:
    store.day_path(DAY).write_text("date = ")
    store.day_path(date(2026, 11, 27)).write_text('version = 1\ndate = 2026-11-27\nzone = "UTC"\nnote = 5\n')
    (store.days_dir / "notes.toml").write_text("")
    problems = store.check()
    assert [p.path.name for p in problems] == ["2026-11-26.toml", "2026-11-27.toml", "notes.toml"]
    assert problems[1].field == "note" and problems[1].line == 4


def test_state_round_trip(store: Store) -> None:
    store.write_state("reminders", {"fired": ["a|lead|2026-11-26T09:00"]})
    assert store.read_state("reminders") == {"version": 1, "fired": ["a|lead|2026-11-26T09:00"]}
    assert stat.S_IMODE(os.stat(store.state_path("reminders")).st_mode) == 0o600


def test_save_day_with_odd_titles(store: Store) -> None:
    titles = ['multi\nline', 'quote """ here', "tab\there", "emoji 🎉📣", "עברית RTL", "esc \x1b[2J"]
    d = Day(date=DAY, zone="Europe/Berlin",
            tasks=tuple(Task(id=f"t{i}", title=t, start=time(9, i)) for i, t in enumerate(titles)))
    store.save_day(d)
    assert Store(store.data_dir, store.clock).load_day(DAY) == d


def test_sticky_world_writable_data_dir_is_refused_too(data_dir: Path, clock: FrozenClock) -> None:
    # /tmp-style 1777: others cannot replace our files but could plant days/ or .cache/ first.
    data_dir.mkdir()
    os.chmod(data_dir, 0o1777)
    with pytest.raises(SaveError, match="refusing a world-writable data dir"):
        Store(data_dir, clock).open()
    assert sorted(os.listdir(data_dir)) == []


def test_check_reports_an_unusable_data_dir_instead_of_crashing(tmp_path: Path, clock: FrozenClock) -> None:
    # Found by tests/torture: a data dir that is a file made check() raise NotADirectoryError.
    a_file = tmp_path / "file"
    a_file.write_text("")
    assert [str(p) for p in Store(a_file, clock).check()] == [f"{a_file}: the data dir exists but is not a directory"]
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    assert "refusing a world-writable data dir" in str(Store(shared, clock).check()[0])
    inside = Store(a_file / "data", clock)
    assert [p.message for p in inside.check()] == ["cannot use the data dir: Not a directory"]


def test_the_writer_sees_the_day_as_a_fresh_read_does(store: Store, data_dir: Path, clock: FrozenClock) -> None:
    """Found by the TUI monkey test: the file lists tasks by start time; the writer's own
    copy (its cache, what update_day returns) must be in that order too, or the app holds a
    day that differs from the file it just saved."""
    day = date(2026, 11, 26)
    early = Task(id="early", title="added last, starts first", start=time(0, 5))
    saved = store.update_day(day, lambda d: d.with_task(early))
    fresh = Store(data_dir, clock).load_day(day)
    assert fresh.tasks[0].id == "early"
    assert saved == fresh
    assert store.load_day(day) == fresh
