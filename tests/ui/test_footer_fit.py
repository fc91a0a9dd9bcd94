"""The footer is refitted on resize: every width shows the keys a fresh start at that width shows.

Textual's Footer lays its keys out once; before the fix, a terminal shrunk
from 120 to 80 columns kept the wide layout (the ctrl+p key docked over the
last keys: `q Qui▏^p palette`) and, widened again, lost the ctrl+p key.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from smm_tui.ui.app import SmmApp

MakeApp = Callable[..., SmmApp]


def footer_keys(app: SmmApp) -> list[tuple[str, str, int, int]]:
    """(key, description, x, width) of every key the footer shows, left to right."""
    keys = app.screen.query("FooterKey")
    return sorted(((key.key, key.description, key.region.x, key.region.width) for key in keys
                   if key.region.width > 0), key=lambda k: k[2])


def assert_no_overlap(app: SmmApp, keys: list[tuple[str, str, int, int]]) -> None:
    width = app.size.width
    for (_k1, _d1, x1, w1), (k2, _d2, x2, _w2) in pairwise(keys):
        assert x1 + w1 <= x2, f"key {k2!r} is drawn over the one before it: {keys}"
    assert all(x + w <= width for _k, _d, x, w in keys), f"a key runs off the {width}-column screen: {keys}"


async def fresh_keys(make_app: MakeApp, size: tuple[int, int]) -> list[tuple[str, str, int, int]]:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await until_footer(pilot, app)
        return footer_keys(app)


async def until_footer(pilot: Any, app: SmmApp) -> None:
    for _ in range(50):
        await pilot.pause()
        if footer_keys(app):
            return
    raise AssertionError("the footer never showed its keys")


async def test_footer_refits_when_shrunk_and_widened(make_app: MakeApp) -> None:
    wide_fresh = await fresh_keys(make_app, (120, 40))
    narrow_fresh = await fresh_keys(make_app, (80, 24))
    assert any(key == "ctrl+p" for key, *_ in wide_fresh), "a wide fresh start shows the palette key"
    assert not any(key == "ctrl+p" for key, *_ in narrow_fresh), "a narrow one leaves room for the keys"

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until_footer(pilot, app)
        assert footer_keys(app) == wide_fresh
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        shrunk = footer_keys(app)
        assert_no_overlap(app, shrunk)
        assert shrunk == narrow_fresh
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        widened = footer_keys(app)
        assert_no_overlap(app, widened)
        assert widened == wide_fresh
