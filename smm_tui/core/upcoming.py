"""The running or next slot of a day, as one line for a status bar (`smm-tui next`).

Pure functions over a day's slots (`Slot`: a timeline's entries, or the tasks
of its snapshot document) and a moment, so the snapshot fast path and the
validated path answer with the same code. Only open slots count: a
status bar says what is left to do, so a slot already ticked or skipped is
passed over. A slot is *running* from its start until its end; when several
run at once, the one that started last is shown (the one just begun is the
one being worked on, as `Timeline.current` picks). Otherwise the first open
slot that starts at or after the moment is *next*. Neither: the day is over
for the status bar, and the line is empty.

The `--format` template is parsed here with its own small grammar rather
than `str.format`: a format string can reach attributes (`{title.__class__}`)
and a user's status-bar config should not be able to; only the names in
`PLACEHOLDERS` and the doubled braces `{{` `}}` are accepted.
"""

from __future__ import annotations

from datetime import date, datetime, time

from smm_tui.core.text import printable

TYPE_CHECKING = False  # typing costs `smm-tui next` 2 ms at run time; mypy reads this name as typing.TYPE_CHECKING
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Protocol
else:
    Protocol = object  # at run time a protocol is only a base class: the checking is mypy's

RUNNING, NEXT = "now", "next"
PLACEHOLDERS = ("start", "end", "title", "kind", "platforms", "countdown")
DEFAULT_FORMAT = "{start} {title} ({countdown})"

Template = list[tuple[bool, str]]
"""A parsed `--format`: (is_placeholder, text) parts."""
JsonValue = str | int | list[str]

class Slot(Protocol):
    """What is read of a slot: `core.timeline.Entry` has it, and so has the fast path's reading of a
    snapshot document (cli/next.py), which spares itself importing core.timeline."""

    @property
    def position(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def start(self) -> time: ...
    @property
    def end(self) -> time: ...
    @property
    def minutes(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def platforms(self) -> tuple[str, ...]: ...
    @property
    def status(self) -> str: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...


def pick(slots: Iterable[Slot], now: datetime) -> tuple[str, Slot] | None:
    """(RUNNING or NEXT, the slot), or None when no open slot runs now or starts later."""
    open_slots = [s for s in slots if s.status == "todo"]
    running = [s for s in open_slots if s.starts_at <= now < s.ends_at]
    if running:
        return RUNNING, max(running, key=lambda s: (s.starts_at, s.position))
    later = [s for s in open_slots if s.starts_at >= now]
    if later:
        return NEXT, min(later, key=lambda s: (s.starts_at, s.position))
    return None


def _minutes(seconds: float) -> int:
    """Whole minutes, rounded up: a slot 20 s away is 1 minute away, never 0."""
    return max(0, int(-(-seconds // 60)))


def _span(seconds: float) -> str:
    """"8m", "1h 5m", "2h"."""
    hours, rest = divmod(_minutes(seconds), 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h {rest}m" if rest else f"{hours}h"


def countdown(state: str, slot: Slot, now: datetime) -> str:
    """"in 12m" for a slot ahead ("now" at its very start), "now, 8m left" for a running one."""
    if state == RUNNING:
        return f"now, {_span((slot.ends_at - now).total_seconds())} left"
    ahead = (slot.starts_at - now).total_seconds()
    return f"in {_span(ahead)}" if ahead > 0 else "now"


def fields(state: str, slot: Slot, now: datetime) -> dict[str, str]:
    """The placeholders' values."""
    return {
        "start": slot.start.strftime("%H:%M"),
        "end": slot.end.strftime("%H:%M"),
        "title": slot.title,
        "kind": slot.kind,
        "platforms": ",".join(slot.platforms),
        "countdown": countdown(state, slot, now),
    }


def parse_template(text: str) -> Template:
    """A `--format` template as (is_placeholder, text) parts; ValueError saying what was expected.

    Scanned by hand rather than with a regular expression: this runs on every `smm-tui next`,
    and importing `re` would cost a third of a `calcurse --next` run (see cli/next.py).
    """
    parts: Template = []
    literal: list[str] = []
    at, size = 0, len(text)
    while at < size:
        char = text[at]
        if char not in "{}":
            literal.append(char)
            at += 1
        elif text.startswith(char * 2, at):  # `{{` or `}}`: one brace
            literal.append(char)
            at += 2
        else:
            close = text.find("}", at + 1) if char == "{" else -1
            opener = text.find("{", at + 1)
            if close < 0 or 0 <= opener < close:  # a brace on its own
                raise ValueError(f"a single {char!r} at character {at + 1}: write {char * 2} for a brace")
            name = text[at + 1:close]
            if name not in PLACEHOLDERS:
                raise ValueError(f"unknown placeholder {printable(text[at:close + 1])}: expected one of "
                                 + ", ".join("{" + known + "}" for known in PLACEHOLDERS))
            if literal:
                parts.append((False, "".join(literal)))
                literal = []
            parts.append((True, name))
            at = close + 1
    if literal:
        parts.append((False, "".join(literal)))
    return parts


def render(template: Template, values: dict[str, str]) -> str:
    """The template filled in, as one safe line: control characters (a newline, ESC) shown escaped."""
    return printable("".join(values[text] if named else text for named, text in template))


def line(slots: Iterable[Slot], now: datetime, template: Template) -> str:
    """What `smm-tui next` prints: the filled template, or "" when nothing is left that day."""
    found = pick(slots, now)
    if found is None:
        return ""
    state, slot = found
    return render(template, fields(state, slot, now))


def document(day: date, slots: Iterable[Slot], now: datetime) -> dict[str, JsonValue]:
    """The `--json` object: state "now", "next" or "over"; for a slot, its fields and the countdown."""
    found = pick(slots, now)
    doc: dict[str, JsonValue] = {"date": day.isoformat(), "state": "over"}
    if found is None:
        return doc
    state, slot = found
    seconds = (slot.ends_at - now if state == RUNNING else slot.starts_at - now).total_seconds()
    doc.update({
        "state": state,
        "countdown": countdown(state, slot, now),
        "minutes_left" if state == RUNNING else "minutes_until": _minutes(seconds),
        "position": slot.position,
        "id": slot.id,
        "title": slot.title,
        "start": slot.start.strftime("%H:%M"),
        "end": slot.end.strftime("%H:%M"),
        "minutes": slot.minutes,
        "kind": slot.kind,
        "platforms": list(slot.platforms),
        "starts_at": slot.starts_at.isoformat(),
        "ends_at": slot.ends_at.isoformat(),
    })
    return doc


def dumps(doc: dict[str, JsonValue]) -> str:
    """One line of JSON with everything beyond ASCII escaped: nothing a terminal could interpret."""
    import json  # only for --json: json imports `re`, which the plain line never needs (see cli/next.py)

    return json.dumps(doc, separators=(",", ":"))
