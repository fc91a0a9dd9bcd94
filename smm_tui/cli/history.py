"""CLI commands over the whole history: `stats` and `search`, answered by the history index.

The index (core.index) is brought in step with the day files first; a first
build over a long history prints a one-line progress on stderr when stderr is
a terminal. The parser part is imported whenever the CLI builds its parser
(`smm-tui today` too), so the index, the statistics and the models they need
(sqlite3, pydantic) are imported inside the commands: `today` stays light.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from smm_tui.cli import EXIT_OK, PROG, Context, _dir_looks_private
from smm_tui.cli.parser import _bad_argument, _date_arg
from smm_tui.core.datadir import move_journal
from smm_tui.core.errors import UsageError
from smm_tui.core.kinds import KINDS
from smm_tui.core.text import printable, shown

if TYPE_CHECKING:
    from smm_tui.core.index import HistoryIndex
    from smm_tui.core.stats import Stats
    from smm_tui.core.timeline import Counts

BY = ("kind", "platform", "weekday", "slot")
"""core.stats.BY, listed here so that building the parser imports nothing heavy (a test keeps them equal)."""
STATUSES = ("done", "open", "skipped")
"""The --status choices of search (core.stats.SEARCH_STATUSES' keys, less the alias `todo`)."""

PROGRESS_FROM = 50
"""Day files to read before a progress line is worth showing."""


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """The parsers of stats and search (`command` is build_parser's sub-command factory)."""
    stats = command("stats", "how the days went: planned, done, skipped, missed; plan vs actual; streaks")
    span = stats.add_mutually_exclusive_group()
    span.add_argument("--week", action="store_true", help="the week of --date, Monday to Sunday (the default)")
    span.add_argument("--month", action="store_true", help="the month of --date")
    span.add_argument("--from", dest="date_from", type=_date_arg, metavar="YYYY-MM-DD", help="first day (with --to)")
    stats.add_argument("--to", dest="date_to", type=_date_arg, metavar="YYYY-MM-DD", help="last day (with --from)")
    stats.add_argument("--by", choices=BY, default="kind", help="group the counts by (default kind)")
    stats.add_argument("--json", action="store_true", help="print the versioned JSON document instead")

    find = command("search", "find tasks across all days (title, note, platforms), newest first", dated=False)
    find.add_argument("text", help="text to look for (ASCII letters match in any case)")
    find.add_argument("--kind", choices=KINDS, help="only this kind")
    find.add_argument("--platform", metavar="P", help="only tasks on this platform")
    find.add_argument("--status", choices=STATUSES, help="only tasks in this state")
    find.add_argument("--from", dest="date_from", type=_date_arg, metavar="YYYY-MM-DD", help="first day")
    find.add_argument("--to", dest="date_to", type=_date_arg, metavar="YYYY-MM-DD", help="last day")
    find.add_argument("--limit", type=_limit_arg, default=200, metavar="N", help="at most N results (default 200)")


def _limit_arg(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,7}", text, re.ASCII) or int(text) < 1:
        raise _bad_argument(f"expected a whole number of results from 1, got {shown(text)}")
    return int(text)


def _progress() -> Callable[[int, int], None] | None:
    """A one-line progress on stderr while a long first build runs (only on a terminal)."""
    if not sys.stderr.isatty():
        return None
    shown = [False]

    def report(done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        shown[0] = True
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{PROG}: indexing history: {done}/{total} day files{end}")
        sys.stderr.flush()

    return report


def open_index(ctx: Context) -> tuple[HistoryIndex, list[str]]:
    """The index, in step with the day files; and the problems of files that could not be read."""
    from smm_tui.core.index import HistoryIndex

    # The full open (pydantic, the lock) only when there is something to do or to refuse:
    # a first start, a move to complete, a data dir others may write to.
    # (os.path answers False where it cannot look, e.g. an unreadable dir: the store then says why.)
    if (not os.path.isfile(ctx.data_dir / "routine.toml") or os.path.lexists(move_journal(ctx.data_dir))
            or not _dir_looks_private(ctx.data_dir)):
        ctx.store()
    index = HistoryIndex(ctx.data_dir)
    refreshed = index.refresh(_progress())
    return index, [str(p) for p in refreshed.problems]


def stats_range(args: argparse.Namespace, ctx: Context) -> tuple[date, date]:
    if (args.date_from is None) != (args.date_to is None):
        raise UsageError(f"{PROG} stats: --from and --to go together")
    if args.date_from is not None:
        first, last = ctx.day(args.date_from), ctx.day(args.date_to)
        if last < first:
            raise UsageError(f"{PROG} stats: --to {last} is before --from {first}")
        return first, last
    anchor = ctx.day(args.date)
    if args.month:
        first = anchor.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
    first = anchor - timedelta(days=anchor.weekday())
    return first, first + timedelta(days=6)


def cmd_stats(args: argparse.Namespace, ctx: Context) -> int:
    import json

    from smm_tui.core.clock import today
    from smm_tui.core.stats import compute

    first, last = stats_range(args, ctx)
    index, problems = open_index(ctx)
    now = ctx.clock.now()
    result = compute(index.db, first, last, now, today(ctx.clock), args.by, problems)
    index.close()
    if args.json:
        sys.stdout.write(json.dumps(result.to_doc(now), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    sys.stdout.write(render_stats(result))
    for problem in problems:
        sys.stderr.write(printable(f"{PROG} stats: skipped {problem}") + "\n")
    return EXIT_OK


def _share(counts: Counts) -> str:
    from smm_tui.core.stats import share_done

    share = share_done(counts)
    return "    -" if share is None else f"{share * 100:4.0f}%"


def _row(label: str, c: Counts) -> str:
    return (f"  {printable(label)[:18]:<18} {c.planned:>7} {c.done:>6} {c.skipped:>7} {c.open:>6} {c.overdue:>7} "
            f"{c.missed:>6}  {_share(c)}")


def render_stats(s: Stats) -> str:
    span = (s.last - s.first).days + 1
    lines = [f"{s.first} to {s.last}: {span} day(s), {s.days} with a file"
             + (f" ({s.days_without_file} past day(s) never opened, not counted)" if s.days_without_file else ""),
             "", f"  {'':<18} {'planned':>7} {'done':>6} {'skipped':>7} {'open':>6} {'overdue':>7} {'missed':>6}  done",
             _row("all", s.total), "", f"By {s.by}"]
    lines += [_row(key, c) for key, c in s.groups.items()]
    if s.by != "platform":
        lines += ["", "By platform"] + [_row(key, c) for key, c in s.by_platform.items()]
    if s.lateness:
        lines += ["", "Plan vs actual: minutes from the slot's start to the tick",
                  f"  {'kind':<18} {'done':>6} {'median':>7} {'p90':>7}  inside the slot"]
        for kind, late in s.lateness.items():
            lines.append(f"  {kind:<18} {late.done:>6} {late.median_minutes:>7.1f} {late.p90_minutes:>7.1f}  "
                         f"{late.inside_slot} ({late.inside_slot * 100 // max(late.done, 1)}%)")
    if s.cadence:
        lines += ["", "Cadence: rounds kept of slots that repeat within the day"]
        for slot, c in s.cadence.items():
            lines.append(f"  {printable(slot):<18} {c.rounds_kept}/{c.rounds_planned} rounds kept over {c.days} day(s), "
                         f"every round on {c.days_all_kept}")
    if s.streaks:
        lines += ["", "Streaks: days in a row done"]
        lines += [f"  {st.label:<18} now {st.current}, longest {st.longest}" for st in s.streaks.values()]
    if s.busiest:
        lines += ["", "Busiest slots: " + ", ".join(f"{printable(b.slot)} ({b.planned}, {b.minutes} min)"
                                                    for b in s.busiest)]
    if s.most_skipped:
        lines.append("Most skipped:  " + ", ".join(f"{printable(b.slot)} ({b.skipped} of {b.planned})"
                                                    for b in s.most_skipped))
    return "\n".join(lines) + "\n"


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    from smm_tui.core.stats import search

    if not args.text.strip():
        raise UsageError(f"{PROG} search: give some text to look for")
    first = ctx.day(args.date_from) if args.date_from else None
    last = ctx.day(args.date_to) if args.date_to else None
    index, problems = open_index(ctx)
    hits = search(index.db, args.text, kind=args.kind, platform=args.platform, status=args.status,
                  first=first, last=last, limit=args.limit)
    index.close()
    marks = {"done": "[x]", "skipped": "[s]", "todo": "[ ]"}
    for hit in hits:
        where = f"  ({', '.join(hit.platforms)})" if hit.platforms else ""
        sys.stdout.write(printable(f"{hit.date} {hit.start // 60:02d}:{hit.start % 60:02d}  {marks[hit.status]}  "
                                   f"{hit.kind:<10} {hit.title}{where}  [{hit.id}]") + "\n")
    for problem in problems:
        sys.stderr.write(printable(f"{PROG} search: skipped {problem}") + "\n")
    if not hits:
        sys.stderr.write(f"{PROG} search: nothing found\n")
        return 1
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Context], int]] = {"stats": cmd_stats, "search": cmd_search}


def run(args: argparse.Namespace, ctx: Context) -> int:
    return COMMANDS[args.command](args, ctx)
