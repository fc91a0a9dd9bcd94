"""Command line: `smm-tui [COMMAND] ...`.

Imports are deliberately lazy: `smm-tui today` answers from the snapshot cache
without importing pydantic (see core.snapshot), and the TUI is imported only
when it is opened. Every error a user can cause is printed as one line on
stderr; exit status 0 ok, 1 data problem, 2 usage problem. Every line that can
carry user text (paths, arguments, file content) goes through `core.text.printable`,
so an argument or file name with ANSI escapes is shown, never interpreted.
"""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta

from smm_tui.core.text import printable

TYPE_CHECKING = False  # typing costs `smm-tui next` 2 ms at run time; mypy reads this name as typing.TYPE_CHECKING
if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from typing import Any

    from smm_tui.config import Settings
    from smm_tui.core.clock import Clock
    from smm_tui.core.models import Day, Status, Task
    from smm_tui.core.store import Store
    from smm_tui.core.timeline import Timeline

PROG = "smm-tui"
EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
EXIT_SKIPPED = 3
"""`import`: the rest was imported, but some events could not be read and were skipped."""
# The export formats (core.export.FORMAT_NAMES, kept equal by a test): listed here so that
# building the parser imports nothing.
EXPORT_FORMATS = ("svg", "html", "ics", "md", "txt", "json")


def build_parser() -> argparse.ArgumentParser:
    """The parser (cli/parser.py), imported only when there are arguments: argparse is first-paint time."""
    from smm_tui.cli.parser import build_parser as build

    return build()


class Context:
    """What every command needs, resolved once from arguments and environment.

    Not a dataclass: importing dataclasses costs a quarter of a `calcurse --next` run, and this is on
    the path of `smm-tui next` (cli/next.py). For the same reason the folders are kept as the
    strings they were given (`data_dir_name`, `config_name`) and made Paths only when a command
    asks: pathlib and what it imports are another quarter.
    """

    __slots__ = ("data_dir_name", "config_name", "clock", "_data_dir", "_config")

    def __init__(self, data_dir: str | os.PathLike[str], config: str | os.PathLike[str], clock: Clock) -> None:
        self.data_dir_name = os.fspath(data_dir)
        self.config_name = os.fspath(config)
        self.clock = clock
        self._data_dir: Path | None = None
        self._config: Path | None = None

    @property
    def data_dir(self) -> Path:
        if self._data_dir is None:
            from pathlib import Path  # only when a command needs it (see above)

            self._data_dir = Path(self.data_dir_name)
        return self._data_dir

    @property
    def config(self) -> Path:
        if self._config is None:
            from pathlib import Path  # only when a command needs it (see above)

            self._config = Path(self.config_name)
        return self._config

    def day(self, text: str | None) -> date:
        from smm_tui.core.clock import today
        from smm_tui.core.wallclock import check_date

        base = today(self.clock)
        offsets = {None: 0, "today": 0, "tomorrow": 1, "yesterday": -1}
        if text not in offsets:
            assert text is not None
            return date.fromisoformat(text)
        try:
            return check_date(base + timedelta(days=offsets[text]))
        except (OverflowError, ValueError) as exc:
            from smm_tui.core.errors import UsageError  # only now: part of the TUI's first-paint path

            raise UsageError(f"{PROG}: --date {text}: {exc}") from None

    def store(self, *, write: bool = True) -> Store:
        """The store; write=False for commands that only read (no lock, nothing created)."""
        from smm_tui.core.store import Store

        return Store(self.data_dir, self.clock).open(write=write)

    def settings(self, *, strict: bool) -> tuple[Settings, str | None]:
        """Settings, and a warning line when config.toml is broken and defaults are used instead."""
        from smm_tui.config import Settings, load_settings
        from smm_tui.core.errors import DataError

        try:
            return load_settings(self.config), None
        except DataError as exc:
            if strict:
                raise
            return Settings(), f"{exc.problems[0]} (using default settings)"


