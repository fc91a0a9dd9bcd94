"""The app header's counts are the exports' counts, and the header says which glyph is which kind."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import time

from helpers.ondisk import DAY
from helpers.pilot import timeline_text
from smm_tui.core.clock import FrozenClock
from smm_tui.core.export import export_day
from smm_tui.core.kinds import GLYPHS, KIND_LABELS
from smm_tui.core.models import Task
from smm_tui.core.store import Store
from smm_tui.ui.app import SmmApp

NS = {"s": "http://www.w3.org/2000/svg"}


async def test_header_counts_match_the_svg_and_have_a_legend(make_app: Callable[..., SmmApp], store: Store,
                                                             clock: FrozenClock) -> None:
    now = clock.now()
    store.update_day(DAY, lambda d: d.with_task(Task(id="teaser", title="Post the launch teaser", start=time(8, 0),
                                                     kind="publish"))
                     .set_status("wake-0530", "done", now).set_status("teaser", "done", now)
                     .set_status("news-0600", "skipped", now).set_status("advocates-0730", "skipped", now))
    root = ET.fromstring(export_day(store, DAY, "svg"))
    footer = {item.get("data-kind"): item.find("s:text[@class='kind-numbers']", NS).text
              for item in root.iter(f"{{{NS['s']}}}g") if item.get("class") == "kind-count"}
    summary = root.find(".//s:text[@class='day-summary']", NS).text
    assert footer["publish"] == "1/4"  # the added task is planned and done; the skipped one is planned too

    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        header = app.day_screen.query_one("#header")
        first, second = str(header.render()).splitlines()
        assert summary.split(" · ", 1)[1] in first  # "2/21 done, 2 skipped, 17 open (1 overdue)"
        shown = {kind: f"{m.group(1)}/{m.group(2)}" for kind, glyph in GLYPHS.items()
                 if (m := re.search(re.escape(glyph) + r"([0-9]+)/([0-9]+)", second, re.ASCII))}
        assert shown == footer
        morning = next(line for line in timeline_text(app).splitlines() if "MORNING" in line)
        assert "2/8 done" in morning  # the band heading counts its skipped slots as planned too
        legend = str(header.tooltip)
        assert all(f"{GLYPHS[kind]} {KIND_LABELS[kind]}" in legend for kind in GLYPHS)

        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-text").render())
        assert "per-kind counts are glyph + done/planned" in help_text
        assert all(GLYPHS[kind] in help_text and KIND_LABELS[kind] in help_text for kind in GLYPHS)
