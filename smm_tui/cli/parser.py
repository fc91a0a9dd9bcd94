"""The command line's argument parser: what `smm-tui --help` shows and how arguments are checked.

Its own module because the bare `smm-tui` builds no parser: argparse (with
gettext) is part of the first-paint budget, so this module - and argparse -
is imported only when there are arguments to parse. Bad arguments are one
line on stderr and exit status 2.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import TYPE_CHECKING, NoReturn

from smm_tui import __version__
from smm_tui.cli import EXIT_USAGE, EXPORT_FORMATS, PROG
from smm_tui.core.kinds import KINDS
from smm_tui.core.text import printable, shown

if TYPE_CHECKING:
    import argparse


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


def _at_arg(text: str) -> str:
    if text == "next":
        return text
    try:
        return _time_arg(text)
    except Exception:  # noqa: BLE001 - the parser's own error type; said again with `next` in it
        raise _bad_argument(f"expected a time HH:MM from 00:00 to 23:59 or `next`, got {shown(text)}") from None


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
    parser.add_argument("--view", choices=("day", "week", "scale", "lanes"), default=None,
                        help="what the app opens with: the day's list (default), the week around --date, "
                             "the day to scale, or platform lanes")
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
    add.add_argument("--at", required=True, type=_at_arg, metavar="HH:MM|next",
                     help="start time, or `next`: the next free gap long enough (today: from now on)")
    add.add_argument("--minutes", type=_minutes_arg, default=None, metavar="N",
                     help="duration (default: task_minutes in config.toml, 30)")
    add.add_argument("--kind", choices=KINDS, default=None,
                     help="kind of work (default: guessed from the title's words, else checkin; the guess is shown)")
    add.add_argument("--platform", action="append", default=[], metavar="P",
                     help="platform, repeatable or comma-separated (email, x, facebook, ...)")
    add.add_argument("--note", default="", help="free text")
    add.add_argument("--lead", type=_minutes_arg, metavar="N", help="reminder lead in minutes for this task")
    from smm_tui.cli import days, free, history  # move/edit/delete/repeat, stats/search: their parsers live there

    days.add_repeat_arguments(add)

    for name, what in (("done", "mark a task done"), ("undone", "mark a task open again"),
                       ("skip", "mark a task skipped")):
        sub = command(name, what + "s (all or none: one save)")
        sub.add_argument("refs", nargs="+", metavar="REF", help="task id, or its position in `smm-tui today`")

    remind = command("remind", "deliver reminders without the UI until Ctrl-C (one line each on stdout)", dated=False)
    remind.add_argument("--once", action="store_true",
                        help="print what is due now, record it, run notify_command, and exit")
    remind.add_argument("--at", type=_instant_arg, metavar="YYYY-MM-DDTHH:MM",
                        help="with --once: what would be due at this local time (a dry run: records and notifies nothing)")

    export = command("export", "write a day, a week or a range of days as svg, html, ics, md, txt or json; "
                     "or the statistics as svg/html")
    export.add_argument("--from", dest="date_from", type=_date_arg, metavar="YYYY-MM-DD",
                        help="first day of a range (ics, md, json); needs --to")
    export.add_argument("--to", dest="date_to", type=_date_arg, metavar="YYYY-MM-DD",
                        help="last day of a range (at most 366 days)")
    export.add_argument("--format", "-f", required=True, choices=EXPORT_FORMATS, help="the file format")
    export.add_argument("-o", "--output", metavar="PATH",
                        help="file to write, or a folder for smm-day-YYYY-MM-DD.<ext> (default: stdout)")
    export.add_argument("--week", nargs="?", const=True, type=_date_arg, metavar="YYYY-MM-DD",
                        help="the week holding this day (default: --date, else today): svg/html one landscape page, "
                             "md/txt/json/ics the seven days")
    export.add_argument("--stats", action="store_true",
                        help="draw the statistics (svg or html) of --week (the default), --month or --from/--to")
    export.add_argument("--month", action="store_true", help="with --stats: the month of --date")
    export.add_argument("--theme", metavar="NAME", help="colours for svg/html (default: the configured theme)")
    export.add_argument("--style", choices=("card", "poster", "lanes"), default="card",
                        help="how svg/html draw the day: card (default), poster (to scale), lanes (per platform)")
    export.add_argument("--force", action="store_true", help="replace an existing file or symlink at PATH")

    imp = command("import", "bring the events of an .ics file into your days as meetings", dated=False)
    imp.add_argument("file", metavar="FILE.ics", help="an iCalendar file (Outlook, Google, Thunderbird, smm-tui)")
    imp.add_argument("--from", dest="date_from", type=_date_arg, metavar="YYYY-MM-DD",
                     help="first day to import (default: today)")
    imp.add_argument("--to", dest="date_to", type=_date_arg, metavar="YYYY-MM-DD",
                     help="last day to import (default: 13 days after --from)")
    imp.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")

    sync = command("sync", "two-way sync of the days with a CalDAV calendar ([sync] in config.toml)", dated=False)
    sync.add_argument("--dry-run", action="store_true", help="print the plan, change nothing on either side")
    sync.add_argument("--from", dest="date_from", type=_date_arg, metavar="YYYY-MM-DD",
                      help="first day to sync (default: past_days before today)")
    sync.add_argument("--to", dest="date_to", type=_date_arg, metavar="YYYY-MM-DD",
                      help="last day to sync (default: future_days after today)")
    sync.add_argument("--status", action="store_true", help="show the last sync, what is pending and the server")
    sync.add_argument("--reset", action="store_true",
                      help="forget the pairing and match every item by UID again (deletes nothing)")
    days.add_commands(command)
    history.add_commands(command)
    free.add_commands(command)
    from smm_tui.cli import next as next_line
    from smm_tui.cli import serve

    next_line.add_command(command)
    serve.add_command(command)

    command("check", "validate config, routine, every day file and your theme files", dated=False)
    command("paths", "print the data dir, config file, themes dir and time zone in use", dated=False)
    return parser
