"""The editor page (GET /, and its standalone twin examples/editor.html) in a real headless browser.

The page counts with the engine in the page (nrs-codec.js): these tests type into it and hold
every value it shows equal to ``nrs_codec.analyze``, with the server running (``base_url``, the
service in a subprocess on a free port), with the server stopped, and with no server at all (the
file opened from ``file://``). The browser is Debian's chromium with its chromedriver, driven by
selenium; where they are missing the tests skip with the command that installs them, unless
``NRS_CODEC_REQUIRE_BROWSER=1`` (CI). axe-core comes from ``nrs_codec/web/node_modules`` (npm ci).
The page's stable hooks are in SPEC §7.
"""

from __future__ import annotations

import json
import urllib.request
from decimal import Decimal

import pytest
import regex
from _browser import start_chromium
from _node import ROOT, node_modules

import nrs_codec
from nrs_codec.provider.prices import load_prices

TIMEOUT = 10
STANDALONE = ROOT / "examples" / "editor.html"
PRICES = ROOT / "examples" / "prices.csv"
HINDI = "नमस्ते! आपका ऑर्डर भेज दिया गया है। क्षमा करें, कृपया प्रतीक्षा करें।"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium"))
    yield driver
    driver.quit()


# ---- helpers -------------------------------------------------------------------------------------


def _wait(browser, condition, message=""):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, TIMEOUT).until(lambda _: condition(), message)


def _by_css(browser, selector):
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, selector)


def _text(browser, element_id: str) -> str:
    return browser.find_element("id", element_id).get_attribute("textContent")


def field(browser, name: str) -> str:
    """The exact text of the live field ``data-field=name`` (empty when unknown)."""
    return _by_css(browser, f'[data-field="{name}"]')[0].get_attribute("textContent")


def parts_shown(browser) -> list[str]:
    return [p.get_attribute("textContent") for p in _by_css(browser, "[data-part]")]


def flagged_shown(browser) -> dict[int, str]:
    return {
        int(m.get_attribute("data-non-gsm")): m.get_attribute("textContent")
        for m in _by_css(browser, "[data-non-gsm]")
    }


def open_editor(browser, url):
    browser.get(url)
    _wait(browser, lambda: _by_css(browser, "#allowed input"), "the page never set itself up")
    _wait(browser, lambda: "Loading" not in _text(browser, "answer"))


def settled(browser):
    """Wait for what follows the counter (how much to cut, the suggestions): the counter itself is
    updated inside the input event."""
    _wait(browser, lambda: browser.find_element("id", "editor").get_attribute("data-settled") == "true")


def set_text(browser, text: str):
    """Replace the message as a paste would (chromedriver cannot type characters outside the BMP)."""
    browser.execute_script(
        "const m = document.getElementById('message'); m.value = arguments[0];"
        "m.dispatchEvent(new Event('input', {bubbles: true}));",
        text,
    )
    settled(browser)


def set_input(browser, element_id: str, value):
    browser.execute_script(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
        "e.dispatchEvent(new Event('input', {bubbles: true}));",
        element_id,
        str(value),
    )
    settled(browser)


def allow(browser, *encodings: str):
    """Tick exactly ``encodings`` under Advanced, in that order."""
    for box in _by_css(browser, '#allowed input[name="allowed"]'):
        if box.is_selected():
            browser.execute_script("arguments[0].click();", box)
    for encoding in encodings:
        browser.execute_script(
            "arguments[0].click();", _by_css(browser, f'#allowed input[value="{encoding}"]')[0]
        )


def expect_analysis(browser, text: str, **options):
    """The page shows the analysis of ``text``, checked against the library itself."""
    a = nrs_codec.analyze(text, **options)
    assert browser.find_element("id", "message").get_attribute("value") == text
    shown = {name: field(browser, name) for name in ("encoding", "parts", "units", "remaining", "capacity")}
    assert shown == {
        "encoding": a.encoding,
        "parts": str(a.parts),
        "units": str(a.units),
        "remaining": str(a.remaining),
        "capacity": str(a.capacity),
    }
    assert (field(browser, "udhOctets"), field(browser, "lockingShift"), field(browser, "singleShift")) == (
        str(a.udh_octets),
        str(a.locking_shift),
        str(a.single_shift),
    )
    assert parts_shown(browser) == [text[start:end] for start, end in a.spans]
    return a


