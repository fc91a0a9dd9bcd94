"""The svg export rendered by a real browser engine: no text leaves its card.

Titles of 1 to 500 characters in Latin (words, and one long word of the
widest letter), CJK, emoji and a mix, on cards in every state (done,
skipped, overdue, missed, running now, open), with and without a note, in
a light and a dark theme. All of them go into one page that headless
Chromium loads; a script in the page compares each text's box (getBBox)
with its card's and with the mark beside it, and writes what it found into
the DOM, which `--dump-dom` prints.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from chromium import BOXES_JS, page_result, pictures_page

from smm_tui.core.export import ExportOptions, Palette, svg
from smm_tui.core.models import Day, Task
from smm_tui.core.timeline import build
from smm_tui.themes.spec import builtin_themes

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 11, 26)
NOON = datetime(2026, 11, 26, 12, 10, tzinfo=BERLIN)
LENGTHS = (1, 2, 5, 12, 30, 60, 75, 79, 90, 117, 160, 250, 400, 500)
EMOJI = ["🎉", "😀", "👍🏽", "👨‍👩‍👧", "🚀", "🇩🇪", "☕", "❤️", "🧵", "📣"]
SCRIPTS = {
    "latin": "Answer overnight criticism politely and thank the brand advocates on every channel ",
    "wide": "W",
    "cjk": "回复夜间的批评并感谢品牌支持者。ソーシャルメディア担当の一日、한국어 게시물 ",
    "emoji": "".join(EMOJI),
    "mixed": "Launch 🚀 新品发布 — reply to @brand ✓ ",
}


def text_of(pattern: str, length: int) -> str:
    return (pattern * (length // len(pattern) + 1))[:length].strip() or pattern[0]


def day_for(script: str) -> Day:
    pattern = SCRIPTS[script]
    tasks = []
    for index, length in enumerate(LENGTHS):
        start = time(5 + index, 0)
        status = ("done", "skipped", "todo", "todo", "todo")[index % 5]
        tasks.append(Task(
            id=f"t{index}", title=text_of(pattern, length), start=start, minutes=30, kind="publish",
            platforms=("x", "instagram") if index % 2 else (), status=status,
            done_at=NOON if status == "done" else None,
            note=text_of(pattern, 3 * length) + "\nsecond line" if index % 3 == 0 else ""))
    zone = "America/Argentina/ComodRivadavia" if script == "mixed" else "Europe/Berlin"  # a long zone name
    return Day(date=DAY, zone=zone, note=text_of(pattern, 500), tasks=tuple(tasks))


def pictures() -> list[tuple[str, str]]:
    """(name, svg markup) for every script, at noon (overdue, now) and the day after (missed), two themes."""
    midnight = Palette.from_theme(builtin_themes()["midnight"])
    out = []
    for script in SCRIPTS:
        timeline = build(day_for(script))
        for when, now in (("noon", NOON), ("next-day", NOON + timedelta(days=1))):
            for palette in (Palette(), midnight):
                data = svg.render_day(timeline, ExportOptions(now=now, palette=palette)).decode()
                out.append((f"{script}/{when}/{palette.name}", data.split("\n", 1)[1]))
    return out


CHECK = """
<script>
""" + BOXES_JS + """function check() {
  const problems = [];
  let cards = 0, texts = 0;
  for (const svg of document.querySelectorAll('svg.smm-day')) {
    const name = svg.getAttribute('data-name');
    const page = {x: 0, y: 0, width: svg.width.baseVal.value, height: svg.height.baseVal.value};
    for (const text of svg.querySelectorAll('text')) {
      texts++;
      const b = text.getBBox();
      if (!inside(b, page, 0.5)) {
        problems.push([name, 'leaves the picture', text.getAttribute('class'), b.x, b.y, b.width, b.height]);
      }
    }
    const summary = svg.querySelector('text.day-summary'), exported = svg.querySelector('text.exported');
    if (overlap(summary.getBBox(), exported.getBBox())) problems.push([name, 'summary runs under "as of"']);
    for (const task of svg.querySelectorAll('g.task')) {
      cards++;
      const card = task.querySelector('rect.card').getBBox();
      const inner = [...task.querySelectorAll('text')]
        .filter(t => !['time', 'glyph'].includes(t.getAttribute('class')));
      const mark = task.querySelector('text.mark');
      for (const text of inner) {
        const b = text.getBBox();
        if (!inside(b, card, 0.5)) {
          problems.push([name, task.id, 'leaves its card', text.getAttribute('class'), text.textContent.length,
                         [b.x, b.y, b.width, b.height], [card.x, card.y, card.width, card.height]]);
        }
        if (mark && text !== mark && overlap(b, mark.getBBox())) {
          problems.push([name, task.id, 'runs under the mark', text.getAttribute('class'), text.textContent.length]);
        }
      }
    }
  }
  const out = document.createElement('pre');
  out.id = 'result';
  out.textContent = 'RESULT' + JSON.stringify({cards, texts, problems}) + 'END';
  document.body.appendChild(out);
}
document.fonts.ready.then(check);
</script>
"""


def test_no_text_leaves_its_card_in_chromium(tmp_path: Path) -> None:
    shown = pictures()
    result = page_result(tmp_path / "profile", pictures_page(tmp_path / "cards.html", shown, CHECK))
    assert result["cards"] == len(shown) * len(LENGTHS)
    assert result["problems"] == []
