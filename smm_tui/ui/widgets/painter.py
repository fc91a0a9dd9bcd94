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
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def short_minutes(minutes: int) -> str:
    """'1h30', '45m': a gap's length where a lane has no room for '1 h 30 min free'."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if hours else f"{rest}m"


def paint(parts: list[tuple[int, str, Style]], width: int, fill: Style) -> Strip:
    """A strip `width` cells wide: `fill` blanks with each part (x, text, style) painted over, in order."""
    cells: list[tuple[str, Style]] = [(" ", fill)] * width
    for start, text, style in parts:
        x = start
        if text.isascii() or (len(set(text)) == 1 and cell_len(text[0]) == 1):  # one cell a character: a slice
            end = min(width, x + len(text))
            if end > x:
                if cells[x][0] == "" and x:  # over the right half of a wide character: blank its left half
                    cells[x - 1] = (" ", cells[x - 1][1])
                cells[x:end] = [(char, style) for char in text[:end - x]]
                if end < width and cells[end][0] == "":  # cut a wide character's right half
                    cells[end] = (" ", cells[end][1])
            continue
        for char in text:
            size = cell_len(char)
            if x + size > width:
                break
            if size == 0:  # a combining mark: it belongs to the character before
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
        if style is run_style:  # the styles are cached objects: equal ones are mostly the same object
            run += char
        else:
            if run:
                segments.append(Segment(run, run_style))
            run, run_style = char, style
    if run:
        segments.append(Segment(run, run_style))
    return Strip(segments, width)
