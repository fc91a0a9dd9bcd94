"""`smm-tui serve`: the timeline app in a web browser, through textual-serve.

textual-serve runs a web server; every browser tab that opens the page gets
its own app process, started from a shell command line, whose terminal
travels over a websocket to xterm.js in the page. That process is the same
`smm-tui` as in a terminal, given the same data dir, config file and date
(and the environment, so $SMM_TUI_NOW and the zone carry over): the store's
lock and its outside-edit checks keep a browser tab, a terminal and the CLI
out of each other's way as they keep two terminals.

There is no authentication: whoever reaches the port can read and change
the day. So the server listens on 127.0.0.1 unless told otherwise, and a
host that is not a loopback address is refused without `--public`, which
prints that warning. The server stops on Ctrl-C and SIGTERM: each app
process is told to quit and waited for (cli/webserver.py).

textual-serve (with aiohttp and jinja2) is an optional extra, `smm-tui[serve]`:
most people run the app in a terminal and should not install a web server
for it. Without it the command says how to install it, in one line.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from typing import TYPE_CHECKING

from smm_tui.cli import EXIT_OK, PROG, Context
from smm_tui.core.errors import SmmError, UsageError
from smm_tui.core.text import printable, shown

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
INSTALL_HINT = "pip install 'smm-tui[serve]'"


class ServeUnavailable(SmmError):
    """textual-serve is not installed (exit status 1, one line saying how to install it)."""


def _port_arg(text: str) -> int:
    import argparse  # only when the parser runs

    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535, got {shown(text)}")
    return int(text)


def add_command(command: Callable[..., argparse.ArgumentParser]) -> None:
    sub = command("serve", "serve the app to a web browser (textual-serve; no authentication)")
    sub.add_argument("--host", default=DEFAULT_HOST, metavar="ADDRESS",
                     help=f"address to listen on (default {DEFAULT_HOST}; another than loopback needs --public)")
    sub.add_argument("--port", type=_port_arg, default=DEFAULT_PORT, metavar="N",
                     help=f"port to listen on (default {DEFAULT_PORT})")
    sub.add_argument("--public", action="store_true",
                     help="allow a non-loopback --host: anyone who reaches it can read and change your days")


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or the name localhost; any other name or address reaches beyond this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(ctx: Context, day: str | None) -> str:
    """The shell command line textual-serve runs per browser tab: this Python, the same files.

    textual-serve hands the line to a shell, so every part is quoted.
    """
    argv = [sys.executable, "-m", "smm_tui", "--data-dir", str(ctx.data_dir), "--config", str(ctx.config)]
    if day:
        argv += ["--date", day]
    return shlex.join(argv)


def cmd_serve(args: argparse.Namespace, ctx: Context) -> int:
    host = args.host
    if not is_loopback(host):
        if not args.public:
            raise UsageError(f"{PROG} serve: --host {printable(host)} is not a loopback address and there is "
                             "no authentication: add --public to serve it anyway")
        sys.stderr.write(printable(f"{PROG} serve: warning: listening on {host}: there is no authentication, "
                                   "anyone who reaches this port can read and change your days") + "\n")
    try:
        from smm_tui.cli.webserver import SessionServer
    except ImportError as exc:
        if not (exc.name or "").startswith("textual_serve"):
            raise
        raise ServeUnavailable(f"{PROG} serve: textual-serve is not installed: {INSTALL_HINT}") from None
    server = SessionServer(app_command(ctx, args.date), host=host, port=args.port, title=PROG)
    try:
        server.serve()
    except OSError as exc:  # the port is taken, the address is not ours
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise SmmError(f"{PROG} serve: cannot listen on {printable(host)}:{args.port}: {reason}") from None
    return EXIT_OK
