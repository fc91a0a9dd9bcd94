"""How wide a line of svg text is, and fitting text to a width: titles never leave their card.

The svg names DejaVu Sans first, so text is measured with DejaVu Sans's own
advance widths (Book and Bold), from a table generated from the font by
tools/font_metrics.py (fontmetrics_data.py). Measuring at export time with
fontTools would need the library and the font on every user's machine; the
table is exact for the font the file asks for and the same everywhere.

Characters the font does not have are drawn from the fallback fonts the svg
names (Noto Sans CJK, Noto Color Emoji, ...), so they get a safe width:
- East Asian wide and fullwidth characters (CJK, kana, hangul): 1 em, the
  advance of those fonts' ideographs;
- emoji and the symbol blocks a browser may draw with the emoji font (U+2300
  to U+2BFF, everything from U+1F000): at least 1.3 em (Noto Color Emoji's
  advance is 1.245 em); a sequence joined by ZWJ counts each part, so it is
  over- rather than under-estimated;
- combining marks and invisible format characters (ZWJ, variation
  selectors): 0; anything else: 1 em, wider than almost every glyph.
Kerning is not applied (DejaVu's pairs mostly tighten), and `MARGIN` adds a
little for rounding in renderers. The fallback fonts that follow DejaVu Sans
in the font list (Helvetica, Arial, Segoe UI) are narrower, so a viewer
without DejaVu shows the text shorter, not longer. A headless-Chromium test
renders titles of 1 to 500 characters in Latin, CJK and emoji and checks
that no text box leaves its card.
"""

from __future__ import annotations

import base64
import re
import struct
import unicodedata
import zlib
from functools import cache

from smm_tui.core.export import fontmetrics_data

ELLIPSIS = "…"
MARGIN = 1.02
"""Measured widths are multiplied by this: room for renderers that round glyph positions."""
WIDE_EM = 1.0
EMOJI_EM = 1.3
UNKNOWN_EM = 1.0

_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufe00-\ufe0f\U000e0000-\U000e01ef]")


@cache
def _table(bold: bool) -> dict[int, float]:
    """Code point -> advance in em of DejaVu Sans Book or Bold (decoded once, on first use)."""
    blob = "".join(fontmetrics_data.BOLD if bold else fontmetrics_data.BOOK)
    data = zlib.decompress(base64.b64decode(blob))
    units = fontmetrics_data.UNITS_PER_EM
    widths: dict[int, float] = {}
    offset = 0
    while offset < len(data):
        start = int.from_bytes(data[offset:offset + 3], "big")
        (count,) = struct.unpack_from(">H", data, offset + 3)
        values = struct.unpack_from(f">{count}H", data, offset + 5)
        for index, value in enumerate(values):
            widths[start + index] = value / units
        offset += 5 + 2 * count
    return widths


def advance(ch: str, bold: bool = False) -> float:
    """The advance of one character in em (see the module docstring for characters DejaVu lacks)."""
    cp = ord(ch)
    known = _table(bold).get(cp)
    if cp >= 0x1F000 or 0x2300 <= cp < 0x2C00:
        return max(known or 0.0, EMOJI_EM)
    if known is not None:
        return known
    if _INVISIBLE.match(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return WIDE_EM
    return UNKNOWN_EM


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` in px at font size `size`, with MARGIN."""
    return sum(advance(ch, bold) for ch in text) * size * MARGIN


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """`text` when it fits in `width` px, else its longest prefix that fits with an ellipsis."""
    if text_width(text, size, bold) <= width:
        return text
    room = width / (size * MARGIN) - advance(ELLIPSIS, bold)
    used = 0.0
    end = 0
    for index, ch in enumerate(text):
        used += advance(ch, bold)
        if used > room:
            break
        end = index + 1
    return _cut(text, end).rstrip() + ELLIPSIS


def _cut(text: str, end: int) -> str:
    """`text[:end]`, moved back to the start of a character cluster.

    A base character is not split from its marks, variation selectors or
    skin tones, a ZWJ sequence (family emoji) is kept whole, and a flag's
    two regional indicators stay together.
    """
    while 0 < end < len(text) and (_attaches(text[end]) or text[end - 1] == "\u200d"):
        end -= 1
    if 0 < end < len(text) and _regional(text[end]) and _regional(text[end - 1]):
        run = end
        while run > 0 and _regional(text[run - 1]):
            run -= 1
        end -= (end - run) % 2
    return text[:end]


def _regional(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _attaches(ch: str) -> bool:
    """Characters drawn with the one before them: marks, joiners, variation selectors, skin tones."""
    return (unicodedata.category(ch) in ("Mn", "Me") or bool(_INVISIBLE.match(ch))
            or "\U0001f3fb" <= ch <= "\U0001f3ff")


def _breakable_after(ch: str) -> bool:
    return ch.isspace() or unicodedata.east_asian_width(ch) in ("W", "F") or ch in "-/"


def wrap(text: str, width: float, size: float, bold: bool = False, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines of at most `width` px; the last one ends in an ellipsis when cut.

    Lines break after spaces, hyphens, slashes and wide (CJK) characters; a
    word longer than a line is broken where it must.
    """
    out: list[str] = []
    rest = " ".join(text.split())
    while rest and len(out) < lines - 1:
        if text_width(rest, size, bold) <= width:
            break
        limit = width / (size * MARGIN)
        used = 0.0
        end = 0
        last_break = 0
        for index, ch in enumerate(rest):
            used += advance(ch, bold)
            if used > limit:
                break
            end = index + 1
            if _breakable_after(ch) and not (end < len(rest) and _attaches(rest[end])):
                last_break = end
        cut = last_break if last_break else len(_cut(rest, end))
        if cut == 0:  # not even one character fits: leave it to the ellipsis line
            break
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not out:
        out.append(fit(rest, width, size, bold))
    return out
