"""core.text: escaping control characters for display."""

from __future__ import annotations

from smm_tui.core.text import pictured, printable


def test_pictured_keeps_the_length_and_shows_every_control() -> None:
    hostile = "a\x00b\x1b[2J\x07c\x7f\x9b\u202ed\te"
    shown = pictured(hostile)
    assert len(shown) == len(hostile), "one character per character: a field's cursor stays put"
    assert shown == "a\u2400b\u241b[2J\u2407c\u2421\ufffd\ufffdd\u2409e"
    assert printable(shown) == shown, "nothing raw is left"
    assert pictured("plain [bold]text[/] ünïcode") == "plain [bold]text[/] ünïcode"
