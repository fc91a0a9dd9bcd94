"""Store.update_state: locked read-modify-write of app-owned state; broken files are kept, never lost."""

from __future__ import annotations

import tomllib

import pytest

from smm_tui.core.errors import DataError
from smm_tui.core.store import Store


def test_update_state_reads_changes_and_writes(store: Store) -> None:
    assert store.update_state("demo", lambda doc: {**doc, "n": doc.get("n", 0) + 1}, "# header\n") is None
    store.update_state("demo", lambda doc: {**doc, "n": doc.get("n", 0) + 1})
    path = store.state_path("demo")
    assert tomllib.loads(path.read_text()) == {"version": 1, "n": 2}
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_broken_state_file_is_refused_unless_asked_to_set_it_aside(store: Store) -> None:
    path = store.state_path("demo")
    path.write_bytes(b"n = [\n")
    with pytest.raises(DataError) as caught:
        store.update_state("demo", lambda doc: doc)
    assert str(caught.value).startswith(f"{path}:")
    assert path.read_bytes() == b"n = [\n", "nothing written over it"

    aside = store.update_state("demo", lambda doc: {"n": 1}, set_aside_broken=True)
    assert aside is not None and aside.path.read_bytes() == b"n = [\n" and aside.reason.startswith(f"{path}:")
    assert tomllib.loads(path.read_text())["n"] == 1


def test_a_document_the_caller_refuses_is_set_aside_too_and_names_never_collide(store: Store) -> None:
    def strict(doc: dict) -> dict:
        if doc.get("kind", "good") != "good":
            raise ValueError("kind must be 'good'")
        return {"kind": "good"}

    path = store.state_path("demo")
    moved = []
    for content in (b'kind = "bad"\n', b'kind = "worse"\n'):  # twice within the same second
        path.write_bytes(content)
        aside = store.update_state("demo", strict, set_aside_broken=True)
        assert aside is not None and "kind must be 'good'" in aside.reason
        moved.append(aside.path)
    assert moved[0] != moved[1]
    assert [p.read_bytes() for p in moved] == [b'kind = "bad"\n', b'kind = "worse"\n']
