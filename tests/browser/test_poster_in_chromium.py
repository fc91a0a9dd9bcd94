"""The poster and lanes styles in headless Chromium: no text leaves its block, one printed page, no network.

Three days - the reference day worked on a little, a busy one (the reference
day plus overlaps three deep, 5- and 0-minute slots in a row, a slot past
midnight, long Latin, CJK and emoji titles) and a sparse one (two slots) -
in a light and a dark theme, as svg and as html. A script in the page
compares every box the browser computed (getBoundingClientRect, after all
scaling): each text and drawing inside its block, each block inside its
band section or lane, no two blocks of a section or lane on top of each
other, no gap label or "nothing planned" over a block, every text inside
its picture; and it counts the resources the page fetched
(`performance.getEntriesByType('resource')`), which must be none. The html
pages are checked at a desktop and a phone width, and printed to PDF: one
page each on A4 (pdfinfo), measured to fit Letter, and a dark theme on
white paper.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from chromium import page_result, run, run_tool

from smm_tui.core.clock import FrozenClock
from smm_tui.core.export import ExportOptions, Palette, lanes_html, lanes_svg, poster_html, poster_svg
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store
from smm_tui.core.timeline import Timeline, build
from smm_tui.themes.spec import builtin_themes

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 12, 20, tzinfo=BERLIN)
LONG = "Answer overnight criticism politely and thank the brand advocates on every channel " * 3
CJK = "回复夜间的批评并感谢品牌支持者。ソーシャルメディア担当の一日、한국어 게시물"
EMOJI = "🎉😀👍🏽👨‍👩‍👧🚀🇩🇪☕❤️🧵📣 launch day 🚀 新品发布"


def extra(task_id: str, start: time, minutes: int, title: str, kind: str = "reply",
          platforms: tuple[str, ...] = ()) -> Task:
    return Task(id=task_id, title=title, start=start, minutes=minutes, kind=kind, platforms=platforms)


def days(worked: Store, clock: FrozenClock) -> dict[str, Timeline]:
    reference = worked.load_day(DAY)
    busy = reference
    for task in (
        extra("live", time(7, 0), 60, "Live Q&A " + LONG, "meeting", ("linkedin", "youtube")),
        extra("cjk", time(7, 15), 45, CJK, "publish", ("x",)),
        extra("q1", time(9, 0), 5, LONG, "reply", ("x",)),
        extra("q2", time(9, 5), 5, EMOJI, "reply", ("instagram",)),
        extra("q3", time(9, 10), 5, "Quick reply", "reply"),
        extra("zero", time(9, 15), 0, "Pinned post goes live", "schedule", ("x",)),
        extra("third", time(14, 0), 45, EMOJI + " " + CJK, "analytics", ("tiktok",)),
        extra("owl", time(23, 30), 75, "Night-owl thread " + LONG, "publish", ("x", "threads")),
    ):
        busy = busy.with_task(task)
    busy = busy.set_status("q1", "done", clock.now()).set_status("cjk", "skipped", clock.now())
    sparse = Day(date=DAY, zone="Europe/Berlin", tasks=(
        extra("one", time(9, 0), 30, "Morning round", "monitor", ("x",)),
        extra("two", time(20, 0), 60, "Evening analytics", "analytics")))
    return {"reference": build(reference), "busy": build(busy), "sparse": build(sparse)}


CHECK = """
<script>
function box(el) { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; }
function inside(b, c, tol) {
  return b.x >= c.x - tol && b.y >= c.y - tol && b.x + b.width <= c.x + c.width + tol &&
         b.y + b.height <= c.y + c.height + tol;
}
function overlap(a, b, tol) {
  return a.x + tol < b.x + b.width && b.x + tol < a.x + a.width && a.y + tol < b.y + b.height &&
         b.y + tol < a.y + a.height;
}
function check() {
  const problems = [];
  let blocks = 0, texts = 0;
  for (const svg of document.querySelectorAll('svg.smm-poster')) {
    const name = svg.getAttribute('data-name') || svg.querySelector('title').textContent;
    const picture = box(svg);
    for (const text of svg.querySelectorAll('text')) {
      texts++;
      if (!inside(box(text), picture, 0.5)) problems.push([name, 'text leaves the picture', text.textContent]);
    }
    for (const group of svg.querySelectorAll('g.section, g.lane')) {
      const body = box(group.querySelector('rect.section-body, rect.lane-body'));
      const cards = [];
      for (const task of group.querySelectorAll('g.task')) {
        blocks++;
        const card = box(task.querySelector('rect.card'));
        cards.push([task.id, card]);
        if (!inside(card, body, 0.5)) problems.push([name, task.id, 'block leaves its section or lane']);
        const mark = task.querySelector('g.mark');
        for (const part of task.querySelectorAll('text, g.icon, g.mark')) {
          const b = box(part);
          if (!inside(b, card, 0.5)) {
            problems.push([name, task.id, 'leaves its block', part.getAttribute('class'), part.textContent.length,
                           [b.x, b.y, b.width, b.height], [card.x, card.y, card.width, card.height]]);
          }
          if (mark && part.tagName === 'text' && overlap(b, box(mark), 0.5)) {
            problems.push([name, task.id, 'text runs under the mark']);
          }
        }
      }
      for (let i = 0; i < cards.length; i++) {
        for (let j = i + 1; j < cards.length; j++) {
          if (overlap(cards[i][1], cards[j][1], 0.5)) problems.push([name, 'blocks overlap', cards[i][0], cards[j][0]]);
        }
      }
      for (const label of group.querySelectorAll('text.gap-label, text.empty')) {
        for (const [id, card] of cards) {
          if (overlap(box(label), card, 0.5)) problems.push([name, 'label over a block', label.textContent, id]);
        }
      }
    }
  }
  const resources = performance.getEntriesByType('resource').map(r => r.name);
  const out = document.createElement('pre');
  out.id = 'result';
  out.textContent = 'RESULT' + JSON.stringify({blocks, texts, problems, resources}) + 'END';
  document.body.appendChild(out);
}
document.fonts.ready.then(check);
</script>
"""


def checked(page: Path, profile: Path, width: int = 1000) -> dict[str, object]:
    """Load `page` (with CHECK in it) at `width` px and return what the script found."""
    result: dict[str, object] = page_result(profile, page, f"--window-size={width},1200")
    return result


def palettes() -> list[Palette]:
    return [Palette(), Palette.from_theme(builtin_themes()["midnight"])]


def test_no_text_leaves_its_block_in_the_svgs(worked: Store, clock: FrozenClock, tmp_path: Path) -> None:
    pictures = []
    expected = 0
    for day_name, timeline in days(worked, clock).items():
        for palette in palettes():
            for when in (NOW, NOW + timedelta(days=1)):  # running now and overdue; missed
                options = ExportOptions(now=when, palette=palette)
                for style, module in (("poster", poster_svg), ("lanes", lanes_svg)):
                    markup = module.render_day(timeline, options).decode().split("\n", 1)[1]
                    name = f"{day_name}/{palette.name}/{when:%d}/{style}"
                    pictures.append(markup.replace("<svg ", f'<svg data-name="{name}" ', 1))
                    entries = timeline.entries
                    expected += len(entries) if style == "poster" else \
                        sum(max(1, len(e.platforms)) for e in entries)
    page = tmp_path / "posters.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                    + "\n".join(pictures) + CHECK + "</body></html>", encoding="utf-8")
    result = checked(page, tmp_path / "profile")
    assert result["problems"] == []
    assert result["blocks"] == expected
    assert result["resources"] == []


def html_pages(worked: Store, clock: FrozenClock, folder: Path) -> list[Path]:
    pages = []
    for day_name, timeline in days(worked, clock).items():
        for palette in palettes():
            options = ExportOptions(now=NOW, palette=palette)
            for style, module in (("poster", poster_html), ("lanes", lanes_html)):
                page = folder / f"{day_name}-{palette.name}-{style}.html"
                page.write_bytes(module.render_day(timeline, options))
                pages.append(page)
    return pages


@pytest.mark.parametrize("width", [1000, 390], ids=["desktop", "phone"])
def test_html_pages_keep_text_in_blocks_and_fetch_nothing(worked: Store, clock: FrozenClock, tmp_path: Path,
                                                          width: int) -> None:
    for page in html_pages(worked, clock, tmp_path):
        if width == 390 and "lanes" in page.name:
            continue  # the lanes page scrolls sideways on a phone instead of shrinking: the desktop run covers it
        checking = page.with_name("checked-" + page.name)
        checking.write_text(page.read_text(encoding="utf-8").replace("</body>", CHECK + "</body>"),
                            encoding="utf-8")
        result = checked(checking, tmp_path / "profile", width)
        assert result["problems"] == [], page.name
        assert result["resources"] == [], page.name
        assert result["blocks"], page.name


def test_the_phone_stacks_the_poster_columns_at_a_readable_size(worked: Store, clock: FrozenClock,
                                                                 tmp_path: Path) -> None:
    page = html_pages(worked, clock, tmp_path)[0]
    probe = """<script>document.fonts.ready.then(() => { const s = [...document.querySelectorAll('.columns svg')]
      .map(e => e.getBoundingClientRect()); const out = document.createElement('pre'); out.id = 'result';
      out.textContent = 'RESULT' + JSON.stringify(s.map(r => [r.x, r.y, r.width])) + 'END';
      document.body.appendChild(out); });</script>"""
    probed = page.with_name("probe.html")
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    (x1, y1, w1), (x2, y2, w2) = page_result(tmp_path / "profile", probed, "--window-size=390,900", budget=5000)
    assert y2 > y1 and x1 == x2 and w1 == w2  # one under the other, equally wide
    assert w1 >= 0.9 * poster_svg.COLUMN_W  # drawn at about its own size, not the whole poster shrunk


def pages_printed(page: Path, profile: Path) -> int:
    """Pages of `page` printed to PDF by Chromium on its default paper (A4 or Letter, portrait)."""
    pdf = page.with_suffix(".pdf")
    run(profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo is needed: apt-get install poppler-utils"
    info = run_tool([pdfinfo, str(pdf)]).decode()
    size = re.search(r"Page size:\s+([0-9.]+) x ([0-9.]+) pts", info)
    assert size and (round(float(size.group(1))), round(float(size.group(2)))) in ((595, 842), (612, 792)), info
    found = re.search(r"Pages:\s+([0-9]+)", info)
    assert found, info
    return int(found.group(1))


def printed_grey(pdf: Path) -> float:
    """The first printed page's mean brightness (0 black .. 255 white), rasterised by pdftoppm."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is needed: apt-get install poppler-utils"
    pgm = run_tool([pdftoppm, "-r", "20", "-gray", "-singlefile", str(pdf)])  # no output name: stdout
    header = re.match(rb"P5\s+([0-9]+)\s+([0-9]+)\s+([0-9]+)\s", pgm)
    assert header, pgm[:20]
    pixels = pgm[header.end():]
    return sum(pixels) / len(pixels)


