"""How a sync fails: one exception and the short reasons for a connection that failed.

Apart from the client so that the quick no-change check (sync/quick.py) can
fail with the same line as a full round without importing caldav's client.
"""

from __future__ import annotations

from smm_tui.core.errors import SmmError


class SyncFailed(SmmError):
    """The server could not be reached or answered something unusable; nothing was deleted."""


def reason(exc: BaseException) -> str:
    """A short reason for a connection failure, without anything the user did not write in the config."""
    name = type(exc).__name__
    if "Timeout" in name:
        return "no answer in time (timeout)"
    if "SSL" in name or "Certificate" in name:
        return "the TLS certificate could not be verified (set ca_file for a self-hosted server)"
    if "Connection" in name:
        return "cannot connect"
    return name
