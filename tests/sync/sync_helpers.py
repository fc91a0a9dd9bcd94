"""Helpers of the sync tests: starting Radicale, the phone client, one sync round.

The server is started once per test module (a fresh storage folder, htpasswd
authentication with a sha512-crypt hash - Radicale checks it with libpass, its
own dependency, so no bcrypt is needed) on a free port, waited for with a
deadline, and stopped at teardown. Each test gets its own calendar collection
on it, so tests do not see each other's items.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import caldav
import icalendar
from passlib.hash import sha512_crypt

from helpers.processes import free_port
from smm_tui.config import Settings, Sync
from smm_tui.core.clock import FrozenClock, today
from smm_tui.core.store import Store
from smm_tui.core.sync.item import sync_uid
from smm_tui.sync.client import Server
from smm_tui.sync.run import Outcome, Runner, window_for
from smm_tui.ui.app import SmmApp

USER = "alice"
PASSWORD = "s3cret-phone-pw"
START_DEADLINE = 20.0
DAY = date(2026, 11, 26)
"""The frozen clock's day: the first of the days a sync round covers."""


def wait_for_port(port: int, proc: subprocess.Popen[bytes], deadline: float) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"radicale exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)  # polling a port with a deadline: there is no event to wait on
    raise RuntimeError(f"radicale did not listen on {port} within {deadline} s")


@dataclass
class Radicale:
    port: int
    root: Path
    scheme: str = "http"

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def new_collection(self) -> str:
        """A fresh calendar collection for one test; its URL."""
        url = f"{self.base}/{USER}/{uuid.uuid4().hex[:12]}/"
        ca = str(self.root / "cert.pem") if self.scheme == "https" else True
        with caldav.DAVClient(url=url, username=USER, password=PASSWORD, enable_rfc6764=False, ssl_verify_cert=ca) as client:
            response = client.mkcalendar(url)
            assert response.status == 201, response.status
        return url


def self_signed(root: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (openssl, which ca-certificates brings along)."""
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


@contextmanager
def start_radicale(root: Path, *, tls: tuple[Path, Path] | None = None) -> Iterator[Radicale]:
    """Radicale on 127.0.0.1 and a free port, storage and htpasswd under `root`; stopped on exit."""
    users = root / "users"
    users.write_text(f"{USER}:{sha512_crypt.using(rounds=1000).hash(PASSWORD)}\n")
    config = root / "config"
    config.write_text(
        "[server]\n" + (f"ssl = True\ncertificate = {tls[0]}\nkey = {tls[1]}\n" if tls else "") +
        "[auth]\ntype = htpasswd\n"
        f"htpasswd_filename = {users}\nhtpasswd_encryption = autodetect\ndelay = 0\n"
        f"[storage]\nfilesystem_folder = {root / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    port = free_port()
    with open(root / "log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config), "--server-hosts", f"127.0.0.1:{port}"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
        )
    try:
        wait_for_port(port, proc, START_DEADLINE)
        yield Radicale(port, root, "https" if tls else "http")
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Phone:
    """The other client: the `caldav` library on its own, as a phone's tasks app would act."""

    def __init__(self, url: str) -> None:
        self.client = caldav.DAVClient(url=url, username=USER, password=PASSWORD, enable_rfc6764=False)
        self.calendar = self.client.calendar(url=url)

    def todos(self) -> dict[str, icalendar.Todo]:
        out: dict[str, icalendar.Todo] = {}
        for obj in self.calendar.get_objects_by_sync_token(load_objects=True).objects:
            if obj.data is None:  # listed as deleted
                continue
            cal = icalendar.Calendar.from_ical(obj.data)
            for todo in cal.walk("VTODO"):
                out[str(todo["UID"])] = todo
        return out

    def object(self, uid: str) -> caldav.CalendarObjectResource:
        return self.calendar.get_todo_by_uid(uid)

    def edit(self, uid: str, change: object, *, at: datetime) -> None:
        """Change one VTODO the way a phone app does: edit, stamp LAST-MODIFIED, PUT."""
        obj = self.object(uid)
        cal = icalendar.Calendar.from_ical(obj.data)
        todo = next(iter(cal.walk("VTODO")))
        change(todo)  # type: ignore[operator]
        todo.pop("LAST-MODIFIED", None)
        todo.add("LAST-MODIFIED", at)
        obj.data = cal.to_ical().decode()
        obj.save()

    def tick(self, uid: str, *, at: datetime) -> None:
        def done(todo: icalendar.Todo) -> None:
            todo.pop("STATUS", None)
            todo.add("STATUS", "COMPLETED")
            todo.pop("COMPLETED", None)
            todo.add("COMPLETED", at)
        self.edit(uid, done, at=at)

    def delete(self, uid: str) -> None:
        self.object(uid).delete()

    def add(self, uid: str, summary: str, start: datetime, *, categories: list[str] | None = None) -> None:
        cal = icalendar.Calendar()
        cal.add("prodid", "-//phone//EN")
        cal.add("version", "2.0")
        todo = icalendar.Todo()
        todo.add("uid", uid)
        todo.add("summary", summary)
        todo.add("dtstart", start)
        todo.add("dtstamp", start)
        if categories:
            todo.add("categories", categories)
        cal.add_component(todo)
        self.calendar.save_todo(cal.to_ical().decode())

    def close(self) -> None:
        self.client.close()


def settings_for(url: str, *, past: int = 0, future: int = 2) -> Settings:
    return Settings(sync=Sync(url=url, username=USER, password_command=("printf", "%s\\n", PASSWORD),
                              past_days=past, future_days=future, timeout_seconds=5))


def sync_round(store: Store, settings: Settings, *, url: str | None = None, reset: bool = False,
               dry_run: bool = False) -> Outcome:
    """One round in-process (the CLI is tested separately), against `url` or the configured one."""
    target = url or settings.sync.url
    assert target is not None
    server = Server(target, USER, PASSWORD, timeout=5)
    try:
        window = window_for(today(store.clock), settings)
        return Runner(store, settings, server, now=store.clock.now).run(window, reset=reset, dry_run=dry_run)
    finally:
        server.close()


def app_for(store: Store, clock: FrozenClock, settings: Settings, tmp_path: Path) -> SmmApp:
    """The app on the test's store and frozen clock with `settings` (so tmp_path's config.toml is never read)."""
    return SmmApp(store.data_dir, tmp_path / "config.toml", clock, store=store, settings=settings, cursor_blink=False)


def write_config(config: Path, url: str, *, password: str = PASSWORD, extra: str = "", timeout: int = 3) -> None:
    """A private config.toml syncing today and the two days after with `url`, the password from a command."""
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        "[sync]\n"
        f'url = "{url}"\n'
        f'username = "{USER}"\n'
        f'password_command = ["{sys.executable}", "-c", "print({password!r})"]\n'
        f"past_days = 0\nfuture_days = 2\ntimeout_seconds = {timeout}\n" + extra
    )
    config.chmod(0o600)


def local_uids(store: Store, days: int = 3) -> list[str]:
    """The sync uids of every task on the `days` days from DAY on, as the store holds them."""
    out = []
    for n in range(days):
        day = store.load_day(DAY + timedelta(days=n))
        out += [sync_uid(day.date, t) for t in day.tasks]
    return out


def second_store(tmp_path: Path, clock: FrozenClock) -> Store:
    directory = tmp_path / "laptop2"
    directory.mkdir(mode=0o700)
    return Store(directory, clock).open()


WEEK_START = date(2026, 11, 26)
