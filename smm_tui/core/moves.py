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

from datetime import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from smm_tui.core import tomlfile
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

