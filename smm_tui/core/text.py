"""Making user text safe to show in a terminal.

A title like "x\x1b[2J" must never clear the screen: every control character
(C0, DEL, C1) and the bidi overrides that can reorder a line are shown as
visible escapes instead of being sent to the terminal.
"""

from __future__ import annotations

import math
import reprlib
from datetime import date, time

# The characters that must never reach a terminal as themselves: C0 controls, DEL, C1
# controls and the bidi embeddings/overrides/isolates that can reorder a line.
_UNSAFE = (*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(code: int) -> str:
    char = chr(code)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␀ ␛ ␇ ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and bidi overrides: �


# str.translate tables rather than a regular expression: `re` (with enum) costs about 5 ms of
# import, a third of a `calcurse --next` run, and `printable` is on the path of `smm-tui next`
# (cli/next.py; tests/cli/test_next.py checks that path imports no `re`). A table is also faster.
_ESCAPED = {code: _escape(code) for code in _UNSAFE}
_PICTURED = {code: _picture(code) for code in _UNSAFE}


def printable(text: str) -> str:
    """`text` with control characters escaped, safe to print or render."""
    return text.translate(_ESCAPED)


_SHORT = reprlib.Repr()
_SHORT.maxstring = 60
_SHORT.maxother = 60
_SHORT.maxlevel = 3
_SHORT.maxdict = _SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxset = 4


def shown(value: object) -> str:
    """A short repr of a value from a user file, for error messages; never raises.

    Plain `repr` fails on hostile input: a nested value deeper than the
    recursion limit raises RecursionError, an integer of more than 4300 digits
    raises ValueError, and a 100 kB string makes a 100 kB "one-line" error.
    The result is at most 100 characters.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        digits = int(math.log10(abs(value))) + 1  # float rounding may overshoot by one
        if 10 ** (digits - 1) > abs(value):
            digits -= 1
        return f"<a number with {digits} digits>"
    try:
        text = _SHORT.repr(value)
    except (ValueError, RecursionError):
        return f"<{type(value).__name__}>"
    # reprlib bounds each part; a few levels of 4-entry dicts can still add up to 600 characters.
    return text if len(text) <= 100 else f"{text[:70]}...{text[-25:]}"


def pictured(text: str) -> str:
    """`text` with each control character replaced by one visible character (same length).

    For text being edited (an input field), where printable()'s longer
    escapes would move every later character away from the cursor.
    """
    return text.translate(_PICTURED)


def long_date(day: date, *, weekday: bool = True) -> str:
    """"Tuesday 01 January 0002": strftime's %Y gives "2" for that year on glibc, so the year
    is formatted here with four digits, the way dates are written everywhere else."""
    return f"{day:%A %d %B} {day.year:04d}" if weekday else f"{day:%d %B} {day.year:04d}"


def short_date(day: date, at: time | None = None) -> str:
    """"Tue 2 Dec" (with " 10:30" when a time is given): where a move went, in one status line."""
    return f"{day:%a} {day.day} {day:%b}" + (f" {at:%H:%M}" if at is not None else "")
