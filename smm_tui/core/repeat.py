"""Repeating tasks: slots added to and removed from routine.toml, keeping the user's file as it was.

routine.toml is the one file users are invited to edit by hand: it ships with
a commented explanation of every key and band headings between the slots.
Rewriting it through tomli-w (as day files are) would drop all of that, so the
edits here go through tomlkit, a style-preserving TOML library, and touch only
the `[[slots]]` table added or removed; every other byte stays. tomlkit is
used for this file only: day files are app-shaped and written by tomli-w.

The text edit is pure (text in, text out); update_routine applies it under
the store's lock, checks that the result reads back as the routine meant, and
writes it atomically.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, time
from typing import TYPE_CHECKING

import tomlkit
from tomlkit.items import AoT, Comment, Item, Table, Whitespace

from smm_tui.core import codec, tomlfile
from smm_tui.core.atomicfile import write_atomic
from smm_tui.core.errors import SaveError
from smm_tui.core.models import WEEKDAYS, Day, Routine, Slot, Task, Weekday
from smm_tui.core.routine import DEFAULT_ROUTINE_TOML, expand

if TYPE_CHECKING:
    from smm_tui.core.store import Store

WORKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
_REPEAT_WORDS: dict[str, tuple[Weekday, ...]] = {"daily": WEEKDAYS, "every-day": WEEKDAYS, "weekdays": WORKDAYS}


def parse_weekdays(text: str) -> tuple[Weekday, ...]:
    """`daily`, `weekdays` or a comma list like `mon,wed,fri` (ASCII only); ValueError says what was expected."""
    word = text.strip().lower()
    if word in _REPEAT_WORDS:
        return _REPEAT_WORDS[word]
    names = [part.strip() for part in word.split(",") if part.strip()]
    if not names or any(not re.fullmatch(r"[a-z]{3}", n, re.ASCII) or n not in WEEKDAYS for n in names):
        raise ValueError(f"expected daily, weekdays or days like mon,wed,fri, got {text!r}")
    return tuple(day for day in WEEKDAYS if day in names)  # the week's order, each once


def slot_id_for(title: str, routine: Routine) -> str:
    """A readable slot id from the title (ASCII letters and digits), unique in the routine."""
    words = re.findall(r"[a-z0-9]+", title.lower(), re.ASCII)
    base = "-".join(words)[:24].strip("-") or "task"
    if not base[0].isalpha():
        base = f"t-{base}"[:24]
    taken = {s.id for s in routine.slots}
    candidate, serial = base, 1
    while candidate in taken:
        serial += 1
        candidate = f"{base}-{serial}"
    return candidate


def slot_from_task(
    task: Task, routine: Routine, weekdays: Iterable[Weekday], every: int | None = None, until: time | None = None
) -> Slot:
    """The routine slot that repeats `task` on `weekdays` (every N minutes until a time, when given)."""
    return Slot(
        id=slot_id_for(task.title, routine), title=task.title, start=task.start, minutes=task.minutes,
        kind=task.kind, platforms=task.platforms, note=task.note, lead=task.lead,
        weekdays=tuple(weekdays), every=every, until=until,
    )


def _slot_table(slot: Slot) -> Table:
    table = tomlkit.table()
    table.add("id", slot.id)
    table.add("title", slot.title)
    table.add("start", slot.start)
    table.add("minutes", slot.minutes)
    table.add("kind", slot.kind)
    if slot.platforms:
        table.add("platforms", list(slot.platforms))
    if slot.weekdays != WEEKDAYS:
        table.add("weekdays", list(slot.weekdays))
    if slot.every is not None and slot.until is not None:
        table.add("every", slot.every)
        table.add("until", slot.until)
    if slot.lead is not None:
        table.add("lead", slot.lead)
    if slot.note:
        table.add("note", slot.note)
    return table


def add_slot(text: str, slot: Slot) -> str:
    """routine.toml's text with one more `[[slots]]` table after the last one; the rest unchanged."""
    document = tomlkit.parse(text)
    slots = document.get("slots")
    if slots is None:
        document.append("slots", tomlkit.aot())
        slots = document["slots"]
    if not isinstance(slots, AoT):
        raise ValueError("routine.toml: 'slots' is not a list of [[slots]] tables")
    table = _slot_table(slot)
    if len(slots) and not slots[-1].as_string().endswith("\n\n"):
        table.trivia.indent = "\n"  # a blank line before it, as between the other slots (goes with it)
    slots.append(table)
    return tomlkit.dumps(document)


def remove_slot(text: str, slot_id: str) -> str:
    """routine.toml's text without the `[[slots]]` table of `slot_id`; KeyError when there is none."""
    document = tomlkit.parse(text)
    slots = document.get("slots")
    if isinstance(slots, AoT):
        for index, table in enumerate(slots):
            if table.get("id") == slot_id:
                # Comments after the slot's last key (the next band's heading) belong to what
                # follows: hand them to the slot before, so only the slot's own lines go.
                trailing = _trailing_trivia(table)
                if index > 0 and trailing and isinstance(trailing[0], Whitespace) \
                        and slots[index - 1].as_string().endswith("\n\n"):
                    trailing = trailing[1:]  # the slot before already ends in a blank line
                if index > 0 and trailing:
                    for item in trailing:
                        slots[index - 1].value.append(None, item)
                elif index == len(slots) - 1 and index > 0:
                    _drop_final_blank_line(slots[index - 1])  # the file ends where the slot before ends
                del slots[index]
                return tomlkit.dumps(document)
    raise KeyError(slot_id)


