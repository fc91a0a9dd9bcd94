"""A small fault-injecting HTTP proxy on 127.0.0.1 in front of Radicale.

Each request is forwarded unless the current `fault` says otherwise:
- "500":        every request answers 500;
- "412-every-other-put": every second PUT answers 412 without reaching the server;
- "truncate":   GET bodies are cut in half (the Content-Length still promises the whole);
- "empty-listing": REPORT and PROPFIND answer an empty multistatus (with a fresh sync-token);
- "forget-token": a sync-collection REPORT with a token answers 403 valid-sync-token;
- "no-report":  REPORT answers 501 (a server without sync-collection: listings by PROPFIND);
- "hang":       requests are read and never answered until the fault is cleared.
"""

from __future__ import annotations

import http.client
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EMPTY_MULTISTATUS = (b'<?xml version="1.0" encoding="utf-8"?>\n<multistatus xmlns="DAV:">'
                     b"<sync-token>http://radicale.org/ns/sync/empty</sync-token></multistatus>")
TOKEN = re.compile(rb"sync-token>\s*[^<\s]+\s*<")
FORGOTTEN = (b'<?xml version="1.0" encoding="utf-8"?>\n<error xmlns="DAV:"><valid-sync-token/></error>')


class FaultProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.fault: str | None = None
        self.puts = 0
        self.requests: list[str] = []
        self.release = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                proxy.requests.append(self.command)
                fault = proxy.fault
                if fault == "hang":
                    proxy.release.wait(30)
                    self.close_connection = True
                    return
                if fault == "500":
                    return self._answer(500, b"boom", "text/plain")
                if fault == "412-every-other-put" and self.command == "PUT":
                    proxy.puts += 1
                    if proxy.puts % 2 == 1:
                        return self._answer(412, b"", "text/plain")
                if fault == "no-report" and self.command == "REPORT":
                    return self._answer(501, b"not implemented", "text/plain")
                if fault == "empty-listing" and self.command in ("REPORT", "PROPFIND"):
                    return self._answer(207, EMPTY_MULTISTATUS, "application/xml")
                if fault == "forget-token" and self.command == "REPORT" and TOKEN.search(body):
                    return self._answer(403, FORGOTTEN, "application/xml")
                conn = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                conn.request(self.command, self.path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in ("content-length", "connection", "transfer-encoding"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if fault == "truncate" and self.command == "GET":
                    self.wfile.write(data[: len(data) // 2])
                    self.close_connection = True
                else:
                    self.wfile.write(data)
                conn.close()

            def _answer(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PUT = do_DELETE = do_REPORT = do_PROPFIND = do_OPTIONS = do_MKCALENDAR = _any  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, collection: str) -> str:
        """The collection's URL through the proxy."""
        path = collection.split("/", 3)[3]
        return f"http://127.0.0.1:{self.port}/{path}"

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