def _requests(browser, suffix: str) -> int:
    return browser.execute_script(
        "return performance.getEntriesByType('resource')"
        "  .filter((e) => e.name.endsWith(arguments[0])).length;",
        suffix,
    )


# ---- counting in the page ------------------------------------------------------------------------


def test_typing_counts_in_the_page_with_no_request(browser, base_url):
    open_editor(browser, base_url + "/")
    message = browser.find_element("id", "message")
    message.send_keys("a" * 160)
    expect_analysis(browser, "a" * 160)
    message.send_keys("b")
    a = expect_analysis(browser, "a" * 160 + "b")
    assert (a.parts, parts_shown(browser)) == (2, ["a" * 153, "a" * 7 + "b"])
    message.send_keys("ç")  # carried by the Portuguese tables: not flagged, not in warning colour
    a = expect_analysis(browser, "a" * 160 + "bç")
    assert a.encoding == "gsm-pt" and flagged_shown(browser) == {}
    message.send_keys("ж")  # only UTF-16 carries it
    a = expect_analysis(browser, "a" * 160 + "bçж")
    assert (a.encoding, a.parts) == ("utf-16", 3)
    assert flagged_shown(browser) == {162: "ж"}
    assert _requests(browser, "/v1/analyze") == 0
    # The price table and the profile are fetched once, at load.
    assert _requests(browser, "/v1/prices") == 1 and _requests(browser, "/v1/profile") == 1


def test_typing_updates_the_counter_with_the_server_stopped(browser, start_service):
    with start_service("--prices", str(PRICES)) as url:
        open_editor(browser, url + "/")
    # The server is gone: the page keeps counting, and keeps the prices it fetched.
    browser.find_element("id", "message").send_keys("Olá, até já! " * 20)
    a = expect_analysis(browser, "Olá, até já! " * 20)
    assert a.parts > 1 and field(browser, "cost") == str(Decimal("0.005") * a.parts)
    set_text(browser, "Olá \U0001f389")
    expect_analysis(browser, "Olá \U0001f389")


TEXTS = [
    "Hello",
    "Olá! A sua encomenda nº 1234 já foi enviada.",
    "Price: 10€ {promo} [now] ~ ^ | \\",
    "a" * 66 + "\U0001f600" + "ж" + "b" * 5,
    "Привет, мир! " * 8,
    "line\nbreaks\tand tabs",  # a text area keeps no CR
    "\u201cHello\u201d \u2013 see you soon\u2026" * 3,
    "x" * 1000,
    "e\u0301 combining and \U0001f44d\U0001f3fd skin tone",
]


def test_every_value_equals_analyze(browser, base_url):
    open_editor(browser, base_url + "/")
    prices = load_prices(str(PRICES))
    set_input(browser, "recipients", 7)
    for text in TEXTS:
        set_text(browser, text)
        a = expect_analysis(browser, text)
        assert field(browser, "totalSmsParts") == str(a.parts * 7)
        assert Decimal(field(browser, "cost")) == prices.countries["PT"] * a.parts * 7
        assert field(browser, "currency") == prices.currency
        flagged = flagged_shown(browser)
        if a.encoding == "utf-16":
            # The first character of each flagged cluster, by code point index, is one of Python's
            # characters outside GSM; characters a GSM table carries are not flagged.
            non_gsm = dict(a.non_gsm)
            assert flagged and all(text[i] == non_gsm[i] for i in flagged)
            for i in flagged:
                with pytest.raises(nrs_codec.EncodingError):
                    nrs_codec.analyze(text[i], allowed=("gsm", "gsm-pt"))
        else:
            assert flagged == {}


def test_flagged_indices_are_code_points_after_an_emoji(browser, base_url):
    open_editor(browser, base_url + "/")
    text = "\U0001f600 then ж"
    set_text(browser, text)
    expect_analysis(browser, text)
    assert flagged_shown(browser) == {0: "\U0001f600", 7: "ж"}


# ---- what a marketer sees -------------------------------------------------------------------------


def test_the_answer_in_plain_words_with_a_default_destination(browser, base_url):
    open_editor(browser, base_url + "/")
    assert browser.find_element("id", "destination").get_attribute("value") == "PT"
    set_input(browser, "recipients", 1000)
    set_text(browser, "a" * 200)
    assert _text(browser, "answer") == "2 SMS · 0.01 EUR each · 10.00 EUR for 1,000 recipients"
    assert Decimal(field(browser, "cost")) == Decimal("0.005") * 2 * 1000
    assert not browser.find_element("id", "advanced").get_attribute("open")


