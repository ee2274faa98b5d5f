"""examples/embed.html opened from file:// in headless chromium: the counter is the engine in the
page, with no server, and every value it shows equals ``nrs_codec.analyze``.

Chromium and chromedriver are Debian's, driven by selenium; where they are missing the tests skip
with the command that installs them, unless ``NRS_CODEC_REQUIRE_BROWSER=1`` (CI).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from _browser import start_chromium
from _node import ROOT

import nrs_codec

EMBED = ROOT / "examples" / "embed.html"
FIELDS = ("encoding", "parts", "remaining", "totalSmsParts", "cost", "currency", "error")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium"))
    yield driver
    driver.quit()


def shown(browser) -> dict[str, str]:
    script = (
        "return Object.fromEntries(arguments[0].map("
        "f => [f, document.querySelector(`[data-field='${f}']`).textContent]))"
    )
    return browser.execute_script(script, list(FIELDS))


def type_text(browser, text: str) -> None:
    # Set the value and fire the input event a keystroke fires (send_keys cannot type astral characters).
    browser.execute_script(
        "const t = document.getElementById('message'); t.value = arguments[0];"
        "t.dispatchEvent(new Event('input', {bubbles: true}));",
        text,
    )


def expect(text: str, recipients: int = 1) -> dict[str, str]:
    a = nrs_codec.analyze(text)
    price = Decimal("0.0050")
    error = "" if text.strip() and a.parts <= 3 else ("104" if not text.strip() else "105")
    return {
        "encoding": a.encoding,
        "parts": str(a.parts),
        "remaining": str(a.remaining),
        "totalSmsParts": str(a.parts * recipients),
        "cost": str(price * a.parts * recipients),
        "currency": "EUR",
        "error": error,
    }


def test_the_embed_example_counts_from_a_file(browser):
    browser.get(EMBED.as_uri())
    text = browser.execute_script("return document.getElementById('message').value")
    got = shown(browser)
    assert {k: v[:3] if k == "error" else v for k, v in got.items()} == expect(text)
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize(
    "text",
    ["€" * 153, "a" * 161, "😀" * 40 + "ж", "नमस्ते " * 20, "“Olá” – até já…", "", "  \n", "\u3000", "x" * 600],
)
def test_every_value_equals_analyze(browser, text):
    browser.get(EMBED.as_uri())
    type_text(browser, text)
    got = shown(browser)
    assert {k: v[:3] if k == "error" else v for k, v in got.items()} == expect(text)
    parts = browser.execute_script(
        "return [...document.querySelectorAll('[data-part]')].map(p => [p.dataset.part, p.textContent])"
    )
    assert [p for _, p in parts] == nrs_codec.split(text)
    marks = browser.execute_script(
        "return [...document.querySelectorAll('[data-non-gsm]')].map(m => m.textContent)"
    )
    assert marks == [c for _, c in nrs_codec.analyze(text).non_gsm]


def test_recipients_and_a_suggestion_apply_in_the_page(browser):
    from selenium.webdriver.common.by import By

    browser.get(EMBED.as_uri())
    type_text(browser, "“Olá” – até já…")
    assert shown(browser)["encoding"] == "utf-16"
    browser.find_element(By.CSS_SELECTOR, "[data-suggestion='smart-encoding'] button").click()
    assert browser.find_element(By.ID, "message").get_attribute("value") == '"Olá" - até já...'
    recipients = browser.find_element(By.ID, "recipients")
    recipients.clear()
    recipients.send_keys("1000")
    assert shown(browser) == expect('"Olá" - até já...', recipients=1000)


def test_a_blank_message_is_104_however_long(browser):
    # Pre-flight reads the message before its parts: 40,000 spaces are 104, not 105 (more than 255).
    browser.get(EMBED.as_uri())
    for text in (" " * 40000, "\u3000\n", "x" * 40000):
        type_text(browser, text)
        want = "104: the message is only blanks" if not text.strip() else "105"
        assert shown(browser)["error"].startswith(want), text[:3]
