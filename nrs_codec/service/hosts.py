"""The Host check: a service listening on the loopback interface answers only requests addressed
to a loopback name, so that a web page on another site cannot reach it through DNS rebinding
(a hostile name that first resolves to the attacker's server, then to 127.0.0.1).

``nrs-codec serve`` allows ``localhost``, ``127.0.0.1`` and ``::1`` when it listens on a loopback
address, and any host otherwise (a replica behind a load balancer is reached by many names);
``--allowed-host`` names the hosts explicitly, ``*.example.com`` for a domain's subdomains.
``/healthz`` answers whatever the Host (a load balancer's probe addresses a replica by its IP
address, and the answer tells nothing).
"""

from __future__ import annotations

import ipaddress
import re

from .auth import OPEN_PATHS
from .errors import ApiError

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def default_hosts(listen: str) -> tuple[str, ...]:
    """The hosts allowed by default for a service listening on ``listen``: () means any."""
    name = listen.strip().lower().removeprefix("[").removesuffix("]")
    if name == "localhost":
        return LOOPBACK_HOSTS
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return ()  # a name: whatever it resolves to, requests come addressed to it or others
    if not address.is_loopback:
        return ()
    # 127.0.0.2 and the like: the address itself too, as a client reaching it would send it.
    return tuple(dict.fromkeys((*LOOPBACK_HOSTS, str(address))))


def check_pattern(pattern: str) -> str:
    """``pattern`` as a host name, an IP address, ``*.domain`` or ``*``, in lower case; ValueError
    otherwise."""
    name = pattern.strip().lower().rstrip(".").removeprefix("[").removesuffix("]")
    if name == "*" or _is_ipv6(name):
        return name
    bare = name.removeprefix("*.")
    if not bare or any(c in bare for c in "/:@ ?#*[]"):
        raise ValueError(f"--allowed-host {pattern!r} is not a host name, '*.domain' or '*'")
    return name


def _is_ipv6(text: str) -> bool:
    return text.count(":") >= 2 and all(c in "0123456789abcdef:." for c in text)


_NAME = re.compile(r"[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?")
_PORT = re.compile(r"[0-9]{1,5}")


def host_name(header: bytes) -> str | None:
    """The name in a ``Host`` header, without its port, brackets or trailing dot, in lower case;
    None when the header is not ``host[:port]`` as RFC 9110 has it (``localhost:80@evil.com``,
    ``[::1]evil.com`` and ``[::1`` are not: a lenient reading would let them pass as loopback)."""
    host = header.decode("latin-1").strip().lower()
    if host.startswith("["):
        literal, bracket, rest = host[1:].partition("]")
        if not bracket or (rest and not (rest[0] == ":" and _PORT.fullmatch(rest[1:]))):
            return None
        try:
            return str(ipaddress.IPv6Address(literal))
        except ValueError:
            return None
    name, colon, port = host.partition(":")
    if colon and not _PORT.fullmatch(port):
        return None
    name = name.removesuffix(".")
    return name if _NAME.fullmatch(name) else None


def allowed(name: str, patterns: tuple[str, ...]) -> bool:
    """True when ``name`` matches one of ``patterns`` (as ``check_pattern`` returns them)."""
    for pattern in patterns:
        if pattern == "*" or pattern == name or (pattern.startswith("*.") and name.endswith(pattern[1:])):
            return True
    return False


class HostCheckMiddleware:
    """ASGI middleware that refuses, with 400, an HTTP request whose ``Host`` is not allowed (but
    those to ``OPEN_PATHS``; any, where ``hosts`` is empty), and one that names two hosts."""

    def __init__(self, app, hosts: tuple[str, ...]):
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        hosts = [value for name, value in scope["headers"] if name == b"host"]
        if len(hosts) > 1:  # RFC 9112 3.2: a 400, whatever the path and the hosts allowed
            error = ApiError(400, 400, f"Host given {len(hosts)} times: a request names one host")
            return await error.response()(scope, receive, send)
        if not self.hosts or scope["path"] in OPEN_PATHS:
            return await self.app(scope, receive, send)
        header = hosts[0] if hosts else None
        name = None if header is None else host_name(header)
        if name is not None and allowed(name, self.hosts):
            return await self.app(scope, receive, send)
        given = "no Host header" if header is None else f"Host {header.decode('latin-1')[:100]!r}"
        error = ApiError(
            400,
            400,
            f"{given} is not a name this service answers to (allowed: {', '.join(self.hosts)}); "
            "start it with --allowed-host NAME to add one",
        )
        await error.response()(scope, receive, send)