def cmd_today(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.core.agenda import render_json, render_text
    from smm_tui.core.timeline import Timeline

    day = ctx.day(args.date)
    timeline: Timeline | None = None
    doc = cached_doc(ctx, day)
    if doc is not None:
        try:
            timeline = Timeline.from_doc(doc)
        except (KeyError, TypeError, ValueError, AttributeError):
            timeline = None  # a damaged snapshot: the slow path rebuilds it
    if timeline is None:
        timeline = build_timeline(ctx, day)
    now = ctx.clock.now()
    sys.stdout.write(render_json(timeline, now) if args.json else render_text(timeline, now))
    return EXIT_OK


def _dir_looks_private(directory: str | os.PathLike[str]) -> bool:
    """The fast path only serves dirs the slow path would accept (it refuses world-writable ones)."""
    try:
        return not os.stat(directory).st_mode & 0o002
    except OSError:
        return False


def cached_doc(ctx: Context, day: date) -> dict[str, Any] | None:
    """The day's snapshot document when its key matches the files now (core.snapshot), else None.

    The fast path of `today` and `next`: folders as strings (no pathlib on `next`'s path), and
    only for a data dir the slow path would accept; $SMM_TUI_NO_SNAPSHOT turns it off.
    """
    from smm_tui.core import snapshot

    if os.environ.get("SMM_TUI_NO_SNAPSHOT") or not _dir_looks_private(ctx.data_dir_name):
        return None
    key = snapshot.key(ctx.data_dir_name, day, ctx.config_name)
    return snapshot.load(ctx.data_dir_name, day, key) if key else None


def build_timeline(ctx: Context, day: date, *, store: Store | None = None, quiet: bool = False) -> Timeline:
    """The validated timeline of a day (slow path), refreshing its snapshot when nothing is wrong.

    quiet: do not print the broken-config warning (a change command refreshing the snapshot).
    """
    from smm_tui.core import snapshot

    settings, warning = ctx.settings(strict=False)
    if warning and not quiet:
        sys.stderr.write(printable(f"{PROG}: warning: {warning}") + "\n")
    _, timeline = snapshot.build_fresh(store or ctx.store(write=False), day, settings.bands.starts(), ctx.config,
                                       cache=warning is None)
    return timeline


def _refresh_snapshot(ctx: Context, store: Store, day: date) -> None:
    """After a change: rebuild the day's snapshot so the next `today` or TUI start is a cache hit.

    Best effort - the change is already saved; a problem here only costs the next start its cache.
    """
    from smm_tui.core.errors import SmmError

    try:
        build_timeline(ctx, day, store=store, quiet=True)
    except SmmError:
        pass


def _mark(status: Status, args: argparse.Namespace, ctx: Context) -> int:
    """done / undone / skip with one or more REFs: one save for all of them, or none at all.

    Every REF is resolved against the day as it is before the change (positions
    as `today` shows them); one that names no task refuses the whole command
    and nothing is written. A task named twice is changed and printed once.
    """
    from smm_tui.cli.days import resolve_refs  # the REF rules shared with move and delete

    day = ctx.day(args.date)
    found: list[Task] = []

    def change(current: Day) -> Day:
        found[:] = resolve_refs(current, args.refs, args.command)  # update_day may run this again
        new = current
        for task in found:
            if task.status != status:
                new = new.set_status(task.id, status, ctx.clock.now())
        return new

    store = ctx.store()
    store.update_day(day, change)
    _refresh_snapshot(ctx, store, day)
    label = {"done": "done", "todo": "open", "skipped": "skipped"}[status]
    for task in found:
        note = " (already)" if task.status == status else ""
        print(f"{label}{note}: {task.id}  {task.start:%H:%M}  {printable(task.title)}")
    return EXIT_OK


def cmd_remind(args: argparse.Namespace, ctx: Context) -> int:
    """Headless reminders: a loop until SIGINT/SIGTERM, or one poll with --once.

    `--once` records what it prints (so a cron job calling it every minute
    shows each reminder once); `--once --at` is a dry run that records and
    notifies nothing, so it can be repeated. A broken config.toml stops the
    command (exit 1) rather than silently dropping the user's notify_command.
    """
    from smm_tui.core.errors import UsageError
    from smm_tui.reminders.loop import emit, run
    from smm_tui.reminders.service import ReminderService

    if args.at and not args.once:
        raise UsageError(f"{PROG} remind: --at needs --once")
    settings, _ = ctx.settings(strict=True)
    service = ReminderService(ctx.store(write=not args.at), settings, ctx.clock)
    if not args.once:
        return run(service, ctx.clock, sys.stdout, sys.stderr)
    if args.at:
        from datetime import datetime

        from smm_tui.core.wallclock import resolve

        local = datetime.fromisoformat(args.at)
        at = resolve(local.date(), local.time(), ctx.clock.zone_name())
        for delivery in service.preview(at):
            print(delivery.line())
        for problem in service.problems():
            sys.stderr.write(f"{PROG} remind: warning: {problem}\n")
        return EXIT_OK
    emit(service, sys.stdout, sys.stderr)
    service.close()
    return EXIT_OK


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.cli.files import cmd_export as export  # only `export` needs the export package

    return export(args, ctx)


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.cli.files import cmd_import as run_import  # only `import` needs icalendar

    return run_import(args, ctx)


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.cli.sync import cmd_sync as run_sync  # only `sync` needs caldav and its HTTP stack

    return run_sync(args, ctx)


def cmd_tui(args: argparse.Namespace, ctx: Context) -> int:
    """`smm-tui [--date D]`: the timeline app (imported only now: the other commands stay light).

    Without a terminal on both ends (`smm-tui | less`, cron, a script) a full-screen
    app would hang or print escape codes, so the agenda is printed instead, as `today`.
    """
    # Under `smm-tui serve` the terminal is a browser's, reached through pipes: textual-serve names its driver.
    served = os.environ.get("TEXTUAL_DRIVER") == "textual.drivers.web_driver:WebDriver"
    if not served and not (sys.stdin.isatty() and sys.stdout.isatty()):
        args.json = False
        return cmd_today(args, ctx)
    from smm_tui.ui import run_app

    return run_app(ctx.data_dir, ctx.config, ctx.clock, ctx.day(args.date), view=args.view)


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.core.errors import DataError
    from smm_tui.core.store import Store

    problems = []
    try:
        ctx.settings(strict=True)
    except DataError as exc:
        problems.extend(exc.problems)
    store = Store(ctx.data_dir, ctx.clock)
    problems.extend(store.check())
    from smm_tui.paths import themes_dir
    from smm_tui.themes.spec import load_themes

    problems.extend(load_themes(themes_dir(ctx.config))[1])
    for problem in problems:
        print(printable(str(problem)))
    files = len(store.day_files())
    if problems:
        sys.stderr.write(f"{PROG} check: {len(problems)} problem(s) found\n")
        return EXIT_DATA
    print(f"ok: config, routine and {files} day file(s) are valid")
    return EXIT_OK


def cmd_paths(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.paths import themes_dir

    config_note = "" if ctx.config.exists() else "  (not created yet: defaults in use)"
    print(printable(f"data dir    {ctx.data_dir}"))
    print(printable(f"config      {ctx.config}{config_note}"))
    print(printable(f"themes dir  {themes_dir(ctx.config)}"))
    from smm_tui.core.localzone import local_zone

    name, source = local_zone()
    zone = ctx.clock.zone_name()
    print(printable(f"zone        {zone}  ({source if zone == name else 'the clock given in $SMM_TUI_NOW'})"))
    return EXIT_OK


def cmd_next(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.cli.next import cmd_next as run_next  # the status-bar line, kept off argparse and pydantic

    return run_next(args, ctx)


def cmd_serve(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.cli.serve import cmd_serve as run_serve  # only `serve` needs textual-serve

    return run_serve(args, ctx)


def cmd_days(args: argparse.Namespace, ctx: Context) -> int:
    """add, move, edit, delete: in their own module (cli/days.py), loaded only for them."""
    from smm_tui.cli.days import run

    return run(args, ctx)


def cmd_history(args: argparse.Namespace, ctx: Context) -> int:
    """stats, search: in their own module (cli/history.py), loaded only for them."""
    from smm_tui.cli.history import run

    return run(args, ctx)


def _free(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.cli.free import cmd_free  # with core.gaps: only `free` needs it

    return cmd_free(args, ctx)


COMMANDS = {
    "tui": cmd_tui,
    "today": cmd_today,
    "add": cmd_days,
    "done": lambda a, c: _mark("done", a, c),
    "undone": lambda a, c: _mark("todo", a, c),
    "skip": lambda a, c: _mark("skipped", a, c),
    "remind": cmd_remind,
    "export": cmd_export,
    "import": cmd_import,
    "sync": cmd_sync,
    "check": cmd_check,
    "paths": cmd_paths,
    "move": cmd_days,
    "edit": cmd_days,
    "delete": cmd_days,
    "stats": cmd_history,
    "search": cmd_history,
    "free": _free,
    "next": cmd_next,
    "serve": cmd_serve,
}


def main(argv: list[str] | None = None, clock: Clock | None = None) -> int:
    """Entry point of the `smm-tui` script; returns the exit status."""
    arguments = sys.argv[1:] if argv is None else argv
    from smm_tui.cli.quick import app_args

    opening = app_args(arguments)  # bare, --view V, --date D: the app, without building the parser (cli/quick.py)
    if opening is not None:
        from types import SimpleNamespace  # not argparse: its import is part of the first frame's budget

        # It stands in for the Namespace the parser would return: same attributes, read the same way.
        args: argparse.Namespace = SimpleNamespace(  # type: ignore[assignment]  # read like the parser's
            command=None, data_dir=None, config=None, **opening)
    else:
        quick = None
        if arguments[0] == "next":  # a status bar runs it every few seconds: no argparse (cli/next.py)
            from smm_tui.cli.next import quick_args

            quick = quick_args(arguments)
        args = quick or build_parser().parse_args(arguments)
    from smm_tui.cli.clock import clock_from_environment
    from smm_tui.paths import config_file_name, data_dir_name

    command = args.command or "tui"
    try:
        ctx = Context(data_dir_name(args.data_dir), config_file_name(args.config), clock or clock_from_environment())
        return COMMANDS[command](args, ctx)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `smm-tui today | head`: the reader left; not an error worth a message.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open: it is stdout from here on
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into one line
        return report(exc)


def report(exc: BaseException) -> int:
    """Print an exception as one line; tracebacks only with SMM_TUI_DEBUG=1."""
    from smm_tui.core.errors import DataError, SmmError

    if os.environ.get("SMM_TUI_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    if isinstance(exc, DataError):
        for problem in exc.problems:
            sys.stderr.write(printable(str(problem)) + "\n")
        return exc.exit_code
    if isinstance(exc, SmmError):
        sys.stderr.write(printable(str(exc)) + "\n")
        return exc.exit_code
    sys.stderr.write(printable(
        f"{PROG}: internal error: {type(exc).__name__}: {exc} "
        f"(nothing was saved by the failing step; SMM_TUI_DEBUG=1 shows details)"
    ) + "\n")
    return 70
