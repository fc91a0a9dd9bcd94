"""Painting a line of cells: parts (x, text, style) laid over a blank line, later ones on top.

The scaled view draws a row as overlapping layers - a block's background,
its bar, its title, a gap label or the now line in the free space - which is
simpler to say as "paint this at x" than as a list of segments cut to fit.
A line is a list of cells, one per terminal column, turned into segments at
the end (a run of cells in one style is one segment). Wide characters take
two cells; painting over half of one blanks the other half, so a line is
always exactly its width.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if _NARROW.issuperset(text) or _all_narrow(text):  # one cell a character: a slice (see _NARROW)
        return text if len(text) <= width else text[:width - 1] + "…"
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def cells(text: str) -> int:
    """How many cells `text` takes: `rich.cells.cell_len`, without measuring text of one cell a character."""
    if _NARROW.issuperset(text) or _all_narrow(text):
        return len(text)
    return cell_len(text)


def short_minutes(minutes: int) -> str:
    """'1h30', '45m': a gap's length where a lane has no room for '1 h 30 min free'."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if hours else f"{rest}m"


def paint(parts: list[tuple[int, str, Style]], width: int, fill: Style) -> Strip:
    """A strip `width` cells wide: `fill` blanks with each part (x, text, style) painted over, in order.

    `x` is a cell from 0; a part from `width` on paints nothing. The line is
    kept as two lists, characters and styles; each part records where its
    cells begin and end, and only there can the style change, so the
    segments are cut at those edges instead of comparing every cell.
    """
    chars = [" "] * width
    styles = [fill] * width
    edges = {0}
    for start, text, style in parts:
        if text.isascii() or _NARROW.issuperset(text) or _all_narrow(text):
            end = _lay_narrow(chars, styles, start, text, style)
        else:
            end = _lay_any(chars, styles, start, text, style)
        if end > start:
            edges.add(start)
            edges.add(end)
    return _strip(chars, styles, sorted(edges), width)


_NARROW: set[str] = set()
"""Characters known to be one cell wide (`_all_narrow` adds them as it meets them).

A performance trick: with it `paint` lays most non-ASCII text (the block's
"09:00–09:30  twitter · linkedin" line, the now line's rule) as one slice
instead of measuring it character by character with `cell_len`, and `fit`
and `cells` take such text's length for its width instead of measuring it
again (each block's line is a new string, so rich's cache of lengths misses;
`cell_len` of text without zero-width characters is the sum of theirs).
It holds only characters text was painted or fitted with, so it stays small.
tests/unit/test_painter.py checks that `paint` draws exactly what the
cell-by-cell painter drew and `fit` cuts exactly where `cell_len` cut.
"""


def _all_narrow(text: str) -> bool:
    """Whether every character of `text` is one cell wide, remembering the ones that are."""
    for char in set(text).difference(_NARROW):
        if cell_len(char) != 1:
            return False
        _NARROW.add(char)
    return True


def _lay_narrow(chars: list[str], styles: list[Style], x: int, text: str, style: Style) -> int:
    """Paint text of one cell a character at `x` as a slice; returns the cell after the last painted."""
    width = len(chars)
    end = min(width, x + len(text))
    if end > x:
        if x and chars[x] == "":  # over the right half of a wide character: blank its left half
            chars[x - 1] = " "
        chars[x:end] = text[:end - x]
        styles[x:end] = [style] * (end - x)
        if end < width and chars[end] == "":  # cut a wide character's right half
            chars[end] = " "
    return end


def _lay_any(chars: list[str], styles: list[Style], start: int, text: str, style: Style) -> int:
    """Paint any text at `start` character by character (wide ones take two cells, a combining mark
    joins the character before); returns the cell after the last painted."""
    width = len(chars)
    x = start
    for char in text:
        size = cell_len(char)
        if x + size > width:
            break
        if size == 0:  # a combining mark: it belongs to the character before
            if x > start:
                chars[x - 1] += char
            continue
        if x and chars[x] == "":
            chars[x - 1] = " "
        chars[x] = char
        styles[x] = style
        for extra in range(1, size):
            chars[x + extra] = ""
            styles[x + extra] = style
        if x + size < width and chars[x + size] == "":
            chars[x + size] = " "
        x += size
    return x


def _strip(chars: list[str], styles: list[Style], edges: list[int], width: int) -> Strip:
    """The line as segments, one per run of cells in one style, cut only at `edges` (sorted, from 0)."""
    segments: list[Segment] = []
    if width <= 0:
        return Strip(segments, width)
    begin, run_style = 0, styles[0]
    for edge in edges[1:]:
        if edge >= width:
            break
        style = styles[edge]
        if style is not run_style:  # the styles are cached objects: equal ones are mostly the same object
            text = "".join(chars[begin:edge])
            if text:
                segments.append(Segment(text, run_style))
            begin, run_style = edge, style
    text = "".join(chars[begin:])
    if text:
        segments.append(Segment(text, run_style))
    return Strip(segments, width)
