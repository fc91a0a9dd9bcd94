"""Random edits on both sides between syncs: after each sync both sides hold the same tasks, once each.

SMM_SYNC_SEED replays another sequence of edits (the default seed is fixed, so CI runs are reproducible).
"""

from __future__ import annotations

import os
import random
from datetime import UTC, date, datetime, time, timedelta

import icalendar
from sync_helpers import Phone, settings_for, sync_round

from smm_tui.core.models import Task
from smm_tui.core.store import Store
from smm_tui.core.sync import vtodo
from smm_tui.core.sync.item import Item, sync_uid

DAY = date(2026, 11, 26)
DAYS = 3
ROUNDS = 6


def local_items(store: Store) -> dict[str, Item]:
    out: dict[str, Item] = {}
    for n in range(DAYS):
        day = store.load_day(DAY + timedelta(days=n))
        for task in day.tasks:
            uid = sync_uid(day.date, task)
            assert uid not in out, f"duplicate {uid}"
            out[uid] = Item(day.date, day.zone, task)
    return out


def remote_items(phone: Phone) -> dict[str, Item]:
    out: dict[str, Item] = {}
    for uid, todo in phone.todos().items():
        cal = icalendar.Calendar()
        cal.add_component(todo)
        _uid, item = vtodo.parse(bytes(cal.to_ical()), "Europe/Berlin")
        assert item is not None, uid
        out[uid] = item
    return out


def local_edit(store: Store, rng: random.Random, now: datetime, n: int) -> None:
    day = DAY + timedelta(days=rng.randrange(DAYS))
    tasks = store.load_day(day).ordered()
    pick = tasks[rng.randrange(len(tasks))] if tasks else None
    what = rng.choice(["tick", "skip", "title", "delete", "add"]) if pick else "add"
    if what == "tick" and pick:
        store.update_day(day, lambda d: d.toggle(pick.id, now))
    elif what == "skip" and pick:
        store.update_day(day, lambda d: d.set_status(pick.id, "skipped", now))
    elif what == "title" and pick:
        store.update_day(day, lambda d: d.replace_task(d.task(pick.id).edited(title=f"{pick.title} (edited {n})")))
    elif what == "delete" and pick:
        store.update_day(day, lambda d: d.without_task(pick.id))
    else:
        store.update_day(day, lambda d: d.with_task(Task(id=d.new_task_id(), title=f"local {n}", start=time(14, n % 60))))


def phone_edit(phone: Phone, rng: random.Random, at: datetime, n: int) -> None:
    uids = sorted(phone.todos())
    what = rng.choice(["tick", "title", "delete", "add"]) if uids else "add"
    if what == "add":
        phone.add(f"phone-{n}@example.org", f"phone {n}", datetime(2026, 11, 26 + n % DAYS, 15, 0, tzinfo=UTC))
        return
    uid = uids[rng.randrange(len(uids))]
    if what == "tick":
        phone.tick(uid, at=at)
    elif what == "delete":
        phone.delete(uid)
    else:
        def retitle(todo: icalendar.Todo) -> None:
            title = str(todo.get("SUMMARY", ""))
            todo.pop("SUMMARY", None)
            todo.add("SUMMARY", f"{title} (phone {n})")
        phone.edit(uid, retitle, at=at)


def test_random_edits_on_both_sides_converge(store: Store, collection: str, phone: Phone) -> None:
    rng = random.Random(int(os.environ.get("SMM_SYNC_SEED", "20261126")))
    settings = settings_for(collection, future=DAYS - 1)
    sync_round(store, settings)
    for n in range(ROUNDS):
        for k in range(rng.randrange(1, 4)):
            local_edit(store, rng, store.clock.now(), n * 10 + k)
        for k in range(rng.randrange(1, 4)):
            phone_edit(phone, rng, datetime.now(UTC) + timedelta(minutes=n), n * 10 + k)
        sync_round(store, settings)
        settle = sync_round(store, settings)  # merges and re-pushes made in the first round are now agreed
        assert settle.left == 0
        mine, theirs = local_items(store), remote_items(phone)
        assert sorted(mine) == sorted(theirs), f"round {n}: the sides hold different tasks"
        for uid, item in mine.items():
            assert item.digest() == theirs[uid].digest(), f"round {n}: {uid} differs"
        again = sync_round(store, settings)
        assert again.done == [], f"round {n}: a third sync still had work: {again.summary()}"