def test_a_costly_character_says_what_it_costs_and_removes_it(browser, base_url):
    open_editor(browser, base_url + "/")
    text = "Party tonight at 9, bring friends and snacks! See you all there, ok? \U0001f389"
    set_text(browser, text)
    before = expect_analysis(browser, text)
    assert (before.encoding, before.parts) == ("utf-16", 2)
    (suggestion,) = _by_css(browser, '[data-suggestion="remove-character"]')
    assert suggestion.text.startswith("\U0001f389 makes this 2 SMS instead of 1 — remove it")
    suggestion.find_element("tag name", "button").click()
    after = expect_analysis(browser, text.replace("\U0001f389", ""))
    assert (after.encoding, after.parts) == ("gsm", 1)


def test_removing_a_costly_character_leaves_the_clusters_it_is_part_of(browser, base_url):
    # A man's emoji is also the first of a family's: only the man flagged alone goes.
    man, family = "\U0001f468", "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    text = f"Hi {man} and the family {family} " + "a" * 42
    open_editor(browser, base_url + "/")
    set_text(browser, text)
    assert expect_analysis(browser, text).parts == 2
    suggestions = _by_css(browser, '[data-suggestion="remove-character"]')
    (alone,) = [s for s in suggestions if s.text.startswith(f"{man} makes")]
    alone.find_element("tag name", "button").click()
    assert expect_analysis(browser, f"Hi  and the family {family} " + "a" * 42).parts == 1
    # Past the 100 characters an error 113 lists, every one goes: the text is then sendable.
    allow(browser, "gsm")
    set_text(browser, "Hi " + "\U0001f600" * 150 + "\u0436")  # a character past them is flagged too
    assert "113" in _text(browser, "problem") and "\u0436" in flagged_shown(browser).values()
    set_text(browser, "Hi " + "\U0001f600" * 150)
    (alone,) = _by_css(browser, '[data-suggestion="remove-character"]')
    assert alone.text.startswith("\U0001f600 (150×) makes this not sendable instead of 1")
    alone.find_element("tag name", "button").click()
    expect_analysis(browser, "Hi ", allowed=("gsm",))
    # Thai's SARA AM is a letter of its own where the page marks flagged characters, and part of
    # one grapheme with the consonant before it: the flagged ones are removed where marked.
    allow(browser, "gsm", "gsm-pt", "utf-16")
    set_text(browser, "\u0e17\u0e33" + "a" * 70)
    (both,) = _by_css(browser, '[data-suggestion="remove-characters"]')
    both.find_element("tag name", "button").click()
    expect_analysis(browser, "a" * 70)


def test_every_suggestion_holds_the_button_that_applies_it(browser, base_url):
    open_editor(browser, base_url + "/")
    set_text(browser, "Olá \U0001f389 “quoted” – " + "a" * 60)
    assert _by_css(browser, "[data-suggestion]") and _by_css(browser, '[data-note="costly-characters"]')
    for suggestion in _by_css(browser, "[data-suggestion]"):
        assert suggestion.find_elements("tag name", "button")


def test_shortened_links_are_placeholders_selected_for_the_real_ones(browser, base_url):
    from nrs_codec.core.suggest import SHORT_LINK

    open_editor(browser, base_url + "/")
    link = "https://www.example.com/campaigns/winter-2026/coats?utm_source=sms&utm_medium=text"
    text = f"Winter sale: 30% off coats this week only, in stores and online at {link} - see you soon!"
    set_text(browser, text)
    before = expect_analysis(browser, text)
    (suggestion,) = _by_css(browser, '[data-suggestion="shorten-urls"]')
    assert "/api/rest/shortener/shorten" in suggestion.text
    suggestion.find_element("tag name", "button").click()
    after = expect_analysis(browser, text.replace(link, SHORT_LINK))
    assert after.parts < before.parts
    selected = browser.execute_script(
        "const m = document.getElementById('message'); "
        "return m.value.slice(m.selectionStart,"
        " m.selectionEnd);"
    )
    assert selected == SHORT_LINK


