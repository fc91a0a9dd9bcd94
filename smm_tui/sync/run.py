"""One sync round: read both sides, let the engine decide, carry the plan out, record what was agreed.

Order of work, chosen so that a kill at any moment loses nothing:
1. The listing (hrefs and ETags). If it fails, the round stops before
   anything is changed on either side.
2. The bodies of new or changed hrefs, then the engine's plan.
3. Each action; the status file is saved every SAVE_EVERY actions and at
   the end. An action done but not yet recorded is found again next time
   as "both sides have the same version" and only recorded.
Local writes go through `store.update_day`, which re-reads the day under the
lock: a task that changed since the plan was made is left for the next
round (it is then a conflict or a push, never overwritten). Removed tasks stay
in the store's backups of the day file.

A write to the server that gets 412 (the item changed after the listing)
fetches the item, asks the engine again with it and retries, up to RETRIES
times; what is still unsettled is left for the next round, which is then a
full listing (no sync-token is kept after an incomplete round).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from smm_tui.config import Settings
from smm_tui.core.errors import DataError
from smm_tui.core.export.ics import uid_for
from smm_tui.core.models import Day, Task
from smm_tui.core.routine import expand
from smm_tui.core.store import Store
from smm_tui.core.sync import status as status_file
from smm_tui.core.sync import vtodo
from smm_tui.core.sync.engine import Action, Fetched, Kind, Plan, Record, Window, decide, plan, to_fetch
from smm_tui.core.sync.item import Item, sync_uid
from smm_tui.sync.client import MAX_ITEM_BYTES, Server, SyncFailed, Traffic

SAVE_EVERY = 50
RETRIES = 3
KEEP_DAYS = 31
"""Records of days this long before the window are dropped, and our own items on such days are not
fetched: the status file (one line per item) would otherwise grow by a day's tasks every day until
the store refused it. Coming back to such a day (`--from`) pairs its items by UID again: nothing is deleted."""
_OWN_HREF = re.compile(r"/([0-9]{4}-[0-9]{2}-[0-9]{2})-[a-z0-9][a-z0-9-]*@smm-tui\.invalid\.ics", re.ASCII)


def long_past(href: str, cutoff: date) -> bool:
    """Whether an href is one of our own items (named for its day) on a day before `cutoff`."""
    match = _OWN_HREF.search(href)
    if match is None or not href.endswith(match.group(0)):
        return False
    try:
        return date.fromisoformat(match.group(1)) < cutoff
    except ValueError:
        return False


def prune(status: status_file.Status, window: Window) -> None:
    """Drop the records and sightings of days long before the window (see KEEP_DAYS)."""
    cutoff = window.first - timedelta(days=KEEP_DAYS)
    status.records = {uid: r for uid, r in status.records.items() if r.day >= cutoff}
    status.seen = {href: s for href, s in status.seen.items() if s.day is None or s.day >= cutoff}


@dataclass
class Outcome:
    plan: Plan
    done: list[Action] = field(default_factory=list)
    left: int = 0
    """Actions not carried out (a 412 that kept coming back, a day that changed meanwhile)."""
    warnings: list[str] = field(default_factory=list)
    traffic: Traffic = field(default_factory=Traffic)
    dry_run: bool = False
    quiet: bool = False
    """Nothing to do on either side: the server listed no change since the token, nothing was fetched,
    done or left, no warning; the next round from the same inputs finds the same (sync/quick.py)."""
    token: str | None = None
    """The sync-token recorded for the next round."""
    auth: str = ""
    """How the server took the login ("basic", "none", ...; set by the service)."""

    def summary(self) -> str:
        applied = Plan(actions=self.done if not self.dry_run else self.plan.actions, unchanged=self.plan.unchanged)
        line = applied.summary()
        if self.left:
            line += f", left for the next sync {self.left}"
        return line


class _Skip(Exception):
    """The local task changed after the plan was made: leave it for the next round."""


def window_for(today: date, settings: Settings) -> Window:
    return Window(today - timedelta(days=settings.sync.past_days), today + timedelta(days=settings.sync.future_days))


def _days(window: Window) -> Iterator[date]:
    day = window.first
    while day <= window.last:
        yield day
        day += timedelta(days=1)


def local_items(store: Store, window: Window) -> tuple[dict[str, Item], set[date], list[str]]:
    """The window's tasks by UID, the days that could not be read, and warnings."""
    items: dict[str, Item] = {}
    unknown: set[date] = set()
    warnings: list[str] = []
    for day in _days(window):
        try:
            loaded = store.load_day(day)
        except DataError as exc:
            unknown.add(day)
            warnings.append(f"{exc.problems[0]} (this day is not synced until it is fixed)")
            continue
        try:
            changed: datetime | None = datetime.fromtimestamp(os.stat(store.day_path(day)).st_mtime, UTC)
        except OSError:
            changed = None  # no file: the routine's day, never edited here
        routine = _routine_tasks(store, day, loaded.zone) if changed is not None else {}
        for task in loaded.tasks:
            # A task just as the routine makes it was never edited here, whatever else changed that day.
            item = Item(day, loaded.zone, task, None if routine.get(task.id) == task else changed)
            if item.uid in items:
                warnings.append(f"{day}: task {task.id} has the same UID as another task; not synced")
                continue
            items[item.uid] = item
    return items, unknown, warnings


