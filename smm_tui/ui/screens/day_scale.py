"""The day screen's scaled view, platform lanes and next-free-gap keys (`v`, `+`, `-`, `p`, `f`).

A base class of `DayScreen` rather than code in it: the day screen stays
about the list, and everything that is about time at scale is here. Both
views show the same day and share one cursor, the list's
(`TimelineView.cursor_id`): `j`/`k`, space and every other key keep acting
on the list's selection, and the scaled view follows it (`Highlighted`);
a click on a block moves the list's cursor (`ScaleView.Picked`).

The scaled view is mounted on first use (`v`, `p`, `+`, `-`), so a list-view
start pays nothing for it; `smm-tui --view scale|lanes` composes it up
front (`initial_view`), and then it is the first frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen

from smm_tui.ui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from smm_tui.core.clock import Clock
    from smm_tui.core.timeline import BandStarts, Timeline
    from smm_tui.ui.widgets.scale_view import ScaleView

VIEWS = ("day", "scale", "lanes")
"""What the day screen can start with (`smm-tui --view`): the list, the day to scale, or its lanes."""
DEFAULT_TASK_MINUTES = 30


class ScaledDay(Screen[None]):
    """The scaled-view half of the day screen (see module docstring)."""

    initial_view = "day"
    """"scale" or "lanes" to start in the scaled view (the app sets it on the instance before mounting)."""

    # What the day screen provides (declared for the type checker).
    timeline: Timeline | None
    now: datetime | None
    problem: str
    query_text: str
    clock: Clock
    timeline_view: TimelineView

    free_minutes = DEFAULT_TASK_MINUTES
    """config's task_minutes: how long a gap `f` looks for."""
    lane_platforms: tuple[str, ...] | None = None
    """config's lanes (None: the platforms used that day)."""
    band_starts: BandStarts | None = None
    _list_mount: AwaitMount | None = None
    """The list's mount in a scaled start (`mount_list`), awaited by whoever needs it mounted."""

    def compose_views(self) -> ComposeResult:
        """The list; or, started in the scaled view, that view alone: the list comes right after the first frame.

        The list holds the cursor of both views and exists from the start (`timeline_view`), but a hidden
        widget costs the first frame as much as a shown one: Textual styles it (its CSS and component
        classes) when it is mounted and again when the screen is first shown, ~4 ms, and lays out and
        mounts it - 4.6 to 7 ms of `--view scale`'s first paint in all (ui/startup.py, item 13). So a
        scaled start mounts it in `_settle_scale`, and until then keys act on it unmounted, as on any
        object: its cursor moves, and its messages wait in its queue until it runs.

        Of the two views only the one shown can take the focus (`_show_scale` keeps it so): the screen's
        AUTO_FOCUS finds no list to focus, and `_settle_scale` focuses the scaled view.
        """
        if self.initial_view not in ("scale", "lanes"):
            yield self.timeline_view
            return
        self.timeline_view.can_focus = False
        view = self._new_scale_view()
        view.lanes = self.initial_view == "lanes"
        # update=False: the screen is styled with its new children right after compose; restyling it
        # here as well cost the first frame ~0.4 ms (tests/ui/test_scale_view.py shows the scaled view).
        self.add_class("-scaled", update=False)
        yield view

    async def mount_list(self) -> None:
        """Mount the list if a scaled start has not yet (at once or after the first frame, whichever asks first).

        Only the list `compose_views` left out, and not once the app is closing (its screens are being
        taken down: keys are refused then too, `DayScreen.check_action`).
        """
        if self._list_mount is None and self.initial_view in ("scale", "lanes") and self.app.return_code is None:
            self._list_mount = self.query_one("#body").mount(self.timeline_view, before=0)
        if self._list_mount is not None:
            await self._list_mount

    def _new_scale_view(self) -> ScaleView:
        # Imported here: the scaled view's modules (the layout, zoneinfo when it draws) stay off
        # a list-view start's first frame (tests/ui/test_startup_imports.py).
        from smm_tui.ui.widgets.scale_view import ScaleView

        view = ScaleView(id="scale")
        view.lane_platforms = self.lane_platforms
        return view

    def configure_scale(self, task_minutes: int, lanes: Sequence[str] | None, bands: BandStarts) -> None:
        """The validated settings' part of this view (called once they are loaded)."""
        self.free_minutes, self.band_starts = task_minutes, bands
        self.lane_platforms = tuple(lanes) if lanes else None
        if view := self.scale_view:
            view.lane_platforms = self.lane_platforms
            self.rebuild_scale()

    @property
    def scale_view(self) -> ScaleView | None:
        """The scaled view, when it has been mounted."""
        found = self.query("#scale")
        return found.first() if found else None  # type: ignore[return-value]  # only a ScaleView has this id

    @property
    def scaled(self) -> bool:
        """True while the scaled view (not the list) is on screen."""
        return self.has_class("-scaled")

    def on_mount(self) -> None:
        """Started in the scaled view: the day screen's own mount has laid it out (`show`); once it has
        its size, bring now (or the cursor) into view and take the focus."""
        if self.scaled:
            self.call_after_refresh(self._settle_scale)

    async def _settle_scale(self) -> None:
        await self.mount_list()
        if (view := self.scale_view) is not None and self.scaled:
            view.scroll_to_now()
            self.set_focus(view)

    def rebuild_scale(self, *, first: bool = False) -> None:
        """Lay the scaled view out again (the day, the filter or the clock changed); the list's rows are set."""
        view = self.scale_view
        if view is None or not self.scaled:
            return
        timeline = self.timeline
        message = ""
        if self.problem:
            message = f"⚠ {self.problem}"
        elif timeline is None:
            message = "Loading…"
        visible = set(self.timeline_view.entry_ids) if self.query_text else None
        view.cursor_id = self.timeline_view.cursor_id
        view.show(timeline, self.now, visible=visible, bands=self.band_starts, message=message)
        if first:
            view.scroll_to_now()

    @on(TimelineView.Highlighted)
    def _follow_cursor(self, event: TimelineView.Highlighted) -> None:
        view = self.scale_view
        if view is not None and self.scaled:
            # The list's cursor, not the message's: one queued while the list was not mounted yet (a scaled
            # start) is older than the cursor, and following it scrolled away and back.
            view.cursor_id = self.timeline_view.cursor_id
            view.scroll_to_task(view.cursor_id)

    def on_scale_view_picked(self, event: ScaleView.Picked) -> None:
        """A click on a block moves the one cursor (a named handler: the class is imported late)."""
        self.timeline_view.select(event.task_id)
        if event.activate:
            self.call_later(self.run_action, "details")

    # --- actions ----------------------------------------------------------------------

    def page_scale(self, direction: int) -> bool:
        """pagedown/pageup in the scaled view: the cursor a screen of rows on; False in the list."""
        view = self.scale_view
        if view is None or not self.scaled:
            return False
        if (task_id := view.a_page_away(direction)) is not None:
            self.timeline_view.select(task_id)
        return True

    async def _show_scale(self, scaled: bool) -> ScaleView | None:
        """Switch between the list and the scaled view (mounting it on first use)."""
        view = self.scale_view
        if scaled and view is None:
            view = self._new_scale_view()
            await self.query_one("#body").mount(view, after=self.timeline_view)
        await self.mount_list()  # (a scaled start: `v` at once, before `_settle_scale` mounted it)
        self.set_class(scaled, "-scaled")
        self.timeline_view.can_focus = not scaled
        if view is not None:
            view.can_focus = scaled
        if scaled and view is not None:
            self.rebuild_scale(first=True)
            view.scroll_to_task(view.cursor_id)
            self.set_focus(view)
        else:
            listed = self.timeline_view
            self.set_focus(listed)
            listed.scroll_to_row(listed.row_of(listed.cursor_id or "") or 0, center=True)
        return view

    async def action_toggle_scale(self) -> None:
        """`v`: the list or the day at scale."""
        await self._show_scale(not self.scaled)

    async def action_toggle_lanes(self) -> None:
        """`p`: platform lanes on the time scale (from the list: straight to the lanes)."""
        if not self.scaled:
            view = await self._show_scale(True)
            if view is not None:
                view.lanes = True
        elif (view := self.scale_view) is not None:
            view.lanes = not view.lanes
        view = self.scale_view
        self.notify("Platform lanes" if view is not None and view.lanes else "Time scale without lanes",
                    markup=False)

    async def _step(self, smaller: bool) -> None:
        from smm_tui.core.scale import coarser, finer  # loaded with the scaled view (see above)

        view = self.scale_view if self.scaled else await self._show_scale(True)
        if view is not None:
            view.step = finer(view.step) if smaller else coarser(view.step)
            self.notify(f"{view.step} minutes a row", markup=False)

    async def action_scale_finer(self) -> None:
        """`+`: shorter rows (5, 10, 15, 30, 60 minutes)."""
        await self._step(True)

    async def action_scale_coarser(self) -> None:
        """`-`: longer rows."""
        await self._step(False)

    def action_next_free(self) -> None:
        """`f`: the next gap of at least `free_minutes`, from now (today) or the day's start, and after the cursor.

        The cursor goes to the first task after the gap, so pressing `f` again
        finds the gap after that; the status line says how long the gap is.
        """
        from smm_tui.core.gaps import day_window, describe, duration_words, next_free  # zoneinfo: not first-frame

        timeline, now = self.timeline, self.now
        if timeline is None or now is None or self.problem:
            self.notify("No day to look at yet.", markup=False)
            return
        after, _end = day_window(timeline)
        if timeline.date == now.date():
            after = max(after, now)
        selected = self.timeline_view.selected
        if selected is not None and selected.starts_at > after:
            after = selected.starts_at
        gap = next_free(timeline, self.free_minutes, after)
        if gap is None:
            self.notify(f"No free gap of {duration_words(self.free_minutes)} left on this day.", markup=False)
            return
        shown = set(self.timeline_view.entry_ids)
        target = next((e for e in timeline.entries if e.id in shown and e.starts_at >= gap.ends_at), None)
        if target is not None:
            self.timeline_view.select(target.id)
        ends = "" if target is not None or gap.end != time(0) else " to the end of the day"
        self.notify(describe(gap) + ends, markup=False)
        view = self.scale_view
        if view is not None and self.scaled and view.layout_ is not None:
            row = view.layout_.row_at(gap.starts_at)
            if row is not None:
                view.scroll_to_row(row)
