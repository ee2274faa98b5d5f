"""The service most tests talk to (``base_url``, ``client``): the example prices, a balance of 5
EUR (so that error 111 is reachable), and limits small enough to reach quickly."""

from __future__ import annotations

import pytest
from _server import BALANCE, MAX_BODY, MAX_ROWS, PRICES, httpx, serve


@pytest.fixture(scope="module")
def base_url():
    with serve(
        "--prices",
        str(PRICES),
        "--balance",
        BALANCE,
        "--max-body",
        str(MAX_BODY),
        "--max-rows",
        str(MAX_ROWS),
    ) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url):
    with httpx.Client(base_url=base_url, timeout=30) as c:
        yield c


@pytest.fixture
def start_service():
    """``serve`` for a test that needs its own service (to stop it midway, say), without importing
    this conftest by name, which another test folder's conftest may shadow."""
    return serve
