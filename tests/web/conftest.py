"""Fixtures of the JavaScript engine's tests: node 18 or later, and one oracle process per session."""

from __future__ import annotations

import pytest
from _node import Oracle, node_path


@pytest.fixture(scope="session")
def node() -> str:
    return node_path()


@pytest.fixture(scope="session")
def oracle(node):
    o = Oracle(node)
    yield o
    o.close()
