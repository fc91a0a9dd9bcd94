"""Process groups and ports as the tests see them: is a group still alive, a free port on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import time


def group_alive(pgid: int) -> bool:
    """True while any process of the group `pgid` is left (signal 0 reaches it)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_until_gone(pgid: int, deadline: float) -> bool:
    """Poll until the group `pgid` is gone; False if it is still there after `deadline` seconds."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if not group_alive(pgid):
            return True
        time.sleep(0.01)  # poll interval, not synchronisation: the deadline decides
    return False


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
