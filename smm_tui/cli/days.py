"""CLI commands that change tasks beyond ticking them: `add`, `move`, `edit`, `delete`.

Kept apart from the package's light commands; cli/parser.py registers these
parsers and cli/__init__.py hands the parsed arguments over. Like every command: one line on bad input (exit 2), one save
per command, all or nothing. This module is imported whenever the parser is
built (`smm-tui today` too), so pydantic and the models are imported inside the
commands that need them: `today` answers from its snapshot without them.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import date, time
from typing import TYPE_CHECKING

from smm_tui.cli import EXIT_OK, PROG, Context, _refresh_snapshot
from smm_tui.cli.parser import _bad_argument, _minutes_arg, _time_arg
from smm_tui.core.errors import UsageError
from smm_tui.core.kinds import KINDS
from smm_tui.core.text import printable, shown
from smm_tui.core.when import Target, read_target

if TYPE_CHECKING:
    from smm_tui.core.models import Day, Task
    from smm_tui.core.moves import Move

REF_HELP = "task id, or its position in `smm-tui today`"


def target_arg(text: str) -> Target:
    """`--to`: a day, a time, or both (core.when: YYYY-MM-DD, today, tomorrow, +2, mon..sun, HH:MM)."""
    try:
        return read_target(text)
    except ValueError as exc:
        raise _bad_argument(f"expected DATE[THH:MM] (e.g. 2026-11-27T10:30, tomorrowT09:00, +2, fri, 10:30), "
                            f"got {shown(text)} ({exc})") from None


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """The parsers of move, edit and delete (`command` is build_parser's sub-command factory)."""
    move = command("move", "move tasks to another day and/or time (all or none: one change)")
    move.add_argument("refs", nargs="+", metavar="REF", help=REF_HELP)
    move.add_argument("--to", required=True, type=target_arg, metavar="DATE[THH:MM]",
                      help="the day (YYYY-MM-DD, today, tomorrow, +2, mon..sun) and/or a new start, e.g. tomorrowT10:30")

    edit = command("edit", "change a task's fields (only those given)")
    edit.add_argument("ref", metavar="REF", help=REF_HELP)
    edit.add_argument("--title", help="what to do")
    edit.add_argument("--at", type=_time_arg, metavar="HH:MM", help="start time")
    edit.add_argument("--minutes", type=_minutes_arg, metavar="N", help="duration")
    edit.add_argument("--kind", choices=KINDS, help="kind of work")
    edit.add_argument("--platform", action="append", metavar="P",
                      help="platforms, repeatable or comma-separated; replaces the list ('' clears it)")
    edit.add_argument("--note", help="free text ('' clears it)")
    edit.add_argument("--lead", type=_minutes_arg, metavar="N", help="reminder lead in minutes for this task")

    delete = command("delete", "delete tasks from a day (all or none: one save)")
    delete.add_argument("refs", nargs="+", metavar="REF", help=REF_HELP)
    delete.add_argument("--from-now-on", action="store_true",
                        help="a routine slot: remove it from routine.toml too, and its open occurrences "
                             "from this day on (without: this day only)")


def add_repeat_arguments(add: argparse.ArgumentParser) -> None:
    """`add --repeat/--every/--until`: the task goes into routine.toml as a repeating slot."""
    add.add_argument("--repeat", metavar="DAYS",
                     help="repeat on every future day: daily, weekdays, or days like mon,wed,fri "
                          "(the task becomes a slot in routine.toml; default: once)")
    add.add_argument("--every", type=_every_arg, metavar="N",
                     help="with --until: repeat every N minutes (5-1440) from --at until --until")
    add.add_argument("--until", type=_time_arg, metavar="HH:MM", help="last repeat of --every")


def _every_arg(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,4}", text, re.ASCII) or not 5 <= int(text) <= 24 * 60:
        raise _bad_argument(f"expected whole minutes from 5 to 1440, got {shown(text)}")
    return int(text)


def resolve_refs(current: Day, refs: list[str], command: str) -> list[Task]:
    """The tasks several REFs name, each once, in the order given; UsageError for one that names none.

    Every REF is resolved against the day as it is before the change (positions
    as `today` shows them), so `delete 3 4` deletes what `today` numbered 3 and 4.
    """

    tasks: list[Task] = []
    for ref in refs:
        try:
            task = current.resolve(ref)
        except KeyError:
            raise UsageError(
                f"{PROG} {command}: no task {shown(ref)} on {current.date} (use an id or a position "
                f"1-{len(current.tasks)} from '{PROG} today'; nothing was changed)"
            ) from None
        if all(task.id != seen.id for seen in tasks):
            tasks.append(task)
    return tasks


def _line(label: str, task: Task, day: date | None = None) -> str:
    where = f"{day}  " if day is not None else ""
    return printable(f"{label}: {task.id}  {where}{task.start:%H:%M}  {task.title}")


def cmd_move(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.core.clock import today
    from smm_tui.core.moves import plan_move

    source = ctx.day(args.date)
    try:
        target = args.to.resolve(today(ctx.clock), source)
    except ValueError as exc:
        raise UsageError(f"{PROG} move: --to: {exc}") from None
    start = args.to.at
    store = ctx.store()
    if target == source:
        if start is None:
            raise UsageError(f"{PROG} move: the tasks are on {source} already (give a time: --to {target}THH:MM)")
        found: list[Task] = []

        def retime(current: Day) -> Day:
            found[:] = resolve_refs(current, args.refs, "move")
            new = current
            for task in found:
                new = new.replace_task(task.edited(start=start))
            return new

        saved = store.update_day(source, retime)
        _refresh_snapshot(ctx, store, source)
        for task in found:
            print(_line("moved", saved.task(task.id), source))
        return EXIT_OK

    def plan(current: Day, other: Day) -> Move:
        return plan_move(current, other, [t.id for t in resolve_refs(current, args.refs, "move")], start)

    try:
        move = store.move_tasks(source, target, plan)
    except ValueError as exc:
        raise UsageError(f"{PROG} move: {exc}; nothing was changed") from None
    for day in (source, target):
        _refresh_snapshot(ctx, store, day)
    for moved in move.tasks:
        renamed = f" (was {moved.source_id})" if moved.source_id != moved.task.id else ""
        print(_line("moved", moved.task, target) + renamed)
    return EXIT_OK


def cmd_edit(args: argparse.Namespace, ctx: Context) -> int:
    from pydantic import ValidationError

    from smm_tui.core.tomlfile import field_path

    changes: dict[str, object] = {}
    for name in ("title", "minutes", "kind", "note", "lead"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.at is not None:
        changes["start"] = time.fromisoformat(args.at)
    if args.platform is not None:
        changes["platforms"] = [p.strip() for value in args.platform for p in value.split(",") if p.strip()]
    if not changes:
        raise UsageError(f"{PROG} edit: nothing to change (give --title, --at, --minutes, --kind, --platform, "
                         "--note or --lead)")
    day = ctx.day(args.date)
    found: list[Task] = []

    def change(current: Day) -> Day:
        task = resolve_refs(current, [args.ref], "edit")[0]
        try:
            edited = task.edited(**changes)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            message = first["msg"].removeprefix("Value error, ")
            raise UsageError(f"{PROG} edit: {field_path(tuple(first['loc']))}: {message}") from None
        found[:] = [edited]
        return current.replace_task(edited)

    store = ctx.store()
    store.update_day(day, change)
    _refresh_snapshot(ctx, store, day)
    print(_line("edited", found[0]))
    return EXIT_OK


def add_repeating(args: argparse.Namespace, ctx: Context) -> int:
    """`add --repeat ...`: a slot in routine.toml (core.repeat); prints the slot id."""
    from pydantic import ValidationError

    from smm_tui.core.kind_guess import guess_kind
    from smm_tui.core.models import Routine, Task
    from smm_tui.core.repeat import add_repeating as add_slot_to_routine
    from smm_tui.core.repeat import parse_weekdays, slot_from_task
    from smm_tui.core.tomlfile import field_path

    if (args.every is None) != (args.until is None):
        raise UsageError(f"{PROG} add: --every and --until go together")
    try:
        weekdays = parse_weekdays(args.repeat or "daily")
    except ValueError as exc:
        raise UsageError(f"{PROG} add: --repeat: {exc}") from None
    kind, word = (args.kind, "") if args.kind else guess_kind(args.title)
    until = time.fromisoformat(args.until) if args.until else None
    platforms = [p.strip() for value in args.platform for p in value.split(",") if p.strip()]
    day = ctx.day(args.date)
    try:
        task = Task.model_validate({"id": "new", "title": args.title, "start": time.fromisoformat(args.at),
                                    "minutes": args.minutes, "kind": kind, "platforms": platforms,
                                    "note": args.note, "lead": args.lead})
        slot_from_task(task, Routine(), weekdays, args.every, until)  # refuses before the routine is read
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = field_path(tuple(first["loc"])) or "--repeat"
        raise UsageError(f"{PROG} add: {where}: {first['msg'].removeprefix('Value error, ')}") from None
    store = ctx.store()
    slot = add_slot_to_routine(store, day, lambda routine: slot_from_task(task, routine, weekdays, args.every, until))
    _refresh_snapshot(ctx, store, day)
    print(slot.id)
    if not args.kind:
        sys.stderr.write(kind_guess_note(kind, word))
    return EXIT_OK


def cmd_delete(args: argparse.Namespace, ctx: Context) -> int:
    day = ctx.day(args.date)
    if args.from_now_on:
        return _delete_from_now_on(args, ctx, day)
    found: list[Task] = []

    def change(current: Day) -> Day:
        found[:] = resolve_refs(current, args.refs, "delete")
        new = current
        for task in found:
            new = new.without_task(task.id)
        return new

    store = ctx.store()
    store.update_day(day, change)
    _refresh_snapshot(ctx, store, day)
    for task in found:
        print(_line("deleted", task))
    return EXIT_OK


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    from pydantic import ValidationError

    from smm_tui.core.kind_guess import guess_kind
    from smm_tui.core.models import Task
    from smm_tui.core.tomlfile import field_path

    day = ctx.day(args.date)
    settings, _warning = ctx.settings(strict=False)
    minutes = args.minutes = settings.task_minutes if args.minutes is None else args.minutes
    if args.repeat or args.every is not None or args.until is not None:
        if args.at == "next":
            raise UsageError(f"{PROG} add: --at next is one free gap on one day; a repeating slot needs --at HH:MM")
        return add_repeating(args, ctx)
    platforms = [p.strip() for value in args.platform for p in value.split(",") if p.strip()]
    new_id: list[str] = []
    kind, word = (args.kind, "") if args.kind else guess_kind(args.title)
    store = ctx.store()

    def change(current: Day) -> Day:
        if args.at == "next":  # under the lock: the gap is the one on disk now
            from smm_tui.cli.free import next_start

            start = next_start(current, minutes, store, settings.bands.starts(), ctx.clock.now())
        else:
            start = time.fromisoformat(args.at)
        fields = {"id": current.new_task_id(), "title": args.title, "start": start,
                  "minutes": minutes, "kind": kind, "platforms": platforms, "note": args.note,
                  "lead": args.lead}
        try:
            task = Task.model_validate(fields)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            message = first["msg"].removeprefix("Value error, ")
            raise UsageError(f"{PROG} add: {field_path(tuple(first['loc']))}: {message}") from None
        new_id.append(task.id)
        return current.with_task(task)

    store.update_day(day, change)
    _refresh_snapshot(ctx, store, day)
    print(new_id[-1])  # stdout is the id alone: scripts read it
    if not args.kind:
        sys.stderr.write(kind_guess_note(kind, word))
    return EXIT_OK


def kind_guess_note(kind: str, word: str) -> str:
    """The stderr line of `add` without --kind: which kind it chose, and why."""
    why = f'from "{word}" in the title' if word else "no word of the title names a kind"
    return f"{PROG} add: kind {kind} ({why}; --kind to choose)\n"


COMMANDS: dict[str, Callable[[argparse.Namespace, Context], int]] = {
    "add": cmd_add,
    "move": cmd_move,
    "edit": cmd_edit,
    "delete": cmd_delete,
}


def run(args: argparse.Namespace, ctx: Context) -> int:
    return COMMANDS[args.command](args, ctx)



def _delete_from_now_on(args: argparse.Namespace, ctx: Context, day: date) -> int:
    """`delete REF --from-now-on`: the slots of the REFs leave routine.toml and every day from `day` on."""
    from smm_tui.core.repeat import remove_from_now_on

    store = ctx.store()
    tasks = resolve_refs(store.load_day(day), args.refs, "delete")
    slots = list(dict.fromkeys(t.slot for t in tasks if t.slot is not None))
    loose = next((t for t in tasks if t.slot is None), None)
    if loose is not None:
        raise UsageError(f"{PROG} delete: {loose.id} is not from the routine; --from-now-on removes routine slots")
    for slot_id in slots:
        try:
            changed = remove_from_now_on(store, day, slot_id)
        except KeyError:
            raise UsageError(f"{PROG} delete: routine.toml has no slot {shown(slot_id)} any more") from None
        _refresh_snapshot(ctx, store, day)
        print(printable(f"removed from the routine: {slot_id} (and from {changed} day file(s) from {day} on)"))
    return EXIT_OK
