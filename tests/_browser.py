"""Headless chromium for the browser tests (the editor page, the embedded counter).

Chromium and chromedriver are Debian's, driven by selenium; where they are missing the tests skip
with the command that installs them, unless ``NRS_CODEC_REQUIRE_BROWSER=1`` (CI), which makes it a
failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

INSTALL = "apt-get install -y chromium chromium-driver && pip install selenium"

# The network is closed: without these flags chromium keeps trying to reach Google.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1100,900",
)


def missing(reason: str):
    if os.environ.get("NRS_CODEC_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (NRS_CODEC_REQUIRE_BROWSER=1); install with: {INSTALL}")
    pytest.skip(f"{reason}; install with: {INSTALL}")


def start_chromium(profile: Path):
    """A headless chromium driven by selenium, its profile in ``profile``, its console kept."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing("selenium is not installed")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        missing("chromium or chromedriver is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(chromedriver), options=options)
