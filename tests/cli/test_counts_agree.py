"""One day, every view: today, today --json, the svg, html, md, txt, json and ics exports and stats report the same counts.

The day has routine slots and added ones, done, skipped, open and (at
14:10) overdue slots; the next morning the same day's open slots that ended
are missed. Each view's numbers are read back from what it printed.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest

from helpers.cli import smm
from smm_tui.core.export.ics import read_x_text

DAY = "2026-11-26"
AFTERNOON = "2026-11-26T14:10:00+01:00"
NEXT_MORNING = "2026-11-27T08:00:00+01:00"
NS = {"s": "http://www.w3.org/2000/svg"}
PHRASE = re.compile(r"([0-9]+)/([0-9]+) done(?:, ([0-9]+) skipped)?"
                    r"(?:, ([0-9]+) open(?: \(([0-9]+) (overdue|missed)\))?)?", re.ASCII)
KEYS = ("planned", "done", "skipped", "open", "overdue", "missed")


def run(now: str, *args: str) -> str:
    result = smm(*args, now=now)
    assert result.returncode == 0, result.stderr
    return result.stdout


def phrase(text: str) -> dict[str, int]:
    """The numbers of a `Counts.summary` phrase found in `text`."""
    found = PHRASE.search(text)
    assert found, text[:300]
    done, planned, skipped, open_, late, word = found.groups()
    return {"planned": int(planned), "done": int(done), "skipped": int(skipped or 0), "open": int(open_ or 0),
            "overdue": int(late or 0) if word == "overdue" else 0, "missed": int(late or 0) if word == "missed" else 0}


def data_counts(element: ET.Element) -> dict[str, int]:
    return {key: int(element.get(f"data-{key}", "-1")) for key in KEYS}


def svg_views(root: ET.Element, where: str) -> dict[str, dict[str, int]]:
    """The svg's summary line, its data-*, the footer's total and the cards by state."""
    summary = root.find(".//s:text[@class='day-summary']", NS)
    total = root.find(".//s:text[@class='total']", NS)
    states = [g.get("data-status") for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "task"]
    cards = {"planned": len(states), **{k: states.count(k) for k in ("done", "skipped", "overdue", "missed")}}
    cards["open"] = states.count("open") + cards["overdue"] + cards["missed"]
    return {f"{where} header": phrase(summary.text), f"{where} header data": data_counts(summary),
            f"{where} footer": phrase(total.text), f"{where} footer data": data_counts(total),
            f"{where} cards": cards}


def svg_by_kind(root: ET.Element) -> dict[str, dict[str, int]]:
    out = {}
    for item in root.iter(f"{{{NS['s']}}}g"):
        if item.get("class") == "kind-count":
            numbers = item.find("s:text[@class='kind-numbers']", NS).text
            counts = data_counts(item)
            assert numbers == f"{counts['done']}/{counts['planned']}"
            out[item.get("data-kind")] = counts
    return out


@pytest.fixture
def day(data_dir: Path) -> Path:
    """The reference Thursday with two added tasks; some slots done, some skipped."""
    run(AFTERNOON, "add", "--date", DAY, "--at", "06:30", "--kind", "reply", "Answer the overnight DMs")
    run(AFTERNOON, "add", "--date", DAY, "--at", "16:30", "--kind", "publish", "Post the launch teaser")
    for ref in ("wake-0530", "criticism-0700", "blog-0830"):
        run(AFTERNOON, "done", "--date", DAY, ref)
    for ref in ("news-0600", "lunch-1200"):
        run(AFTERNOON, "skip", "--date", DAY, ref)
    return data_dir


@pytest.mark.parametrize(("now", "late"), [(AFTERNOON, "overdue"), (NEXT_MORNING, "missed")])
def test_every_view_reports_the_same_counts(day: Path, tmp_path: Path, now: str, late: str) -> None:
    views: dict[str, dict[str, int]] = {}
    views["today"] = phrase(run(now, "today", "--date", DAY).splitlines()[0])
    document = json.loads(run(now, "today", "--json", "--date", DAY))
    views["today --json"] = {key: document["counts"][key] for key in KEYS}
    exports = {fmt: run(now, "export", "--date", DAY, "--format", fmt)
               for fmt in ("svg", "html", "md", "txt", "json", "ics")}
    views["txt"] = phrase(exports["txt"].splitlines()[0])
    views["md"] = phrase(exports["md"].splitlines()[2])
    views["json export"] = {key: json.loads(exports["json"])["counts"][key] for key in KEYS}
    svg_root = ET.fromstring(exports["svg"].encode())
    views.update(svg_views(svg_root, "svg"))
    html = exports["html"]
    html_root = ET.fromstring(html[html.index("<svg"):html.index("</svg>") + len("</svg>")])
    views.update(svg_views(html_root, "html"))
    calendar = icalendar.Calendar.from_ical(exports["ics"])
    views["ics description"] = phrase(read_x_text(calendar, "X-WR-CALDESC"))  # X- values come back raw
    events = list(calendar.walk("VEVENT"))
    statuses = [str(e["X-SMM-STATUS"]) for e in events]
    views["ics events"] = {"planned": len(events), "done": statuses.count("done"), "skipped": statuses.count("skipped"),
                           "open": statuses.count("todo")}

    stats = json.loads(run(now, "stats", "--from", DAY, "--to", DAY, "--json"))  # the history index's answer
    views["stats --json"] = {key: stats["total"][key] for key in KEYS}

    expected = views["today --json"]
    assert expected["planned"] == 22 and expected["done"] == 3 and expected["skipped"] == 2
    assert expected["open"] == 17 and expected[late] > 0
    assert expected["planned"] == expected["done"] + expected["skipped"] + expected["open"]
    for name, counts in views.items():
        assert counts == {k: v for k, v in expected.items() if k in counts}, name

    by_kind = {kind: {key: c[key] for key in KEYS} for kind, c in document["counts"]["by_kind"].items()}
    assert svg_by_kind(svg_root) == by_kind == svg_by_kind(html_root)
    assert {kind: {key: c[key] for key in KEYS} for kind, c in stats["by_kind"].items()} == by_kind
    assert sum(c["planned"] for c in by_kind.values()) == expected["planned"]
