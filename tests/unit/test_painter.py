"""The painter's fast paths draw exactly what painting cell by cell drew.

`paint` lays text whose characters are all one cell wide as one slice and
cuts segments only at the edges of what it painted (see painter.py). Both are
performance tricks; this file holds them to the plain painter they replaced,
kept below as the reference (and `fit` and `cells`, which skip measuring
such text, to rich's `cell_len`), on random mixes of ASCII, narrow non-ASCII
('·', '–', '…', '─'), wide (CJK, emoji) and zero-width (combining marks,
joiners) characters painted over each other.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from smm_tui.ui.widgets import painter
from smm_tui.ui.widgets.painter import cells, fit, paint

STYLES = [Style(), Style(bold=True), Style(color="red"), Style(bold=True), Style(italic=True, bgcolor="blue")]
"""Two of them equal but not the same object: runs are cut where the object changes, as before."""


def cell_by_cell(parts: list[tuple[int, str, Style]], width: int, fill: Style) -> Strip:
    """The painter before its fast paths: a list of (character, style) cells, joined cell by cell."""
    cells: list[tuple[str, Style]] = [(" ", fill)] * width
    for start, text, style in parts:
        x = start
        if text.isascii() or (len(set(text)) == 1 and cell_len(text[0]) == 1):
            end = min(width, x + len(text))
            if end > x:
                if cells[x][0] == "" and x:
                    cells[x - 1] = (" ", cells[x - 1][1])
                cells[x:end] = [(char, style) for char in text[:end - x]]
                if end < width and cells[end][0] == "":
                    cells[end] = (" ", cells[end][1])
            continue
        for char in text:
            size = cell_len(char)
            if x + size > width:
                break
            if size == 0:
                if x > start:
                    cells[x - 1] = (cells[x - 1][0] + char, cells[x - 1][1])
                continue
            if cells[x][0] == "" and x:
                cells[x - 1] = (" ", cells[x - 1][1])
            cells[x] = (char, style)
            for extra in range(1, size):
                cells[x + extra] = ("", style)
            if x + size < width and cells[x + size][0] == "":
                cells[x + size] = (" ", cells[x + size][1])
            x += size
    segments: list[Segment] = []
    run, run_style = "", fill
    for char, style in cells:
        if style is run_style:
            run += char
        else:
            if run:
                segments.append(Segment(run, run_style))
            run, run_style = char, style
    if run:
        segments.append(Segment(run, run_style))
    return Strip(segments, width)


def drawn(strip: Strip) -> list[tuple[str, int]]:
    """The segments as (text, which style object): equal output down to how the runs are cut."""
    return [(segment.text, id(segment.style)) for segment in strip]


CHARS = st.sampled_from([
    "a", "Z", "0", " ", ":", "[", "·", "–", "…", "─", "│", "▌", "é", "ß", "Ж",  # one cell each
    "漢", "字", "の", "🙂", "📅",  # two cells
    "\u0301", "\u0308", "\u200d", "\ufe0f",  # none: combining marks, a joiner, a variation selector
])
PARTS = st.lists(st.tuples(st.integers(0, 14), st.text(CHARS, max_size=10), st.sampled_from(range(len(STYLES)))),
                 max_size=8)


@settings(max_examples=400, deadline=None)
@given(parts=PARTS, width=st.integers(0, 14), fill=st.sampled_from(range(len(STYLES))), forget=st.booleans())
def test_paint_draws_what_painting_cell_by_cell_drew(parts: list[tuple[int, str, int]], width: int, fill: int,
                                                     forget: bool) -> None:
    if forget:  # with no character known yet to be narrow, as at start-up
        painter._NARROW.clear()
    styled = [(x, text, STYLES[style]) for x, text, style in parts]
    fast, reference = paint(styled, width, STYLES[fill]), cell_by_cell(styled, width, STYLES[fill])
    assert drawn(fast) == drawn(reference)
    assert fast.cell_length == reference.cell_length == max(width, 0)


@settings(max_examples=200, deadline=None)
@given(under=PARTS, text=st.text(st.sampled_from(["a", " ", "·", "–", "…", "─", "é"]), min_size=1, max_size=14),
       x=st.integers(0, 14), width=st.integers(1, 14))
def test_the_slice_for_narrow_text_equals_the_general_path(under: list[tuple[int, str, int]], text: str, x: int,
                                                          width: int) -> None:
    """Over any line (wide characters included), narrow text laid as a slice leaves what the general path leaves."""
    chars_a, styles_a = [" "] * width, [STYLES[0]] * width
    for at, under_text, style in under:  # any line, wide characters and combining marks included
        painter._lay_any(chars_a, styles_a, at, under_text, STYLES[style])
    assert painter._all_narrow(text)
    chars_b, styles_b = list(chars_a), list(styles_a)
    end_a = painter._lay_narrow(chars_a, styles_a, x, text, STYLES[1])
    end_b = painter._lay_any(chars_b, styles_b, x, text, STYLES[1])
    assert (chars_a, [id(s) for s in styles_a], max(end_a, x)) == (chars_b, [id(s) for s in styles_b], end_b)


def test_wide_and_combining_characters_are_not_taken_for_narrow() -> None:
    for text in ("漢", "a\u0301", "🙂", "x\u200d", "\x07"):
        assert not painter._all_narrow(text), text
    assert painter._all_narrow("09:00–09:30  twitter · linkedin")
    assert {"–", "·"} <= painter._NARROW


def fit_by_measure(text: str, width: int) -> str:
    """`fit` before its shortcut: always measured with rich."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


@settings(max_examples=400, deadline=None)
@given(text=st.text(CHARS | st.sampled_from(["\x07", "\x00", "\u00ad"]), max_size=16), width=st.integers(-1, 18),
       forget=st.booleans())
def test_fit_and_cells_measure_what_rich_measures(text: str, width: int, forget: bool) -> None:
    if forget:
        painter._NARROW.clear()
    assert fit(text, width) == fit_by_measure(text, width)
    assert cells(text) == cell_len(text)