LETTER_ROOM = (279.4 - 20) / 25.4 * 96
"""The printable height of a Letter page with the page's 10 mm margins, in CSS px (980): A4's is 1047."""
MEASURE = """<script>document.fonts.ready.then(() => { const r = document.body.getBoundingClientRect();
  const out = document.createElement('pre'); out.id = 'result';
  out.textContent = 'RESULT' + JSON.stringify([r.width, r.height]) + 'END'; document.body.appendChild(out); });
</script>"""


def test_printing_the_html_gives_one_page_on_a4_and_on_letter(worked: Store, clock: FrozenClock,
                                                              tmp_path: Path) -> None:
    """Printed for real on Chromium's paper (A4 here), and measured under the print rules for Letter.

    Headless Chromium prints on its default paper whatever the page asks
    (`@page size` is ignored by --print-to-pdf), so the Letter half lays the
    page out with its print rules applied on screen and checks that it fits
    Letter's shorter printable area; the width is A4's narrower one.
    """
    for page in html_pages(worked, clock, tmp_path):
        assert pages_printed(page, tmp_path / "profile") == 1, page.name
        if "midnight" in page.name:  # a dark theme prints dark ink on white paper
            assert printed_grey(page.with_suffix(".pdf")) > 200, page.name
        measured = page.with_name("measured-" + page.name)
        measured.write_text(page.read_text(encoding="utf-8").replace("@media print", "@media all")
                            .replace("</body>", MEASURE + "</body>"), encoding="utf-8")
        width, height = page_result(tmp_path / "profile", measured, "--window-size=718,1000", budget=5000)
        assert width <= 718.5 and height <= LETTER_ROOM, (page.name, width, height)
