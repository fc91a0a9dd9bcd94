"""Write failures: ENOSPC and EIO injected into each os call of a save.

In-process tests make one os call fail (harness.fail_calls, only for paths
in the data dir) and check the API contract; the CLI tests inject the same
fault into a real `smm-tui` subprocess through the test-only sitecustomize
hook (harness.failure_env) - product code has no test hooks.

Contract: a failure before the rename leaves the old file byte-for-byte, no
temp file, untouched backups, and a store that still reports the old state;
the caller gets SaveError naming the file and the reason. A failure after the
rename (directory fsync, backup rotation) is reported as "saved, but ..." and
the store reports the new state - the message tells what is on disk.
"""

from __future__ import annotations

import errno
import os
import subprocess
from datetime import date
from pathlib import Path

import harness
import pytest
from harness import assert_store_sound, fail_calls, failure_env, temp_files, tree_snapshot

from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import SaveError
from smm_tui.core.store import Store

pytestmark = pytest.mark.torture

DAY = date(2026, 11, 26)
REASONS = {errno.ENOSPC: "no space left on device", errno.EIO: "Input/output error"}


@pytest.fixture
def worked_store(store: Store, clock: FrozenClock) -> Store:
    """A store whose day has a file and three backups (so every step of a save runs)."""
    for task_id in ("wake-0530", "news-0600", "criticism-0700", "advocates-0730"):
        store.update_day(DAY, lambda d, t=task_id: d.toggle(t, clock.now()))
    return store


# (call, nth call under the data dir during one update_day) that fail before the rename.
BEFORE_RENAME = [
    ("open", ".smm-tmp"),   # mkstemp of the temp file
    ("write", ".smm-tmp"),  # the bytes
    ("fsync", ".smm-tmp"),  # the temp file's fsync
    ("close", ".smm-tmp"),  # close reports a deferred write error (NFS does this)
    ("replace", "days/"),   # the rename itself (the first replace of a save)
    ("link", ""),           # no hard link possible: falls back to copying, the save still succeeds
]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
@pytest.mark.parametrize(("call", "match"), BEFORE_RENAME, ids=[c for c, _ in BEFORE_RENAME])
def test_failure_before_the_rename_changes_nothing(
    worked_store: Store, clock: FrozenClock, call: str, match: str, code: int
) -> None:
    store = worked_store
    path = store.day_path(DAY)
    before_file = path.read_bytes()
    before_tree = tree_snapshot(store.data_dir)
    with fail_calls(store.data_dir, call, code, match=match) as hits:
        if call == "link":
            result = store.update_day(DAY, lambda d: d.toggle("blog-0830", clock.now()))
        else:
            with pytest.raises(SaveError) as info:
                store.update_day(DAY, lambda d: d.toggle("blog-0830", clock.now()))
    assert hits, f"the fault in os.{call} was never hit"
    if call == "link":
        # The fallback copy kept the backup: the save went through and backup .1 is the old file.
        assert result.task("blog-0830").status == "done"
        assert store.backup_path(DAY, 1).read_bytes() == before_file
        assert not temp_files(store.data_dir)
        return
    message = str(info.value)
    assert message == f"{path}: could not save ({REASONS[code]}); the file on disk is unchanged"
    assert path.read_bytes() == before_file
    assert tree_snapshot(store.data_dir) == before_tree, "backups or other files changed"
    assert not temp_files(store.data_dir), "a temp or staging file was left"
    assert store.load_day(DAY).task("blog-0830").status == "todo", "the store's cache claims the change"
    assert Store(store.data_dir, clock).load_day(DAY).task("blog-0830").status == "todo"
    # Nothing is wedged: the same change succeeds once the disk is well again.
    assert store.update_day(DAY, lambda d: d.toggle("blog-0830", clock.now())).task("blog-0830").status == "done"
    assert store.backup_path(DAY, 1).read_bytes() == before_file