def _routine_tasks(store: Store, day: date, zone: str) -> dict[str, Task]:
    try:
        return {t.id: t for t in expand(store.load_routine(), day, zone).tasks}
    except DataError:
        return {}


class Runner:
    """Carries out one round against one server for one store."""

    def __init__(self, store: Store, settings: Settings, server: Server, *, now: Callable[[], datetime]) -> None:
        self.store = store
        self.settings = settings
        self.server = server
        self.now = now
        self.url = server.url
        self.zone = store.clock.zone_name()

    # --- status -------------------------------------------------------------------------

    def load_status(self, warnings: list[str]) -> status_file.Status:
        try:
            return status_file.from_document(self.store.read_state(status_file.NAME), self.url)
        except (DataError, ValueError) as exc:
            warnings.append(f"{self.store.state_path(status_file.NAME)}: unreadable ({str(exc).splitlines()[0]}); "
                            "comparing everything by UID, deleting nothing")
            return status_file.Status(self.url)

    def save_status(self, status: status_file.Status) -> None:
        # The store's write gate refuses (one line, nothing written) a status it could not read back;
        # the window's limit (MAX_WINDOW_DAYS) keeps it far from the size limit.
        document = status_file.to_document(status)
        self.store.update_state(status_file.NAME, lambda _old: document, status_file.HEADER, set_aside_broken=True)

    # --- the round ----------------------------------------------------------------------------

    def run(self, window: Window, *, dry_run: bool = False, reset: bool = False) -> Outcome:
        warnings: list[str] = []
        status = status_file.Status(self.url) if reset else self.load_status(warnings)
        local, unknown, local_warnings = local_items(self.store, window)
        warnings.extend(local_warnings)
        known = {r.href: (r.etag or "") for r in status.records.values()}
        known.update({s.href: s.etag for s in status.seen.values() if s.href not in known})
        token = status.token if status.window == window else None
        listing = self.server.listing(token, known)
        # Items seen on a day that is now in the window are fetched again: they are to be pulled now.
        still_away = [s for s in status.seen.values() if s.day is None or s.day not in window]
        cutoff = window.first - timedelta(days=KEEP_DAYS)
        wanted = [h for h in to_fetch(listing.entries, status.records.values(), still_away) if not long_past(h, cutoff)]
        fetched = [self._fetch(href) for href in wanted]
        decided = plan(window, local, listing.entries, [f for f in fetched if f is not None], status.records.values(),
                       collection=self.server.path, unknown_days=unknown)
        outcome = Outcome(decided, warnings=warnings + decided.warnings, dry_run=dry_run)
        if dry_run:
            outcome.traffic = self.server.traffic
            return outcome
        status.seen = {s.href: s for s in status.seen.values() if s.href in listing.entries}
        status.seen.update({s.href: s for s in decided.seen})
        try:
            for n, action in enumerate(decided.actions, 1):
                self._carry_out(action, local, status, outcome)
                if n % SAVE_EVERY == 0:
                    self.save_status(status)
        except SyncFailed as exc:
            # What was done so far is recorded; the next round starts from a full listing.
            status.token = None
            status.last_result = str(exc)
            self.save_status(status)
            raise
        complete = not outcome.left and not unknown
        status.token = listing.token if complete else None
        wrote = any(a.kind in (Kind.PUSH, Kind.MERGE, Kind.DELETE_REMOTE) for a in outcome.done)
        if status.token and wrote:
            status.token = self._past_own_writes(status)
        status.window = window
        prune(status, window)
        status.last_sync = self.now()
        status.last_result = outcome.summary()
        self.save_status(status)
        outcome.traffic = self.server.traffic
        outcome.token = status.token
        outcome.quiet = (listing.incremental and listing.entries == known and token is not None
                         and status.token == token and not wanted and not decided.actions and complete
                         and not outcome.warnings and not reset)
        return outcome

    def _past_own_writes(self, status: status_file.Status) -> str | None:
        """A sync-token that already includes this round's own writes, so the next round does not list them again.

        Taken only when everything the server reports since the old token is
        exactly what we wrote (each ETag as recorded); anything else keeps the
        old token, and the next round looks at it.
        """
        assert status.token is not None
        known = {r.href: (r.etag or "") for r in status.records.values()}
        changed = self.server.changes_since(status.token)
        if changed is None:
            return status.token
        updated, deleted, token = changed
        recorded = {r.href for r in status.records.values()}
        if all(known.get(href) == etag and etag for href, etag in updated.items()) and not set(deleted) & recorded:
            return token
        return status.token

    def _fetch(self, href: str) -> Fetched | None:
        got = self.server.get(href)
        if got is None:
            return None
        etag, body = got
        if len(body) > MAX_ITEM_BYTES:
            return Fetched(href, etag, None, None)
        uid, item = vtodo.parse(body, self.zone)
        return Fetched(href, etag, uid, item)

    def _carry_out(self, action: Action | None, local: dict[str, Item], status: status_file.Status,
                   outcome: Outcome) -> None:
        for _attempt in range(RETRIES):
            if action is None:
                return
            try:
                retry = self._apply(action, local, status)
            except _Skip:
                outcome.left += 1
                return
            if retry is None:
                outcome.done.append(action)
                return
            action = retry
        outcome.left += 1

    def _again(self, action: Action, local: dict[str, Item], status: status_file.Status) -> Action | None:
        """After a 412: fetch the item as it is now and ask the engine again."""
        record = status.records.get(action.uid)
        href = action.href
        fresh = self._fetch(href)
        return decide(action.uid, local=local.get(action.uid), record=record, remote=fresh,
                      remote_known=fresh is not None, collection=self.server.path)

    def _apply(self, action: Action, local: dict[str, Item], status: status_file.Status) -> Action | None:
        """Do one action; None when done, else the action to try instead (after a 412)."""
        uid = action.uid
        if action.kind is Kind.FORGET:
            status.records.pop(uid, None)
            return None
        if action.kind is Kind.PAIR:
            assert action.item is not None
            self._record(status, uid, action.href, action.etag, action.item)
            return None
        if action.kind in (Kind.PULL, Kind.MERGE):
            assert action.item is not None
            self._write_local(action.item, local.get(uid))
            local[uid] = action.item
            if action.kind is Kind.PULL:
                self._record(status, uid, action.href, action.etag, action.item)
                return None
        if action.kind in (Kind.PUSH, Kind.MERGE):
            assert action.item is not None
            body = vtodo.to_ical(action.item, self.now(), self._alarm_lead)
            written, etag = self.server.put(action.href, body, action.etag)
            if not written:
                return self._again(action, local, status) or Action(Kind.PAIR, uid, action.href, action.etag, action.item)
            self._record(status, uid, action.href, etag, action.item)
            return None
        if action.kind is Kind.DELETE_REMOTE:
            etag = action.etag
            if not etag:
                fresh = self._fetch(action.href)
                if fresh is None:
                    status.records.pop(uid, None)
                    return None
                return decide(uid, local=None, record=status.records.get(uid), remote=fresh, remote_known=True,
                              collection=self.server.path)
            if not self.server.delete(action.href, etag):
                return self._again(action, local, status)
            status.records.pop(uid, None)
            return None
        if action.kind is Kind.DELETE_LOCAL:
            assert action.item is not None
            self._remove_local(action.item)
            local.pop(uid, None)
            status.records.pop(uid, None)
            return None
        raise AssertionError(action.kind)

    def _record(self, status: status_file.Status, uid: str, href: str, etag: str | None, item: Item) -> None:
        status.records[uid] = Record(uid, href, etag or None, item.digest(), item.day)
        status.seen.pop(href, None)

    def _alarm_lead(self, task: Task) -> int | None:
        lead = task.lead if task.lead is not None else self.settings.reminders.kind_leads.get(
            task.kind, self.settings.lead_minutes)
        if lead == 0 and not self.settings.reminders.at_start:
            return None
        return lead

    # --- local writes ----------------------------------------------------------------------------

    def _remove_local(self, planned: Item) -> None:
        uid, expected = planned.uid, planned.digest()

        def change(day: Day) -> Day:
            for task in day.tasks:
                if sync_uid(day.date, task) == uid:
                    if Item(day.date, day.zone, task).digest() != expected:
                        raise _Skip
                    return day.without_task(task.id)
            return day

        self.store.update_day(planned.day, change)

    def _write_local(self, item: Item, before: Item | None) -> None:
        """Put `item` in its day (replacing the task with its UID); take the old one out of another day."""
        uid = item.uid
        expected = before.digest() if before is not None else None

        def check(task: Task | None, day: date, zone: str) -> None:
            if expected is None and task is not None:
                raise _Skip  # appeared here meanwhile
            if expected is not None and task is not None and Item(day, zone, task).digest() != expected:
                raise _Skip

        if before is not None and before.day != item.day:
            def take_out(day: Day) -> Day:
                found = _find(day, uid)
                check(found, day.date, day.zone)
                return day.without_task(found.id) if found is not None else day

            self.store.update_day(before.day, take_out)
            expected = None

        def put_in(day: Day) -> Day:
            found = _find(day, uid)
            if before is not None and before.day == item.day:
                check(found, day.date, day.zone)
            elif found is not None:
                raise _Skip
            if found is not None:
                task = _placed(item, day, keep_id=found.id, slot=found.slot)
                return day.replace_task(task)
            return day.with_task(_placed(item, day))

        self.store.update_day(item.day, put_in)


