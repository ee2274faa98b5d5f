"""Running the service with uvicorn: the listening socket, the limits uvicorn does not have, and
the workers.

``run(settings)`` binds the socket first, so that a busy port is one clear message (exit 2) and
"listening on ..." is printed only once it is true; then it hands the socket to uvicorn (one
process, or a supervisor and its workers).

``LimitedHttpProtocol`` is uvicorn's httptools protocol with two limits it lacks: the time a
client has to send a request's line and headers (``header_timeout``; uvicorn waits for ever,
so a slow-header client holds a connection and a file), and their size (``max_header_bytes``;
the httptools parser has none). Requests it cannot parse are answered in the service's JSON
error shape instead of uvicorn's plain text. The body's own limits are the app's
(``service.limits``).
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import sys
import tempfile

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.supervisors import Multiprocess

from .errors import dumps
from .settings import Settings, to_env

REASONS = {400: b"Bad Request", 408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


def refusal(status: int, description: str) -> bytes:
    """A whole HTTP response in the error shape, that closes the connection."""
    body = dumps({"error": {"code": status, "description": description}})
    head = (
        b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
        % (status, REASONS[status], len(body))
    )
    return head + body


class LimitedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header timeout and a header size limit (see the module);
    the limits come on the uvicorn config (``header_timeout``, ``h11_max_incomplete_event_size``)."""

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._head_bytes = self._head_raw = 0
        self._reading_head = True
        self._head_timer = self.loop.call_later(self.config.header_timeout, self._head_too_slow)

    def connection_lost(self, exc) -> None:
        self._head_timer.cancel()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if not self._reading_head or self.transport.is_closing():
            return
        # Headers still incomplete: what the parser holds so far counts (a slow, endless header).
        self._head_raw += len(data)
        if self._head_raw > self.config.h11_max_incomplete_event_size:
            self._refuse(*self._too_large())

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._reading_head = True
        self._head_bytes = self._head_raw = 0
        if self._head_timer.cancelled():
            self._head_timer = self.loop.call_later(self.config.header_timeout, self._head_too_slow)

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        self._head_bytes += len(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        self._head_bytes += len(name) + len(value) + 4

    def on_headers_complete(self) -> None:
        self._reading_head = False
        self._head_timer.cancel()
        if self._head_bytes > self.config.h11_max_incomplete_event_size:
            # Raised in a parser callback, it stops the parser; uvicorn then calls send_400_response.
            self._head_refused = self._too_large()
            raise ValueError(self._head_refused[1])
        super().on_headers_complete()

    def _too_large(self) -> tuple[int, str]:
        return 431, f"the request line and headers are over {self.config.h11_max_incomplete_event_size} bytes"

    def send_400_response(self, msg: str) -> None:
        refused = getattr(self, "_head_refused", None)
        self._refuse(*(refused or (400, f"not an HTTP request this server can read ({msg.rstrip('.')})")))

    def _head_too_slow(self) -> None:
        if self._reading_head and not self.transport.is_closing():
            self._refuse(
                408, f"the request's headers did not arrive within {self.config.header_timeout:g} seconds"
            )

    def _refuse(self, status: int, description: str) -> None:
        self._reading_head = False
        self._head_timer.cancel()
        self.transport.write(refusal(status, description))
        self.transport.close()


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (an IPv6 address for a host with colons), as
    uvicorn binds it; ``OSError`` when it cannot."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def config(settings: Settings) -> uvicorn.Config:
    """uvicorn's configuration from the server settings of the table."""
    s = settings
    out = uvicorn.Config(
        "nrs_codec.service.app:app_from_env",
        factory=True,
        host=s["host"],
        port=s["port"],
        workers=s["workers"],
        http=LimitedHttpProtocol,
        log_level=s["log_level"],
        access_log=s["access_log"],
        server_header=False,
        # Behind a load balancer: believe its X-Forwarded-* only when told where it is.
        proxy_headers=bool(s["forwarded_allow_ips"]),
        forwarded_allow_ips=s["forwarded_allow_ips"],
        ssl_certfile=s["ssl_certfile"],
        ssl_keyfile=s["ssl_keyfile"],
        timeout_keep_alive=s["keep_alive"],
        limit_concurrency=s["limit_concurrency"],
        h11_max_incomplete_event_size=s["max_header_bytes"],
    )
    out.header_timeout = s["header_timeout"]  # read by LimitedHttpProtocol, in each worker
    return out


def run(settings: Settings) -> int:
    """Serve until stopped; the exit status (2 when the address cannot be listened on)."""
    host, port, workers = settings["host"], settings["port"], settings["workers"]
    try:
        sock = bind(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            why = f"port {port} on {host} is busy (another server listens there): choose another --port"
        else:
            why = f"cannot listen on {host} port {port}: {exc.strerror or exc}"
        print(f"nrs-codec serve: {why}", file=sys.stderr)
        return 2
    os.environ.update(to_env(settings))
    metrics_dir = None
    if workers > 1:
        # Each worker is a process: their metrics meet in files here (see service.metrics).
        metrics_dir = tempfile.mkdtemp(prefix="nrs-codec-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    scheme = "https" if settings["ssl_certfile"] else "http"
    shown = f"[{host}]" if ":" in host else host
    auth = "API key required" if settings.api_key else "no API key (anyone who can connect may use it)"
    print(
        f"nrs-codec serve: listening on {scheme}://{shown}:{sock.getsockname()[1]}/ (editor), /docs (API), "
        f"/healthz; {workers} worker{'s' * (workers > 1)}; {auth}; body limit {settings.max_body} bytes",
        file=sys.stderr,
        flush=True,
    )
    server_config = config(settings)
    server = uvicorn.Server(server_config)
    try:
        if workers > 1:
            Multiprocess(server_config, sockets=[sock]).run()
        else:
            server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    # One worker that never started (the app failed to load: uvicorn logged why) is a failure.
    return 1 if workers == 1 and not server.started else 0
