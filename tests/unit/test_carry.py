"""Carry-over without Textual: which day, which tasks, and a remembered "no"."""

from __future__ import annotations

from datetime import date, time, timedelta

from smm_tui.core import carry
from smm_tui.core.models import Task
from smm_tui.core.store import Store

TODAY = date(2026, 11, 26)


def add(store: Store, day: date, *tasks: Task) -> None:
    store.update_day(day, lambda current: current.model_copy(update={"tasks": (*current.tasks, *tasks)}))


def test_the_newest_day_file_before_today_counts_and_only_its_open_added_tasks(store: Store) -> None:
    add(store, TODAY - timedelta(days=5), Task(id="t-old", title="Older", start=time(9, 0)))
    add(store, TODAY - timedelta(days=2), Task(id="t-open", title="Open", start=time(9, 0)),
        Task(id="t-skip", title="Skipped", start=time(10, 0)).marked("skipped", store.clock.now()))
    add(store, TODAY + timedelta(days=1), Task(id="t-future", title="Future", start=time(9, 0)))
    offer = carry.pending(store, TODAY)
    assert offer is not None and offer.source == TODAY - timedelta(days=2)
    assert [t.id for t in offer.tasks] == ["t-open"], "not the routine's slots, not skipped, not older days"


def test_no_day_file_before_today_offers_nothing(store: Store) -> None:
    assert carry.pending(store, TODAY) is None
    add(store, TODAY, Task(id="t-today", title="Today", start=time(9, 0)))
    assert carry.pending(store, TODAY) is None


def test_a_decline_holds_for_that_day_only(store: Store) -> None:
    add(store, TODAY - timedelta(days=1), Task(id="t-open", title="Open", start=time(9, 0)))
    carry.decline(store, TODAY)
    carry.decline(store, TODAY)
    assert carry.pending(store, TODAY) is None
    assert store.read_state(carry.STATE)["declined"] == [TODAY.isoformat()]
    assert carry.pending(store, TODAY + timedelta(days=1)) is not None


def test_a_broken_state_file_asks_again_and_is_set_aside_on_the_next_no(store: Store) -> None:
    add(store, TODAY - timedelta(days=1), Task(id="t-open", title="Open", start=time(9, 0)))
    path = store.state_path(carry.STATE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("declined = [not toml")
    assert carry.pending(store, TODAY) is not None
    carry.decline(store, TODAY)
    assert carry.pending(store, TODAY) is None
    assert list(path.parent.glob("carry.toml.broken-*")), "the broken file is kept, set aside"
