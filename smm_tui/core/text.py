"""Making user text safe to show in a terminal.

A title like "x\x1b[2J" must never clear the screen: every control character
(C0, DEL, C1) and the bidi overrides that can reorder a line are shown as
visible escapes instead of being sent to the terminal.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with control characters escaped, safe to print or render."""
    return _UNSAFE.sub(_escape, text)