def _trailing_trivia(table: Table) -> list[Item]:
    """The comments and blank lines after a table's last key."""
    body = table.value.body
    last_key = max((i for i, (key, _) in enumerate(body) if key is not None), default=-1)
    return [item for key, item in body[last_key + 1:] if isinstance(item, (Comment, Whitespace))]


def _drop_final_blank_line(table: Table) -> None:
    """Remove a lone blank line at the end of a table (the separator before a slot that goes)."""
    body = table.value.body
    if body and body[-1][0] is None and isinstance(body[-1][1], Whitespace) and body[-1][1].as_string() == "\n":
        body.pop()  # trivia only: no key's position in the table changes


def with_slot(routine: Routine, slot: Slot) -> Routine:
    return Routine(slots=(*routine.slots, slot))


def without_slot(routine: Routine, slot_id: str) -> Routine:
    return Routine(slots=tuple(s for s in routine.slots if s.id != slot_id))


def occurrences(slot: Slot, day: Day) -> list[Task]:
    """The tasks `slot` gives `day` (none on a weekday it skips), as the routine would expand them."""
    return list(expand(Routine(slots=(slot,)), day.date, day.zone).tasks)


def add_occurrences(day: Day, slot: Slot) -> Day:
    """`day` with the slot's occurrences it does not hold yet (by id): for a day that has its own file."""
    present = {t.id for t in day.tasks}
    new = [t for t in occurrences(slot, day) if t.id not in present]
    if not new:
        return day
    return Day.model_validate({**day.model_dump(), "tasks": [*day.tasks, *new]})


def drop_open_occurrences(day: Day, slot_id: str) -> Day:
    """`day` without the slot's occurrences that are still open (done and skipped ones are history)."""
    if not any(t.slot == slot_id and t.status == "todo" for t in day.tasks):
        return day
    return day.model_copy(update={"tasks": tuple(t for t in day.tasks if not (t.slot == slot_id and t.status == "todo"))})


def update_routine(store: Store, edit: Callable[[str, Routine], tuple[str, Routine]]) -> Routine:
    """Edit routine.toml's text under the store's lock; the routine as saved.

    `edit` gets the text and the routine on disk and returns the new text
    and the routine it must read back as (the text is edited, not
    regenerated, to keep the user's comments). The new text passes the
    store's write gate - it parses within the read limits and reads back as
    meant - or nothing is written. `edit` may raise (KeyError, ValueError).
    """
    path = store.routine_path
    with store.locked():
        data = store.read(path)
        current = codec.routine_from_toml(path, data) if data is not None else store.load_routine()
        text = (data or DEFAULT_ROUTINE_TOML.encode()).decode("utf-8")  # parsed above: valid UTF-8
        new_text, meant = edit(text, current)
        new_data = tomlfile.gate(path, new_text.encode("utf-8"), meant, codec.routine_from_toml)
        try:
            write_atomic(path, new_data)
        except OSError as exc:
            raise SaveError(f"{path}: could not save ({exc.strerror or exc}); the file on disk is unchanged") from None
        return meant


def add_repeating(store: Store, day: date, make_slot: Callable[[Routine], Slot]) -> Slot:
    """Add the slot `make_slot` builds (from the routine as it is on disk) to routine.toml; the slot.

    Every day without its own file shows it from now on. `day` (the day the
    user added it on) gets its occurrences too when it has a file already -
    a worked day is otherwise never changed by the routine. Two saves: a kill
    between them leaves the slot in the routine and `day` without it, never
    a task twice.
    """
    made: list[Slot] = []

    def edit(text: str, routine: Routine) -> tuple[str, Routine]:
        made[:] = [make_slot(routine)]
        return add_slot(text, made[0]), with_slot(routine, made[0])

    update_routine(store, edit)
    if store.has_day_file(day):
        store.update_day(day, lambda current: add_occurrences(current, made[0]))
    return made[0]


def remove_from_now_on(store: Store, day: date, slot_id: str) -> int:
    """Remove a slot from routine.toml, and its open occurrences from `day` and every later day file.

    Done and skipped occurrences stay (they are what happened); days before
    `day` are not touched. KeyError when the routine has no such slot. Returns
    how many day files changed.
    """

    def edit(text: str, routine: Routine) -> tuple[str, Routine]:
        if all(s.id != slot_id for s in routine.slots):
            raise KeyError(slot_id)
        return remove_slot(text, slot_id), without_slot(routine, slot_id)

    update_routine(store, edit)
    changed = 0
    for path in store.day_files():
        try:
            when = date.fromisoformat(path.stem)
        except ValueError:
            continue
        if when >= day:
            before = store.load_day(when)
            changed += store.update_day(when, lambda current: drop_open_occurrences(current, slot_id)) != before
    return changed
