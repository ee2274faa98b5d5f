"""The table of ``nrs-codec serve``'s settings: each one's name, type, default and help, once.

The table drives everything an option needs (as Datasette's ``SETTINGS`` does): the command-line
options (``--max-body`` for ``max_body``), the check of each value (``Setting.check``), and the
round trip through the environment to uvicorn's workers (``service.settings``). Adding a setting
is one row here and the code that reads it. This module imports nothing heavy, so that the
command line can list the options without loading the service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..provider.body import MAX_BODY_BYTES

MIB = 1 << 20


def positive_int(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ValueError(f"expected a positive integer, not {text!r}")
    return int(text)


def port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 65535:
        raise ValueError(f"a port is 0 to 65535, not {text!r}")
    return int(text)


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 86_400:
        raise ValueError(f"expected seconds above 0 (and under a day), not {text!r}")
    return value


def text(value: str) -> str:
    return value


def log_level(value: str) -> str:
    if value not in LOG_LEVELS:
        raise ValueError(f"a log level is one of {', '.join(LOG_LEVELS)}, not {value!r}")
    return value


LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


@dataclass(frozen=True)
class Setting:
    """One setting. ``parse`` turns the command line's text into the value (``ValueError`` says
    why not); ``flag`` settings are on or off; ``repeat`` ones are given any number of times (a
    tuple). ``server`` settings are uvicorn's and the launcher's, the others the app's."""

    name: str
    parse: Callable[[str], object]
    default: object
    help: str
    metavar: str | None = None
    flag: bool = False
    repeat: bool = False
    server: bool = False

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    def check(self, value: object) -> object:
        """``value`` as this setting holds it (a tuple when repeated); ``ValueError`` naming the
        option when it is not one. Values come as the command line's text or as JSON values."""
        if value is None:
            return self.default
        if self.flag:
            if type(value) is not bool:
                raise ValueError(f"{self.option} is on or off, not {value!r}")
            return value
        if self.repeat:
            if not isinstance(value, (list, tuple)):
                raise ValueError(f"{self.option} takes a list, not {value!r}")
            return tuple(self._one(v) for v in value)
        return self._one(value)

    def _one(self, value: object) -> object:
        if type(value) is bool or not isinstance(value, (str, int, float)):
            raise ValueError(f"{self.option}: {value!r} is not a value")
        try:
            return self.parse(str(value))
        except ValueError as exc:
            raise ValueError(f"{self.option}: {exc}") from None


SETTINGS = (
    Setting("host", text, "127.0.0.1", "address to listen on", server=True),
    Setting("port", port, 8000, "port", server=True),
    Setting("workers", positive_int, 1, "worker processes", server=True),
    Setting("prices", text, None, "price table (CSV or JSON) for costs", "FILE"),
    Setting("profile", text, None, "provider limits as JSON (Profile fields, camelCase)", "FILE"),
    Setting(
        "balance",
        text,
        None,
        "account credit with its currency, e.g. '10 EUR'; a higher cost is 111",
        "AMOUNT",
    ),
    Setting("api_key", text, None, "require this key (default: env NRS_CODEC_API_KEY)", "KEY"),
    Setting(
        "cors", text, (), "allow this browser origin (repeatable; off by default)", "ORIGIN", repeat=True
    ),
    Setting(
        "max_body",
        positive_int,
        None,
        f"largest request body in bytes (default the profile's maxBodyBytes, {MAX_BODY_BYTES})",
        "BYTES",
    ),
    Setting("max_rows", positive_int, 10_000, "rows of one analyze-many", "ROWS"),
    Setting(
        "allowed_host",
        text,
        (),
        "answer requests addressed to this host name ('*.example.com' for subdomains, '*' for any; "
        "repeatable; default: localhost, 127.0.0.1 and ::1 on a loopback --host, else any)",
        "NAME",
        repeat=True,
    ),
    Setting(
        "forwarded_allow_ips",
        text,
        None,
        "load balancer addresses whose X-Forwarded-For/Proto to trust (comma-separated)",
        "IPS",
        server=True,
    ),
    Setting("ssl_certfile", text, None, "TLS certificate chain (PEM): serve HTTPS", "FILE", server=True),
    Setting("ssl_keyfile", text, None, "TLS private key (PEM) of --ssl-certfile", "FILE", server=True),
    Setting(
        "max_header_bytes",
        positive_int,
        64 * 1024,
        "largest request line and headers together; more is 431 and the connection closes",
        "BYTES",
        server=True,
    ),
    Setting(
        "header_timeout",
        seconds,
        10.0,
        "seconds a client has to send a request's line and headers (408 and closed after)",
        "SECONDS",
        server=True,
    ),
    Setting(
        "body_timeout",
        seconds,
        60.0,
        "seconds a client has to send a request's whole body once its headers arrived (408 after)",
        "SECONDS",
    ),
    Setting(
        "keep_alive",
        seconds,
        5.0,
        "seconds an idle keep-alive connection stays open",
        "SECONDS",
        server=True,
    ),
    Setting(
        "limit_concurrency",
        positive_int,
        1000,
        "connections and requests in progress at once per worker; past it new requests get 503",
        "N",
        server=True,
    ),
    Setting(
        "linger_bytes",
        positive_int,
        64 * MIB,
        "after answering a request early (413, 401, ...), body bytes still read and discarded so "
        "that the client reads the answer, before the connection is closed",
        "BYTES",
    ),
    Setting(
        "linger_seconds",
        seconds,
        30.0,
        "after answering a request early, the longest its remaining body is read and discarded",
        "SECONDS",
    ),
    Setting("access_log", text, False, "log every request (off: see /metrics)", flag=True, server=True),
    Setting("log_level", log_level, "info", "how much uvicorn logs", "LEVEL", server=True),
)
BY_NAME = {s.name: s for s in SETTINGS}


def defaults() -> dict[str, object]:
    """Every setting at its default."""
    return {s.name: s.default for s in SETTINGS}
