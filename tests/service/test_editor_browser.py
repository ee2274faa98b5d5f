"""The editor page (GET /) in a real headless browser, against the running service.

``base_url`` comes from the conftest (the service started in a subprocess on a free port). The
browser is Debian's chromium with its chromedriver, driven by selenium; where they are missing the
tests skip with the command that installs them, unless ``NRS_CODEC_REQUIRE_BROWSER=1`` (CI), which
makes a missing browser a failure. The page's stable hooks are in SPEC §7.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from decimal import Decimal

import pytest

import nrs_codec

INSTALL = "apt-get install -y chromium chromium-driver && pip install selenium"
TIMEOUT = 10


def _missing(reason: str):
    if os.environ.get("NRS_CODEC_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (NRS_CODEC_REQUIRE_BROWSER=1); install with: {INSTALL}")
    pytest.skip(f"{reason}; install with: {INSTALL}")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        _missing("chromium or chromedriver is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    # The network is closed: without these flags chromium keeps trying to reach Google.
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1100,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def config(base_url):
    with urllib.request.urlopen(base_url + "/v1/config", timeout=TIMEOUT) as response:
        return json.load(response)


# ---- helpers -------------------------------------------------------------------------------------


def _wait(browser, condition, message=""):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, TIMEOUT).until(lambda _: condition(), message)


def _by_css(browser, selector):
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, selector)


def _state(browser) -> str:
    return browser.find_element("id", "editor").get_attribute("data-state")


def _settled(browser) -> bool:
    return _state(browser) in ("ready", "error")


def field(browser, name: str) -> str:
    """The exact text of the live field ``data-field=name`` (empty when unknown)."""
    return _by_css(browser, f'[data-field="{name}"]')[0].get_attribute("textContent")


def parts_shown(browser) -> list[str]:
    return [p.get_attribute("textContent") for p in _by_css(browser, "[data-part]")]


def non_gsm_shown(browser) -> dict[int, str]:
    return {
        int(m.get_attribute("data-non-gsm")): m.get_attribute("textContent")
        for m in _by_css(browser, "[data-non-gsm]")
    }


def open_editor(browser, base_url):
    browser.get(base_url + "/")
    _wait(browser, lambda: _state(browser) == "ready", "the page never showed the empty message's analysis")


def set_text(browser, text: str):
    """Replace the message as a paste would (chromedriver cannot type characters outside the BMP)
    and wait for its analysis."""
    message = browser.find_element("id", "message")
    browser.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        message,
        text,
    )
    _wait(browser, lambda: _settled(browser), "no answer for the new text")


def type_text(browser, keys: str):
    browser.find_element("id", "message").send_keys(keys)


def expect_analysis(browser, text: str, **options):
    """Wait until the page shows the analysis of ``text``, checked against the library itself."""
    a = nrs_codec.analyze(text, **options)
    _wait(
        browser,
        lambda: _state(browser) == "ready" and field(browser, "units") == str(a.units),
        f"units never became {a.units}",
    )
    assert browser.find_element("id", "message").get_attribute("value") == text
    assert field(browser, "encoding") == a.encoding
    assert field(browser, "parts") == str(a.parts)
    assert field(browser, "remaining") == str(a.remaining)
    assert parts_shown(browser) == [text[start:end] for start, end in a.spans]
    assert non_gsm_shown(browser) == dict(a.non_gsm)
    return a


# ---- tests ---------------------------------------------------------------------------------------


def test_empty_message_is_one_empty_part(browser, base_url):
    open_editor(browser, base_url)
    assert (field(browser, "encoding"), field(browser, "units"), field(browser, "parts")) == ("gsm", "0", "1")
    assert field(browser, "remaining") == "160"
    assert parts_shown(browser) == [""]
    assert _by_css(browser, "#error")[0].is_displayed() is False


def test_typing_past_160_then_153_moves_the_part_boundary(browser, base_url):
    open_editor(browser, base_url)
    type_text(browser, "a" * 160)
    expect_analysis(browser, "a" * 160)
    assert (field(browser, "parts"), field(browser, "remaining")) == ("1", "0")

    requests = browser.execute_script(
        "return performance.getEntriesByType('resource')"
        "  .filter((e) => e.name.endsWith('/v1/analyze')).length;"
    )
    assert requests < 20, "typing is not debounced"

    type_text(browser, "b")
    expect_analysis(browser, "a" * 160 + "b")
    assert (field(browser, "parts"), field(browser, "remaining")) == ("2", str(2 * 153 - 161))
    assert parts_shown(browser) == ["a" * 153, "a" * 7 + "b"]

    type_text(browser, "ç")  # not in GSM, carried by the Portuguese tables
    expect_analysis(browser, "a" * 160 + "bç")
    assert field(browser, "encoding") == "gsm-pt"
    assert non_gsm_shown(browser) == {161: "ç"}

    type_text(browser, "ж")  # only UTF-16 carries it
    a = expect_analysis(browser, "a" * 160 + "bçж")
    assert (a.encoding, a.parts) == ("utf-16", 3)
    assert len(_by_css(browser, "[data-part]")) == 3


def test_indices_after_an_emoji_are_code_points(browser, base_url):
    open_editor(browser, base_url)
    # 66 + 2 UTF-16 units do not fit the 67 of a part: the emoji starts part 2, whole.
    text = "a" * 66 + "\U0001f600" + "ж" + "b" * 5
    set_text(browser, text)
    expect_analysis(browser, text)
    assert parts_shown(browser) == ["a" * 66, "\U0001f600жbbbbb"]
    assert non_gsm_shown(browser) == {66: "\U0001f600", 67: "ж"}
    assert "utf-16" in _by_css(browser, '[data-non-gsm="67"]')[0].get_attribute("title")

    # The legend lists the index; its button selects that character in the text area, where the
    # emoji counts two UTF-16 code units.
    _by_css(browser, '#non-gsm-list button[data-index="67"]')[0].click()
    selection = browser.execute_script(
        "const m = document.getElementById('message'); return [m.selectionStart, m.selectionEnd];"
    )
    assert selection == [68, 69]


def test_smart_encoding_suggestion_applies(browser, base_url):
    open_editor(browser, base_url)
    text = "\u201cHello\u201d " + "a" * 70
    set_text(browser, text)
    before = expect_analysis(browser, text)
    assert (before.encoding, before.parts) == ("utf-16", 2)

    suggestion = _by_css(browser, '[data-suggestion="smart-encoding"]')
    assert suggestion, "no smart-encoding suggestion for curly quotes"
    suggestion[0].find_element("tag name", "button").click()

    after = expect_analysis(browser, nrs_codec.smart_encode(text).text)
    assert (after.encoding, after.parts) == ("gsm", 1)
    assert not _by_css(browser, '[data-suggestion="smart-encoding"]')


def test_suggestion_applies_from_the_keyboard(browser, base_url):
    from selenium.webdriver.common.keys import Keys

    open_editor(browser, base_url)
    text = "It\u2019s \u201cfine\u201d \u2014 " + "a" * 60
    set_text(browser, text)
    expect_analysis(browser, text)
    browser.find_element("id", "message").click()
    for _ in range(30):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.execute_script("return document.activeElement.closest('[data-suggestion]') !== null;"):
            break
    else:
        pytest.fail("Tab never reached a suggestion's button")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    expect_analysis(browser, nrs_codec.smart_encode(text).text)


def test_recipients_times_parts_and_cost(browser, base_url, config):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    open_editor(browser, base_url)
    text = "a" * 200
    set_text(browser, text)
    expect_analysis(browser, text)
    assert field(browser, "totalSmsParts") == "2"

    recipients = browser.find_element("id", "recipients")
    recipients.send_keys(Keys.CONTROL, "a")
    recipients.send_keys("3")
    _wait(browser, lambda: _state(browser) == "ready" and field(browser, "totalSmsParts") == "6")

    country = browser.find_element("id", "country")
    if config["prices"] is None:
        assert not country.is_enabled()
        assert field(browser, "cost") == ""
        return
    Select(country).select_by_value(config["prices"]["countries"][0])
    _wait(browser, lambda: _state(browser) == "ready" and field(browser, "cost") != "")
    assert field(browser, "currency") == config["prices"]["currency"]
    three = Decimal(field(browser, "cost"))

    recipients.send_keys(Keys.CONTROL, "a")
    recipients.send_keys("1")
    _wait(browser, lambda: _state(browser) == "ready" and field(browser, "totalSmsParts") == "2")
    assert Decimal(field(browser, "cost")) * 3 == three


def test_impossible_allowed_set_shows_the_error(browser, base_url):
    open_editor(browser, base_url)
    for box in _by_css(browser, '#allowed input[name="allowed"]'):
        if box.is_selected() != (box.get_attribute("value") == "gsm"):
            box.click()
    _wait(browser, lambda: _state(browser) == "ready")
    set_text(browser, "Привет")

    alert = _by_css(browser, '[role="alert"]')[0]
    _wait(browser, lambda: _state(browser) == "error" and alert.is_displayed(), "no error shown")
    assert "113" in alert.text and "gsm" in alert.text
    marked = {
        int(m.get_attribute("data-error-char")): m.get_attribute("textContent")
        for m in _by_css(browser, "[data-error-char]")
    }
    assert marked == dict(enumerate("Привет"))
    assert field(browser, "parts") == ""

    # Allowing UTF-16 again clears the error.
    _by_css(browser, '#allowed input[value="utf-16"]')[0].click()
    expect_analysis(browser, "Привет", allowed=("gsm", "utf-16"))
    assert not alert.is_displayed()


def test_controls_are_labelled_and_the_counter_is_live(browser, base_url):
    open_editor(browser, base_url)
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('input, select, textarea')]"
        "  .filter((e) => !e.labels || e.labels.length === 0).map((e) => e.outerHTML);"
    )
    assert unlabelled == []
    counter = _by_css(browser, '[aria-live="polite"]')
    assert counter and _by_css(browser, '[aria-live="polite"] [data-field="parts"]')


def test_no_console_errors_under_the_content_security_policy(browser, base_url):
    browser.get_log("browser")  # drop what earlier tests left
    open_editor(browser, base_url)
    set_text(browser, "Olá \U0001f600 “quoted”")
    _wait(browser, lambda: _state(browser) == "ready")
    errors = [
        e["message"]
        for e in browser.get_log("browser")
        if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]
    ]
    assert errors == []


def test_fits_a_phone_width(browser, base_url):
    size = browser.get_window_size()
    browser.set_window_size(375, 800)
    try:
        open_editor(browser, base_url)
        set_text(browser, "Olá! " * 60)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
        assert overflow <= 0
    finally:
        browser.set_window_size(size["width"], size["height"])


def _allow_only(browser, encoding: str):
    for box in _by_css(browser, '#allowed input[name="allowed"]'):
        if box.is_selected() != (box.get_attribute("value") == encoding):
            box.click()
    _wait(browser, lambda: _settled(browser))


def test_an_error_113_shows_the_suggestion_that_makes_it_sendable(browser, base_url):
    open_editor(browser, base_url)
    _allow_only(browser, "gsm")
    text = "\u201cHello\u201d \u2013 see you soon\u2026"
    set_text(browser, text)
    _wait(browser, lambda: _state(browser) == "error", "no error for curly quotes in gsm only")
    (suggestion,) = _by_css(browser, '[data-suggestion="smart-encoding"]')
    assert suggestion.is_displayed() and "not sendable \u2192 1 part" in suggestion.text
    suggestion.find_element("tag name", "button").click()
    expect_analysis(browser, nrs_codec.smart_encode(text).text, allowed=("gsm",))


def test_shortened_links_are_placeholders_selected_for_the_real_ones(browser, base_url):
    from nrs_codec.core.suggest import SHORT_LINK

    open_editor(browser, base_url)
    text = "Winter sale: 30% off coats this week only, in stores and online at " + (
        "https://www.example.com/campaigns/winter-2026/coats?utm_source=sms&utm_medium=text - see you soon!"
    )
    set_text(browser, text)
    before = expect_analysis(browser, text)
    (suggestion,) = _by_css(browser, '[data-suggestion="shorten-urls"]')
    assert "/api/rest/shortener/shorten" in suggestion.text
    suggestion.find_element("tag name", "button").click()
    shortened = text.replace(text[text.index("https://") : text.index(" - see")], SHORT_LINK)
    after = expect_analysis(browser, shortened)
    assert after.parts < before.parts
    selected = browser.execute_script(
        "const m = document.getElementById('message');return m.value.slice(m.selectionStart, m.selectionEnd);"
    )
    assert selected == SHORT_LINK


def test_no_currency_without_a_cost(browser, base_url, config):
    open_editor(browser, base_url)
    set_text(browser, "Hello")
    expect_analysis(browser, "Hello")
    assert field(browser, "cost") == "" and field(browser, "currency") == ""


def _hosts_fetched(browser) -> set[str]:
    return set(
        browser.execute_script(
            "return performance.getEntriesByType('resource').map((e) => new URL(e.name).host);"
        )
    )


def test_the_editor_fetches_from_its_own_server_only(browser, base_url):
    open_editor(browser, base_url)
    set_text(browser, "Olá")
    assert _hosts_fetched(browser) == {base_url.removeprefix("http://")}


def test_the_docs_page_lists_every_route_offline(browser, base_url):
    with urllib.request.urlopen(base_url + "/openapi.json", timeout=TIMEOUT) as response:
        api = json.load(response)
    browser.get(base_url + "/docs")
    _wait(
        browser,
        lambda: browser.find_element("id", "docs").get_attribute("data-state") == "ready",
        "the docs page never rendered the schema",
    )
    shown = {s.get_attribute("id") for s in _by_css(browser, "#operations > section")}
    assert shown == {f"op-{method}-{path}" for path, methods in api["paths"].items() for method in methods}
    assert _hosts_fetched(browser) <= {base_url.removeprefix("http://")}
