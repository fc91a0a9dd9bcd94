"""cli/quick.py reads the app's plain arguments as the argparse parser does, and leaves it everything else."""

from __future__ import annotations

import contextlib
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from smm_tui.cli.parser import build_parser
from smm_tui.cli.quick import VIEWS, app_args

_TOKENS = st.sampled_from(["--view", "--date", "--view=week", "--date=2026-12-07", "scale", "lanes", "day", "week",
                           "today", "yesterday", "2026-12-07", "0002-01-01", "9998-12-31", "9999-12-31",
                           "2026-02-30", "2026-1-07", "٢٠٢٦-١٢-٠٧", "--view=", "--date=", "-h", "--data-dir", "x",
                           "--views", "today", "--date=tomorrow", "--view=nope"])


def _parsed(arguments: list[str]) -> dict[str, str | None] | None:
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            args = build_parser().parse_args(arguments)  # its usage and error lines, for the rejected ones
    except SystemExit:
        return None
    return {"view": args.view, "date": args.date} if args.command is None and args.data_dir is None else None


@settings(max_examples=400, deadline=None)
@given(st.lists(_TOKENS, max_size=4))
def test_what_is_read_without_the_parser_is_what_the_parser_reads(arguments: list[str]) -> None:
    quick = app_args(arguments)
    if quick is not None:
        assert quick == _parsed(arguments), arguments


def test_the_plain_forms_are_read_and_the_rest_left_to_the_parser() -> None:
    assert app_args([]) == {"view": None, "date": None}
    assert app_args(["--date", "2026-12-07", "--view=scale"]) == {"view": "scale", "date": "2026-12-07"}
    assert app_args(["--view", "lanes"]) == {"view": "lanes", "date": None}
    for left in (["--date", "2026-02-30"], ["--date", "9999-12-31"], ["--view", "nope"], ["--view"], ["-h"],
                 ["--view", "week", "--view", "day"], ["today"], ["--date", "٢٠٢٦-١٢-٠٧"]):
        assert app_args(left) is None, left


def test_the_views_are_the_parsers_choices() -> None:
    action = next(a for a in build_parser()._actions if a.dest == "view")
    assert tuple(action.choices or ()) == VIEWS