def test_smart_encoding_suggestion_applies_from_the_keyboard(browser, base_url):
    from selenium.webdriver.common.keys import Keys

    open_editor(browser, base_url + "/")
    text = "It\u2019s \u201cfine\u201d \u2014 " + "a" * 60
    set_text(browser, text)
    expect_analysis(browser, text)
    browser.find_element("id", "message").click()
    for _ in range(30):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.execute_script(
            "return document.activeElement.closest('[data-suggestion=\"smart-encoding\"]') !== null;"
        ):
            break
    else:
        pytest.fail("Tab never reached the smart-encoding suggestion's button")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    after = expect_analysis(browser, nrs_codec.smart_encode(text).text)
    assert (after.encoding, after.parts) == ("gsm", 1)


def test_the_providers_errors_before_they_happen(browser, base_url):
    open_editor(browser, base_url + "/")
    set_text(browser, "")
    assert "104" in _text(browser, "problem") and _text(browser, "answer") == "Nothing to send yet"
    set_text(browser, "a" * 200)
    problem = _text(browser, "problem")
    assert "105" in problem and "Cut 40 characters" in problem
    set_input(browser, "max-parts", 2)
    assert browser.find_element("id", "problem").get_attribute("hidden")
    text = "a" * (255 * 153 + 10)
    set_text(browser, text)
    with pytest.raises(nrs_codec.TooManyPartsError):
        nrs_codec.analyze(text)
    assert "Cut 10 characters" in _text(browser, "problem")
    assert field(browser, "parts") == ""


def test_a_blank_message_is_104_before_anything_else(browser, base_url):
    # Blanks as Python's str.strip() finds them, as pre-flight reads the message: before its
    # encoding (U+3000 is no GSM character: 104, not 113).
    open_editor(browser, base_url + "/")
    for text in ("   ", "\n\t\u3000"):
        set_text(browser, text)
        assert _text(browser, "problem") == "Error 104: the message is only blanks; the provider rejects it."
        assert _text(browser, "answer") == "Nothing to send: only blanks"
        assert browser.find_element("id", "message").get_attribute("aria-invalid") == "true"
    allow(browser, "gsm")
    set_text(browser, "\u3000")
    assert _text(browser, "problem").startswith("Error 104: ")
    set_text(browser, "Hello")
    assert browser.find_element("id", "message").get_attribute("aria-invalid") == "false"


def test_every_encoding_unticked_is_said_and_the_page_counts_on(browser, base_url):
    open_editor(browser, base_url + "/")
    allow(browser)
    set_text(browser, "Hello")
    assert _text(browser, "problem") == "No encoding is allowed: tick one at least under Advanced."
    assert field(browser, "parts") == ""
    allow(browser, "gsm", "utf-16")
    set_text(browser, "Hello there")
    expect_analysis(browser, "Hello there", allowed=("gsm", "utf-16"))


def test_a_broken_character_is_named_by_its_place_in_characters(browser, base_url):
    # Three emoji (six UTF-16 units) and half of a fourth: the fourth character, as the page
    # counts characters everywhere else.
    open_editor(browser, base_url + "/")
    browser.execute_script(  # a lone surrogate does not travel as a WebDriver argument
        "const m = document.getElementById('message'); m.value = '\\u{1F600}'.repeat(3) + '\\uD800';"
        "m.dispatchEvent(new Event('input', {bubbles: true}));"
    )
    settled(browser)
    assert "at character 4:" in _text(browser, "problem")


def test_an_impossible_allowed_set_shows_error_113(browser, base_url):
    open_editor(browser, base_url + "/")
    allow(browser, "gsm")
    set_text(browser, "Привет")
    assert "113" in _text(browser, "problem") and field(browser, "parts") == ""
    assert flagged_shown(browser) == dict(enumerate("Привет"))
    allow(browser, "gsm", "utf-16")
    expect_analysis(browser, "Привет", allowed=("gsm", "utf-16"))
    assert browser.find_element("id", "problem").get_attribute("hidden")


