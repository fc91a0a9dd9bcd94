"""Moving tasks between days: one logical change over two files, completed by the next open."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import SaveError
from smm_tui.core.models import Task
from smm_tui.core.moves import Move, MovedTask, plan_move
from smm_tui.core.store import Store

DAY = date(2026, 11, 26)
NEXT = DAY + timedelta(days=1)


def ids(store: Store, day: date) -> set[str]:
    return {t.id for t in store.load_day(day).tasks}


def test_move_takes_a_task_out_of_one_day_into_the_other(store: Store) -> None:
    move = store.move_tasks(DAY, NEXT, lambda s, t: plan_move(s, t, ["news-0600"], time(8, 15)))
    arrived = move.tasks[0].task
    assert "news-0600" not in ids(store, DAY)
    assert arrived.id in ids(store, NEXT) and arrived.id != "news-0600"  # the routine has news-0600 there too
    assert store.load_day(NEXT).task(arrived.id).start == time(8, 15)
    assert not store.journal_path.exists()


def test_move_keeps_the_id_when_it_is_free_and_the_start_without_a_time(store: Store) -> None:
    store.update_day(DAY, lambda d: d.with_task(Task(id="abc123", title="Post the recap", start=time(16, 0))))
    store.move_tasks(DAY, NEXT, lambda s, t: plan_move(s, t, ["abc123"]))
    assert store.load_day(NEXT).task("abc123").start == time(16, 0)
    assert "abc123" not in ids(store, DAY)


def test_several_refs_move_together_and_a_missing_ref_moves_nothing(store: Store) -> None:
    before = store.load_day(DAY)
    with pytest.raises(KeyError):
        store.move_tasks(DAY, NEXT, lambda s, t: plan_move(s, t, ["1", "nope"]))
    assert not store.day_path(DAY).exists() and not store.day_path(NEXT).exists()
    move = store.move_tasks(DAY, NEXT, lambda s, t: plan_move(s, t, ["1", "2", "1"]))
    assert [m.source_id for m in move.tasks] == [before.ordered()[0].id, before.ordered()[1].id]
    assert len(store.load_day(DAY).tasks) == len(before.tasks) - 2


def test_open_completes_a_move_the_writer_did_not_finish(data_dir: object, clock: FrozenClock, store: Store) -> None:
    """The journal alone (killed right after writing it): the next open moves the task."""
    task = store.load_day(DAY).task("wake-0530")
    move = Move(source=DAY, target=NEXT, tasks=(MovedTask(source_id="wake-0530", task=task.edited(id="w1")),))
    store.journal_path.write_bytes(move.to_toml())
    reopened = Store(store.data_dir, clock).open()
    assert "wake-0530" not in ids(reopened, DAY) and "w1" in ids(reopened, NEXT)
    assert not reopened.journal_path.exists()
    # Finishing again changes nothing (killed while finishing: the next open repeats it).
    before = (reopened.day_path(DAY).read_bytes(), reopened.day_path(NEXT).read_bytes())
    reopened.journal_path.write_bytes(move.to_toml())
    Store(store.data_dir, clock).open()
    assert (reopened.day_path(DAY).read_bytes(), reopened.day_path(NEXT).read_bytes()) == before


def test_a_broken_journal_is_set_aside_not_applied(store: Store, clock: FrozenClock) -> None:
    store.journal_path.write_text("version = 1\nsource = 'nonsense'\n")
    Store(store.data_dir, clock).open()
    assert not store.journal_path.exists()
    assert [p.name.split(".broken-")[0] for p in store.data_dir.glob("move.journal.toml.broken-*")] == [
        "move.journal.toml"]
    assert not store.day_path(DAY).exists()


def test_same_day_is_not_a_move(store: Store) -> None:
    with pytest.raises(ValueError, match="two different days"):
        store.move_tasks(DAY, DAY, lambda s, t: plan_move(s, t, ["1"]))


def test_a_target_that_cannot_be_saved_withdraws_the_move(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise SaveError("disk full")

    monkeypatch.setattr(store, "_write_day", refuse)
    with pytest.raises(SaveError):
        store.move_tasks(DAY, NEXT, lambda s, t: plan_move(s, t, ["1"]))
    assert not store.journal_path.exists()


def test_a_read_only_open_completes_a_pending_move_first(store: Store, clock: FrozenClock) -> None:
    """`today` and export open the store without writing; a half-done move must not show in both days."""
    task = store.load_day(DAY).task("lunch-1200")
    store.update_day(NEXT, lambda d: d.with_task(task.edited(id="l2")))  # killed after the target's save
    move = Move(source=DAY, target=NEXT, tasks=(MovedTask(source_id="lunch-1200", task=task.edited(id="l2")),))
    store.journal_path.write_bytes(move.to_toml())
    reader = Store(store.data_dir, clock).open(write=False)
    assert "lunch-1200" not in ids(reader, DAY) and "l2" in ids(reader, NEXT)
    assert not reader.journal_path.exists()
