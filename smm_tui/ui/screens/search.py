"""The search screen (`ctrl+f`): find tasks across all days; Enter shows that day with that slot selected.

The results are `smm-tui search`'s (core.stats.search over the history
index, newest first). They follow the typing: each change of the field
restarts a short Textual timer, and only when typing pauses does a thread
worker ask the index, so a key never waits for a query and a fast typist
does not queue one query per key. An answer to an older text is dropped.

Enter (in the field or on a result) posts `JumpRequested(day, task_id)` up
to the app, which shows that day and puts the cursor on the slot; the
screen never calls the app. Not on the first-frame path (imported on use).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from smm_tui.core.kinds import GLYPHS
from smm_tui.core.stats import Hit
from smm_tui.core.text import printable
from smm_tui.ui.commands import SEARCH_COMMANDS, bindings
from smm_tui.ui.history_source import HistorySource, HistoryUnavailable, Stopped
from smm_tui.ui.messages import JumpRequested
from smm_tui.ui.screens.indexed import IndexedScreen
from smm_tui.ui.screens.modal import ClosesOnce
from smm_tui.ui.widgets.controls import show_controls

DEBOUNCE_SECONDS = 0.15
"""How long typing must pause before the index is asked."""
LIMIT = 200
"""At most this many results (newest first), as `smm-tui search`'s default."""
MARKS = {"done": ("[x]", "$success"), "skipped": ("[~]", "$text-muted"), "todo": ("[ ]", "")}


def hit_prompt(hit: Hit) -> Content:
    """One result: date, time, mark, kind, title, platforms (user text as plain text, never markup)."""
    mark, style = MARKS.get(hit.status, ("[?]", ""))
    where = f"  ({', '.join(hit.platforms)})" if hit.platforms else ""
    return Content.assemble(
        (f"{hit.date} {hit.start // 60:02d}:{hit.start % 60:02d} ", "$text-muted"), (mark, style), (" ", ""),
        (GLYPHS.get(hit.kind, "•"), f"$kind-{hit.kind}"), (f" {hit.kind:<10} ", "$text-muted"),
        (printable(hit.title), ""), (printable(where), "$text-muted"),
    )


class SearchScreen(ClosesOnce, IndexedScreen):
    """A search field over all days, and the results as a list to choose from."""

    PROGRESS_BAR = "#search-progress-bar"
    BINDINGS: ClassVar[list[BindingType]] = bindings(SEARCH_COMMANDS)

    DEFAULT_CSS = """
    SearchScreen { layout: vertical; }
    SearchScreen #search-text { margin: 1 1 0 1; }
    SearchScreen #search-status { padding: 0 2; color: $text-muted; height: 1; }
    SearchScreen #search-progress { display: none; padding: 0 2; height: auto; }
    SearchScreen.-indexing #search-progress { display: block; }
    SearchScreen #search-results { height: 1fr; margin: 0 1; }
    """

    def __init__(self, source: HistorySource, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.source = source
        self.cursor_blink = cursor_blink
        self.hits: list[Hit] = []
        """The results on screen, in the list's order."""
        self.searching = False
        """A query is waiting or running (tests wait for this to be False)."""
        self._asked = ""
        """The text of the last query started (an answer to another is dropped)."""
        self._timer: Timer | None = None
        self._jump_when_answered = False

    def compose(self) -> ComposeResult:
        field = Input(placeholder="search all days: title, note, platforms", id="search-text")
        field.cursor_blink = self.cursor_blink
        show_controls(field)
        yield field
        yield Static("Type to search every day's tasks, newest first.", id="search-status")
        with Vertical(id="search-progress"):
            yield Static("Indexing the history (once; later searches are instant)…")
            yield ProgressBar(id="search-progress-bar", show_eta=False)
        yield OptionList(id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#search-text", Input))

    # --- typing: debounced, then a thread worker ---------------------------------------------

    @on(Input.Changed, "#search-text")
    def _typed(self, event: Input.Changed) -> None:
        self.searching = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._ask)

    def _ask(self) -> None:
        self._timer = None
        text = self.query_one("#search-text", Input).value.strip()
        self._asked = text
        if not text:
            self._show(text, [])
            return
        self._query(text)

    @work(thread=True, group="search")
    def _query(self, text: str) -> None:
        try:
            hits = self.source.search(text, self._progress_from_thread, LIMIT)
        except Stopped:
            return
        except HistoryUnavailable as exc:  # the index is a cache: say what failed, in one line
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._failed, text, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, text, hits)

    def _show(self, text: str, hits: list[Hit]) -> None:
        if self.gone or text != self._asked or self._timer is not None:
            return  # an answer to an older text, or more typing is on its way
        self.remove_class("-indexing")
        self.hits = hits
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options([Option(hit_prompt(hit)) for hit in hits])
        if hits:
            results.highlighted = 0
        status = ("Type to search every day's tasks, newest first." if not text
                  else "Nothing found." if not hits
                  else f"{len(hits)}{'+' if len(hits) == LIMIT else ''} found, newest first; Enter shows that day")
        self.query_one("#search-status", Static).update(status)
        self.searching = False
        if self._jump_when_answered:  # Enter came while the answer was on its way
            self._jump_when_answered = False
            self.action_jump()

    def _failed(self, text: str, problem: str) -> None:
        if not self.gone and text == self._asked:
            self.searching = False
            self.remove_class("-indexing")
            self.notify(printable(f"Search could not read the history: {problem}"), severity="error", markup=False)

    # --- keys ------------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            current = results.highlighted if results.highlighted is not None else -step
            results.highlighted = max(0, min(results.option_count - 1, current + step))

    @on(Input.Submitted, "#search-text")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_jump()

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        """Show the highlighted result's day with its slot selected (the app does it; this screen closes)."""
        if self.closing:
            return
        if self.searching:
            self._jump_when_answered = True
            return
        highlighted = self.query_one("#search-results", OptionList).highlighted
        if highlighted is None or not self.hits:
            self.notify("Nothing to show: type what to look for.", markup=False)
            return
        hit = self.hits[highlighted]
        self.post_message(JumpRequested(hit.date, hit.id))

    def action_close(self) -> None:
        self.dismiss(None)

    def on_unmount(self) -> None:
        self.source.close()
