"""core.text: escaping control characters for display."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from smm_tui.core.text import pictured, printable


def test_pictured_keeps_the_length_and_shows_every_control() -> None:
    hostile = "a\x00b\x1b[2J\x07c\x7f\x9b\u202ed\te"
    shown = pictured(hostile)
    assert len(shown) == len(hostile), "one character per character: a field's cursor stays put"
    assert shown == "a\u2400b\u241b[2J\u2407c\u2421\ufffd\ufffdd\u2409e"
    assert printable(shown) == shown, "nothing raw is left"
    assert pictured("plain [bold]text[/] ünïcode") == "plain [bold]text[/] ünïcode"



_REGEX_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _oracle_printable(text: str) -> str:
    """printable as it was written with a regular expression: the oracle of the translate table."""
    def escape(match: re.Match[str]) -> str:
        char = match.group(0)
        code = ord(char)
        return _NAMED.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")

    return _REGEX_UNSAFE.sub(escape, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=40))
def test_the_translate_tables_escape_exactly_what_the_pattern_matched(text: str) -> None:
    """printable and pictured use str.translate (no `re` on `smm-tui next`'s path): same result as the pattern."""
    assert printable(text) == _oracle_printable(text)
    shown = pictured(text)
    assert len(shown) == len(text)
    for char, picture in zip(text, shown, strict=True):
        assert (picture == char) == (_REGEX_UNSAFE.match(char) is None)
