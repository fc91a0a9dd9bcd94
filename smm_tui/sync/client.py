"""The CalDAV side of the sync, on the `caldav` library (requests, auth, TLS, XML elements and parsing).

Only what the engine needs, each one request:
- `listing`: every href of the collection with its ETag, no bodies.
  Incremental with a sync-token (RFC 6578 sync-collection) when there is
  one; a server that refuses the token (forgot it: 403/409, or any other
  error) gets a full listing instead, never "everything was deleted". A
  server without sync-collection gets a PROPFIND (Depth 1, getetag).
- `get`: one item's body and ETag.
- `put`: conditional - `If-Match: <etag>` to replace what we last saw,
  `If-None-Match: *` to create; a 412 is reported, not retried here (the
  caller fetches, merges and retries).
- `delete`: `If-Match: <etag>` always.

Hrefs are handled as decoded paths and quoted for each request, so a
server that spells `@` as `%40` in one answer and not in another still
means one item. Every failure becomes SyncFailed with one line that names
the server and what happened - never the password.
Counts of requests and bytes are kept for the summary and the benchmarks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urljoin, urlsplit

from caldav.davclient import DAVClient
from caldav.elements import dav
from caldav.lib import error as caldav_error

from smm_tui.core.text import printable
from smm_tui.sync.failure import SyncFailed as SyncFailed  # re-exported: callers catch it from here
from smm_tui.sync.failure import reason as _reason

_T = TypeVar("_T")

MAX_ITEM_BYTES = 1024 * 1024
"""A larger item is not a task of ours or a phone's: it is left alone."""
MAX_PAGES = 50


class _Forbidden(Exception):
    """401/403 where it may mean something else than a bad login (a forgotten sync-token)."""


@dataclass
class Listing:
    entries: dict[str, str]
    """href (decoded path) -> ETag, the whole collection."""
    token: str | None
    incremental: bool


@dataclass
class Traffic:
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0


