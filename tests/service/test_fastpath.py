"""The fast path answers ``POST /v1/analyze`` exactly as the declared FastAPI route does: same
status, headers and bytes, for good requests and for every kind of bad one."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import httpx
import pytest
from _server import PRICES
from test_malformed import CASES

from nrs_codec import load_prices
from nrs_codec.service.app import create_app
from nrs_codec.service.fastpath import AnalyzeFastPath
from nrs_codec.service.settings import Settings, build

GOOD = [
    {"text": "Olá Ana, a sua encomenda nº 12345 já foi enviada."},
    {"text": "“Promoção” — só hoje… https://www.exemplo.pt/campanhas/inverno-2026?utm_source=sms " * 3},
    {"text": "Привет 😀" * 30, "keepGraphemes": True, "ref16": True, "extraUdh": 6},
    {"text": "ç" * 200, "allowed": ["gsm", "utf-16"], "recipients": 7, "country": "PT"},
    {"text": "ж", "encoding": "gsm"},
    {"text": "a" * (153 * 255 + 1)},
    {"text": "", "recipients": 1000, "country": "FR"},
]


def settings(fast_path: bool) -> Settings:
    base = build(max_body=64 * 1024)
    return Settings(profile=base.profile, prices=load_prices(PRICES), fast_path=fast_path)


def answers(app, requests: list[tuple[bytes, dict]]) -> list[tuple]:
    async def run():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            out = []
            for body, headers in requests:
                r = await client.post("/v1/analyze", content=body, headers=headers)
                out.append(
                    (
                        r.status_code,
                        r.headers.get("content-type"),
                        r.headers.get("www-authenticate"),
                        r.content,
                    )
                )
            return out

    return asyncio.run(run())


REQUESTS = [(json.dumps(b).encode(), {"Content-Type": "application/json"}) for b in GOOD] + [
    (body, headers) for _, path, body, headers, *_ in CASES if path == "/v1/analyze"
]
REQUESTS += [
    (json.dumps({"text": "x" * 70_000}).encode(), {"Content-Type": "application/json"}),  # 413
    (b'{"text": "x"}', {"Content-Type": "application/json; charset=UTF-8"}),
    (b'{"text": "x"}', {"Content-Type": "application/merge-patch+json"}),
    # Two Content-Types, in either order: the fast path read the last, FastAPI the first.
    (b'{"text": "x"}', [("Content-Type", "text/plain"), ("Content-Type", "application/json")]),
    (b'{"text": "x"}', [("Content-Type", "application/json"), ("Content-Type", "text/plain")]),
]


def test_the_fast_path_is_installed_only_when_asked():
    fast, declared = create_app(settings(True)), create_app(settings(False))
    assert AnalyzeFastPath in [m.cls for m in fast.user_middleware]
    assert AnalyzeFastPath not in [m.cls for m in declared.user_middleware]


@pytest.mark.parametrize("key", [None, "k3y"])
def test_the_fast_path_and_the_declared_route_give_the_same_bytes(key):
    fast = create_app(dataclasses.replace(settings(True), options={**settings(True).options, "api_key": key}))
    declared = create_app(
        dataclasses.replace(settings(False), options={**settings(False).options, "api_key": key})
    )
    got, want = answers(fast, REQUESTS), answers(declared, REQUESTS)
    assert len(got) == len(REQUESTS) > 30
    for (body, _), g, w in zip(REQUESTS, got, want, strict=True):
        assert g == w, body[:80]
    statuses = {status for status, *_ in got}
    assert statuses == ({401} if key else {200, 400, 413, 415, 422})
