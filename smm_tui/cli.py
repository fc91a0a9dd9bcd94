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
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from smm_tui import __version__
from smm_tui.core.kinds import KINDS
from smm_tui.core.text import printable, shown

if TYPE_CHECKING:
    import argparse

    from smm_tui.config import Settings
    from smm_tui.core.clock import Clock
    from smm_tui.core.export import Palette
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


def _parser_class() -> type[argparse.ArgumentParser]:
    """argparse with one-line errors (the default prints the whole usage first).

    Made when a parser is built: the bare `smm-tui` builds none, and importing
    argparse (with gettext) is part of the first-paint budget.
    """
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            if len(message) > 300:  # argparse echoes arguments whole; one may be 128 kB
                message = f"{message[:200]}...{message[-60:]}"
            sys.stderr.write(printable(f"{self.prog}: error: {message} (see '{self.prog} --help')") + "\n")
            raise SystemExit(EXIT_USAGE)

    return Parser


def _bad_argument(message: str) -> Exception:
    """The error argparse turns into "argument --x: message" (argparse is loaded when this runs)."""
    import argparse

    return argparse.ArgumentTypeError(message)


def _date_arg(text: str) -> str:
    if text in ("today", "tomorrow", "yesterday"):
        return text
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise _bad_argument(f"expected a date YYYY-MM-DD (or today/tomorrow/yesterday), got {shown(text)}")
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise _bad_argument(f"{shown(text)} is not a real date ({exc})") from None
    from smm_tui.core.wallclock import check_date

    try:
        check_date(day)
    except ValueError as exc:
        raise _bad_argument(str(exc)) from None
    return text


def _time_arg(text: str) -> str:
    match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise _bad_argument(f"expected a time HH:MM from 00:00 to 23:59, got {shown(text)}")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _minutes_arg(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", text) or int(text) > 24 * 60:
        raise _bad_argument(f"expected whole minutes from 0 to 1440, got {shown(text)}")
    return int(text)


def _instant_arg(text: str) -> str:
    match = re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{1,2}:[0-9]{2})", text)
    if not match:
        raise _bad_argument(f"expected a local date and time YYYY-MM-DDTHH:MM, got {text!r}")
    return f"{_date_arg(match.group(1))}T{_time_arg(match.group(2))}"


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    import argparse

    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", metavar="PATH", default=default,
                        help="data directory (default: $SMM_TUI_DATA_DIR or the user data dir)")
    parser.add_argument("--config", metavar="PATH", default=default,
                        help="config file (default: $SMM_TUI_CONFIG or the user config dir)")


