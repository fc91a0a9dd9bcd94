"""Moving tasks between two days as one logical change.

A move touches two day files, and no file system replaces two files in one
step. So a move is written as an intent first: `move.journal.toml` in the data
dir says which tasks leave which day and exactly how they arrive in the other.
Then the target day is saved (the tasks added), then the source day (the tasks
removed), then the journal is deleted. Each of those saves is the store's usual
atomic one.

A writer killed at any moment leaves one of three things: no journal (nothing
or everything happened), or a journal with the two days in any state between.
The next `Store.open` finds the journal and finishes the move *logically*:
add each task to the target unless a task with its id is there, remove each
source id from the source if it is still there, delete the journal. Applied to
a day that already holds the result, both steps change nothing, so finishing
twice (killed while finishing) is harmless, and the days end exactly as an
uninterrupted move leaves them. Before the journal is durable nothing has been
written, so the move simply did not happen. Either way each task is in exactly
one of the two days.

Rolling forward rather than back: the journal holds the whole moved task, so
the move can always be completed even when the source day was already saved
without it; rolling back would need the source's old bytes as well.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, time
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from smm_tui.core import backups, tomlfile
from smm_tui.core.atomicfile import fsync_dir, write_atomic
from smm_tui.core.clock import Clock
from smm_tui.core.errors import DataError, SaveError, SmmError, StoreBusy
from smm_tui.core.models import Day, PlanDate, Task, TaskId

HEADER = """\
# smm-tui move in progress: written before a task moves between two days and
# deleted once both day files are saved. If you see this file, smm-tui was
# stopped during a move; the next start completes it. Do not edit.
"""


class MovedTask(BaseModel):
    """One task leaving the source day (by its id there) and arriving as `task`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source_id: TaskId
    task: Task
    """The task as it is in the target day (new start time, new id if the old one was taken there)."""


class Move(BaseModel):
    """Tasks moving from one day to another: the journal's content, and the change itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: PlanDate
    target: PlanDate
    tasks: tuple[MovedTask, ...] = ()

    def into(self, day: Day) -> Day:
        """The target day with every moved task in it (a task whose id is there already is not added again)."""
        present = {t.id for t in day.tasks}
        arriving = [m.task for m in self.tasks if m.task.id not in present]
        if not arriving:
            return day
        return Day.model_validate({**day.model_dump(), "tasks": [*day.tasks, *arriving]})

    def out_of(self, day: Day) -> Day:
        """The source day without the moved tasks (ids already gone are skipped)."""
        leaving = {m.source_id for m in self.tasks}
        if not any(t.id in leaving for t in day.tasks):
            return day
        return day.model_copy(update={"tasks": tuple(t for t in day.tasks if t.id not in leaving)})

    def to_toml(self) -> bytes:
        document: dict[str, Any] = {
            "source": self.source,
            "target": self.target,
            "tasks": [{"source_id": m.source_id, "task": m.task.model_dump(mode="python")} for m in self.tasks],
        }
        return tomlfile.dumps(HEADER, document).encode()

    @classmethod
    def from_toml(cls, path: Path, data: bytes) -> Move:
        """The journal's move; DataError when it does not parse or validate."""
        return tomlfile.load_model(path, data, cls)


def plan_move(source: Day, target: Day, refs: list[str], start: time | None = None) -> Move:
    """The move of the tasks `refs` (ids or positions in `source`) to `target`.

    `start` gives every moved task a new start; None keeps
    each task's own. A task whose id the target already uses gets a fresh one.
    KeyError names a ref that is not in the source day.
    """
    tasks: list[MovedTask] = []
    taken = {t.id for t in target.tasks}
    seen: set[str] = set()
    for ref in refs:
        task = source.resolve(ref)
        if task.id in seen:
            continue
        seen.add(task.id)
        arriving = task
        if task.id in taken:
            probe = Day.model_validate({**target.model_dump(), "tasks": [*target.tasks, *(m.task for m in tasks)]})
            arriving = arriving.model_copy(update={"id": probe.new_task_id()})
        if start is not None:
            arriving = arriving.edited(start=start)
        taken.add(arriving.id)
        tasks.append(MovedTask(source_id=task.id, task=arriving))
    return Move(source=source.date, target=target.date, tasks=tuple(tasks))


