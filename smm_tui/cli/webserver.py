"""textual-serve's web server, made to wait for the app processes it started before it stops.

Imported by `smm-tui serve` only, and only when textual-serve is installed.

Why: on SIGTERM or Ctrl-C, textual-serve's server (aiohttp) closes the open
connections, whose handlers tell their app to quit and wait for it. But a
handler whose browser tab had already gone is no longer a connection, and
aiohttp cancels it when the loop ends, in the middle of that wait: the loop
closed while the app was still quitting, leaving a warning and an asyncio
traceback on the terminal ("Event loop is closed"). And a handler ends when
its app's output ends, which is a moment before the process has exited.
Here every handler is remembered while it runs, and the server's last
clean-up step waits for the remaining ones and then for the app processes
themselves, with a deadline, while the loop still runs.

Every response also carries a Content-Security-Policy that keeps the page
on this server: textual-serve's page links a web font from Google's servers,
and `smm-tui serve` talks to nothing but the browser it serves (the network
rule: only what the user configured). The browser then draws the terminal
in its own monospace font, and nothing leaves the machine.

The processes are waited for through asyncio's own waiter threads (one per
child, named "asyncio-waitpid-N" by the ThreadedChildWatcher of Python 3.11;
textual-serve keeps the process objects to itself). Where a Python names
them otherwise, nothing is waited for and only the message comes back.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import TYPE_CHECKING, Any

from textual_serve.server import Server

if TYPE_CHECKING:
    from aiohttp import web

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; font-src 'self' data:; connect-src 'self'")
"""Only this server: scripts, styles (textual-serve's page has inline ones), images, fonts and the websocket."""

SESSION_END_TIMEOUT = 10.0
"""Seconds the server waits, when it stops, for the apps still quitting."""


class SessionServer(Server):
    """textual-serve's Server that waits, when it stops, until every app it started has exited."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions: set[asyncio.Task[Any]] = set()
        """The request tasks of the browser sessions whose handler is still running."""

    async def on_startup(self, app: web.Application) -> None:
        await super().on_startup(app)
        app.on_cleanup.append(self.wait_for_sessions)  # the last step before the loop closes
        app.on_response_prepare.append(self.keep_the_page_here)

    @staticmethod
    async def keep_the_page_here(request: web.Request, response: web.StreamResponse) -> None:
        """Every response: the page may load and connect to this server only (see the module docstring)."""
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        task = asyncio.current_task()
        if task is not None:
            self.sessions.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            if task is not None:
                self.sessions.discard(task)

    async def wait_for_sessions(self, app: web.Application) -> None:
        """Let the handlers still running finish, then the app processes exit (see the module docstring)."""
        deadline = time.monotonic() + SESSION_END_TIMEOUT
        pending = [task for task in self.sessions if not task.done()]
        if pending:
            await asyncio.wait(pending, timeout=SESSION_END_TIMEOUT)
        for waiter in [t for t in threading.enumerate() if t.name.startswith("asyncio-waitpid-")]:
            await asyncio.to_thread(waiter.join, max(0.0, deadline - time.monotonic()))
        await asyncio.sleep(0)  # one more turn of the loop: the exits it was told of are handled now
