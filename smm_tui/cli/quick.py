"""The app's own arguments read without argparse: `--view V` and `--date D`, alone or together.

Bare `smm-tui`, `smm-tui --view scale` and `smm-tui --date 2026-12-07 --view
week` open the app, whose first frame has a budget (1.2x a blank Textual
app, benchmarks/run.py). Building the argparse parser imports argparse and
gettext and declares every subcommand: about a twentieth of that budget,
measured with `--date D --view scale` (1.27x before, against the list's
1.20x opened the same way). So these plain forms are read here; anything
else - another option, a repeated one, a value these checks do not accept -
returns None and the real parser decides, so errors and help read as they
always do. tests/cli/test_quick_args.py holds the two readings equal.
"""

from __future__ import annotations

from datetime import date

VIEWS = ("day", "week", "scale", "lanes")
"""The parser's choices for --view (cli/parser.py; the test checks they agree)."""
NAMED_DAYS = ("today", "tomorrow", "yesterday")


def _plain_date(text: str) -> bool:
    """YYYY-MM-DD in ASCII digits, a real date in the planner's range (what the parser's type accepts)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    if not all("0" <= char <= "9" for char in text[:4] + text[5:7] + text[8:]):
        return False
    from smm_tui.core.wallclock import check_date  # the app imports it for its first frame anyway

    try:
        check_date(date.fromisoformat(text))
    except ValueError:
        return False
    return True


def app_args(arguments: list[str]) -> dict[str, str | None] | None:
    """{"view": ..., "date": ...} for the plain forms that open the app; None means: ask argparse."""
    values: dict[str, str | None] = {"view": None, "date": None}
    rest = iter(arguments)
    for argument in rest:
        name, equals, value = argument.partition("=")
        key = name[2:]
        if name not in ("--view", "--date") or values[key] is not None:
            return None
        if not equals:
            following = next(rest, None)
            if following is None:
                return None
            value = following
        if key == "view" and value not in VIEWS:
            return None
        if key == "date" and value not in NAMED_DAYS and not _plain_date(value):
            return None
        values[key] = value
    return values