def test_hindi_with_gsm_hi_keeps_clusters_whole_and_flags_nothing(browser, base_url):
    open_editor(browser, base_url + "/")
    allow(browser, "gsm", "gsm-pt", "gsm-hi", "utf-16")
    set_text(browser, HINDI)
    a = expect_analysis(browser, HINDI, allowed=("gsm", "gsm-pt", "gsm-hi", "utf-16"))
    assert a.encoding == "gsm-hi"
    assert flagged_shown(browser) == {}
    assert _by_css(browser, "#costly-section")[0].is_displayed() is False

    # Without gsm-hi the text goes as UTF-16: each flagged cluster is marked whole (a vowel sign
    # or virama never apart from its letter), and the marks are not tab stops.
    allow(browser, "gsm", "gsm-pt", "utf-16")
    set_text(browser, HINDI)
    expect_analysis(browser, HINDI)
    clusters = regex.findall(r"\X", HINDI)
    marked = list(flagged_shown(browser).values())
    assert marked and all(m in clusters for m in marked)
    assert not any(m[0] in "\u093e\u093f\u0940\u0947\u094d\u0902" for m in marked)
    assert _by_css(browser, "#parts [tabindex], #parts button, #parts a") == []


def test_a_part_that_begins_inside_a_cluster_is_drawn_whole(browser, base_url):
    """A GSM split may fall inside a cluster (the phone joins the parts again): the preview draws
    no label into it."""
    open_editor(browser, base_url + "/")
    allowed = ("gsm", "gsm-pt", "gsm-hi", "utf-16")
    allow(browser, *allowed)
    text = ((HINDI + " ") * 8)[:285]
    set_text(browser, text)
    a = expect_analysis(browser, text, allowed=allowed)
    inside = [j for j, (start, _) in enumerate(a.spans) if start and start not in _cluster_starts(text)]
    assert inside, "the text no longer splits a cluster: pick another length"
    for j in range(1, a.parts):
        part = _by_css(browser, f'[data-part="{j + 1}"]')[0]
        assert (part.get_attribute("data-label") is None) == (j in inside)
    assert flagged_shown(browser) == {}


def _cluster_starts(text: str) -> set[int]:
    return {m.start() for m in regex.finditer(r"\X", text)}


def test_one_keyboard_navigator_over_the_flagged_characters(browser, base_url):
    from selenium.webdriver.common.keys import Keys

    open_editor(browser, base_url + "/")
    text = "Hi \U0001f389 and ж, then \U0001f389"
    set_text(browser, text)
    nav = browser.find_element("id", "flag-nav")
    nav.send_keys(Keys.ARROW_RIGHT)
    selected = (
        "return (m => m.value.slice(m.selectionStart, m.selectionEnd))(document.getElementById('message'));"
    )
    assert browser.execute_script(selected) == "\U0001f389"
    nav.send_keys(Keys.ARROW_RIGHT)
    assert browser.execute_script(selected) == "ж"
    nav.send_keys(Keys.ARROW_LEFT)
    nav.send_keys(Keys.ARROW_LEFT)
    assert browser.execute_script(selected) == "\U0001f389"
    assert len(_by_css(browser, "mark.current")) == 1
    assert browser.switch_to.active_element == nav


def test_aria_live_announces_only_parts_encoding_or_cost(browser, base_url):
    open_editor(browser, base_url + "/")
    set_text(browser, "Hello")
    browser.execute_script(
        "window.announced = [];"
        "new MutationObserver(() => window.announced.push(document.getElementById('announce').textContent))"
        "  .observe(document.getElementById('announce'),"
        "    {childList: true, characterData: true, subtree: true});"
    )
    for text in ("Hello ", "Hello t", "Hello th", "Hello there"):
        set_text(browser, text)
    set_text(browser, "a" * 161)
    set_text(browser, "a" * 162)
    set_text(browser, "")
    set_text(browser, "   ")
    announced = browser.execute_script("return window.announced;")
    # The provider's error is said with the answer (the empty text, too, is one SMS of GSM).
    assert announced == [
        "2 SMS, 0.01 EUR each, GSM. Error 105: this is 2 SMS but the request allows 1",
        "Nothing to send yet. Error 104: the message is empty",
        "Nothing to send: only blanks. Error 104: the message is only blanks",
    ]
    assert len(_by_css(browser, "[aria-live]")) == 1


# ---- the standalone file -------------------------------------------------------------------------


def test_the_standalone_file_counts_with_no_server(browser):
    open_editor(browser, STANDALONE.as_uri())
    text = "Olá! A sua encomenda nº 1234 já foi enviada. \U0001f389"
    set_text(browser, text)
    a = expect_analysis(browser, text)
    assert field(browser, "cost") == str(Decimal("0.005") * a.parts)
    assert "example price" in _text(browser, "answer-detail")
    assert browser.find_element("id", "prices-file").is_displayed()


