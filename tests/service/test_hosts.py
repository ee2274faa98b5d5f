"""The Host check against DNS rebinding: on a loopback address the service answers only requests
addressed to a loopback name; ``--allowed-host`` names others; on another address any host."""

from __future__ import annotations

import json
import socket

import httpx
import pytest
from _server import serve

from nrs_codec.service.hosts import allowed, check_pattern, default_hosts, host_name

LOOPBACK = ("localhost", "127.0.0.1", "::1")


@pytest.mark.parametrize(
    ("header", "name"),
    [
        (b"localhost:8000", "localhost"),
        (b"LocalHost.", "localhost"),
        (b"127.0.0.1", "127.0.0.1"),
        (b"[::1]:8000", "::1"),
        (b"[::1]", "::1"),
        (b"sms.example.com:443", "sms.example.com"),
    ],
)
def test_the_name_in_a_host_header(header, name):
    assert host_name(header) == name


@pytest.mark.parametrize(
    ("listen", "hosts"),
    [
        ("127.0.0.1", LOOPBACK),
        ("localhost", LOOPBACK),
        ("::1", LOOPBACK),
        ("[::1]", LOOPBACK),
        ("127.0.0.2", (*LOOPBACK, "127.0.0.2")),
        ("0.0.0.0", ()),
        ("::", ()),
        ("10.0.0.11", ()),
        ("sms.example.com", ()),
    ],
)
def test_the_hosts_allowed_by_default(listen, hosts):
    assert default_hosts(listen) == hosts


def test_a_subdomain_pattern_takes_subdomains_only():
    patterns = (check_pattern("*.Example.com"),)
    assert allowed("sms.example.com", patterns) and allowed("a.b.example.com", patterns)
    assert not allowed("example.com", patterns) and not allowed("evilexample.com", patterns)


@pytest.mark.parametrize("path", ["/", "/static/editor.js", "/v1/config", "/metrics"])
def test_a_page_on_another_site_cannot_reach_a_loopback_service(client, path):
    """A rebound name resolves to 127.0.0.1, but the browser still sends it as the Host."""
    r = client.get(path, headers={"Host": "attacker.example:8000"})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == 400
    assert "'attacker.example:8000'" in error["description"] and "--allowed-host" in error["description"]


def test_health_is_answered_whatever_the_host(client):
    """A load balancer probes a replica by its address; the answer tells nothing."""
    assert client.get("/healthz", headers={"Host": "10.0.0.7:8000"}).status_code == 200


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_loopback_names_are_answered(client, base_url, host):
    port = base_url.rsplit(":", 1)[1]
    r = client.post("/v1/analyze", json={"text": "Olá"}, headers={"Host": f"{host}:{port}"})
    assert r.status_code == 200 and r.json()["totalSmsParts"] == 1


def test_allowed_hosts_named_on_the_command_line():
    with serve("--allowed-host", "sms.example.com", "--allowed-host", "*.internal.example") as url:
        with httpx.Client(base_url=url, timeout=30) as c:
            assert c.get("/v1/config", headers={"Host": "sms.example.com"}).status_code == 200
            assert c.get("/v1/config", headers={"Host": "a.internal.example:8000"}).status_code == 200
            refused = c.get("/v1/config", headers={"Host": "localhost"})
            assert refused.status_code == 400
            assert "(allowed: sms.example.com, *.internal.example)" in refused.json()["error"]["description"]


@pytest.mark.parametrize("listen", ["127.0.0.1", "0.0.0.0"])
def test_a_request_that_names_two_hosts_is_400(listen):
    # RFC 9112 3.2: the service read the first, and a proxy in front of it may read the last.
    with serve("--host", listen) as url:
        port = int(url.rsplit(":", 1)[1])
        for path in ("/v1/config", "/healthz"):
            with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                s.sendall(
                    f"GET {path} HTTP/1.1\r\nHost: localhost\r\nHost: attacker.example\r\n"
                    "Connection: close\r\n\r\n".encode()
                )
                raw = b"".join(iter(lambda: s.recv(65536), b""))
            head, _, body = raw.partition(b"\r\n\r\n")
            assert head.split()[1] == b"400", raw[:200]
            assert json.loads(body)["error"]["description"] == "Host given 2 times: a request names one host"


def test_any_host_when_listening_beyond_loopback():
    """A replica behind a load balancer is reached by names it cannot know in advance."""
    with serve("--host", "0.0.0.0") as url:
        with httpx.Client(base_url=url, timeout=30) as c:
            assert c.get("/v1/config", headers={"Host": "replica-7.example"}).status_code == 200