class Server:
    """One calendar collection on a CalDAV server."""

    def __init__(self, url: str, username: str | None, password: str | None, *, timeout: float,
                 ca_file: str | None = None) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.path = unquote(urlsplit(self.url).path)
        self.traffic = Traffic()
        self._client = DAVClient(
            url=self.url, username=username, password=password, timeout=timeout,  # type: ignore[arg-type]  # typed int, takes float
            ssl_verify_cert=ca_file or True, enable_rfc6764=False,
        )
        self._client.session.trust_env = False  # no proxies or .netrc from the environment: the config says where
        self._client.session.hooks["response"].append(self._count)

    def _count(self, response: Any, *args: object, **kwargs: object) -> None:
        self.traffic.requests += 1
        body = response.request.body
        self.traffic.bytes_sent += len(body) if isinstance(body, bytes | str) else 0
        self.traffic.bytes_received += len(response.content or b"")

    def close(self) -> None:
        self._client.close()

    def auth_scheme(self) -> str:
        """How the server took the login so far: "basic", "none" (it never asked), or another scheme's name."""
        auth = self._client.auth
        if auth is None:
            return "none"
        name = type(auth).__name__
        return "basic" if name == "HTTPBasicAuth" else name

    def _where(self) -> str:
        parts = urlsplit(self.url)
        return printable(f"{parts.scheme}://{parts.hostname}{':' + str(parts.port) if parts.port else ''}{parts.path}")

    def _request(self, path: str, method: str, body: str = "", headers: Mapping[str, str] | None = None,
                 *, forbidden_ok: bool = False) -> Any:
        url = urljoin(self.url, quote(path))
        try:
            return self._client.request(url, method, body, dict(headers or {}))
        except caldav_error.AuthorizationError:
            if forbidden_ok:
                raise _Forbidden from None
            raise SyncFailed(f"sync: {self._where()}: the server refused the login (check username and password_command)") from None
        except caldav_error.DAVError as exc:
            raise SyncFailed(f"sync: {self._where()}: {method} failed: {type(exc).__name__}") from None
        except OSError as exc:  # niquests' connection errors and timeouts are OSErrors
            raise SyncFailed(f"sync: {self._where()}: {method} failed: {_reason(exc)}") from None
        except Exception as exc:  # noqa: BLE001 - niquests raises its own hierarchy; one line, never a traceback
            raise SyncFailed(f"sync: {self._where()}: {method} failed: {_reason(exc)}") from None

    @staticmethod
    def _etag(response: Any) -> str | None:
        value = response.headers.get("ETag")
        return str(value) if value else None

    def _canon(self, href: str) -> str:
        return unquote(urlsplit(urljoin(self.url, href)).path)

    # --- listing --------------------------------------------------------------------

    def listing(self, token: str | None, known: Mapping[str, str]) -> Listing:
        """The collection's hrefs and ETags (see the module docstring); `known` is the view the token was issued for."""
        if token:
            delta = self._sync_collection(token)
            if delta is not None:
                changed, deleted, new_token = delta
                entries = dict(known)
                for href in deleted:
                    entries.pop(href, None)
                entries.update(changed)
                return Listing(entries, new_token, incremental=True)
        full = self._sync_collection("")
        if full is not None:
            return Listing(full[0], full[2], incremental=False)
        return Listing(self._propfind(), None, incremental=False)

    def changes_since(self, token: str) -> tuple[dict[str, str], list[str], str | None] | None:
        """(changed, deleted, new token) since `token`; None when the server has no sync-collection or forgot it."""
        return self._sync_collection(token)

    def _sync_collection(self, token: str) -> tuple[dict[str, str], list[str], str | None] | None:
        """(changed, deleted, new token) from sync-collection, or None when the server refuses it."""
        changed: dict[str, str] = {}
        deleted: list[str] = []
        for _page in range(MAX_PAGES):
            # caldav's elements join with `+` (a list operand means children, not concatenation).
            xml = str(dav.SyncCollection() + [dav.SyncToken(value=token), dav.SyncLevel(value="1"),  # noqa: RUF005
                                              dav.Prop() + dav.GetEtag()])
            try:
                response = self._request(self.path, "REPORT", xml, {"Depth": "1"}, forbidden_ok=bool(token))
            except _Forbidden:
                return None  # 403 valid-sync-token (RFC 6578): the server forgot the token
            if response.status in (400, 403, 404, 405, 409, 412, 415, 501):
                return None  # no sync-collection here, or a token the server forgot
            result = self._listing(response, response.parse_sync_collection)
            for entry in result.changed:
                href = self._canon(entry.href)
                if href.rstrip("/") == self.path.rstrip("/"):
                    continue
                changed[href] = entry.etag or ""
                if href in deleted:
                    deleted.remove(href)
            for href in result.deleted:
                canon = self._canon(href)
                changed.pop(canon, None)
                deleted.append(canon)
            if not result.sync_token:
                raise SyncFailed(f"sync: {self._where()}: the listing came without a sync-token")
            token = result.sync_token
            if not result.truncated:
                return changed, deleted, token
        raise SyncFailed(f"sync: {self._where()}: the listing was still incomplete after {MAX_PAGES} pages")

    def _listing(self, response: Any, parse: Callable[[], _T]) -> _T:
        """A listing answer parsed, or one line: the sync-token REPORT and the PROPFIND fail alike."""
        if response.status not in (200, 207):
            raise SyncFailed(f"sync: {self._where()}: the server answered {response.status} to the listing")
        try:
            return parse()
        except (caldav_error.DAVError, ValueError, SyntaxError) as exc:
            raise SyncFailed(f"sync: {self._where()}: the listing could not be read ({type(exc).__name__})") from None

    def _propfind(self) -> dict[str, str]:
        body = str(dav.Propfind() + (dav.Prop() + dav.GetEtag()))
        response = self._request(self.path, "PROPFIND", body, {"Depth": "1"})
        results = self._listing(response, response.parse_propfind)
        entries: dict[str, str] = {}
        for result in results:
            href = self._canon(result.href)
            if href.rstrip("/") == self.path.rstrip("/"):
                continue
            etag = result.properties.get(dav.GetEtag.tag)
            entries[href] = str(etag) if etag else ""
        return entries

    # --- items ------------------------------------------------------------------------

    def get(self, href: str) -> tuple[str, bytes] | None:
        """(ETag, body) of an item; None when it is gone."""
        response = self._request(href, "GET")
        if response.status == 404:
            return None
        if response.status != 200:
            raise SyncFailed(f"sync: {self._where()}: the server answered {response.status} to GET {printable(href)}")
        body = str(response.raw).encode("utf-8")
        return self._etag(response) or "", body[: MAX_ITEM_BYTES + 1]

    def put(self, href: str, body: bytes, etag: str | None) -> tuple[bool, str | None]:
        """(written, new ETag); (False, None) on 412 (it changed, or exists, meanwhile)."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        else:
            headers["If-None-Match"] = "*"
        response = self._request(href, "PUT", body.decode("utf-8"), headers)
        if response.status == 412:
            return False, None
        if response.status not in (200, 201, 204):
            raise SyncFailed(f"sync: {self._where()}: the server answered {response.status} to PUT {printable(href)}")
        return True, self._etag(response)

    def delete(self, href: str, etag: str) -> bool:
        """True when deleted (or already gone); False on 412 (it changed meanwhile)."""
        response = self._request(href, "DELETE", "", {"If-Match": etag})
        if response.status == 412:
            return False
        if response.status not in (200, 204, 404):
            raise SyncFailed(f"sync: {self._where()}: the server answered {response.status} to DELETE {printable(href)}")
        return True

    def all_bodies(self) -> list[bytes]:
        """Every item's body (for a read-only meetings calendar): one listing, then one GET each."""
        entries = self.listing(None, {}).entries
        bodies = []
        for href in sorted(entries):
            got = self.get(href)
            if got is not None and len(got[1]) <= MAX_ITEM_BYTES:
                bodies.append(got[1])
        return bodies
