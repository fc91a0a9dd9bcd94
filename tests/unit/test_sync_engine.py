"""The sync engine over recorded states: what it decides, and that it never deletes without proof."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from smm_tui.core.models import Task
from smm_tui.core.sync.engine import Fetched, Kind, Plan, Record, Window, href_for, plan, to_fetch
from smm_tui.core.sync.item import Item

COLLECTION = "/alice/smm/"
DAY = date(2026, 11, 26)
WINDOW = Window(DAY, DAY + timedelta(days=6))
EARLY = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
LATE = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def item(task_id: str = "lunch-1200", *, title: str = "Lunch", status: str = "todo", day: date = DAY,
         changed: datetime | None = EARLY) -> Item:
    task = Task(id=task_id, title=title, start=time(12, 0), status=status,  # type: ignore[arg-type]
                done_at=EARLY if status == "done" else None)
    return Item(day, "Europe/Berlin", task, changed)


def record_of(it: Item, etag: str = '"1"') -> Record:
    return Record(it.uid, href_for(COLLECTION, it.uid), etag, it.digest(), it.day)


def fetched(it: Item, etag: str = '"2"') -> Fetched:
    return Fetched(href_for(COLLECTION, it.uid), etag, it.uid, it)


def run(local: list[Item], listing: dict[str, str], got: list[Fetched], records: list[Record],
        **kwargs: object) -> Plan:
    return plan(WINDOW, {i.uid: i for i in local}, listing, got, records, collection=COLLECTION, **kwargs)  # type: ignore[arg-type]


def kinds(p: Plan) -> list[Kind]:
    return [a.kind for a in p.actions]


def test_first_sync_pushes_new_items_with_if_none_match() -> None:
    p = run([item()], {}, [], [])
    [action] = p.actions
    assert action.kind is Kind.PUSH and action.etag is None
    assert action.href == "/alice/smm/2026-11-26-lunch-1200@smm-tui.invalid.ics"


def test_an_item_made_elsewhere_is_pulled_inside_the_window_and_only_seen_outside() -> None:
    inside, outside = item("a"), item("b", day=DAY + timedelta(days=30))
    listing = {fetched(inside).href: '"2"', fetched(outside).href: '"2"'}
    p = run([], listing, [fetched(inside), fetched(outside)], [])
    assert kinds(p) == [Kind.PULL]
    assert [s.href for s in p.seen] == [fetched(outside).href]


def test_to_fetch_asks_only_for_new_and_changed_hrefs() -> None:
    known = record_of(item("a"), '"1"')
    other = record_of(item("b"), '"1"')
    listing = {known.href: '"1"', other.href: '"9"', "/alice/smm/new.ics": '"1"'}
    assert to_fetch(listing, [known, other], []) == sorted([other.href, "/alice/smm/new.ics"])


def test_unchanged_on_both_sides_is_unchanged() -> None:
    it = item()
    rec = record_of(it)
    p = run([it], {rec.href: '"1"'}, [], [rec])
    assert p.actions == [] and p.unchanged == 1


def test_a_local_change_is_pushed_with_if_match() -> None:
    old = item()
    rec = record_of(old)
    p = run([item(status="done")], {rec.href: '"1"'}, [], [rec])
    [action] = p.actions
    assert (action.kind, action.etag) == (Kind.PUSH, '"1"')


def test_a_remote_change_is_pulled() -> None:
    old = item()
    rec = record_of(old)
    new = item(status="done")
    p = run([old], {rec.href: '"2"'}, [fetched(new)], [rec])
    [action] = p.actions
    assert action.kind is Kind.PULL and action.item == new


def test_a_new_etag_with_the_same_content_is_only_recorded() -> None:
    it = item()
    rec = record_of(it)
    p = run([it], {rec.href: '"2"'}, [fetched(it)], [rec])
    assert kinds(p) == [Kind.PAIR] and p.unchanged == 1


def test_deleted_here_and_unchanged_there_is_deleted_there_with_if_match() -> None:
    rec = record_of(item())
    p = run([], {rec.href: '"1"'}, [], [rec])
    [action] = p.actions
    assert (action.kind, action.etag) == (Kind.DELETE_REMOTE, '"1"')


def test_deleted_here_but_changed_there_comes_back() -> None:
    rec = record_of(item())
    p = run([], {rec.href: '"2"'}, [fetched(item(status="done"))], [rec])
    assert kinds(p) == [Kind.PULL]


def test_deleted_there_and_unchanged_here_is_deleted_here() -> None:
    it = item()
    rec = record_of(it)
    p = run([it, item("other")], {"/alice/smm/other.ics": '"1"'}, [], [rec, record_of(item("other"))])
    assert Kind.DELETE_LOCAL in kinds(p)


def test_deleted_there_but_changed_here_goes_back_as_new() -> None:
    rec = record_of(item())
    p = run([item(status="done"), item("x")], {"/alice/smm/x.ics": '"1"'}, [], [rec, record_of(item("x"))])
    [action] = [a for a in p.actions if a.uid == rec.uid]
    assert (action.kind, action.etag) == (Kind.PUSH, None)


def test_an_empty_listing_deletes_nothing_and_says_so() -> None:
    it = item()
    p = run([it], {}, [], [record_of(it)])
    assert p.actions == []
    assert "nothing was deleted" in p.warnings[0]


def test_without_records_nothing_is_ever_deleted_and_equal_items_pair() -> None:
    same, mine, theirs = item("same"), item("mine"), item("theirs")
    listing = {fetched(same).href: '"1"', fetched(theirs).href: '"1"'}
    p = run([same, mine], listing, [fetched(same), fetched(theirs)], [])
    assert sorted((a.kind.value, a.uid) for a in p.actions) == sorted(
        [("pair", same.uid), ("push", mine.uid), ("pull", theirs.uid)])


def test_a_conflict_keeps_both_the_newer_wins() -> None:
    old = item()
    rec = record_of(old)
    mine = item(title="Lunch at the desk", changed=EARLY)
    theirs = item(title="Lunch with the team", changed=LATE)
    p = run([mine], {rec.href: '"2"'}, [fetched(theirs)], [rec])
    [action] = p.actions
    assert action.kind is Kind.MERGE and action.etag == '"2"'
    assert action.item is not None
    assert action.item.task.title == "Lunch with the team"
    assert "Lunch at the desk" in action.item.task.note
    assert p.summary() == "pushed 0, pulled 0, conflicts 1, unchanged 0"


def test_a_never_edited_version_gives_way_without_conflict() -> None:
    rec = record_of(item())
    edited_there = item(title="Lunch with the team", changed=LATE)
    p = run([item(title="Lunch (routine)", changed=None)], {rec.href: '"2"'}, [fetched(edited_there)], [rec])
    assert kinds(p) == [Kind.PULL]
    p = run([item(title="Lunch here", changed=EARLY)], {rec.href: '"2"'},
            [fetched(item(title="Lunch routine", changed=None))], [rec])
    assert kinds(p) == [Kind.PUSH]


def test_a_day_that_cannot_be_read_is_not_evidence_of_deletion() -> None:
    rec = record_of(item())
    p = run([], {rec.href: '"1"'}, [], [rec], unknown_days={DAY})
    assert p.actions == []


def test_records_outside_the_window_are_left_alone() -> None:
    rec = record_of(item(day=DAY - timedelta(days=20)))
    p = run([], {}, [], [rec])
    assert p.actions == []


# --- properties over random states ----------------------------------------------------------

STATES = st.sampled_from(["absent", "same", "changed"])


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[Item], dict[str, str], list[Fetched], list[Record]]:
    local: list[Item] = []
    listing: dict[str, str] = {}
    got: list[Fetched] = []
    records: list[Record] = []
    for n in range(draw(st.integers(0, 6))):
        base = item(f"t{n}")
        recorded = draw(st.booleans())
        here, there = draw(STATES), draw(STATES)
        if recorded:
            records.append(record_of(base, '"1"'))
        if here != "absent":
            local.append(base if here == "same" else item(f"t{n}", status="done", changed=LATE))
        if there != "absent":
            href = href_for(COLLECTION, base.uid)
            if there == "same" and recorded:
                listing[href] = '"1"'
            else:
                version = base if there == "same" else item(f"t{n}", status="skipped", changed=EARLY)
                listing[href] = '"2"'
                got.append(Fetched(href, '"2"', base.uid, version))
    if draw(st.booleans()):
        listing, got = {}, []  # a server that answered an empty listing
    return local, listing, got, records


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_deletions_only_with_proof(world: tuple[list[Item], dict[str, str], list[Fetched], list[Record]]) -> None:
    local, listing, got, records = world
    p = run(local, listing, got, records)
    by_uid = {r.uid: r for r in records}
    mine = {i.uid: i for i in local}
    theirs = {f.uid: f for f in got}
    for action in p.actions:
        if action.kind is Kind.DELETE_REMOTE:
            rec = by_uid[action.uid]
            assert action.uid not in mine
            assert listing, "an empty listing deleted something"
            assert action.uid not in theirs or theirs[action.uid].item.digest() == rec.digest  # type: ignore[union-attr]
            assert action.etag
        if action.kind is Kind.DELETE_LOCAL:
            rec = by_uid[action.uid]
            assert listing, "an empty listing deleted something"
            assert rec.href not in listing
            assert mine[action.uid].digest() == rec.digest


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_one_round_converges(world: tuple[list[Item], dict[str, str], list[Fetched], list[Record]]) -> None:
    """Carry the plan out on model sides; a second plan over the result finds nothing to do."""
    local, listing, got, records = world
    p = run(local, listing, got, records)
    mine = {i.uid: i for i in local}
    server: dict[str, tuple[str, Item]] = {}
    fetched_by_href = {f.href: f for f in got}
    rec_by_href = {r.href: r for r in records}
    for href, etag in listing.items():
        if href in fetched_by_href:
            server[href] = (etag, fetched_by_href[href].item)  # type: ignore[assignment]
        else:
            rec = rec_by_href[href]
            task_id = rec.uid.removeprefix(f"{DAY.isoformat()}-").removesuffix("@smm-tui.invalid")
            server[href] = (etag, item(task_id))  # listed unchanged: the recorded (base) version
    new_records = {r.uid: r for r in records}
    counter = 10
    for action in p.actions:
        counter += 1
        etag = f'"{counter}"'
        if action.kind in (Kind.PUSH, Kind.MERGE):
            assert action.item is not None
            server[action.href] = (etag, action.item)
            new_records[action.uid] = Record(action.uid, action.href, etag, action.item.digest(), action.item.day)
        if action.kind in (Kind.PULL, Kind.MERGE):
            assert action.item is not None
            mine[action.uid] = action.item
            if action.kind is Kind.PULL:
                new_records[action.uid] = Record(action.uid, action.href, action.etag, action.item.digest(), action.item.day)
        if action.kind is Kind.PAIR:
            assert action.item is not None
            new_records[action.uid] = Record(action.uid, action.href, action.etag, action.item.digest(), action.item.day)
        if action.kind is Kind.DELETE_REMOTE:
            server.pop(action.href)
            new_records.pop(action.uid)
        if action.kind is Kind.DELETE_LOCAL:
            mine.pop(action.uid)
            new_records.pop(action.uid)
        if action.kind is Kind.FORGET:
            new_records.pop(action.uid)
    if not listing and records:
        return  # the empty listing was set aside; the next real listing decides
    second = run(list(mine.values()), {h: e for h, (e, _i) in server.items()}, [],
                 list(new_records.values()))
    assert second.actions == [], second.actions
