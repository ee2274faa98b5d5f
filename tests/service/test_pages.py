"""The editor page, its static files and the API docs page: served with their types and security
headers, self-contained (nothing from another host), carried as package data."""

from __future__ import annotations

import re
from importlib import resources

import httpx
import pytest
from _node import ROOT

PRICES = ROOT / "examples" / "prices.csv"
PAGE_HEADERS = {"content-security-policy": "default-src 'self'", "x-content-type-options": "nosniff"}


@pytest.mark.parametrize(
    ("path", "content_type", "marker"),
    [
        ("/", "text/html; charset=utf-8", b'<main id="editor" data-state="loading">'),
        ("/docs", "text/html; charset=utf-8", b'<main id="docs"'),
        ("/static/editor.js", "text/javascript; charset=utf-8", b'import * as N from "../nrs-codec.js";'),
        ("/static/docs.js", "text/javascript; charset=utf-8", b'"use strict"'),
        ("/static/editor.css", "text/css; charset=utf-8", b":root"),
        ("/nrs-codec.js", "text/javascript; charset=utf-8", b"export function analyze("),
    ],
)
def test_pages_and_files_with_their_types_and_headers(client, path, content_type, marker):
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"] == content_type
    assert marker in r.content
    for name, value in PAGE_HEADERS.items():
        assert r.headers[name] == value


def test_favicon_is_no_content(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 204 and r.content == b""


def test_the_pages_fetch_nothing_from_another_host():
    folder = resources.files("nrs_codec.service").joinpath("static")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith((".html", ".js", ".css")))
    assert names == ["docs.html", "docs.js", "editor.css", "editor.js", "index.html"]
    for name in names:
        text = folder.joinpath(name).read_text(encoding="utf-8")
        # Links and requests are relative; the one absolute URL is the placeholder for the
        # provider's short links, which is text, never fetched.
        urls = set(re.findall(r"[a-z]+://[^\s\"'`)]+", text)) - {"https://sms.tl/xxxxxx"}
        assert not urls, f"{name} refers to {urls}"
        assert not re.search(r"""(src|href)=["']//""", text), name
        assert "<script>" not in text and " style=" not in text, f"{name}: inline script or style"


def test_the_editor_gets_the_price_table_and_the_profile_in_two_small_answers(client, start_service):
    from decimal import Decimal

    from nrs_codec.provider.prices import example_prices, load_prices
    from nrs_codec.provider.profile import Profile

    table = load_prices(str(PRICES))
    prices = client.get("/v1/prices").json()
    assert prices["currency"] == table.currency and prices["example"] is False
    assert {k: Decimal(v) for k, v in prices["countries"].items()} == table.countries
    assert {k: Decimal(v) for k, v in prices["prefixes"].items()} == table.prefixes
    assert client.get("/v1/profile").json() == {
        "maxParts": Profile().max_parts,
        "encodings": list(Profile().encodings),
        "defaultEncoding": "gsm",
        "ref16": False,
        "forceShifts": False,
    }
    with start_service() as url:
        example = httpx.get(url + "/v1/prices").json()
    assert example["example"] is True
    assert {k: Decimal(v) for k, v in example["countries"].items()} == example_prices().countries
