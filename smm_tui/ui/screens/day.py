"""The day screen: header, timeline, detail pane, filter bar and footer.

This is the default screen and part of the first frame, so it imports only
what that frame needs; the form and the detail popup are imported when first
opened. Attributes come down from the app (`show`: the day, its timeline and
validated model, why changes are blocked; `default_lead` once settings are
loaded) and requests go up as messages (ui/messages.py): a key becomes "this
operation on that task", and the app, which owns the store and the history,
applies it. The screen never imports the app.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Static

from smm_tui.core.clock import Clock
from smm_tui.core.timeline import Entry, Timeline
from smm_tui.ui.commands import DAY_COMMANDS, bindings
from smm_tui.ui.messages import (
    ChangeRequested,
    DayRequested,
    ExportRequested,
    FormRequested,
    HistoryRequested,
    ReminderRequested,
    SearchRequested,
    StatsRequested,
    WeekRequested,
)
from smm_tui.ui.screens.day_moves import DayMoves
from smm_tui.ui.screens.day_scale import ScaledDay
from smm_tui.ui.widgets.detail import DetailPane
from smm_tui.ui.widgets.header import DayHeader
from smm_tui.ui.widgets.timeline import TimelineView, build_rows

if TYPE_CHECKING:
    from smm_tui.core.models import Day, Status, Task
    from smm_tui.core.relative import Humanize
    from smm_tui.ui.widgets.filter_bar import FilterInput
    from smm_tui.ui.widgets.footer import DayFooter
    from smm_tui.ui.widgets.reminder_notes import ReminderNotes

MIN_WIDTH, MIN_HEIGHT = 60, 15
"""Below this the screen says "terminal too small" instead of drawing a broken layout."""
WIDE_WIDTH = 110
"""From this width on the detail pane is shown beside the timeline (narrower: Enter shows a popup)."""


class DayScreen(DayMoves, ScaledDay):
    """One day of the timeline; every key of the day lives here (see ui/commands.py); the scaled view's in
    ScaledDay, the keys that move tasks between days in DayMoves."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings(DAY_COMMANDS), Binding("escape", "clear_filter", show=False)]
    AUTO_FOCUS = "#timeline"

    class Ready(Message):
        """The screen is mounted and shows its first frame: the app starts its timers and loader."""

        def __init__(self, screen: DayScreen) -> None:
            self.screen = screen
            super().__init__()

        @property
        def control(self) -> DayScreen:
            return self.screen

    class ChromeMounted(Message):
        """The status line, reminder notes and footer are mounted (right after the first frame)."""

    class Resumed(Message):
        """The screen is on top again (a dialog closed): waiting toasts can show."""

    default_lead: reactive[int | None] = reactive(None)
    """config's lead_minutes (None until the settings are loaded), shown in the details."""

    def __init__(self, clock: Clock, day: date, timeline: Timeline | None = None, *,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.query_text = ""
        """The active filter (empty: everything is shown)."""
        self.day = day
        self.timeline: Timeline | None = timeline
        self.model: Day | None = None
        """The validated day behind `timeline` (None until loaded, or when its file is broken)."""
        self.problem = ""
        self.hint = ""
        self.blocked = ""
        """Why no change can be saved now (the app sets it; empty: changes can be saved)."""
        self.humanize: Humanize | None = None
        """Relative times for the details ("in 20 minutes"); the app sets it once arrow is loaded."""
        self.now: datetime | None = None
        self.timeline_view = TimelineView(id="timeline")
        """The list. It holds the one cursor of both views, so it exists from the start; started in the
        scaled view it is mounted only after the first frame (`ScaledDay.compose_views`)."""

    def compose(self) -> ComposeResult:
        yield DayHeader(id="header")
        with Horizontal(id="body"):
            yield from self.compose_views()
            yield DetailPane(id="detail")
        # The footer is mounted right after the first frame and the "too small" notice only
        # when needed: neither is part of the first paint (benchmarks/first_paint.py). A
        # footer lists its keys only once bindings are announced, i.e. after the first frame
        # in any Textual app, so this shows nothing later than usual.

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No key acts once the app is closing: one typed right behind `q` found the screen half taken down
        (`a` pushed a form that failed looking for its fields: a traceback on the way out)."""
        return self.app.return_code is None

    def on_mount(self) -> None:
        self.show(self.timeline, self.clock.now(), day=self.day)
        self.post_message(self.Ready(self))
        self.call_after_refresh(self._mount_footer)

    async def _mount_footer(self) -> None:
        if not self.is_attached:  # quit before the first refresh: the app is already closing
            return
        from smm_tui.ui.widgets.footer import DayFooter
        from smm_tui.ui.widgets.reminder_notes import ReminderNotes
        from smm_tui.ui.widgets.status_line import StatusLine

        footer = DayFooter()
        footer.fit(self.size.width)
        notes = ReminderNotes()
        notes.fit(*self.size)
        await self.mount(StatusLine(id="status"), notes, footer)
        self.refresh_bindings()  # announce this screen's keys to the new footer (even under a modal)
        self.post_message(self.ChromeMounted())  # the app shows messages and reminders that came before

    def on_screen_resume(self) -> None:
        """Back on top (a dialog closed): waiting toasts show, reminder notes' time runs."""
        self.post_message(self.Resumed())

    # --- showing data -----------------------------------------------------------

    def show(self, timeline: Timeline | None, now: datetime, *, day: date | None = None, model: Day | None = None,
             problem: str = "", hint: str = "", blocked: str = "", focus_now: bool = False) -> None:
        """Show a (new version of the) day, or a problem and what it means; keeps the cursor's task."""
        if day is not None and day != self.day:
            self.day = day
            self.timeline_view.cursor_id = None  # another day: the cursor starts on its running slot
        self.timeline, self.model, self.problem, self.now = timeline, model, problem, now
        self.hint, self.blocked = hint, blocked
        view = self.timeline_view
        first_show = view.cursor_id is None
        self._rebuild(now)
        if timeline is not None and (focus_now or first_show):
            self.select_now()

    def refresh_time(self, now: datetime) -> None:
        """The clock moved: now line, overdue marks, current slot and countdown."""
        self.now = now
        self._rebuild(now)

    def _rebuild(self, now: datetime) -> None:
        timeline = self.timeline
        show_now = timeline is not None and timeline.date == now.date()
        message = ""
        if self.problem:
            message = f"⚠ {self.problem}" + (f"\n{self.hint}" if self.hint else "")
        elif timeline is None:
            message = "Loading…"
        rows = build_rows(None if self.problem else timeline, now, show_now=show_now,
                          query=self.query_text, message=message)
        current = timeline.current(now) if timeline is not None and show_now else None
        self.timeline_view.set_rows(rows, now, current.id if current else None, timeline)
        header = self.query_one(DayHeader)
        header.day, header.timeline, header.now = self.day, timeline, now
        header.filter_text, header.problem = self.query_text, self.problem
        self._show_detail(self.timeline_view.selected)
        self.rebuild_scale()

    def _show_detail(self, entry: Entry | None) -> None:
        pane = self.query_one(DetailPane)
        pane.entry, pane.now, pane.default_lead, pane.humanize = entry, self.now, self.default_lead, self.humanize
        pane.slot_state = self._state_of(entry)

    def watch_default_lead(self) -> None:
        if self.is_mounted:
            self._show_detail(self.timeline_view.selected)

    @on(TimelineView.Highlighted)
    def _highlighted(self, event: TimelineView.Highlighted) -> None:
        self._show_detail(self.timeline_view.selected)  # now's, not the message's (see `_follow_cursor`)

    @on(TimelineView.Activated)
    def _activated(self, event: TimelineView.Activated) -> None:
        self.action_details()

    def select_now(self) -> None:
        """Cursor on the running slot, else the next one, else the last; now line in view."""
        view = self.timeline_view
        timeline, now = self.timeline, self.now
        if timeline is None or now is None:
            return
        visible = set(view.entry_ids)
        target = None
        if timeline.date == now.date():
            current = timeline.current(now)
            upcoming = next((e for e in timeline.entries if e.starts_at > now and e.id in visible), None)
            target = current if current is not None and current.id in visible else upcoming
            if target is None and visible:
                target = next(e for e in reversed(timeline.entries) if e.id in visible)
        elif visible:
            target = next(e for e in timeline.entries if e.id in visible)
        if target is not None:
            view.select(target.id, scroll=False)
        view.scroll_to_now()

    # --- size ---------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        width, height = event.size
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(too_small, "-too-small")
        self.set_class(width >= WIDE_WIDTH, "-wide")
        for footer in self.query("DayFooter"):
            cast("DayFooter", footer).fit(width)
        for notes in self.query("ReminderNotes"):
            cast("ReminderNotes", notes).fit(width, height)
        if too_small:
            message = f"Terminal too small: {width}x{height}\n(smm-tui needs at least {MIN_WIDTH}x{MIN_HEIGHT})"
            notices = self.query("#too-small")
            if notices:
                cast(Static, notices.first()).update(message)
            else:
                self.mount(Static(message, id="too-small"))

    # --- actions: cursor and view ---------------------------------------------------

    def action_cursor_down(self) -> None:
        self.timeline_view.move(1)

    def action_cursor_up(self) -> None:
        self.timeline_view.move(-1)

    def action_cursor_first(self) -> None:
        self.timeline_view.first()

    def action_cursor_last(self) -> None:
        self.timeline_view.last()

    def action_page_down(self) -> None:
        if not self.page_scale(1):
            self.timeline_view.page(1)

    def action_page_up(self) -> None:
        if not self.page_scale(-1):
            self.timeline_view.page(-1)

    def action_jump_now(self) -> None:
        if self.timeline is not None and self.now is not None and self.timeline.date != self.now.date():
            self.notify("The now line is on today's page: press t to go there.", markup=False)
        self.select_now()

    async def action_filter(self) -> None:
        """Show the filter bar (mounted on first use: it is not part of the first frame)."""
        if not self.is_attached:  # `/` queued behind q: the screen is already being taken down
            return
        fields = self.query("#filter")
        if fields:
            field = cast(Input, fields.first())
        else:
            from smm_tui.ui.widgets.filter_bar import FilterInput

            field = FilterInput(placeholder="filter: words, kind:reply, platform:x, status:overdue",
                                id="filter", compact=True, when_cleared=self.close_filter, when_kept=self.keep_filter)
            from smm_tui.ui.widgets.controls import show_controls

            show_controls(field)
            footers = self.query("Footer")
            await self.mount(field, before=footers.first() if footers else None)
        field.cursor_blink = self.cursor_blink
        self.add_class("-filtering")
        field.value = self.query_text
        cast("FilterInput", field).opened()
        # Now, not via Widget.focus() (a call_later): `/rep` typed in one burst is already queued
        # behind the `/`, and those keys must reach the filter, not run r, e, p as commands.
        self.set_focus(field)

    def action_clear_filter(self) -> None:
        if self.query_text:
            self.query_one("#filter", Input).value = ""
            self.query_text = ""  # now, not when the field's Changed arrives: the rebuild below shows all
            self.close_filter()

    def close_filter(self) -> None:
        self.remove_class("-filtering")
        self.set_focus(self.timeline_view)  # now: keys queued behind Esc are commands again
        if self.now is not None:
            self._rebuild(self.now)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        if self.now is not None:
            self._rebuild(self.now)

    def keep_filter(self) -> None:
        """Enter in the filter bar: keep the filter, hide the bar, keys go to the timeline again.

        Called by the bar's own Enter action, not on Input.Submitted: that message
        arrives after keys typed right behind Enter have been routed, and those
        (`Enter x`) must already find the timeline's bindings.
        """
        self.remove_class("-filtering")
        self.set_focus(self.timeline_view)

    def action_details(self) -> None:
        entry = self.timeline_view.selected
        if entry is None:
            self.notify("No slot selected.", markup=False)
            return
        from smm_tui.ui.screens.detail import DetailScreen

        self.app.push_screen(DetailScreen(entry, self.now, self.default_lead, self._state_of(entry), self.humanize))

    def _state_of(self, entry: Entry | None) -> str | None:
        """The slot's state now (`Timeline.state`: overdue today, missed on a day that is over)."""
        if entry is None or self.timeline is None:
            return None
        return self.timeline.state(entry, self.now)

    # --- actions: changes (sent up as messages; the app applies them through the store) ----

    def _selected_or_say(self) -> Entry | None:
        entry = self.timeline_view.selected
        if entry is None and self.problem:
            self.notify(self.blocked or self.problem, severity="error", markup=False)
        elif entry is None:
            self.notify("No slot selected." if self.timeline is not None else "Nothing to change yet.",
                        markup=False)
        return entry

    def action_toggle_done(self) -> None:
        from smm_tui.core.history import Toggle

        if entry := self._selected_or_say():
            self.post_message(ChangeRequested(Toggle(entry.id, self.clock.now()), self.day))

    def action_skip(self) -> None:
        """Skip an open or done task; a skipped one becomes open again."""
        from smm_tui.core.history import SetStatus

        if entry := self._selected_or_say():
            status: Status = "todo" if entry.status == "skipped" else "skipped"
            self.post_message(ChangeRequested(SetStatus(entry.id, status, self.clock.now()), self.day))

    def action_delete(self) -> None:
        if entry := self._selected_or_say():
            self.delete_entry(entry)  # a routine slot asks "this day only / from now on" (day_moves.py)

    def action_add(self) -> None:
        self.open_form(None, after=self.timeline_view.selected)

    def action_edit(self) -> None:
        if entry := self._selected_or_say():
            self.open_form(entry.id)

    def open_form(self, task_id: str | None, *, after: Entry | None = None, deferred: bool = False) -> None:
        """The add/edit form, opened right here so that keys typed behind `a` land in it.

        Before the validated day has arrived the request goes up to the app,
        which calls this again once the store is ready (`deferred`).
        """
        if self.blocked:
            self.notify(self.blocked, severity="error", markup=False)
            return
        model = self.model
        if model is None:
            if not deferred:
                self.post_message(FormRequested(task_id, after))
            return
        from smm_tui.ui.screens.task_form import TaskForm, suggest_start

        task = None
        if task_id is not None:
            try:
                task = model.task(task_id)
            except KeyError:
                self.notify("That task is gone (changed outside?).", severity="warning", markup=False)
                return
        form = TaskForm(task, suggested=suggest_start(self.day, self.clock.now(), after),
                        cursor_blink=self.cursor_blink)
        self.app.push_screen(form, partial(self._form_done, task, self.day, model))

    def _form_done(self, original: Task | None, day: date, model: Day, values: dict[str, Any] | None) -> None:
        from smm_tui.ui.screens.task_form import operation_for

        if values is None or self.repeat_requested(values, day):  # a repeating task goes to the routine
            return
        operation = operation_for(values, original, model)
        if operation is None:
            self.notify("No changes.", markup=False)
        else:
            self.post_message(ChangeRequested(operation, day))

    def action_undo(self) -> None:
        self.post_message(HistoryRequested())

    def action_redo(self) -> None:
        self.post_message(HistoryRequested(redo=True))

    def action_prev_day(self) -> None:
        self.post_message(DayRequested(-1))

    def action_next_day(self) -> None:
        self.post_message(DayRequested(1))

    def action_today(self) -> None:
        self.post_message(DayRequested(0))

    def action_week(self) -> None:
        self.post_message(WeekRequested(self.day))

    # --- actions: reminders and export (the app owns the service and the session) ---------

    def action_snooze(self) -> None:
        self.post_message(ReminderRequested("snooze"))

    def action_reminder_done(self) -> None:
        self.post_message(ReminderRequested("done"))

    def action_export(self, fmt: str | None = None) -> None:
        self.post_message(ExportRequested(fmt))

    def action_stats(self) -> None:
        self.post_message(StatsRequested())

    def action_search(self) -> None:
        self.post_message(SearchRequested())