@pytest.mark.parametrize(
    ("call", "nth", "expected"),
    [
        ("fsync", 2, "saved, but the disk reported an error making it durable"),   # fsync of days/
        ("fsync", 3, "saved, but the previous version could not be kept as a backup"),  # fsync of backups/days/
        ("replace", 2, "saved, but the previous version could not be kept as a backup"),  # rotating .2 -> .3
    ],
)
def test_failure_after_the_rename_says_saved(
    worked_store: Store, clock: FrozenClock, call: str, nth: int, expected: str
) -> None:
    store = worked_store
    path = store.day_path(DAY)
    with fail_calls(store.data_dir, call, errno.EIO, nth=nth) as hits, pytest.raises(SaveError) as info:
        store.update_day(DAY, lambda d: d.toggle("blog-0830", clock.now()))
    assert hits
    assert str(info.value).startswith(f"{path}: {expected} (Input/output error)")
    # What the message says is what the disk and the store say.
    assert Store(store.data_dir, clock).load_day(DAY).task("blog-0830").status == "done"
    assert store.load_day(DAY).task("blog-0830").status == "done"
    assert_store_sound(store.data_dir, clock)


def test_repeated_failed_saves_keep_the_old_backups(worked_store: Store, clock: FrozenClock) -> None:
    """A full disk retried three times must not push the real old versions out of the backups."""
    store = worked_store
    backups = {n: store.backup_path(DAY, n).read_bytes() for n in (1, 2, 3)}
    for _ in range(3):
        with fail_calls(store.data_dir, "write", errno.ENOSPC), pytest.raises(SaveError):
            store.update_day(DAY, lambda d: d.toggle("blog-0830", clock.now()))
    assert {n: store.backup_path(DAY, n).read_bytes() for n in (1, 2, 3)} == backups


def test_failure_creating_a_new_day_file_leaves_no_file(store: Store, clock: FrozenClock) -> None:
    path = store.day_path(DAY)
    with fail_calls(store.data_dir, "write", errno.ENOSPC), pytest.raises(SaveError, match="could not save"):
        store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    assert not path.exists() and not temp_files(store.data_dir)
    assert not store.has_day_file(DAY) and store.load_day(DAY).task("wake-0530").status == "todo"


CLI_FAULTS = [("write", errno.ENOSPC), ("fsync", errno.EIO), ("replace", errno.EIO), ("open", errno.ENOSPC)]


def test_a_lock_file_that_cannot_be_opened_is_a_save_error(worked_store: Store, clock: FrozenClock) -> None:
    # Found by this suite: ENOSPC opening .lock escaped as "internal error: OSError" (exit 70).
    store = worked_store
    before = tree_snapshot(store.data_dir)
    with fail_calls(store.data_dir, "open", errno.ENOSPC, match=".lock") as hits, pytest.raises(SaveError) as info:
        store.update_day(DAY, lambda d: d.toggle("blog-0830", clock.now()))
    assert hits == [f"open {store.data_dir / '.lock'}"]
    assert str(info.value) == (f"{store.data_dir / '.lock'}: cannot lock the data dir (no space left on device); "
                               "nothing was changed")
    assert tree_snapshot(store.data_dir) == before


@pytest.mark.parametrize(("call", "code"), CLI_FAULTS, ids=[f"{c}-{errno.errorcode[e]}" for c, e in CLI_FAULTS])
def test_cli_reports_a_failed_save_in_one_line(data_dir: Path, clock: FrozenClock, call: str, code: int) -> None:
    """`smm-tui done` with the fault injected into the real process: one line, exit 1, nothing changed."""
    store = Store(data_dir, clock).open()
    for task_id in ("wake-0530", "news-0600", "criticism-0700", "advocates-0730"):
        store.update_day(DAY, lambda d, t=task_id: d.toggle(t, clock.now()))
    path = store.day_path(DAY)
    before = tree_snapshot(data_dir)
    env = dict(os.environ, SMM_TUI_NOW="2026-11-26T09:10:00+01:00", **failure_env(data_dir, call, code, match=".smm-tmp"))
    result = subprocess.run(harness.cli_argv("done", "blog-0830", "--date", DAY.isoformat()), env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr == f"{path}: could not save ({REASONS[code]}); the file on disk is unchanged\n"
    assert tree_snapshot(data_dir) == before
    assert not temp_files(data_dir)
