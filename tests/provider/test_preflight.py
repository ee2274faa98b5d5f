"""Pre-flight of send requests: one test per provider error code, then combinations and shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import phonenumbers
import pytest
from _backends import COMPILED
from hypothesis import given, settings
from hypothesis import strategies as st

import nrs_codec
from nrs_codec import Profile, example_prices, parse_prices, preflight
from nrs_codec.provider.errors import ERRORS

# Wednesday 2026-11-25 12:00 UTC: 13:00 in Paris, 07:00 in Bogotá, inside every sending window.
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
PRICES = parse_prices("destination,price,currency\nPT,0.005,EUR\nFR,0.006,EUR\n")


def request(**fields):
    body = {"to": ["351912345678"], "from": "ACME", "message": "Hello"}
    body.update(fields)
    return {k: v for k, v in body.items() if v is not ...}


def codes(verdict) -> list[int]:
    return [e.code for e in verdict.errors]


def only_error(verdict, code: int):
    assert codes(verdict) == [code], verdict.errors
    assert not verdict.ok
    return verdict.errors[0]


def test_a_valid_request_is_accepted():
    v = preflight(request(), prices=PRICES, now=NOW)
    assert v.ok and v.errors == ()
    assert (v.total, v.parts, v.total_sms_parts, v.encoding) == (1, 1, 1, "gsm")
    assert v.cost == Decimal("0.005") and v.currency == "EUR"
    assert v.send_at == NOW


@pytest.mark.parametrize("message", [..., None, "", "   \n"])
def test_104_message_missing_or_empty(message):
    e = only_error(preflight(request(message=message), now=NOW), 104)
    assert e.field == "message" and e.http_status == 400


def test_105_message_needs_more_parts_than_allowed():
    e = only_error(preflight(request(message="x" * 161), now=NOW), 105)
    assert "needs 2 parts as gsm (161 septets); parts allows 1" in e.description
    assert preflight(request(message="x" * 161, parts=2), now=NOW).ok


def test_105_beyond_what_a_concatenated_sms_can_address():
    e = only_error(preflight(request(message="x" * 153 * 256, parts=255), now=NOW), 105)
    assert "256 parts" in e.description


@pytest.mark.parametrize("parts", [0, -1, 256, "2", 2.0, True, None])
def test_110_parts_not_an_integer_in_range(parts):
    e = only_error(preflight(request(parts=parts), now=NOW), 110)
    assert e.field == "parts" and "from 1 to 255" in e.description


def test_110_follows_the_profile_maximum():
    e = only_error(preflight(request(parts=4), now=NOW, profile=Profile(max_parts=3)), 110)
    assert "from 1 to 3" in e.description


@pytest.mark.parametrize("encoding", ["latin1", "GSM", "auto", 7])
def test_113_unknown_encoding(encoding):
    e = only_error(preflight(request(encoding=encoding), now=NOW), 113)
    assert e.field == "encoding"
    assert preflight(request(encoding=encoding), now=NOW).parts is None


def test_113_alias_is_named_with_the_providers_name():
    e = only_error(preflight(request(encoding="unicode"), now=NOW), 113)
    assert "did you mean 'utf-16'?" in e.description


def test_113_message_the_encoding_cannot_represent_names_chars_and_suggests():
    e = only_error(preflight(request(message="Olá, está?"), now=NOW), 113)
    assert e.field == "message"
    assert "'á' (U+00E1) at 2, 'á' (U+00E1) at 8" in e.description
    assert e.description.endswith("gsm-pt can, in 1 part")


def test_113_suggests_utf16_when_nothing_narrower_can():
    e = only_error(preflight(request(message="Olá 😀" * 20), now=NOW), 113)
    assert e.description.endswith("utf-16 can, in 2 parts")  # 120 code units, 67 a part


def test_default_encoding_is_gsm_and_gsm_pt_when_asked():
    assert preflight(request(message="Olá"), now=NOW).errors[0].code == 113
    v = preflight(request(message="Olá", encoding="gsm-pt"), now=NOW)
    assert v.ok and v.encoding == "gsm-pt" and v.analysis.locking_shift == 3


@pytest.mark.parametrize("sender", [..., None, "", "   ", "\u3000"])
def test_106_sender_missing(sender):  # only blanks is none, as for the message (104)
    e = only_error(preflight(request(**{"from": sender}), now=NOW), 106)
    assert e.field == "from"


@pytest.mark.parametrize(
    ("sender", "ok"),
    [
        ("ABCDEFGHIJK", True),
        ("ABCDEFGHIJKL", False),
        ("1" * 15, True),
        ("1" * 16, False),
        ("1234 567890ab", False),
    ],
)
def test_107_sender_too_long(sender, ok):
    v = preflight(request(**{"from": sender}), now=NOW)
    if ok:
        assert v.ok
    else:
        assert "at most" in only_error(v, 107).description


@pytest.mark.parametrize(
    ("sender", "bad"), [("ACME!", "'!'"), ("Café", "'é'"), ("+351912", "'+'"), ("A_B", "'_'")]
)
def test_422_sender_with_special_characters(sender, bad):
    e = only_error(preflight(request(**{"from": sender}), now=NOW), 422)
    assert e.http_status == 422 and bad in e.description


def test_422_wrong_types_name_the_field():
    v = preflight(request(message=42, campaignName=7, **{"from": 12345}), now=NOW)
    assert sorted((e.code, e.field) for e in v.errors) == [
        (422, "campaignName"),
        (422, "from"),
        (422, "message"),
    ]


def test_422_lone_surrogate_in_the_message():
    e = only_error(preflight('{"to": ["351912345678"], "from": "A", "message": "a\\ud800"}', now=NOW), 422)
    assert "index 1" in e.description


@pytest.mark.parametrize("to", [..., [], None, {"a": 1}])
def test_102_no_recipients(to):
    assert only_error(preflight(request(to=to), now=NOW), 102).field == "to"


def test_102_every_invalid_recipient_is_listed():
    v = preflight(request(to=["+351912345678", "35191234567a", "999", "351212", ["x"]]), now=NOW)
    e = only_error(v, 102)
    assert "no '+'" in e.description and "only digits" in e.description
    assert [r.valid for r in v.recipients] == [False] * 5
    assert v.recipients[3].reason.startswith("not a valid PT number")
    assert v.total == 0 and v.total_sms_parts == 0


def test_invalid_recipients_beside_valid_ones_are_a_warning():
    v = preflight(request(to=["351912345678", "33612345678", "4412"]), prices=PRICES, now=NOW)
    assert v.ok and v.total == 2
    assert [r.country for r in v.recipients] == ["PT", "FR", None]
    assert any(w.rule == "invalid-recipient" and "'4412'" in w.message for w in v.warnings)
    assert v.cost == Decimal("0.011")


def test_a_recipient_that_is_no_text_says_what_it_is():
    v = preflight(request(to=[351912345678.0, None, True, 351912345678]), now=NOW)
    assert [r.reason for r in v.recipients[:3]] == [
        "a decimal number, not the digits of a number",
        "null, not the digits of a number",
        "a boolean, not the digits of a number",
    ]


def test_long_values_are_cut_in_the_messages():
    # A value of 100,000 characters is quoted by its start and its length, not whole.
    long = "9" * 100_000
    body = request(
        to=[long, "351912345678"], encoding=long, scheduleDate=long, notificationUrl="http://" + long
    ) | {long: 1, 7: 8}  # keys a Python caller may give: unknown fields, listed
    v = preflight(body, now=NOW)
    said = [e.description for e in v.errors] + [w.message for w in v.warnings]
    assert {e.code for e in v.errors} == {113, 108, 109}
    assert all(len(text) < 400 for text in said), said
    assert any("(100,000 characters)" in text for text in said)
    assert any("unknown" in w.rule and "7" in w.message for w in v.warnings)


def test_numbers_as_json_integers_and_a_single_string_are_recipients():
    assert preflight(request(to=[351912345678]), now=NOW).total == 1
    assert preflight(request(to="351912345678"), now=NOW).total == 1


def test_duplicates_are_counted_and_flagged():
    v = preflight(request(to=["351912345678", "351912345678"]), now=NOW)
    assert v.total_sms_parts == 2
    assert any(w.rule == "duplicate-recipient" for w in v.warnings)


@pytest.mark.parametrize(
    "value", ["20261301000000", "20260230120000", "2026-11-25", "2026112512000", 20261125120000]
)
def test_108_schedule_date_not_a_real_utc_time(value):
    e = only_error(preflight(request(scheduleDate=value), now=NOW), 108)
    assert e.field == "scheduleDate" and "YYYYmmddHHiiss" in e.description


@pytest.mark.parametrize("to", ["33612345678", "573001234567", "351912345678"])
def test_108_schedule_date_so_late_that_its_sending_window_falls_past_the_calendar(to):
    # The quiet-hours rules look up to a year ahead for the next window: from 9999-12-31 that
    # is past the last date Python's calendar holds, which once raised OverflowError.
    body = request(to=[to], message="Promo! STOP au 36111", scheduleDate="99991231230000")
    e = only_error(preflight(body, now=NOW), 108)
    assert e.field == "scheduleDate" and e.http_status == 400
    assert "9999-12-31T23:00:00+00:00" in e.description and "calendar" in e.description


def test_the_latest_schedule_date_with_room_for_its_windows_is_accepted():
    v = preflight(request(to=["33612345678"], message="Promo! STOP au 36111", scheduleDate="99981201000000"))
    assert v.ok, v.errors


def test_schedule_date_sets_the_send_time():
    v = preflight(request(scheduleDate="20261224183000"), now=NOW)
    assert v.send_at == datetime(2026, 12, 24, 18, 30, tzinfo=timezone.utc)


def test_past_schedule_goes_out_now_with_a_warning():
    v = preflight(request(scheduleDate="20200101000000"), now=NOW)
    assert v.ok and v.send_at == NOW
    assert "past-schedule" in [w.rule for w in v.warnings]


@pytest.mark.parametrize("value", ["20261131000000", "tomorrow", 1])
def test_119_expiration_not_a_real_time(value):
    assert only_error(preflight(request(expirationDate=value), now=NOW), 119).field == "expirationDate"


@pytest.mark.parametrize("expiration", ["20261201120000", "20261201115959"])
def test_119_expiration_not_after_the_schedule(expiration):
    v = preflight(request(scheduleDate="20261201120000", expirationDate=expiration), now=NOW)
    assert "is not after the send time 2026-12-01T12:00:00+00:00" in only_error(v, 119).description


def test_119_expiration_not_after_now_without_schedule():
    only_error(preflight(request(expirationDate="20261125115959"), now=NOW), 119)
    assert preflight(request(expirationDate="20261125120001"), now=NOW).ok


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/x",
        "/relative/path",
        "http://",
        "example.com",
        "https://a b.com",
        5,
        "http://[::1",
        "http://x.pt:99999/",
        # A host no DNS name or address is: a NUL, half of a surrogate pair, empty labels, a
        # percent sign, a label that starts with a hyphen.
        "http://ex\x00ample.com/",
        "http://\ud800.com/",
        "http://../",
        "http://%zz/",
        "http://10.0.0.1%zz/cb",  # a zone is an IPv6 address's alone
        "https://-cb.example.com/",
    ],
)
def test_109_notification_url_not_absolute_http(url):
    assert only_error(preflight(request(notificationUrl=url), now=NOW), 109).field == "notificationUrl"


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com/sms?id=1",
        "http://10.0.0.1:8080/cb",
        "",
        "https://bücher.example/cb",
        "http://[::1]:8080/cb",
        "http://[fe80::1%25eth0]/cb",
        "https://my_hooks.example.com./cb",
    ],
)
def test_http_notification_urls_pass(url):
    assert preflight(request(notificationUrl=url), now=NOW).ok


def test_111_cost_above_balance():
    body = request(to=["351912345678", "33612345678"], message="x" * 200, parts=2)
    e = only_error(preflight(body, prices=PRICES, balance="0.0219 EUR", now=NOW), 111)
    assert e.http_status == 402 and "0.022 EUR exceeds the balance 0.0219 EUR" in e.description
    assert preflight(body, prices=PRICES, balance=(Decimal("0.022"), "eur"), now=NOW).ok


def test_a_balance_says_its_currency_and_it_must_be_the_prices_one():
    with pytest.raises(ValueError, match="balance '0.05' needs its currency, such as '0.05 EUR'"):
        preflight(request(), prices=PRICES, balance="0.05", now=NOW)
    with pytest.raises(ValueError, match="balance 10 USD is in USD but .* prices are in EUR"):
        preflight(request(), prices=PRICES, balance="10 USD", now=NOW)
    with pytest.raises(ValueError, match="currency 'EUX' is not an ISO 4217 code"):
        preflight(request(), prices=PRICES, balance="10 EUX", now=NOW)


@pytest.mark.parametrize("amount", ["1_000", "\u0661\u0660", "\uff11\uff10"])
def test_a_balance_is_written_in_ascii_digits(amount):
    # Decimal takes underscores and the digits of every script; a balance of "1_000 EUR" was 1000.
    with pytest.raises(ValueError, match="is not a decimal number in ASCII digits"):
        preflight(request(), prices=PRICES, balance=f"{amount} EUR", now=NOW)


def test_balance_with_unknown_cost_is_a_warning_not_an_error():
    v = preflight(request(), balance="0 EUR", now=NOW)
    assert v.ok and any(w.rule == "balance-unchecked" for w in v.warnings)


def test_125_invalid_json_text_says_where():
    e = only_error(preflight('{"to": ["351912345678"],\n "from": "A" "message": "x"}', now=NOW), 125)
    assert e.description.startswith("invalid JSON at line 2 column 14")


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', b"\xff\xfe"])
def test_125_body_not_a_json_object(body):
    only_error(preflight(body, now=NOW), 125)


def test_json_text_and_bytes_are_accepted():
    text = json.dumps(request())
    assert preflight(text, now=NOW).ok and preflight(text.encode(), now=NOW).ok


def test_all_problems_are_reported_not_only_the_first():
    body = {
        "to": ["+351912345678"],
        "from": "ACME & SONS LTD",
        "message": "Olá",
        "parts": 0,
        "scheduleDate": "20261340000000",
        "expirationDate": "soon",
        "notificationUrl": "mailto:x@example.com",
        "priority": "high",
    }
    v = preflight(body, now=NOW)
    assert sorted(codes(v)) == [102, 107, 108, 109, 110, 113, 119, 422]
    assert any(w.rule == "unknown-field" and "priority" in w.message for w in v.warnings)
    d = v.to_dict()
    assert d["ok"] is False and len(d["errors"]) == 8
    assert {e["httpStatus"] for e in d["errors"]} == {400, 422}


def test_to_dict_in_the_providers_style():
    body = request(to=["351912345678", "33612345678", "573001234567"])
    d = preflight(body, prices=PRICES, now=NOW).to_dict()
    assert list(d) == [
        "ok",
        "errors",
        "warnings",
        "total",
        "totalSmsParts",
        "parts",
        "encoding",
        "cost",
        "currency",
        "recipients",
        "sendAt",
        "suggestions",
    ]
    assert d["cost"] is None and d["currency"] == "EUR" and d["sendAt"] == "2026-11-25T12:00:00+00:00"
    assert d["recipients"][0] == {
        "number": "351912345678",
        "country": "PT",
        "valid": True,
        "price": "0.005",
        "cost": "0.005",
    }
    json.dumps(d)


def test_caller_mistakes_are_exceptions():
    with pytest.raises(ValueError, match="timezone-aware"):
        preflight(request(), now=datetime(2026, 1, 1))
    with pytest.raises(TypeError, match="PriceTable"):
        preflight(request(), prices={"PT": 1})
    with pytest.raises(ValueError, match="not an amount with its currency"):
        preflight(request(), balance="lots")
    with pytest.raises(ValueError, match="max_parts"):
        Profile(max_parts=0)


def test_profile_gateway_options_change_the_part_count():
    body = request(message="x" * 306, parts=3)
    assert preflight(body, now=NOW).parts == 2  # 153 septets a part with an 8-bit reference
    assert preflight(body, now=NOW, profile=Profile(ref16=True)).parts == 3  # 152 with 16-bit


@pytest.mark.skipif(COMPILED is None, reason="the compiled engine is not built")
def test_both_back_ends_give_the_same_verdict():
    # This process runs the compiled engine; a child process runs the reference.
    assert nrs_codec.backend == "compiled"
    bodies = [
        request(message="Olá “mundo” " * 30, encoding="utf-16", parts=9),
        request(message="Olá “mundo” " * 30, encoding="gsm-pt", parts=2),
        request(message="€" * 153, parts=3),
        request(message="ж" * 500, encoding="gsm", parts=9),
    ]
    code = (
        "import json, sys, datetime, nrs_codec\n"
        "now = datetime.datetime.fromisoformat(sys.argv[2])\n"
        "out = [nrs_codec.preflight(b, prices=nrs_codec.example_prices(), now=now).to_dict()\n"
        "       for b in json.loads(sys.argv[1])]\n"
        "print(json.dumps([nrs_codec.backend, out]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("NRS_CODEC_")}
    env["NRS_CODEC_PUREPYTHON"] = "1"
    r = subprocess.run(
        [sys.executable, "-c", code, json.dumps(bodies), NOW.isoformat()],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=Path(__file__).parent,
    )
    backend, verdicts = json.loads(r.stdout)
    assert backend == "reference"
    assert verdicts == [preflight(b, prices=example_prices(), now=NOW).to_dict() for b in bodies]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
_fields = st.sampled_from(("to", "from", "message", "encoding", "parts", "scheduleDate", "expirationDate"))
_plausible = {
    "to": st.lists(
        st.sampled_from(["351912345678", "33612345678", "573001234567", "+1", "12", ""]), max_size=4
    ),
    "from": st.text(alphabet="AZaz09 !é", max_size=17),
    "message": st.text(alphabet="aZ €“”–…á😀\n", max_size=400),
    "encoding": st.sampled_from(["gsm", "gsm-pt", "utf-16", "ucs2", ""]),
    "parts": st.integers(-1, 300),
    "scheduleDate": st.sampled_from(["20261129130000", "20261399000000", ""]),
    "notificationUrl": st.sampled_from(["http://[::1", "https://x.example/cb", "x:y", "http://:80"]),
}


def _valid_number(digits: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse("+" + digits))
    except phonenumbers.NumberParseException:
        return False


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries({}, optional=_plausible),
    st.dictionaries(_fields | st.text(max_size=5), _json, max_size=3),
)
def test_any_body_gets_a_verdict_never_an_exception(plausible, noise):
    body = {**plausible, **noise}
    v = preflight(body, prices=PRICES, now=NOW)
    d = json.loads(json.dumps(v.to_dict()))
    assert d["ok"] is (not v.errors)
    assert all(e["code"] in ERRORS and e["httpStatus"] == ERRORS[e["code"]][0] for e in d["errors"])
    if v.parts is not None:
        # Parts from the message alone, valid recipients from phonenumbers alone.
        assert v.parts == nrs_codec.analyze(body["message"], v.encoding).parts
        to = body.get("to") if isinstance(body.get("to"), list) else [body.get("to")]
        digits = [str(t) if type(t) is int else t for t in to]
        valid = [t for t in digits if isinstance(t, str) and t.isascii() and t.isdigit() and _valid_number(t)]
        assert v.total == len(valid) and v.total_sms_parts == v.parts * len(valid)


def test_cli_use_does_not_shadow_the_preflight_function(tmp_path, capsys):
    from nrs_codec.cli import main

    req = tmp_path / "r.json"
    req.write_text(json.dumps(request()), encoding="utf-8")
    assert main(["preflight", str(req)]) == 0
    capsys.readouterr()
    assert nrs_codec.preflight.__module__ == "nrs_codec.provider.preflight"
    assert nrs_codec.preflight(request(), now=NOW).ok


def test_a_huge_message_in_the_wrong_alphabet_is_answered_from_what_the_answer_needs():
    # 2,000,000 Cyrillic letters forced into gsm: every letter is an offender, but the error keeps
    # the first ones and counts the rest, and even utf-16 cannot address it.
    body = {
        "to": ["351912345678"],
        "from": "NRS",
        "encoding": "gsm",
        "parts": 255,
        "message": "ж" * 2_000_000,
    }
    v = preflight(body, now=NOW)
    (error,) = v.errors
    assert error.code == 113
    assert "'ж' (U+0436) at 4 and 1999995 more" in error.description
    assert "even utf-16 needs 29851 parts" in error.description
    assert not [w for w in v.warnings if w.rule == "smart-encoding"]