def moved_days(move: Move, source: Day, target: Day) -> tuple[Day, Day]:
    """(source, target) after the move: a pure function, used to predict what the files will hold."""
    return move.out_of(source), move.into(target)



class DayStore(Protocol):
    """What a move needs from the store (core.store.Store): its lock, a settled read, a gated save.

    A Protocol rather than an import of the store, which imports this module.
    """

    @property
    def data_dir(self) -> Path: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def journal_path(self) -> Path: ...
    def day_path(self, day: date) -> Path: ...
    def locked(self) -> AbstractContextManager[None]: ...
    def read(self, path: Path) -> bytes | None: ...
    def settled_day(self, day: date) -> tuple[Day, bytes | None] | None: ...
    def update_locked(self, day: date, change: Callable[[Day], Day]) -> Day: ...


def move_tasks(store: DayStore, source: date, target: date, plan: Callable[[Day, Day], Move]) -> Move:
    """Store.move_tasks: plan on the freshest two days under the lock, journal, then finish."""
    if source == target:
        raise ValueError("a move needs two different days; edit the task's time instead")
    with store.locked():
        for _attempt in range(5):
            loaded = [store.settled_day(day) for day in (source, target)]
            if loaded[0] is None or loaded[1] is None:
                continue  # one of them changed since it settled
            source_day, target_day = loaded[0][0], loaded[1][0]
            move = plan(source_day, target_day)
            if not move.tasks:
                return move
            moved_days(move, source_day, target_day)  # refuses (ValueError) before any write
            _write_journal(store, move)
            finish(store, move, started=True)
            return move
        raise StoreBusy(f"{store.day_path(source)}: the day files keep changing while moving; try again")


def _write_journal(store: DayStore, move: Move) -> None:
    path = store.journal_path
    data = tomlfile.gate(path, move.to_toml(), move, Move.from_toml)  # never write what cannot be read back
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise SaveError(f"{path}: could not start the move ({exc.strerror or exc}); nothing was changed") from None


def finish(store: DayStore, move: Move, *, started: bool = False) -> None:
    """Bring both days to the moved state, then drop the journal (lock held; safe to repeat).

    started: called by the move itself, so a target that cannot be saved
    means nothing changed yet and the journal is withdrawn.
    """
    before = store.read(store.day_path(move.target)) if started else None
    try:
        store.update_locked(move.target, move.into)
    except BaseException:
        # Withdraw the journal only if the target provably did not change ("saved, but the
        # backup failed" did change it: then the move must be completed, not forgotten).
        if started and store.read(store.day_path(move.target)) == before:
            backups.discard(store.journal_path)
        raise
    try:
        store.update_locked(move.source, move.out_of)
    except SmmError as exc:
        raise SaveError(f"{exc} (the tasks are in {move.target} already; the next start of smm-tui "
                        f"removes them from {move.source})") from None
    try:
        os.unlink(store.journal_path)
        fsync_dir(store.data_dir)
    except FileNotFoundError:
        pass


def finish_pending(store: DayStore) -> None:
    """At open (lock held): complete a move a killed writer left half done.

    A journal that cannot be read is set aside (renamed, kept); one that
    cannot be completed now (a day file broken by hand, a full disk) stays
    for the next start, and the broken day reports itself when loaded.
    """
    path = store.journal_path
    try:
        data = store.read(path)
        if data is None:
            return
        move = Move.from_toml(path, data)
    except DataError:
        stamp = store.clock.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        try:
            os.replace(path, path.with_name(f"{path.name}.broken-{stamp}"))
        except OSError:
            pass
        return
    try:
        finish(store, move)
    except SmmError:
        pass
