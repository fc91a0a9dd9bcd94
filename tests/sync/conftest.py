"""Fixtures of the sync tests: a real Radicale on 127.0.0.1 (per module), a fresh collection and a phone per test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest
from passlib.hash import sha512_crypt
from sync_helpers import PASSWORD, START_DEADLINE, USER, Phone, Radicale, free_port, wait_for_port


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    root = tmp_path_factory.mktemp("radicale")
    users = root / "users"
    users.write_text(f"{USER}:{sha512_crypt.using(rounds=1000).hash(PASSWORD)}\n")
    config = root / "config"
    config.write_text(
        "[server]\n"
        "[auth]\ntype = htpasswd\n"
        f"htpasswd_filename = {users}\nhtpasswd_encryption = autodetect\ndelay = 0\n"
        f"[storage]\nfilesystem_folder = {root / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config), "--server-hosts", f"127.0.0.1:{port}"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(root / "log", "wb"),  # noqa: SIM115
        start_new_session=True,
    )
    try:
        wait_for_port(port, proc, START_DEADLINE)
        yield Radicale(port, root)
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


@pytest.fixture
def collection(radicale: Radicale) -> str:
    return radicale.new_collection()


@pytest.fixture
def phone(collection: str) -> Iterator[Phone]:
    p = Phone(collection)
    yield p
    p.close()


