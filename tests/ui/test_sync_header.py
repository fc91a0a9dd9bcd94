"""The sync segment of the day header (ui/sync_desk.py sets it; the round itself is tested in tests/sync).

The segment ends line two: after the per-kind counts when both fit, alone when
they do not (the kinds give way first), cut with an ellipsis on a narrow
terminal, and escaped like every other text that can come from outside.
"""

from __future__ import annotations

from collections.abc import Callable

from smm_tui.config import Settings
from smm_tui.ui.app import SmmApp
from smm_tui.ui.sync_desk import short
from smm_tui.ui.widgets.header import DayHeader

FAILED = "sync failed 10:45: the server answered 503 to the listing"
MakeApp = Callable[..., SmmApp]


def line_two(app: SmmApp) -> str:
    header = app.day_screen.query_one(DayHeader)
    return header.render().plain.split("\n")[1]


async def test_the_kinds_give_way_to_the_sync_segment(make_app: MakeApp) -> None:
    app = make_app(settings=Settings())
    async with app.run_test(size=(150, 30)) as pilot:
        header = app.day_screen.query_one(DayHeader)
        header.sync_line = "synced 09:10 · 0 pending"
        await pilot.pause()
        wide = line_two(app)
        assert wide.rstrip().endswith("synced 09:10 · 0 pending") and "0/" in wide  # kinds and sync side by side
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        narrow = line_two(app)
        assert narrow.rstrip().endswith("synced 09:10 · 0 pending") and "0/" not in narrow
        header.sync_line, header.sync_failed = FAILED, True
        await pilot.pause()
        failed = line_two(app)
        assert "sync failed 10:45: the" in failed and failed.rstrip().endswith("…") and len(failed) <= 78
        header.sync_line = "sync failed 10:45: \x1b[2Jsurprise"
        await pilot.pause()
        assert "\x1b" not in line_two(app)


def test_short_keeps_the_reason_without_the_server() -> None:
    assert short("sync: http://127.0.0.1:5232/alice/smm/: the server answered 503 to the listing") == \
        "the server answered 503 to the listing"
    assert short("sync: no server configured") == "no server configured"
    assert short("/data/state/sync.toml: could not save (No space left on device)\nmore") == \
        "/data/state/sync.toml: could not save (No space left on device)"


def test_header_with_the_sync_segment_120x40(snap_compare: Callable[..., bool], make_app: MakeApp) -> None:
    async def synced(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()  # the day screen mounts first
        pilot.app.day_screen.query_one(DayHeader).sync_line = "synced 09:10 · 0 pending"
        await pilot.pause()

    assert snap_compare(make_app(settings=Settings()), run_before=synced, terminal_size=(120, 40))
