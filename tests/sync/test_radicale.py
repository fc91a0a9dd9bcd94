"""End to end against a real Radicale: smm-tui on one side, the `caldav` library as the phone on the other."""

from __future__ import annotations

from datetime import date, timedelta

from sync_helpers import Phone, settings_for, sync_round

from smm_tui.core.store import Store
from smm_tui.core.sync.item import sync_uid

DAY = date(2026, 11, 26)


def week_uids(store: Store) -> set[str]:
    uids = set()
    for n in range(7):
        day = store.load_day(DAY + timedelta(days=n))
        uids |= {sync_uid(day.date, t) for t in day.tasks}
    return uids


def test_first_sync_pushes_the_week(store: Store, collection: str, phone: Phone) -> None:
    outcome = sync_round(store, settings_for(collection))
    expected = week_uids(store)
    assert outcome.summary().startswith(f"pushed {len(expected)}, pulled 0, conflicts 0, unchanged 0")
    assert set(phone.todos()) == expected
    again = sync_round(store, settings_for(collection))
    assert again.summary() == f"pushed 0, pulled 0, conflicts 0, unchanged {len(expected)}"