def _with_date(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    import argparse

    parser.add_argument("--date", type=_date_arg, metavar="YYYY-MM-DD",
                        default=argparse.SUPPRESS if suppress else None,
                        help="the day (default: today in the local zone)")


def build_parser() -> argparse.ArgumentParser:
    Parser = _parser_class()  # noqa: N806 - a class
    parser = Parser(prog=PROG, description="A terminal day planner for social media managers. "
                    "Without a COMMAND it opens the timeline app on --date (default: today).")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _common(parser, suppress=False)
    _with_date(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, help_text: str, *, dated: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _common(sub, suppress=True)
        if dated:
            _with_date(sub, suppress=True)
        return sub

    today = command("today", "print the day's agenda grouped by band")
    today.add_argument("--json", action="store_true", help="print the versioned JSON document instead")

    add = command("add", "add a task to a day; prints its id")
    add.add_argument("title", help="what to do")
    add.add_argument("--at", required=True, type=_time_arg, metavar="HH:MM", help="start time")
    add.add_argument("--minutes", type=_minutes_arg, default=30, metavar="N", help="duration (default 30)")
    add.add_argument("--kind", choices=KINDS, default=None,
                     help="kind of work (default: guessed from the title's words, else checkin; the guess is shown)")
    add.add_argument("--platform", action="append", default=[], metavar="P",
                     help="platform, repeatable or comma-separated (email, x, facebook, ...)")
    add.add_argument("--note", default="", help="free text")
    add.add_argument("--lead", type=_minutes_arg, metavar="N", help="reminder lead in minutes for this task")
    from smm_tui import cli_days  # the commands that move, edit and delete tasks, and repeats

    cli_days.add_repeat_arguments(add)

    for name, what in (("done", "mark a task done"), ("undone", "mark a task open again"),
                       ("skip", "mark a task skipped")):
        sub = command(name, what + "s (all or none: one save)")
        sub.add_argument("refs", nargs="+", metavar="REF", help="task id, or its position in `smm-tui today`")

    remind = command("remind", "deliver reminders without the UI until Ctrl-C (one line each on stdout)", dated=False)
    remind.add_argument("--once", action="store_true",
                        help="print what is due now, record it, run notify_command, and exit")
    remind.add_argument("--at", type=_instant_arg, metavar="YYYY-MM-DDTHH:MM",
                        help="with --once: what would be due at this local time (a dry run: records and notifies nothing)")

    export = command("export", "write a day (or a range of days) as svg, html, ics, md, txt or json")
    export.add_argument("--from", dest="date_from", type=_date_arg, metavar="YYYY-MM-DD",
                        help="first day of a range (ics, md, json); needs --to")
    export.add_argument("--to", dest="date_to", type=_date_arg, metavar="YYYY-MM-DD",
                        help="last day of a range (at most 366 days)")
    export.add_argument("--format", "-f", required=True, choices=EXPORT_FORMATS, help="the file format")
    export.add_argument("-o", "--output", metavar="PATH",
                        help="file to write, or a folder for smm-day-YYYY-MM-DD.<ext> (default: stdout)")
    export.add_argument("--theme", metavar="NAME", help="colours for svg/html (default: the configured theme)")
    export.add_argument("--force", action="store_true", help="replace an existing file or symlink at PATH")

    imp = command("import", "bring the events of an .ics file into your days as meetings", dated=False)
    imp.add_argument("file", metavar="FILE.ics", help="an iCalendar file (Outlook, Google, Thunderbird, smm-tui)")
    imp.add_argument("--from", dest="date_from", type=_date_arg, metavar="YYYY-MM-DD",
                     help="first day to import (default: today)")
    imp.add_argument("--to", dest="date_to", type=_date_arg, metavar="YYYY-MM-DD",
                     help="last day to import (default: 13 days after --from)")
    imp.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")

    cli_days.add_commands(command)
    from smm_tui import cli_history  # stats and search (their heavy imports wait for them)

    cli_history.add_commands(command)

    command("check", "validate config, routine, every day file and your theme files", dated=False)
    command("paths", "print the data dir, config file, themes dir and time zone in use", dated=False)
    return parser


@dataclass
class Context:
    """What every command needs, resolved once from arguments and environment."""

    data_dir: Path
    config: Path
    clock: Clock

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


def _clock() -> Clock:
    """The system clock, or a frozen one when $SMM_TUI_NOW is set (tests, demos, reproducible runs)."""
    from smm_tui.core.clock import SystemClock

    frozen = os.environ.get("SMM_TUI_NOW")
    if not frozen:
        return SystemClock()
    from datetime import datetime

    from smm_tui.core.clock import FrozenClock
    from smm_tui.core.errors import UsageError

    try:
        at = datetime.fromisoformat(frozen)
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise UsageError(f"SMM_TUI_NOW: expected an ISO date-time with offset like 2026-11-26T09:00+01:00, got {shown(frozen)}")
    zone = SystemClock().zone_name()
    from smm_tui.core.wallclock import check_date
    from smm_tui.core.wallclock import zone as load_zone

    try:
        local = at.astimezone(load_zone(zone))
        check_date(local.date())
    except (OverflowError, ValueError) as exc:
        raise UsageError(f"SMM_TUI_NOW: {shown(frozen)} cannot be used ({exc})") from None
    return FrozenClock(local, zone)


def cmd_today(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.core import snapshot
    from smm_tui.core.agenda import render_json, render_text
    from smm_tui.core.timeline import Timeline

    day = ctx.day(args.date)
    timeline: Timeline | None = None
    use_snapshot = not os.environ.get("SMM_TUI_NO_SNAPSHOT")
    if use_snapshot and _dir_looks_private(ctx.data_dir):
        key = snapshot.key(ctx.data_dir, day, ctx.config)
        doc = snapshot.load(ctx.data_dir, day, key) if key else None
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


def _dir_looks_private(directory: Path) -> bool:
    """The fast path only serves dirs the slow path would accept (it refuses world-writable ones)."""
    try:
        return not os.stat(directory).st_mode & 0o002
    except OSError:
        return False


def build_timeline(ctx: Context, day: date, *, store: Store | None = None, quiet: bool = False) -> Timeline:
    """The validated timeline of a day (slow path), refreshing its snapshot when nothing is wrong.

    quiet: do not print the broken-config warning (a change command refreshing the snapshot).
    """
    from smm_tui.core import snapshot
    from smm_tui.core.timeline import BandStarts

    settings, warning = ctx.settings(strict=False)
    if warning and not quiet:
        sys.stderr.write(printable(f"{PROG}: warning: {warning}") + "\n")
    bands = BandStarts(settings.bands.lunch, settings.bands.afternoon, settings.bands.evening)
    _, timeline = snapshot.build_fresh(store or ctx.store(write=False), day, bands, ctx.config, cache=warning is None)
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


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import time

    from pydantic import ValidationError

    from smm_tui.core.errors import UsageError
    from smm_tui.core.kind_guess import guess_kind
    from smm_tui.core.models import Task
    from smm_tui.core.tomlfile import field_path

    day = ctx.day(args.date)
    if args.repeat or args.every is not None or args.until is not None:
        from smm_tui import cli_days

        return cli_days.add_repeating(args, ctx)
    platforms = [p.strip() for value in args.platform for p in value.split(",") if p.strip()]
    hour, minute = map(int, args.at.split(":"))
    new_id: list[str] = []
    kind, word = (args.kind, "") if args.kind else guess_kind(args.title)

    def change(current: Day) -> Day:
        fields = {"id": current.new_task_id(), "title": args.title, "start": time(hour, minute),
                  "minutes": args.minutes, "kind": kind, "platforms": platforms, "note": args.note,
                  "lead": args.lead}
        try:
            task = Task.model_validate(fields)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            message = first["msg"].removeprefix("Value error, ")
            raise UsageError(f"{PROG} add: {field_path(tuple(first['loc']))}: {message}") from None
        new_id.append(task.id)
        return current.with_task(task)

    store = ctx.store()
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


def _mark(status: Status, args: argparse.Namespace, ctx: Context) -> int:
    """done / undone / skip with one or more REFs: one save for all of them, or none at all.

    Every REF is resolved against the day as it is before the change (positions
    as `today` shows them); one that names no task refuses the whole command
    and nothing is written. A task named twice is changed and printed once.
    """
    from smm_tui.cli_days import resolve_refs  # the REF rules shared with move and delete

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
    from smm_tui.remind_loop import emit, run
    from smm_tui.reminding import ReminderService

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
    from smm_tui.core.errors import UsageError

    try:
        return _export(args, ctx)
    except UsageError as exc:
        raise UsageError(f"{PROG} export: {exc}") from None


def _export(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.core.errors import UsageError
    from smm_tui.core.export import (
        ExportOptions,
        days_between,
        export_file_name,
        get_format,
        range_refusal,
        timeline_of,
        write_export,
    )

    fmt = get_format(args.format)
    ranged = args.date_from is not None or args.date_to is not None
    if ranged:
        if args.date is not None:
            raise UsageError("give either --date or --from/--to, not both")
        if args.date_from is None or args.date_to is None:
            raise UsageError("--from and --to go together")
        if not fmt.supports_range:
            raise UsageError(range_refusal(fmt.name))
        days = days_between(ctx.day(args.date_from), ctx.day(args.date_to))
    else:
        days = [ctx.day(args.date)]
    if args.theme is not None and fmt.name not in ("svg", "html"):
        raise UsageError(f"--theme applies to svg and html, not {fmt.name}")
    settings, warning = ctx.settings(strict=False)
    if warning:
        sys.stderr.write(f"{PROG}: warning: {warning}\n")
    palette = _export_palette(ctx, args.theme, settings.theme) if fmt.name in ("svg", "html") else None
    store = ctx.store(write=False)
    options = ExportOptions.from_settings(settings, ctx.clock.now(), palette)
    timelines = [timeline_of(store, day, options) for day in days]
    data = fmt.render_range(timelines, options) if ranged else fmt.render_day(timelines[0], options)
    if args.output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    from smm_tui.paths import expand

    target = expand(args.output)
    if args.output.endswith(("/", os.sep)) and not target.is_dir():
        raise UsageError(f"{target}: no such folder")
    if target.is_dir():  # a folder, or a symlink to one (`reports -> realreports`): followed
        target = target / export_file_name(days[0], fmt.name, days[-1] if ranged else None)
    print(write_export(target, data, force=args.force))
    return EXIT_OK


def _export_palette(ctx: Context, name: str | None, configured: str) -> Palette:
    """The palette of --theme NAME, else of the configured theme (built-in or in the themes dir)."""
    from smm_tui.core.errors import DataError, UsageError
    from smm_tui.core.export import Palette
    from smm_tui.paths import builtin_themes_dir, themes_dir
    from smm_tui.themes import DEFAULT_THEME, load_themes

    themes, failures = load_themes(builtin_themes_dir(), themes_dir(ctx.config))
    wanted = name or configured
    spec = themes.get(wanted)
    if spec is None:
        broken = [p for p in failures if p.path is not None and p.path.stem == wanted]
        if broken:
            raise DataError(broken[:1])
        if name is not None:
            raise UsageError(f"unknown theme {name!r} (available: {', '.join(sorted(themes))})")
        sys.stderr.write(f"{PROG}: warning: theme {configured!r} from the config is not installed; "
                         f"using {DEFAULT_THEME!r}\n")
        spec = themes[DEFAULT_THEME]
    return Palette.from_theme(spec)


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.core.ics_import import default_range, import_file

    first, last = default_range(
        ctx.clock,
        ctx.day(args.date_from) if args.date_from else None,
        ctx.day(args.date_to) if args.date_to else None,
    )
    from smm_tui.paths import expand

    path = expand(args.file)
    planned = import_file(ctx.store(write=not args.dry_run), path, first, last, dry_run=args.dry_run)
    summary = planned.summary
    for name in sorted(planned.parsed.unknown_zones):
        sys.stderr.write(printable(f"{PROG}: warning: time zone {shown(name)} is not defined in the file and not "
                                   "known here; its events were read as local time") + "\n")
    for line in planned.parsed.skipped:
        sys.stderr.write(printable(f"{PROG}: {line}") + "\n")
    status = EXIT_SKIPPED if planned.parsed.skipped else EXIT_OK
    if not planned.parsed.items:
        print(f"nothing to import from {first} to {last}: the file has {planned.parsed.events_in_file} "
              f"event(s) (choose the days with --from/--to)")
        return status
    parts = [f"{summary.added} added", f"{summary.updated} updated", f"{summary.unchanged} unchanged"]
    if summary.moved:
        parts.append(f"{summary.moved} moved")
    if summary.notes:
        parts.append(f"{summary.notes} all-day note(s)")
    if summary.unplaced:
        parts.append(f"{summary.unplaced} not placed (the day file uses another zone)")
    verb = "would import" if args.dry_run else "imported"
    if planned.parsed.skipped:
        parts.append(f"{len(planned.parsed.skipped)} event(s) skipped")
    print(f"{verb} {printable(path.name)} ({first} to {last}): {', '.join(parts)}; "
          f"{len(summary.days)} day(s) {'would change' if args.dry_run else 'changed'}")
    return status


def cmd_tui(args: argparse.Namespace, ctx: Context) -> int:
    """`smm-tui [--date D]`: the timeline app (imported only now: the other commands stay light).

    Without a terminal on both ends (`smm-tui | less`, cron, a script) a full-screen
    app would hang or print escape codes, so the agenda is printed instead, as `today`.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        args.json = False
        return cmd_today(args, ctx)
    from smm_tui.ui import run_app

    return run_app(ctx.data_dir, ctx.config, ctx.clock, ctx.day(args.date))


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
    from smm_tui.themes import load_themes

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


def cmd_days(args: argparse.Namespace, ctx: Context) -> int:
    """move, edit, delete: in their own module (cli_days), loaded only for them."""
    from smm_tui import cli_days

    return cli_days.run(args, ctx)


def cmd_history(args: argparse.Namespace, ctx: Context) -> int:
    """stats, search: in their own module (cli_history), loaded only for them."""
    from smm_tui import cli_history

    return cli_history.run(args, ctx)


COMMANDS = {
    "tui": cmd_tui,
    "today": cmd_today,
    "add": cmd_add,
    "done": lambda a, c: _mark("done", a, c),
    "undone": lambda a, c: _mark("todo", a, c),
    "skip": lambda a, c: _mark("skipped", a, c),
    "remind": cmd_remind,
    "export": cmd_export,
    "import": cmd_import,
    "check": cmd_check,
    "paths": cmd_paths,
    "move": cmd_days,
    "edit": cmd_days,
    "delete": cmd_days,
    "stats": cmd_history,
    "search": cmd_history,
}


def main(argv: list[str] | None = None, clock: Clock | None = None) -> int:
    """Entry point of the `smm-tui` script; returns the exit status."""
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments:
        # Bare `smm-tui` opens the TUI: skip building the parser (part of the first-paint budget).
        from types import SimpleNamespace  # not argparse: its import is part of that budget too

        # It stands in for the Namespace the parser would return: same attributes, read the same way.
        args = cast("argparse.Namespace", SimpleNamespace(command=None, data_dir=None, config=None, date=None))
    else:
        args = build_parser().parse_args(arguments)
    from smm_tui.paths import config_file, data_dir

    command = args.command or "tui"
    try:
        ctx = Context(data_dir(args.data_dir), config_file(args.config), clock or _clock())
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
