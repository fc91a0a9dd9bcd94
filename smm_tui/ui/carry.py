"""Carry-over in the app: offer the last worked day's open tasks on today, once a day, never moving by itself.

When the app shows today (at start, with `t`, at midnight) it looks up what
the last worked day left open (core.carry.pending) in a thread worker - the
first frame never waits for a listing of the days - and asks one line:
"3 open from Monday — carry over? (y/n/pick)". Yes moves them all to today
as one change (one undo step, like `<`); no is remembered for the day
(state/carry.toml); pick opens a checklist. Asked at most once per day in a
session; Esc leaves it for the next start.

Imported once the store is ready: not part of the first frame.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from smm_tui.core import carry
from smm_tui.core.errors import SmmError
from smm_tui.core.text import printable, short_date

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.worker import Worker

    from smm_tui.core.clock import Clock
    from smm_tui.core.store import Store
    from smm_tui.ui.day_view import DayView
    from smm_tui.ui.screens.day import DayScreen

RETRY_SECONDS = 1.0
"""A dialog is open when the answer is ready: ask again this much later (never over another dialog)."""


class CarryHost(Protocol):
    """What the offer uses of the app."""

    store: Store | None
    clock: Clock
    days: DayView

    @property
    def screen(self) -> Screen[Any]: ...
    @property
    def day_screen(self) -> DayScreen: ...
    def push_screen(self, screen: Any, callback: Any = ...) -> Any: ...
    def run_worker(self, work: Any, name: str | None = ..., group: str = ..., description: str = ...,
                   exit_on_error: bool = ..., start: bool = ..., exclusive: bool = ...,
                   thread: bool = ...) -> Worker[Any]: ...
    def call_from_thread(self, callback: Any, *args: Any, **kwargs: Any) -> Any: ...
    def set_timer(self, delay: float, callback: Any = ..., *, name: str | None = ..., pause: bool = ...) -> Any: ...
    def notify(self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...,
               markup: bool = ...) -> None: ...


def question(offer: carry.Carry, today: date) -> str:
    """'3 open from Monday — carry over? (y/n/pick)' (the weekday alone within a week, else the date)."""
    count = len(offer.tasks)
    what = f"{count} open" if count > 1 else f"1 open ({offer.tasks[0].title})"
    return printable(f"{what} from {day_words(offer.source, today)} — carry over? (y/n/pick)")


def day_words(day: date, today: date) -> str:
    """'Monday' within the last week, 'Mon 16 Nov' before that (the weekday alone would be ambiguous)."""
    return f"{day:%A}" if 0 < (today - day).days < 7 else short_date(day)


class CarryOffer:
    """Asks once per day of a session; the worker, the question, and what each answer does."""

    def __init__(self, host: CarryHost) -> None:
        self.host = host
        self.asked: set[date] = set()

    def check(self, day: date) -> None:
        """`day` is on screen: when it is today and not yet asked, look up the offer in a worker."""
        host = self.host
        today = host.clock.now().date()
        if day != today or today in self.asked or host.store is None:
            return
        self.asked.add(today)
        store = host.store
        host.run_worker(partial(self._lookup, store, today), name="carry", group="carry", thread=True,
                        exit_on_error=False)

    def _lookup(self, store: Store, today: date) -> None:
        """In the worker thread: what to offer; the question is asked on the app's thread."""
        try:
            offer = carry.pending(store, today)
        except (SmmError, OSError):
            return  # the day files report their own problems when opened; no question then
        if offer is not None:
            self.host.call_from_thread(self.ask, offer, today)

    def ask(self, offer: carry.Carry, today: date) -> None:
        host = self.host
        if host.days.day != today:
            self.asked.discard(today)  # the user went elsewhere meanwhile: ask when today is shown again
            return
        if host.screen is not host.day_screen:
            host.set_timer(RETRY_SECONDS, lambda: self.ask(offer, today))
            return
        from smm_tui.ui.screens.carry import CarryQuestion

        host.push_screen(CarryQuestion(question(offer, today)), partial(self._answered, offer, today))

    def _answered(self, offer: carry.Carry, today: date, answer: str | None) -> None:
        if answer == "yes":
            self.move(offer, today, [t.id for t in offer.tasks])
        elif answer == "no":
            self.decline(today)
        elif answer == "pick":
            from smm_tui.ui.screens.carry import CarryPick

            heading = printable(f"Carry over from {day_words(offer.source, today)} to today:")
            self.host.push_screen(CarryPick(heading, offer.tasks), partial(self._picked, offer, today))

    def _picked(self, offer: carry.Carry, today: date, ids: list[str] | None) -> None:
        if ids is None:
            return
        if ids:
            self.move(offer, today, ids)
        else:
            self.decline(today)

    def move(self, offer: carry.Carry, today: date, ids: list[str]) -> None:
        self.host.days.move(tuple(ids), offer.source, today)

    def decline(self, today: date) -> None:
        assert self.host.store is not None
        try:
            carry.decline(self.host.store, today)
        except SmmError as exc:
            self.host.notify(f"Not carried over (could not remember it: {exc})", severity="warning", markup=False)
            return
        self.host.notify("Not carried over; not asked again today.", markup=False)
