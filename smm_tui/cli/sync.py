"""`smm-tui sync`: two-way sync with a CalDAV calendar (the engine and client live in smm_tui.sync).

Imported only when `sync` runs: caldav and its HTTP stack are not for the other commands.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from smm_tui.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, PROG
from smm_tui.core.text import printable

if TYPE_CHECKING:
    import argparse

    from smm_tui.cli import Context


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    """`smm-tui sync`: one round; one summary line, or one error line and exit 1."""
    from smm_tui.sync.available import missing  # caldav is the optional extra `smm-tui[sync]`

    unavailable = missing()
    if unavailable is not None:
        sys.stderr.write(f"{PROG} {unavailable}\n")
        return EXIT_DATA
    from smm_tui.sync import quick  # the no-change check: one request, no pydantic, no caldav client

    plain = not (args.status or args.dry_run or args.reset or args.date_from or args.date_to)
    if plain:
        line = quick.check(ctx.data_dir, ctx.config, ctx.clock)
        if line is not None:
            print(line)
            return EXIT_OK
    config_sum = quick.config_digest(ctx.config)  # before validating: a later edit makes the record stale

    from smm_tui.core.clock import today
    from smm_tui.core.errors import SmmError
    from smm_tui.sync.run import describe, window_for
    from smm_tui.sync.service import import_meetings, status_report, sync_once, window_between

    settings, _warning = ctx.settings(strict=True)
    window = window_for(today(ctx.clock), settings)
    if args.date_from or args.date_to:
        window = window_between(ctx.day(args.date_from) if args.date_from else window.first,
                                ctx.day(args.date_to) if args.date_to else window.last)
    store = ctx.store()
    if args.status:
        report = status_report(store, settings, window)
        if report.url is None:
            print("sync: not configured (no [sync] url in config.toml)")
            return EXIT_OK
        print(printable(f"server      {report.url}"))
        print(printable(f"last sync   {report.last_sync}" + (f": {report.last_result}" if report.last_result else "")))
        print(f"pending     {report.pending} local change(s) in {report.window}")
        print(f"paired      {report.paired} item(s)")
        return EXIT_OK
    if args.dry_run and args.reset:
        raise_usage = "smm-tui sync: --reset and --dry-run do not go together (--reset changes only the pairing)"
        sys.stderr.write(raise_usage + "\n")
        return EXIT_USAGE
    local = quick.local_signature(ctx.data_dir, window.first, window.last)  # before the round reads the days
    meetings = import_meetings(store, settings, window, dry_run=args.dry_run)
    outcome = sync_once(store, settings, window, dry_run=args.dry_run, reset=args.reset)
    if plain and outcome.quiet and outcome.token and meetings is None:
        try:
            quick.remember(store, settings, config=ctx.config, config_sum=config_sum, local=local,
                           zone=ctx.clock.zone_name(), first=window.first, last=window.last, token=outcome.token,
                           auth=outcome.auth, summary=outcome.summary())
        except (SmmError, OSError):
            pass  # only the next run's shortcut is lost; this round is done
    for warning in outcome.warnings:
        sys.stderr.write(printable(f"{PROG} sync: warning: {warning}") + "\n")
    if args.dry_run:
        for line in sorted(describe(action) for action in outcome.plan.actions):
            print(printable(line))
        print(f"would do: {outcome.summary()}")
        return EXIT_OK
    for action in outcome.done:
        if action.conflict and action.item is not None:
            print(printable(f"conflict: {action.item.day} {action.item.task.title}: {action.conflict}; "
                            "the other version is in its note"))
    if meetings:
        print(meetings)
    print(outcome.summary())
    return EXIT_OK
