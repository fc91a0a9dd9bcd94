from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from smm_tui.core import snapshot
from smm_tui.core.store import Store
from smm_tui.core.timeline import build

DAY = date(2026, 11, 26)


def test_snapshot_hit_only_for_identical_sources(store: Store, config_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    key = snapshot.key(store.data_dir, DAY, config_path)
    assert key is not None
    doc = build(store.load_day(DAY), source="routine").to_doc()
    snapshot.save(store.data_dir, DAY, key, doc)
    assert snapshot.load(store.data_dir, DAY, key) == doc

    store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    assert snapshot.key(store.data_dir, DAY, config_path) != key, "a day file changes the key"


def test_routine_and_config_edits_change_the_key(store: Store, config_path: Path) -> None:
    key = snapshot.key(store.data_dir, DAY, config_path)
    store.routine_path.write_text(store.routine_path.read_text() + "\n# edited\n")
    key2 = snapshot.key(store.data_dir, DAY, config_path)
    assert key2 != key
    config_path.parent.mkdir(parents=True)
    config_path.write_text("lead_minutes = 5\n")
    assert snapshot.key(store.data_dir, DAY, config_path) != key2


def test_no_routine_means_no_key(data_dir: Path, config_path: Path) -> None:
    assert snapshot.key(data_dir, DAY, config_path) is None


def test_corrupt_cache_is_a_miss(store: Store, config_path: Path) -> None:
    key = snapshot.key(store.data_dir, DAY, config_path)
    assert key is not None
    store.cache_dir.mkdir(mode=0o700)
    path = store.cache_dir / f"day-{DAY}.snap"
    path.write_bytes(b"\x00garbage")
    assert snapshot.load(store.data_dir, DAY, key) is None
    good = snapshot.pack(key, {"x": 1})
    path.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))  # one bit off in the payload: the checksum says no
    assert snapshot.load(store.data_dir, DAY, key) is None
    path.write_bytes(good[:len(snapshot.MAGIC) + 10])  # torn
    assert snapshot.load(store.data_dir, DAY, key) is None
    path.write_bytes(good)
    assert snapshot.load(store.data_dir, DAY, key) == {"x": 1}, "the same bytes, whole, are read"


@pytest.mark.parametrize("what", ["file", "cache dir"])
def test_a_snapshot_others_could_have_written_is_not_unmarshalled(store: Store, config_path: Path, what: str) -> None:
    """marshal is for data this user wrote: a group- or world-writable file or cache dir is a miss."""
    key = snapshot.key(store.data_dir, DAY, config_path)
    assert key is not None
    snapshot.save(store.data_dir, DAY, key, {"x": 1})
    assert snapshot.load(store.data_dir, DAY, key) == {"x": 1}
    target = store.cache_dir / f"day-{DAY}.snap" if what == "file" else store.cache_dir
    target.chmod(target.stat().st_mode | 0o020)
    assert snapshot.load(store.data_dir, DAY, key) is None


def test_a_document_marshal_cannot_write_is_simply_not_cached(store: Store, config_path: Path) -> None:
    snapshot.save(store.data_dir, DAY, "k", {"x": object()})
    assert not list(store.cache_dir.glob("day-*"))


def test_old_snapshots_are_pruned(store: Store, config_path: Path) -> None:
    old = date(2026, 1, 1)
    snapshot.save(store.data_dir, old, "k", {"x": 1})
    legacy = store.cache_dir / f"day-{DAY}.json"  # the JSON format's file of the same day
    store.cache_dir.mkdir(mode=0o700, exist_ok=True)
    legacy.write_text("{}")
    snapshot.save(store.data_dir, DAY, "k", {"x": 1})
    names = sorted(p.name for p in store.cache_dir.iterdir())
    assert names == [f"day-{DAY}.snap"]
