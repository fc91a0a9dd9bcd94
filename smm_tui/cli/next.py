"""`smm-tui next`: the running or next slot in one line, for tmux, waybar, polybar or a prompt.

A status bar runs this every few seconds, so it is kept as cheap as a
Python process can be. What that buys, measured against `calcurse --next`
on the same year of history (benchmarks/run.py, section `next`):

- **No argparse.** Building the full parser imports argparse and gettext,
  and the modules that declare the other subcommands, and builds all of
  them: about half of a whole `calcurse --next` run, measured side by side.
  `quick_args` reads the plain forms (`--format F`, `--json`, `--data-dir`,
  `--config`, with or without `=`) by hand; anything else (`--date`, `-h`,
  a bad template, an unknown option) returns None and the real parser
  decides, so errors and help read exactly as for every other command.
- **No pydantic, no TOML, no zone database.** The day comes from the
  snapshot cache (core.snapshot): a timeline with its instants already
  resolved, used only when its key - the hash of the day file's (or
  routine's) bytes, config.toml, the date, the zone and the code - matches.
  On a miss (first call of a day, a hand edit) the fully validated path
  builds the timeline and refreshes the snapshot, so a broken day file is
  reported with the usual one-line error and the next call is cheap again.
- **No timeline classes, no dataclasses.** The slots are read straight from
  the snapshot document (`_DocSlot`) rather than rebuilt as a `Timeline`,
  and the CLI's `Context` is a plain class: importing core.timeline (which
  imports dataclasses) costs about a third of a `calcurse --next` run.

- **No typing at run time.** The modules on this path keep their
  annotations' imports under `TYPE_CHECKING = False` (mypy reads the name as
  typing's) and their Protocols are plain base classes at run time: typing
  itself costs about 2 ms, a sixth of a `calcurse --next` run.

- **No re, json, pathlib or platformdirs.** Together they were more than
  half of the run, above the bare interpreter: `re` (with enum) about 5 ms,
  pathlib 3 ms more, json 1 ms more, platformdirs about 15 ms (when
  `$SMM_TUI_DATA_DIR` is not set, as in a status bar). So: the command is a
  plain script, not an entry point whose generated launcher imports `re`
  (scripts/smm-tui); the snapshot is marshal behind a checksum, not JSON
  (core.snapshot says why that is safe); the folders are strings until a
  command needs Paths (`Context.data_dir_name`, `paths.data_dir_name`) and on
  Linux come from the XDG rule that platformdirs follows there (paths.py,
  checked against platformdirs by tests/unit/test_paths.py); `printable`
  and the `--format` grammar need no regular expression (core.text,
  core.upcoming); `--json` alone imports json.

`tests/cli/test_next.py` guards all of it: `next` on a warm day imports
neither pydantic, tomllib, zoneinfo, argparse, typing nor textual; the real
launcher on a bare interpreter (`python -S`) imports none of re, enum, json,
pathlib, platformdirs or functools, with the data dir given or found by the
XDG rule; and the answer equals the validated path's for random days and
moments (hypothesis).
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time
from types import SimpleNamespace

from smm_tui.cli import EXIT_OK, Context, build_timeline, cached_doc
from smm_tui.core.upcoming import DEFAULT_FORMAT, PLACEHOLDERS, document, dumps, line, parse_template

TYPE_CHECKING = False  # typing costs `smm-tui next` 2 ms at run time; mypy reads this name as typing.TYPE_CHECKING
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from typing import Any

    from smm_tui.core.upcoming import Slot

_VALUED = {"--format": "format", "--data-dir": "data_dir", "--config": "config"}


def quick_args(arguments: list[str]) -> argparse.Namespace | None:
    """`next`'s arguments without argparse when they are the plain forms; None means: ask argparse."""
    values: dict[str, object] = {"command": "next", "date": None, "view": None, "data_dir": None, "config": None,
                                 "format": DEFAULT_FORMAT, "json": False}
    rest = iter(arguments[1:])
    for argument in rest:
        name, equals, value = argument.partition("=")
        if argument == "--json":
            values["json"] = True
        elif name in _VALUED:
            if not equals:
                value = next(rest, "")
                if not value or value.startswith("-"):
                    return None
            values[_VALUED[name]] = value
        else:
            return None
    try:
        parse_template(str(values["format"]))
    except ValueError:
        return None
    return SimpleNamespace(**values)  # type: ignore[return-value]  # read like the parser's Namespace


def template_arg(text: str) -> str:
    """argparse type of --format: a template with known placeholders only."""
    import argparse  # only here: the quick path never loads argparse (see the module docstring)

    try:
        parse_template(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def add_command(command: Callable[..., argparse.ArgumentParser]) -> None:
    """The `next` subparser (used for --help, --date and anything `quick_args` leaves to argparse)."""
    sub = command("next", "print the running or next open slot in one line (for status bars)")
    sub.add_argument("--format", type=template_arg, default=DEFAULT_FORMAT, metavar="TEMPLATE",
                     help="the line, with placeholders " + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
                     + f" (default: {DEFAULT_FORMAT.replace('%', '%%')!r})")
    sub.add_argument("--json", action="store_true", help="print one line of JSON instead")


class _DocSlot:
    """A task of a snapshot document, read as a `core.upcoming.Slot` without core.timeline (see above)."""

    __slots__ = ("position", "id", "title", "start", "end", "minutes", "kind", "platforms", "status",
                 "starts_at", "ends_at")

    def __init__(self, task: dict[str, Any]) -> None:
        self.position: int = task["position"]
        self.id: str = task["id"]
        self.title: str = task["title"]
        self.start = time.fromisoformat(task["start"])
        self.end = time.fromisoformat(task["end"])
        self.minutes: int = task["minutes"]
        self.kind: str = task["kind"]
        self.platforms = tuple(task["platforms"])
        self.status: str = task["status"]
        self.starts_at = datetime.fromisoformat(task["starts_at"])
        self.ends_at = datetime.fromisoformat(task["ends_at"])


def day_slots(ctx: Context, day: date) -> Sequence[Slot]:
    """The day's slots: from its snapshot when that matches the files, else from the validated day.

    The validated path (which also refreshes the snapshot) reports a broken day
    file with the usual one-line error.
    """
    doc = cached_doc(ctx, day)
    if doc is not None:
        try:
            return [_DocSlot(task) for band in doc["bands"] for task in band["tasks"]]
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # a damaged snapshot: the validated path rebuilds it
    return build_timeline(ctx, day).entries


def cmd_next(args: argparse.Namespace, ctx: Context) -> int:
    """Print the line (empty when nothing is left that day); exit 0 either way."""
    day = ctx.day(args.date)
    slots = day_slots(ctx, day)
    now = ctx.clock.now()
    sys.stdout.write((dumps(document(day, slots, now)) if args.json
                      else line(slots, now, parse_template(args.format))) + "\n")
    return EXIT_OK
