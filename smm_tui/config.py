"""User settings from config.toml, validated by pydantic.

config.toml belongs to the user (comments and all): smm-tui reads it and, for
the one setting the app changes itself (the theme), rewrites only that line.
A missing file means defaults; a broken one is a DataError naming the line.
"""

from __future__ import annotations

import os
import re
import stat
from datetime import time
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from smm_tui.core import tomlfile
from smm_tui.core.errors import DataError, Problem
from smm_tui.core.models import Kind, Platform, WallTime
from smm_tui.core.timeline import BandStarts

PositiveMinutes = Annotated[int, Field(ge=1, le=24 * 60)]
LeadMinutes = Annotated[int, Field(ge=0, le=7 * 24 * 60)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bands(_Section):
    """Where the timeline's four bands begin; Morning is everything before `lunch`."""

    lunch: WallTime = time(12, 0)
    afternoon: WallTime = time(13, 0)
    evening: WallTime = time(19, 0)
    """Evening runs from here to the end of the day ("7 pm to next day")."""

    @model_validator(mode="after")
    def _ordered(self) -> Bands:
        if not (self.lunch < self.afternoon < self.evening):
            raise ValueError("band starts must be in order: lunch < afternoon < evening")
        return self

    def starts(self) -> BandStarts:
        """These starts as the timeline's BandStarts (the one conversion; every caller uses it)."""
        return BandStarts(self.lunch, self.afternoon, self.evening)


class Reminders(_Section):
    """How and when reminders fire (see smm_tui.reminders.engine)."""

    at_start: bool = True
    """Also remind when a slot starts, not only `lead` minutes before."""
    kind_leads: dict[Kind, LeadMinutes] = {}
    """Lead per kind, overriding `lead_minutes` (a task's own `lead` wins over both)."""
    nag_minutes: PositiveMinutes | None = 15
    """Repeat an overdue reminder every N minutes for open slots of `nag_kinds` (nag_kinds = [] turns it off)."""
    nag_kinds: tuple[Kind, ...] = ("reply",)
    grace_minutes: PositiveMinutes = 5
    """Reminders later than this are not delivered one by one but in one "missed" digest."""
    notify_timeout: Annotated[float, Field(gt=0, le=60)] = 5.0
    """Seconds notify_command may run before it is stopped (and reported once)."""
    snooze_minutes: Annotated[tuple[PositiveMinutes, ...], Field(min_length=1, max_length=9)] = (5, 10, 30)
    """The snooze choices offered for a reminder (besides "until the next slot")."""
    check_seconds: Annotated[int, Field(ge=1, le=3600)] = 30
    """The coarse check: re-read the day files and notice suspend or clock jumps this often."""


_DAV_URL = re.compile(r"https?://[^\s@/?#]+(/[^\s?#]*)?", re.ASCII)


def _dav_url(value: str) -> str:
    if not _DAV_URL.fullmatch(value):
        raise ValueError("expected an http:// or https:// URL of a calendar collection, without user:password@, "
                         'e.g. "https://dav.example.org/alice/smm/"')
    return value


DavUrl = Annotated[str, Field(max_length=2000), AfterValidator(_dav_url)]


class Sync(_Section):
    """Two-way sync with a CalDAV calendar collection (`smm-tui sync`); off while `url` is unset."""

    url: DavUrl | None = None
    """The calendar collection, e.g. "https://dav.example.org/alice/smm/" (no user:password@ in it)."""
    username: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    password_command: tuple[str, ...] | None = None
    """argv printing the password on its first line, e.g. ["pass", "show", "dav"]; never run by a shell.
    Omitted: no authentication."""
    past_days: Annotated[int, Field(ge=0, le=31)] = 7
    """Days before today that are synced (at most a month: the status file keeps one line per task)."""
    future_days: Annotated[int, Field(ge=0, le=92)] = 30
    """Days after today that are synced (at most three months)."""
    meetings_url: DavUrl | None = None
    """A team calendar read (never written) for meetings, as `smm-tui import` reads a file."""
    interval_minutes: PositiveMinutes = 5
    """How often the app syncs in the background."""
    ca_file: str | None = None
    """A CA certificate file (PEM) to verify a self-hosted server's TLS certificate with."""
    timeout_seconds: Annotated[float, Field(gt=0, le=300)] = 20.0
    """How long one request may wait for the server."""

    @model_validator(mode="after")
    def _command_not_empty(self) -> Sync:
        if self.password_command is not None and (not self.password_command or not self.password_command[0]):
            raise ValueError('password_command must be a list starting with a program, e.g. ["pass", "show", "dav"]')
        return self


class Settings(_Section):
    """Everything config.toml can set; every key is optional."""

    theme: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")] = "hectic"
    """Name of a built-in theme or of a file in the themes dir (without .toml); the
    same pattern as a theme's own name, so it can never name a path or hold a NUL."""
    lead_minutes: LeadMinutes = 10
    """Default minutes of warning before a slot starts; 0 turns lead warnings off."""
    task_minutes: PositiveMinutes = 30
    """The default length of a task: the free gap `f` and `smm-tui add --at next` look for."""
    lanes: tuple[Platform, ...] | None = None
    """The platforms that get a lane in the lanes view (`p`), in this order; unset: those used that day."""
    bell: bool = True
    """Ring the terminal bell with each reminder in the TUI."""
    notify_command: tuple[str, ...] | None = None
    """argv for desktop notifications, e.g. ["notify-send", "{title}", "{body}"]; never run by a shell."""
    bands: Bands = Bands()
    reminders: Reminders = Reminders()
    sync: Sync = Sync()
    keymap: dict[str, str] = {}
    """Binding id -> keys, e.g. {"task.toggle" = "space,x"} (see `?` in the app for ids)."""

    @model_validator(mode="after")
    def _command_not_empty(self) -> Settings:
        if self.notify_command is not None and (not self.notify_command or not self.notify_command[0]):
            raise ValueError("notify_command must be a list starting with a program, e.g. [\"notify-send\", \"{title}\"]")
        return self


def load_settings(path: Path) -> Settings:
    """Settings from `path`, defaults when it does not exist; DataError when it is broken."""
    try:
        data = tomlfile.read_bytes(path)
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise DataError([Problem(path, f"cannot read: {exc.strerror or exc}")]) from None
    settings: Settings = tomlfile.load_model(path, data, Settings)
    if settings.notify_command is not None:
        check_not_writable_by_others(path, "it names a notify_command to run")
    if settings.sync.password_command is not None:
        check_not_writable_by_others(path, "it names a password_command to run")
    return settings


def check_not_writable_by_others(path: Path, why: str) -> None:
    """Refuse a file others could edit when it can make us run a program (as cron and remind do)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise DataError(
            [Problem(path, f"refusing a group- or world-writable file because {why}; run: chmod go-w {path}")]
        )
