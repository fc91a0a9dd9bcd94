"""Fixtures of the sync tests: a real Radicale on 127.0.0.1 (per module), a fresh collection and a phone per test,
and the fault proxy in front of the server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fault_proxy import FaultProxy
from sync_helpers import Phone, Radicale, start_radicale


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    with start_radicale(tmp_path_factory.mktemp("radicale")) as server:
        yield server


@pytest.fixture
def collection(radicale: Radicale) -> str:
    return radicale.new_collection()


@pytest.fixture
def phone(collection: str) -> Iterator[Phone]:
    p = Phone(collection)
    yield p
    p.close()




@pytest.fixture
def proxy(radicale: Radicale) -> Iterator[FaultProxy]:
    """A fault proxy in front of the module's Radicale (it counts the requests and injects the faults asked for)."""
    p = FaultProxy(radicale.port)
    yield p
    p.close()
