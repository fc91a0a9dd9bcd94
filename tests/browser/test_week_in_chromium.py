"""The week and statistics pictures rendered by a real browser engine: nothing leaves its place, one page.

The week: titles of 1 to 500 characters in Latin, CJK, emoji and a mix, in
every state, in a light and a dark theme, and a crowded week (one line per
title, "+N more"). A script in the page compares each text's box (getBBox)
with its chip, its day heading or the picture, and the title with the mark
beside it. The statistics: every text inside its row and apart from the
other texts of the row. Printing the week's html gives one landscape A4 page
(pdfinfo).
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from chromium import BOXES_JS, page_result, pictures_page, run, run_tool
from test_svg_in_chromium import LENGTHS, SCRIPTS, text_of

from smm_tui.core.clock import FrozenClock
from smm_tui.core.export import ExportOptions, Palette, stats_svg
from smm_tui.core.export.week import render_week, week_of
from smm_tui.core.index import HistoryIndex
from smm_tui.core.models import Day, Task
from smm_tui.core.stats import compute, done_per_day
from smm_tui.core.store import Store
from smm_tui.core.timeline import Timeline, build
from smm_tui.themes.spec import builtin_themes

BERLIN = ZoneInfo("Europe/Berlin")
THURSDAY = date(2026, 11, 26)
NOON = datetime(2026, 11, 26, 12, 10, tzinfo=BERLIN)
STATUSES = ("done", "skipped", "todo", "todo", "todo")


def week_for(script: str) -> list[Timeline]:
    """Each day: a few of the lengths, spread over the four bands, in every state."""
    pattern = SCRIPTS[script]
    days = []
    for offset, day in enumerate(week_of(THURSDAY)):
        tasks = []
        for index, length in enumerate(LENGTHS[offset % 2::2]):
            status = STATUSES[(index + offset) % 5]
            tasks.append(Task(id=f"t{index}", title=text_of(pattern, length), start=time(6 + index * 17 // 7, 0),
                              minutes=60 if index % 3 else 1200, kind=("reply", "publish", "monitor")[index % 3],
                              status=status, done_at=NOON if status == "done" else None))
        days.append(build(Day(date=day, zone="Europe/Berlin", tasks=tuple(tasks))))
    return days


def crowded_week() -> list[Timeline]:
    return [build(Day(date=day, zone="Europe/Berlin", tasks=tuple(
        Task(id=f"t{n}", title=text_of(SCRIPTS["mixed"], 40 + n), start=time(5 + n // 4, (n * 13) % 60))
        for n in range(70)))) for day in week_of(THURSDAY)]


def week_pictures() -> list[tuple[str, str]]:
    midnight = Palette.from_theme(builtin_themes()["midnight"])
    out = []
    for script in SCRIPTS:
        for palette in (Palette(), midnight):
            data = render_week("svg", week_for(script), ExportOptions(now=NOON, palette=palette)).decode()
            out.append((f"{script}/{palette.name}", data.split("\n", 1)[1]))
    data = render_week("svg", crowded_week(), ExportOptions(now=NOON)).decode()
    out.append(("crowded", data.split("\n", 1)[1]))
    return out


CHECK = """
<script>
""" + BOXES_JS + """function check() {
  const problems = [];
  let chips = 0, texts = 0, rows = 0;
  for (const svg of document.querySelectorAll('svg.smm-week, svg.smm-stats')) {
    const name = svg.getAttribute('data-name');
    const page = {x: 0, y: 0, width: svg.width.baseVal.value, height: svg.height.baseVal.value};
    for (const text of svg.querySelectorAll('text')) {
      texts++;
      if (!inside(text.getBBox(), page, 0.5)) problems.push([name, 'leaves the picture', text.textContent.slice(0, 30)]);
    }
    for (const head of svg.querySelectorAll('g.day-head')) {
      const box = head.querySelector('rect').getBBox();
      const shown = [...head.querySelectorAll('text')];
      for (const text of shown) {
        if (!inside(text.getBBox(), box, 0.5)) problems.push([name, 'leaves its day heading', text.textContent]);
      }
      if (overlap(shown[0].getBBox(), shown[1].getBBox())) problems.push([name, 'day label under its count']);
    }
    for (const task of svg.querySelectorAll('g.task')) {
      chips++;
      const card = task.querySelector('rect.card').getBBox();
      const mark = task.querySelector('text.mark');
      const title = task.querySelector('text.title');
      for (const text of task.querySelectorAll('text')) {
        const b = text.getBBox();
        if (!inside(b, card, 0.5)) {
          problems.push([name, task.id, 'leaves its chip', text.getAttribute('class'), text.textContent.length,
                         [b.x, b.y, b.width, b.height], [card.x, card.y, card.width, card.height]]);
        }
      }
      if (mark && overlap(title.getBBox(), mark.getBBox())) problems.push([name, task.id, 'title under the mark']);
      if (overlap(title.getBBox(), task.querySelector('text.time').getBBox())) {
        problems.push([name, task.id, 'title under the time']);
      }
    }
    for (const more of svg.querySelectorAll('text.more')) {
      const cell = more.parentNode.querySelector('rect.card');
      const b = more.getBBox();
      if (cell && b.x + b.width > cell.getBBox().x + cell.getBBox().width) problems.push([name, 'more leaves its cell']);
    }
    for (const row of svg.querySelectorAll('g.row')) {
      rows++;
      const box = row.querySelector('rect.row-box').getBBox();
      const shown = [...row.querySelectorAll('text')];
      shown.forEach((text, i) => {
        const b = text.getBBox();
        if (!inside(b, box, 0.5)) {
          problems.push([name, 'leaves its row', text.getAttribute('class'), text.textContent,
                         [b.x, b.y, b.width, b.height], [box.x, box.y, box.width, box.height]]);
        }
        for (const other of shown.slice(i + 1)) {
          if (overlap(b, other.getBBox())) problems.push([name, 'texts overlap', text.textContent, other.textContent]);
        }
      });
    }
    const legend = [...svg.querySelectorAll('g.legend text.kind-label')];
    legend.forEach((text, i) => {
      if (i && overlap(legend[i - 1].getBBox(), text.getBBox())) problems.push([name, 'legend overlaps']);
    });
  }
  const out = document.createElement('pre');
  out.id = 'result';
  out.textContent = 'RESULT' + JSON.stringify({chips, texts, rows, problems}) + 'END';
  document.body.appendChild(out);
}
document.fonts.ready.then(check);
</script>
"""


def checked(pictures: list[tuple[str, str]], tmp_path: Path) -> dict[str, object]:
    page = pictures_page(tmp_path / "pictures.html", pictures, CHECK)
    result: dict[str, object] = page_result(tmp_path / "profile", page)
    return result


def test_no_week_text_leaves_its_chip_in_chromium(tmp_path: Path) -> None:
    shown = week_pictures()
    result = checked(shown, tmp_path)
    assert result["problems"] == []
    assert isinstance(result["chips"], int) and result["chips"] > 2 * len(SCRIPTS) * 7 * 6


def worked_history(store: Store, clock: FrozenClock) -> None:
    pattern = SCRIPTS["mixed"]
    for offset in range(40):
        day = date(2026, 10, 20) + timedelta(days=offset)
        store.update_day(day, lambda d, offset=offset: d.toggle("wake-0530", clock.now())
                         .set_status("news-0600", "skipped", clock.now())
                         .with_task(Task(id=f"x{offset}", title=text_of(pattern, 5 + offset * 9), start=time(9, 5),
                                   platforms=(f"{'w' * 30}{offset % 9}",),
                                   kind="analytics")))


def test_no_stats_text_leaves_its_row_in_chromium(store: Store, clock: FrozenClock, tmp_path: Path) -> None:
    worked_history(store, clock)
    index = HistoryIndex(store.data_dir)
    index.refresh()
    now = clock.now()
    pictures = []
    for first, last in ((date(2026, 11, 23), date(2026, 11, 29)), (date(2026, 11, 1), date(2026, 11, 30)),
                        (date(2016, 1, 1), date(2026, 11, 30))):
        stats = compute(index.db, first, last, now, now.date())
        days = done_per_day(index.db, *stats_svg.heat_range(first, last))
        for palette in (Palette(), Palette.from_theme(builtin_themes()["midnight"])):
            data = stats_svg.render_svg(stats, days, ExportOptions(now=now, palette=palette)).decode()
            pictures.append((f"{first}/{palette.name}", data.split("\n", 1)[1]))
    index.close()
    result = checked(pictures, tmp_path)
    assert result["problems"] == []
    assert isinstance(result["rows"], int) and result["rows"] > 6 * 10


def pdf_pages(html: Path, profile: Path) -> str:
    pdf = html.with_suffix(".pdf")
    run(profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo is needed: apt-get install poppler-utils"
    return run_tool([pdfinfo, str(pdf)]).decode()


def test_the_week_prints_on_one_landscape_a4_page(tmp_path: Path) -> None:
    midnight = Palette.from_theme(builtin_themes()["midnight"])
    for name, timelines, palette in (("normal", week_for("latin"), Palette()), ("dark", week_for("cjk"), midnight),
                                     ("crowded", crowded_week(), Palette())):
        html = tmp_path / f"{name}.html"
        html.write_bytes(render_week("html", timelines, ExportOptions(now=NOON, palette=palette)))
        info = pdf_pages(html, tmp_path / "profile")
        assert re.search(r"^Pages:\s+1$", info, re.M), (name, info)
        size = re.search(r"^Page size:\s+([0-9.]+) x ([0-9.]+) pts", info, re.M)
        assert size and abs(float(size.group(1)) - 841.9) < 1 and abs(float(size.group(2)) - 595.3) < 1, info