def test_the_standalone_file_takes_a_prices_file(browser, tmp_path):
    prices = tmp_path / "prices.csv"
    prices.write_text("destination,price,currency\nJP,3,JPY\nKR,0.5,JPY\n", encoding="utf-8")  # one currency
    open_editor(browser, STANDALONE.as_uri())
    browser.find_element("id", "prices-file").send_keys(str(prices))
    _wait(browser, lambda: browser.find_element("id", "destination").get_attribute("value") == "JP")
    set_input(browser, "recipients", 1500)
    set_text(browser, "a" * 200)
    assert _text(browser, "answer") == "2 SMS · 6 JPY each · 9,000 JPY for 1,500 recipients"
    # A JSON table as nrs-codec reads one ({"prices": [rows]}) is taken as the CSV one is.
    table = tmp_path / "prices.json"
    rows = [{"destination": "pt", "price": "0.02", "currency": "eur"}]  # any case, as nrs-codec reads it
    table.write_text(json.dumps({"prices": rows}), encoding="utf-8")
    browser.find_element("id", "prices-file").send_keys(str(table))
    _wait(browser, lambda: browser.find_element("id", "destination").get_attribute("value") == "PT")
    assert _text(browser, "answer") == "2 SMS · 0.04 EUR each · 60.00 EUR for 1,500 recipients"
    # What nrs-codec refuses in a table, the page does: a currency that is no ISO code ("uſd" in
    # capitals would be USD), two currencies, no price.
    for n, (text, said) in enumerate(
        [
            ("destination,price,currency\nPT,0.01,uſd\n", 'currency "uſd" is not an ISO 4217 code'),
            ("destination,price,currency\nPT,0.01,EUR\nUS,0.01,USD\n", 'currency "USD" differs from EUR'),
            ('{"prices": []}', "no prices in the table"),
        ]
    ):
        odd = tmp_path / f"odd{n}.{'json' if text.startswith('{') else 'csv'}"
        odd.write_text(text, encoding="utf-8")
        browser.find_element("id", "prices-file").send_keys(str(odd))
        _wait(browser, lambda: said in _text(browser, "problem"))  # noqa: B023
        assert _text(browser, "problem").startswith("The prices file cannot be read: ")


# ---- accessibility and the page itself ------------------------------------------------------------


def _axe(browser) -> list[dict]:
    axe = (node_modules() / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    browser.execute_script(axe)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then((r) => done(r.violations.map("
        "  (v) => ({id: v.id, nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary)}))));"
    )
    return result


@pytest.mark.parametrize(("scheme", "where"), [("light", "/"), ("dark", "/"), ("dark", "file")])
def test_axe_core_finds_nothing(browser, base_url, scheme, where):
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )
    try:
        open_editor(browser, STANDALONE.as_uri() if where == "file" else base_url + where)
        set_text(browser, "Olá \U0001f389 “quoted” " + "a" * 150)
        browser.find_element("id", "flag-nav").click()
        browser.execute_script("document.getElementById('advanced').open = true;")
        assert _axe(browser) == []
        set_text(browser, "")
        assert _axe(browser) == []
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_no_console_errors_under_the_content_security_policy(browser, base_url):
    browser.get_log("browser")  # drop what earlier tests left
    open_editor(browser, base_url + "/")
    set_text(browser, "Olá \U0001f600 “quoted”")
    errors = [
        e["message"]
        for e in browser.get_log("browser")
        if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]
    ]
    assert errors == []


def test_controls_are_labelled(browser, base_url):
    open_editor(browser, base_url + "/")
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('input, select, textarea')]"
        "  .filter((e) => !e.labels || e.labels.length === 0).map((e) => e.outerHTML);"
    )
    assert unlabelled == []


def test_fits_a_phone_width(browser, base_url):
    size = browser.get_window_size()
    browser.set_window_size(375, 800)
    try:
        open_editor(browser, base_url + "/")
        set_text(browser, "Olá! " * 60)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
        assert overflow <= 0
    finally:
        browser.set_window_size(size["width"], size["height"])


def _hosts_fetched(browser) -> set[str]:
    return set(
        browser.execute_script(
            "return performance.getEntriesByType('resource').map((e) => new URL(e.name).host);"
        )
    )


def test_the_editor_fetches_from_its_own_server_only(browser, base_url):
    open_editor(browser, base_url + "/")
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
