"""Node for the JavaScript engine's tests (tests/web, the browser tests): the runtime, the npm
packages the package tests need, and one long-lived node process answering the engine's calls.

Where node (18 or later) or ``nrs_codec/web/node_modules`` is missing, the tests that need it skip
with the command that installs it, unless ``NRS_CODEC_REQUIRE_NODE=1`` (CI), which makes it a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "nrs_codec" / "web"
ORACLE = Path(__file__).with_name("web") / "oracle.mjs"
INSTALL_NODE = "apt-get install -y nodejs npm"
INSTALL_MODULES = "cd nrs_codec/web && npm ci"


def missing(reason: str, install: str):
    if os.environ.get("NRS_CODEC_REQUIRE_NODE") == "1":
        pytest.fail(f"{reason} (NRS_CODEC_REQUIRE_NODE=1); install with: {install}")
    pytest.skip(f"{reason}; install with: {install}")


def node_path() -> str:
    node = shutil.which("node")
    if node is None:
        missing("node is not installed", INSTALL_NODE)
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout
    if int(version.lstrip("v").split(".")[0]) < 18:
        missing(f"node {version.strip()} is older than 18", INSTALL_NODE)
    return node


def node_modules() -> Path:
    modules = WEB / "node_modules"
    if not (modules / ".package-lock.json").exists():
        missing("nrs_codec/web/node_modules is absent", INSTALL_MODULES)
    return modules


class Oracle:
    """One long-lived node process answering batches of requests (see oracle.mjs)."""

    def __init__(self, node: str):
        self.process = subprocess.Popen(
            [node, str(ORACLE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="surrogatepass",
        )

    def ask(self, requests: list[dict]) -> list[dict]:
        self.process.stdin.write(json.dumps(requests) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"node exited with {self.process.wait()}")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)