def _find(day: Day, uid: str) -> Task | None:
    for task in day.tasks:
        if sync_uid(day.date, task) == uid:
            return task
    return None


def _placed(item: Item, day: Day, *, keep_id: str | None = None, slot: str | None = None) -> Task:
    """The incoming task with an id that is free in the day and a `uid` that keeps its server UID."""
    task = item.task
    task_id = keep_id or task.id
    if keep_id is None and any(t.id == task_id for t in day.tasks):
        task_id = day.new_task_id()
    uid = item.uid
    changes: dict[str, object] = {"id": task_id, "uid": None if uid_for(day.date, task_id) == uid else uid}
    if keep_id is not None:
        changes["slot"] = slot if task.slot is None else task.slot
    return task.edited(**changes)


def describe(action: Action) -> str:
    """One line of a dry run's plan (sorts by day and time within each verb)."""
    item = action.item
    what = f"{item.day} {item.task.start:%H:%M} {item.task.title}" if item is not None else action.href
    verb = {
        Kind.PUSH: "push", Kind.PULL: "pull", Kind.MERGE: "conflict", Kind.DELETE_REMOTE: "delete on the server",
        Kind.DELETE_LOCAL: "delete here", Kind.PAIR: "pair", Kind.FORGET: "forget",
    }[action.kind]
    line = f"{verb}: {what}"
    if action.conflict:
        line += f" ({action.conflict})"
    return line

