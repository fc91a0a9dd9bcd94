"""`smm-tui sync` as a service: settings in, one round (plus the meetings calendar) out.

Kept apart from the CLI so the app's background worker can call the same
`sync_once` later. The password is fetched for each round and kept only in
the client object of that round.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import icalendar

from smm_tui.config import Settings
from smm_tui.core.errors import DataError, UsageError
from smm_tui.core.ics_events import read_events
from smm_tui.core.ics_import import apply as apply_import
from smm_tui.core.ics_import import plan as plan_import
from smm_tui.core.store import Store
from smm_tui.core.sync import status as status_file
from smm_tui.core.sync.engine import Window
from smm_tui.core.text import printable
from smm_tui.paths import expand
from smm_tui.sync.client import Server, SyncFailed
from smm_tui.sync.password import run_password_command
from smm_tui.sync.run import Outcome, Runner, local_items

MAX_WINDOW_DAYS = 124
"""The longest window (31 past + today + 92 future days, as the config allows): the status file keeps
one line per task and must stay within the store's 1 MB read limit (40 tasks a day take about 0.75 MB)."""


def _ca_file(text: str | None) -> str | None:
    """The CA file as a path, checked to be a regular file before any request (one line when not)."""
    if text is None:
        return None
    path = expand(text)
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError as exc:
        raise SyncFailed(printable(f"sync: ca_file {path}: {exc.strerror or exc}")) from None
    if not regular:
        raise SyncFailed(printable(f"sync: ca_file {path}: not a regular file (expected a PEM certificate file)"))
    return str(path)


def _server(settings: Settings, url: str) -> Server:
    sync = settings.sync
    ca_file = _ca_file(sync.ca_file)
    password = run_password_command(sync.password_command) if sync.password_command else None
    return Server(url, sync.username, password, timeout=sync.timeout_seconds, ca_file=ca_file)


def configured(settings: Settings) -> str:
    """The collection URL; UsageError saying how to set it when there is none."""
    if settings.sync.url is None:
        raise UsageError("smm-tui sync: no server configured; add a [sync] section with url = \"https://…/\" "
                         "to config.toml (see the sync page of the docs)")
    return settings.sync.url


def sync_once(store: Store, settings: Settings, window: Window, *, dry_run: bool = False,
              reset: bool = False) -> Outcome:
    """One round against the configured collection; SyncFailed (one line) when the server fails."""
    url = configured(settings)
    server = _server(settings, url)
    try:
        outcome = Runner(store, settings, server, now=store.clock.now).run(window, dry_run=dry_run, reset=reset)
        outcome.auth = server.auth_scheme()
    finally:
        server.close()
    return outcome


def import_meetings(store: Store, settings: Settings, window: Window, *, dry_run: bool = False) -> str | None:
    """The meetings calendar into the window's days, as `smm-tui import` does (None: none configured)."""
    url = settings.sync.meetings_url
    if url is None:
        return None
    server = _server(settings, url)
    try:
        bodies = server.all_bodies()
    finally:
        server.close()
    merged = icalendar.Calendar()
    merged.add("prodid", "-//smm-tui//meetings//EN")
    merged.add("version", "2.0")
    zones: set[str] = set()
    for body in bodies:
        try:
            cal = icalendar.Calendar.from_ical(body)
        except (ValueError, KeyError, IndexError, TypeError):
            continue
        for component in cal.subcomponents:
            if component.name == "VTIMEZONE":
                tzid = str(component.get("TZID"))
                if tzid in zones:
                    continue
                zones.add(tzid)
            if component.name in ("VTIMEZONE", "VEVENT"):
                merged.add_component(component)
    source = Path(f"meetings calendar {url}")
    parsed = read_events(source, bytes(merged.to_ical()), store.clock.zone_name(), window.first, window.last)
    planned = plan_import(store, parsed, window.first, window.last)
    if not dry_run:
        apply_import(store, planned)
    s = planned.summary
    return f"meetings: {s.added} added, {s.updated} updated, {s.unchanged} unchanged"


@dataclass
class Report:
    url: str | None
    last_sync: str
    last_result: str
    pending: int
    paired: int
    window: str


def status_report(store: Store, settings: Settings, window: Window) -> Report:
    """What `sync --status` shows: no network, only the status file and the local days."""
    url = settings.sync.url
    if url is None:
        return Report(None, "never", "", 0, 0, "")
    try:
        status = status_file.from_document(store.read_state(status_file.NAME), url if url.endswith("/") else url + "/")
    except (DataError, ValueError):
        status = status_file.Status(url)
    local, _unknown, _warnings = local_items(store, window)
    pending = sum(1 for uid, item in local.items()
                  if uid not in status.records or status.records[uid].digest != item.digest())
    pending += sum(1 for uid, record in status.records.items() if record.day in window and uid not in local)
    last = status.last_sync.isoformat(timespec="minutes") if status.last_sync else "never"
    return Report(url, last, status.last_result, pending, len(status.records),
                  f"{window.first.isoformat()} to {window.last.isoformat()}")


def window_between(first: date, last: date) -> Window:
    if last < first:
        raise UsageError(f"smm-tui sync: --to {last} is before --from {first}")
    if (last - first).days + 1 > MAX_WINDOW_DAYS:
        raise UsageError(f"smm-tui sync: --from {first} --to {last} covers {(last - first).days + 1} days; "
                         f"at most {MAX_WINDOW_DAYS} are synced at once")
    return Window(first, last)


__all__ = ["SyncFailed", "import_meetings", "status_report", "sync_once", "window_between"]
