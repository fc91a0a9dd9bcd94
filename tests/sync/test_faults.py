"""Faults between smm-tui and the server: nothing is lost on either side, and the next good sync converges."""

from __future__ import annotations

import pytest
from fault_proxy import FaultProxy
from sync_helpers import DAY, Phone, local_uids, settings_for, sync_round

from smm_tui.core.store import Store
from smm_tui.sync.client import SyncFailed


def converged(store: Store, phone: Phone, url: str, future: int = 2) -> None:
    """A good round leaves both sides with the same items, once each, and a second one has nothing to do."""
    settings = settings_for(url, future=future)
    sync_round(store, settings)
    again = sync_round(store, settings)
    assert again.done == [] and again.left == 0, again.summary()
    uids = local_uids(store, future + 1)
    assert len(uids) == len(set(uids)), "a duplicate task here"
    assert sorted(phone.todos()) == sorted(uids)


@pytest.mark.parametrize("fault", ["500", "truncate"])
def test_a_failing_server_mid_sync_loses_nothing(fault: str, store: Store, collection: str, phone: Phone,
                                                 proxy: FaultProxy) -> None:
    url = proxy.url(collection)
    settings = settings_for(url, future=2)
    sync_round(store, settings)
    before = sorted(local_uids(store))
    phone.tick("2026-11-26-lunch-1200@smm-tui.invalid", at=store.clock.now())
    store.update_day(DAY, lambda d: d.set_status("news-0600", "skipped", store.clock.now()))
    proxy.fault = fault
    with pytest.raises(SyncFailed):
        sync_round(store, settings)
    proxy.fault = None
    assert sorted(local_uids(store)) == before
    converged(store, phone, url)
    day = store.load_day(DAY)
    assert day.task("lunch-1200").status == "done" and day.task("news-0600").status == "skipped"


def test_412_on_every_other_put_is_fetched_merged_and_retried(store: Store, collection: str, phone: Phone,
                                                               proxy: FaultProxy) -> None:
    url = proxy.url(collection)
    proxy.fault = "412-every-other-put"
    outcome = sync_round(store, settings_for(url, future=2))
    assert outcome.left == 0
    proxy.fault = None
    converged(store, phone, url)


def test_an_empty_listing_deletes_nothing(store: Store, collection: str, phone: Phone, proxy: FaultProxy) -> None:
    url = proxy.url(collection)
    settings = settings_for(url, future=2)
    sync_round(store, settings)
    before = sorted(local_uids(store))
    proxy.fault = "empty-listing"
    incremental = sync_round(store, settings)  # with a sync-token: "nothing changed", which is right
    assert incremental.done == []
    wider = settings_for(url, future=3)  # another window: a full listing, which comes back empty
    outcome = sync_round(store, wider)
    assert any("nothing was deleted" in w for w in outcome.warnings)
    assert not any(a.kind.value.startswith("delete") for a in outcome.done)
    assert sorted(local_uids(store)) == before
    proxy.fault = None
    converged(store, phone, url, future=3)


def test_a_forgotten_sync_token_falls_back_to_a_full_listing(store: Store, collection: str, phone: Phone,
                                                             proxy: FaultProxy) -> None:
    url = proxy.url(collection)
    settings = settings_for(url, future=2)
    sync_round(store, settings)
    phone.tick("2026-11-27-lunch-1200@smm-tui.invalid", at=store.clock.now())
    proxy.fault = "forget-token"
    outcome = sync_round(store, settings)
    assert outcome.summary().startswith("pushed 0, pulled 1, conflicts 0")
    assert "REPORT" in proxy.requests
    proxy.fault = None
    converged(store, phone, url)


def test_a_server_that_never_answers_times_out_with_one_line(store: Store, collection: str, phone: Phone,
                                                             proxy: FaultProxy) -> None:
    url = proxy.url(collection)
    settings = settings_for(url, future=2)
    sync_round(store, settings)
    proxy.fault = "hang"
    with pytest.raises(SyncFailed, match="timeout"):
        sync_round(store, settings.model_copy(update={"sync": settings.sync.model_copy(update={"timeout_seconds": 1})}))
    proxy.fault = None
    proxy.release.set()
    converged(store, phone, url)


def test_a_sync_with_nothing_to_do_moves_no_item_bodies(store: Store, collection: str, phone: Phone,
                                                        proxy: FaultProxy) -> None:
    url = proxy.url(collection)
    settings = settings_for(url, future=2)
    sync_round(store, settings)
    proxy.requests.clear()
    outcome = sync_round(store, settings)
    assert outcome.done == []
    assert set(proxy.requests) == {"REPORT"}, proxy.requests  # the sync-collection (and its login retry)
    assert outcome.traffic.bytes_received < 2000


def test_a_server_without_sync_collection_is_listed_by_propfind(store: Store, collection: str, phone: Phone,
                                                                proxy: FaultProxy) -> None:
    url = proxy.url(collection)
    proxy.fault = "no-report"
    settings = settings_for(url, future=2)
    sync_round(store, settings)
    phone.tick("2026-11-27-lunch-1200@smm-tui.invalid", at=store.clock.now())
    proxy.requests.clear()
    outcome = sync_round(store, settings)
    assert outcome.summary().startswith("pushed 0, pulled 1, conflicts 0")
    assert "PROPFIND" in proxy.requests and proxy.requests.count("GET") == 1
    converged(store, phone, url)
