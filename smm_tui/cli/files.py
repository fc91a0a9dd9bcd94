"""`smm-tui export` and `smm-tui import`: the commands that write and read other files.

Imported when one of them runs. Exports are written atomically into a
folder the user names (never through a symlink they did not confirm); an
import plans every change first and writes through the store.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from smm_tui.cli import EXIT_OK, EXIT_SKIPPED, PROG
from smm_tui.core.text import printable, shown

if TYPE_CHECKING:
    import argparse

    from smm_tui.cli import Context
    from smm_tui.config import Settings
    from smm_tui.core.export import Palette


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
    )

    fmt = get_format(args.format)
    if args.month and not args.stats:
        raise UsageError("--month goes with --stats (a month of days: --from/--to)")
    if args.style != "card" and (args.stats or args.week is not None
                                 or args.date_from is not None or args.date_to is not None):
        raise UsageError(f"--style {args.style} draws one day (--date D), not a week, a range or the statistics")
    if args.stats:
        return _export_stats(args, ctx)
    if args.week is not None:
        return _export_week(args, ctx)
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
    fmt = get_format(fmt.name, args.style)  # --style poster/lanes: svg and html only
    settings, warning = ctx.settings(strict=False)
    if warning:
        sys.stderr.write(f"{PROG}: warning: {warning}\n")
    palette = _export_palette(ctx, args.theme, settings.theme) if fmt.name in ("svg", "html") else None
    store = ctx.store(write=False)
    options = ExportOptions.from_settings(settings, ctx.clock.now(), palette)
    timelines = [timeline_of(store, day, options) for day in days]
    data = fmt.render_range(timelines, options) if ranged else fmt.render_day(timelines[0], options)
    return _deliver(args, data, export_file_name(days[0], fmt.name, days[-1] if ranged else None))


def _deliver(args: argparse.Namespace, data: bytes, name: str) -> int:
    """Write the export to stdout, to the file -o names, or as `name` into the folder it names."""
    from smm_tui.core.errors import UsageError
    from smm_tui.core.export import write_export

    if args.output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    from smm_tui.paths import expand

    target = expand(args.output)
    if args.output.endswith(("/", os.sep)) and not target.is_dir():
        raise UsageError(f"{target}: no such folder")
    if target.is_dir():  # a folder, or a symlink to one (`reports -> realreports`): followed
        target = target / name
    print(write_export(target, data, force=args.force))
    return EXIT_OK


def _week_start(settings: Settings) -> str:
    """The configured first day of the week (config `week_start`, where the settings have it), else Monday."""
    return str(getattr(settings, "week_start", "monday"))


def _week_day(args: argparse.Namespace) -> str | None:
    """The day whose week is meant: `--week DATE`, else --date (None: today); `--week` alone is True."""
    from smm_tui.core.errors import UsageError

    if isinstance(args.week, str):
        if args.date is not None:
            raise UsageError("give the week's day once: --week DATE or --date DATE")
        return args.week
    return args.date  # type: ignore[no-any-return]


def _export_week(args: argparse.Namespace, ctx: Context) -> int:
    """`export --week [DATE]`: the seven days of the week holding DATE (else --date, else today)."""
    from smm_tui.core.errors import UsageError
    from smm_tui.core.export import ExportOptions, get_format, timeline_of
    from smm_tui.core.export.week import render_week, week_file_name, week_of

    if args.date_from is not None or args.date_to is not None:
        raise UsageError("give either --week or --from/--to, not both")
    if args.theme is not None and args.format not in ("svg", "html"):
        raise UsageError(f"--theme applies to svg and html, not {args.format}")
    settings, warning = ctx.settings(strict=False)
    if warning:
        sys.stderr.write(f"{PROG}: warning: {warning}\n")
    days = week_of(ctx.day(_week_day(args)), _week_start(settings))
    palette = _export_palette(ctx, args.theme, settings.theme) if args.format in ("svg", "html") else None
    store = ctx.store(write=False)
    options = ExportOptions.from_settings(settings, ctx.clock.now(), palette)
    data = render_week(args.format, [timeline_of(store, day, options) for day in days], options)
    return _deliver(args, data, week_file_name(days[0], get_format(args.format).extension))


def _export_stats(args: argparse.Namespace, ctx: Context) -> int:
    """`export --stats`: the statistics of --week (default), --month or --from/--to as an svg or html picture."""
    from datetime import timedelta

    from smm_tui.cli.history import open_index
    from smm_tui.core.clock import today
    from smm_tui.core.errors import UsageError
    from smm_tui.core.export import ExportOptions
    from smm_tui.core.export.stats_svg import heat_range, render_html, render_svg
    from smm_tui.core.export.week import week_of
    from smm_tui.core.stats import compute, done_per_day

    if args.format not in ("svg", "html"):
        raise UsageError(f"--stats draws svg or html, not {args.format} "
                         f"(for text or JSON use `{PROG} stats` or `{PROG} stats --json`)")
    ranged = args.date_from is not None or args.date_to is not None
    if sum((ranged, args.month, args.week is not None)) > 1:
        raise UsageError("--stats takes one range: --week, --month or --from/--to")
    settings, warning = ctx.settings(strict=False)
    if warning:
        sys.stderr.write(f"{PROG}: warning: {warning}\n")
    if ranged:
        if args.date is not None:
            raise UsageError("give either --date or --from/--to, not both")
        if args.date_from is None or args.date_to is None:
            raise UsageError("--from and --to go together")
        first, last = ctx.day(args.date_from), ctx.day(args.date_to)
        if last < first:
            raise UsageError(f"the range is reversed: --from {first} is after --to {last}")
    elif args.month:
        first = ctx.day(args.date).replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    else:
        week = week_of(ctx.day(_week_day(args)), _week_start(settings))
        first, last = week[0], week[-1]
    palette = _export_palette(ctx, args.theme, settings.theme)
    index, problems = open_index(ctx)
    now = ctx.clock.now()
    try:
        result = compute(index.db, first, last, now, today(ctx.clock), "kind", problems)
        per_day = done_per_day(index.db, *heat_range(first, last))
    finally:
        index.close()
    for problem in problems:
        sys.stderr.write(printable(f"{PROG} export: skipped {problem}") + "\n")
    options = ExportOptions.from_settings(settings, now, palette)
    render = render_svg if args.format == "svg" else render_html
    return _deliver(args, render(result, per_day, options), f"smm-stats-{first}-to-{last}.{args.format}")


def _export_palette(ctx: Context, name: str | None, configured: str) -> Palette:
    """The palette of --theme NAME, else of the configured theme (built-in or in the themes dir)."""
    from smm_tui.core.errors import DataError, UsageError
    from smm_tui.core.export import Palette
    from smm_tui.paths import themes_dir
    from smm_tui.themes import DEFAULT_THEME, builtin_dir
    from smm_tui.themes.spec import load_themes

    themes, failures = load_themes(builtin_dir(), themes_dir(ctx.config))
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
