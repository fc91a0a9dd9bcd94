"""The kind of a task added without `--kind`, guessed from the words of its title.

`smm-tui add "Answer the agency" --at 10:00` used to make a check-in without
a word. Now the first word of the title found in `WORDS` decides the kind
("Answer ..." is a reply), and the CLI says which kind it chose and why, so
a wrong guess is seen at once and fixed with `--kind` (or `e` in the app).
A title with none of these words gets `FALLBACK`, the most general kind,
and the CLI says so too.

Words are matched whole, ASCII letters only, ignoring case; a word also
matches without a plural `s` or an `ing`/`ed` ending ("posting" -> post).
The table is documented in docs/commands.md; keep the two in step.
"""

from __future__ import annotations

import re

FALLBACK = "checkin"
"""The kind when no word of the title is in the table: the most general one."""

_TABLE: dict[str, tuple[str, ...]] = {
    "reply": ("reply", "replies", "replied", "answer", "respond", "comment", "dm", "inbox"),
    "publish": ("post", "publish", "tweet", "retweet", "upload", "share", "thread"),
    "meeting": ("meeting", "meet", "call", "sync", "standup", "present", "presentation", "interview"),
    "monitor": ("monitor", "mentions", "mention", "listen", "watch"),
    "analytics": ("analytics", "report", "review", "metrics", "stats", "kpi"),
    "schedule": ("schedule", "queue", "plan"),
    "research": ("read", "research", "webinar", "learn", "study", "trends"),
    "break": ("lunch", "break", "coffee", "walk"),
    "checkin": ("checkin", "check"),
}

WORDS: dict[str, str] = {word: kind for kind, words in _TABLE.items() for word in words}
"""Title word -> kind."""

_WORD = re.compile(r"[a-z]+", re.ASCII)
_ENDINGS = ("ing", "ed", "s")


def _kind_of_word(word: str) -> str | None:
    if word in WORDS:
        return WORDS[word]
    for ending in _ENDINGS:
        stem = word.removesuffix(ending)
        if stem != word and stem in WORDS:
            return WORDS[stem]
    return None


def guess_kind(title: str) -> tuple[str, str]:
    """(kind, the title word that chose it) - ('checkin', '') when no word of the title is in the table."""
    for word in _WORD.findall(title.lower()):
        kind = _kind_of_word(word)
        if kind is not None:
            return kind, word
    return FALLBACK, ""
