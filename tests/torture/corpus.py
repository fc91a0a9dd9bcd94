"""Hostile input, shared by the torture and fuzz tests (and the TUI monkey test to come).

Everything here is data: strings that have broken terminals, TOML writers or
parsers elsewhere, and argument values at and beyond every limit the CLI has.
"""

from __future__ import annotations

# Characters that must never reach a terminal raw - C0 controls (ESC starts
# every ANSI sequence, BEL rings, CR/BS overwrite), DEL, the C1 range (0x9b is
# a one-byte CSI on many terminals) and the bidi overrides that reorder a line -
# are harness.TERMINAL_CONTROLS; these strings carry all of them.

HOSTILE_TEXTS: tuple[str, ...] = (
    "\x1b[2J\x1b[H cleared?",
    "\x1b]0;pwned\x07 title set?",
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "\x9b31m one-byte CSI",
    "\x9d2;osc via C1\x9c",
    "bell \x07\x07",
    "back\bspace and \rcarriage",
    "\u202eevil RTL override",
    "\u2066isolate\u2069",
    "del \x7f char",
    'quote """ triple and \'\'\' literal',
    "tab\there",
    "multi\nline\n[[tasks]]\nid = \"injected\"",
    "# not a comment",
    "key = value",
    "emoji 🎉📣 and ZWJ 👩‍💻",
    "עברית ومرحبا",
    "\ufeffBOM first",
    "NEL\u0085 and LS\u2028 and PS\u2029",
    "back\\slash \\u0041 \\x1b",
    "x" * 500,
)
"""Valid titles (non-empty, no NUL, at most 500 characters) that must round-trip and display escaped."""

INVALID_TITLES: tuple[str, ...] = ("", " ", "\t\n", "x" * 501, "nul \x00 inside")

BAD_TIMES: tuple[str, ...] = (
    "24:60", "99:99", "-1:00", "24:00", "12:60", "23:5", "1:2:3", "12:00:00", "noon", "", " ", "12.30",
    "0x0c:00", "+1:00", "12:-1", "1e1:00", "\x1b[2J",
)
BAD_DATES: tuple[str, ...] = (
    "2026-02-30", "0000-01-01", "10000-01-01", "0001-01-01", "9999-12-31", "2026-13-01", "2026-00-10",
    "2026-1-1", "2026-11-26T09:00", "tomorrow2", "", "\x1b[2J",
)
BAD_MINUTES: tuple[str, ...] = ("-5", "1441", "99999999999999999999", "1.5", "1e3", "", "x", "0x10")
BAD_REFS: tuple[str, ...] = (
    "0", "-1", "999999", "9" * 5000, "²", "1²", "nope", "\x1b[2J", "\x1b]0;pwned\x07", "\u202e1", "../../etc/passwd",
    " 1", "",
)

ARG_MAX_STRLEN = 128 * 1024
"""Linux refuses a single argv/env string of this many bytes or more (MAX_ARG_STRLEN, NUL included)."""
LARGEST_ARG = ARG_MAX_STRLEN - 1


