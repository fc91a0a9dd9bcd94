"""Printing the html export: a dark theme's page comes out light, and a normal day is one A4 page."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from chromium import run, run_tool

from smm_tui.core.export import export_day
from smm_tui.core.store import Store
from smm_tui.themes.spec import builtin_themes

DAY = date(2026, 11, 26)


def printed_pages(html: Path, profile: Path) -> list[bytes]:
    """The page printed to PDF by Chromium, rasterised in grey by pdftoppm: one PGM per page."""
    pdf = html.with_suffix(".pdf")
    run(profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is needed: apt-get install poppler-utils"
    run_tool([pdftoppm, "-r", "20", "-gray", str(pdf), str(html.with_suffix(""))])
    return [p.read_bytes() for p in sorted(html.parent.glob(f"{html.stem}-*.pgm"))]


def mean_grey(pgm: bytes) -> float:
    """Average brightness (0 black .. 255 white) of a binary PGM."""
    header = re.match(rb"P5\s+([0-9]+)\s+([0-9]+)\s+([0-9]+)\s", pgm)
    assert header, pgm[:20]
    pixels = pgm[header.end():]
    assert len(pixels) == int(header.group(1)) * int(header.group(2))
    return sum(pixels) / len(pixels)


def test_a_dark_theme_prints_on_a_light_page(worked: Store, tmp_path: Path) -> None:
    html = tmp_path / "midnight.html"
    html.write_bytes(export_day(worked, DAY, "html", theme=builtin_themes()["midnight"]))
    pages = printed_pages(html, tmp_path / "profile")
    assert len(pages) == 1  # a normal day is one A4 page
    assert mean_grey(pages[0]) > 200  # mostly white paper; the dark page it used to print is ~75
