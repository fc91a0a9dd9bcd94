"""Carry-over: open tasks the user left on the last worked day, offered (never moved) on today.

"The last worked day" is the newest day file before today: a day without a
file was never opened or changed, so it holds nothing of the user's. Of its
tasks only the open ones the user added (or moved there) count - `slot` is
None - because a routine slot comes back by itself every day; carrying it
over would plan it twice.

The app asks once per day. A "no" is remembered in the state file
`state/carry.toml` (written by the store, like every file), so a restart
does not ask again; a broken state file is set aside and the question comes
once more rather than never. Nothing here imports Textual: the app runs
`pending` in a worker after the first frame and asks the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from smm_tui.core.errors import DataError

if TYPE_CHECKING:
    from smm_tui.core.models import Task
    from smm_tui.core.store import Store

STATE = "carry"
HEADER = "# smm-tui: the days on which carrying open tasks over was declined (not asked again that day).\n"
KEEP = 60
"""How many declined days are remembered (older ones can never be today again)."""
_DAY_FILE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


@dataclass(frozen=True)
class Carry:
    """What to offer: the open added tasks of `source`, the last worked day before today."""

    source: date
    tasks: tuple[Task, ...]


def last_worked_day(store: Store, today: date) -> date | None:
    """The newest day with a file before `today` (None: no earlier day was ever worked on)."""
    newest: date | None = None
    for path in store.day_files():
        if not _DAY_FILE.fullmatch(path.stem):
            continue
        try:
            day = date.fromisoformat(path.stem)
        except ValueError:
            continue
        if day < today and (newest is None or day > newest):
            newest = day
    return newest


def declined(store: Store, today: date) -> bool:
    """True when carrying over was declined today (a broken state file: not declined, ask)."""
    try:
        document = store.read_state(STATE)
    except DataError:
        return False
    days = document.get("declined", [])
    return isinstance(days, list) and today.isoformat() in days


def pending(store: Store, today: date) -> Carry | None:
    """What to offer on `today`, or None (nothing open, declined already, the last day's file is broken)."""
    if declined(store, today):
        return None
    source = last_worked_day(store, today)
    if source is None:
        return None
    try:
        day = store.load_day(source)
    except DataError:
        return None  # the day reports its own problem when opened; nothing to offer from it
    tasks = tuple(t for t in day.ordered() if t.slot is None and t.status == "todo")
    return Carry(source, tasks) if tasks else None


def decline(store: Store, today: date) -> None:
    """Remember that the offer was declined today (read-modify-write under the store's lock)."""

    def change(document: dict[str, Any]) -> dict[str, Any]:
        days = document.get("declined", [])
        if not isinstance(days, list) or not all(isinstance(d, str) for d in days):
            raise ValueError("'declined' is not a list of dates")
        kept = [d for d in days if d != today.isoformat()][-(KEEP - 1):]
        return {**document, "declined": [*kept, today.isoformat()]}

    store.update_state(STATE, change, HEADER, set_aside_broken=True)
