"""SMS-SUBMIT PDUs from Segment.to_submit_pdu, decode_pdu, and a cross-check with smspdudecoder."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from io import StringIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from smspdudecoder.fields import SMSSubmit

from nrs_codec import Address, decode_pdu, decode_user_data, encode, reassemble
from nrs_codec._generated.tables import LOCKING, SINGLE
from nrs_codec.wire.validity import relative_period, relative_validity

GSM_CHARS = sorted(chr(cp) for cp in (*LOCKING[0].values(), *SINGLE[0].values()))


def test_submit_pdu_of_hellohello():
    [seg] = encode("hellohello")
    pdu = seg.to_submit_pdu("351912345678", message_reference=7)
    # SMSC 00 | first octet 01 (SMS-SUBMIT, no VP) | MR 07 | DA: 12 digits, international, swapped |
    # PID 00 | DCS 00 | UDL 0A | the packed text.
    assert pdu.hex().upper() == "0001070C9153912143658700000AE8329BFD4697D9EC37"
    assert len(pdu) - 1 - pdu[0] == 22  # what AT+CMGS=<n> takes


def test_submit_pdu_with_smsc_udh_validity_and_status_report():
    seg = encode("x" * 200, reference=3)[0]
    pdu = seg.to_submit_pdu(
        "+4479", smsc="447785016005", validity=timedelta(days=2), status_report=True, message_reference=255
    )
    # SMSC field | first octet 0x71: SMS-SUBMIT, relative VP, status report, UDHI | MR | DA | PID |
    # DCS | VP 0xA8 (2 days) | UDL 0xA0 (160 septets).
    assert pdu.hex().upper().startswith("079144775810065071FF049144970000A8A0")
    d = decode_pdu(pdu)
    assert d.smsc == Address("447785016005", 1, 1)
    assert (d.kind, d.address.number, d.address.international) == ("SMS-SUBMIT", "4479", True)
    assert (d.message_reference, d.status_report, d.validity) == (255, True, timedelta(days=2))
    assert d.user_data.concatenation.number == 1 and d.text == seg.text


def test_absolute_validity_round_trips():
    when = datetime(2026, 11, 27, 22, 45, 0, tzinfo=timezone(timedelta(hours=-3)))
    pdu = encode("hi")[0].to_submit_pdu("351", validity=when)
    assert pdu[1] >> 3 & 3 == 3
    assert pdu[9:16] == bytes.fromhex("62117222540029")  # -3 h is 12 quarters, sign bit 0x08
    assert decode_pdu(pdu).validity == when


@pytest.mark.parametrize(
    ("period", "vp", "back"),
    [
        (timedelta(minutes=1), 0, timedelta(minutes=5)),
        (timedelta(hours=12), 143, timedelta(hours=12)),
        (timedelta(hours=12, minutes=1), 144, timedelta(hours=12, minutes=30)),
        (timedelta(hours=24), 167, timedelta(hours=24)),
        (timedelta(hours=25), 168, timedelta(days=2)),
        (timedelta(days=30), 196, timedelta(days=30)),
        (timedelta(days=31), 197, timedelta(weeks=5)),
        (timedelta(weeks=63), 255, timedelta(weeks=63)),
    ],
)
def test_relative_validity_rounds_up_to_a_period_the_format_holds(period, vp, back):
    assert relative_validity(period) == vp
    assert relative_period(vp) == back


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"destination": "351 91"}, ValueError, "destination must be 1 to 20 digits"),
        ({"destination": ""}, ValueError, "destination must be"),
        ({"destination": "1" * 21}, ValueError, "destination must be"),
        ({"destination": 351}, TypeError, "destination must be str"),
        ({"smsc": "abc"}, ValueError, "smsc must be"),
        ({"message_reference": 256}, ValueError, "message_reference must be an int from 0 to 255"),
        ({"validity": timedelta(0)}, ValueError, "positive period"),
        ({"validity": timedelta(weeks=64)}, ValueError, "longer than the 63 weeks"),
        ({"validity": datetime(2030, 1, 1)}, ValueError, "needs a time zone"),
        ({"validity": 60}, TypeError, "validity must be a timedelta or an aware datetime"),
        (
            {"validity": datetime(2030, 1, 1, tzinfo=timezone(timedelta(minutes=10)))},
            ValueError,
            "quarter hours",
        ),
    ],
)
def test_bad_submit_arguments(kwargs, error, message):
    kwargs = {"destination": "351912345678", **kwargs}
    with pytest.raises(error, match=message):
        encode("hi")[0].to_submit_pdu(kwargs.pop("destination"), **kwargs)


def test_deliver_pdu_with_time_stamp():
    # A widely quoted SMS-DELIVER: SMSC 27381000015, sender 27838890001, 1999-03-29 15:16:59 +02:00.
    d = decode_pdu("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37")
    assert d.kind == "SMS-DELIVER"
    assert d.smsc == Address("27381000015", 1, 1)
    assert d.address == Address("27838890001", 4, 8)
    assert d.timestamp == datetime(1999, 3, 29, 15, 16, 59, tzinfo=timezone(timedelta(hours=2)))
    assert d.text == "hellohello"


def test_deliver_from_an_alphanumeric_sender():
    d = decode_pdu("00040BD0CDE6DB5DCE0300006211722254000002E834", smsc=True)
    assert d.address == Address("MMoney", 5, 0)
    assert d.text == "hi"


def test_bare_tpdu_without_smsc_field():
    pdu = encode("hi")[0].to_submit_pdu("351")
    assert decode_pdu(pdu[1:], smsc=False).text == "hi"


@pytest.mark.parametrize(
    ("pdu", "message"),
    [
        ("0011zz", "PDU is not hexadecimal"),
        ("", "PDU truncated: SMSC address length needs 1 octets at offset 0, 0 remain"),
        ("07917283", "PDU truncated: SMSC address needs 6 octets at offset 2, 2 remain"),
        ("0002", "PDU truncated: TP-MR needs 1 octets at offset 2"),  # TP-MTI 2: a STATUS-REPORT
        ("000100", "PDU truncated: TP-DA length"),
        ("00010016", "TP-DA length 22 exceeds the 20 digits"),
        ("0001000491", "PDU truncated: TP-DA needs 2 octets"),
        ("0001000491F521", "TP-DA holds a filler semi-octet inside its digits"),
        ("00010002915300", "PDU truncated: TP-DCS"),
        ("00110002915300000A", "PDU truncated: TP-UDL"),
        ("000100029153000002E8", "user data truncated: TP-UDL 2 septets need 2 octets, got 1"),
        ("000100029153000002E83400", "TP-UDL disagrees with the user data"),
        ("0019000291530000", "PDU truncated: TP-VP needs 7 octets"),
        ("0019000291530000A211722254002900", "TP-VP A2117222540029 holds a semi-octet that is not a digit"),
        ("001900029153000062137222540029", "TP-VP 62137222540029 is not a valid time"),
    ],
)
def test_bad_pdus_are_value_errors_naming_the_field(pdu, message):
    with pytest.raises(ValueError, match=message):
        decode_pdu(pdu)


@pytest.mark.parametrize("scts", ["A2117222540029", "62137222540029"])
def test_a_deliver_whose_tp_scts_is_not_a_time_is_read_with_the_octets_as_received(scts):
    d = decode_pdu("00040291530000" + scts + "0100")
    assert d.kind == "SMS-DELIVER" and d.text == "@"
    assert d.timestamp is None and d.timestamp_octets == bytes.fromhex(scts)


def test_pdu_must_be_bytes_or_text():
    with pytest.raises(TypeError, match="pdu must be bytes or hexadecimal str"):
        decode_pdu(1234)


def assert_read_back(d, data: bytes) -> None:
    """What a decode that succeeds must give: one of the TPDU kinds, octet-sized fields, user
    data whose text (when it has one) is a str, and a header that is the start of the user data."""
    from nrs_codec import Command, DecodedPdu, Report, StatusReport

    assert isinstance(d, (DecodedPdu, StatusReport, Command, Report)), type(d)
    if isinstance(d, DecodedPdu):
        assert d.kind in ("SMS-SUBMIT", "SMS-DELIVER")
        assert all(0 <= v <= 0xFF for v in (d.first_octet, d.protocol_identifier, d.data_coding))
        ud = d.user_data
        assert ud.text is None or isinstance(ud.text, str)
        assert ud.udh == b"" or ud.udh[0] == len(ud.udh) - 1
        assert len(ud.payload) <= len(data)


@settings(max_examples=1500, deadline=None)
@given(st.binary(max_size=180), st.booleans())
def test_arbitrary_bytes_only_ever_raise_value_error(data, smsc):
    try:
        d = decode_pdu(data, smsc=smsc)
    except ValueError:
        return
    assert_read_back(d, data)


@settings(max_examples=1000, deadline=None)
@given(st.binary(min_size=1, max_size=60))
def test_corrupted_valid_pdus_only_ever_raise_value_error(tail):
    pdu = encode("x" * 200, reference=1)[0].to_submit_pdu("351912345678", validity=timedelta(hours=1))
    cut = tail[0] % len(pdu)
    data = pdu[:cut] + tail[1:]
    try:
        d = decode_pdu(data)
    except ValueError:
        return
    assert_read_back(d, data)


def _independent(pdu: bytes) -> dict:
    return SMSSubmit.decode(StringIO(pdu.hex().upper()))


@settings(max_examples=150, deadline=None)
@given(
    st.text(st.sampled_from(GSM_CHARS), max_size=400),
    st.integers(0, 255),
    st.sampled_from([None, timedelta(hours=6)]),
)
def test_gsm_pdus_read_the_same_in_smspdudecoder(text, ref, validity):
    for seg in encode(text, "gsm", reference=ref):
        got = _independent(seg.to_submit_pdu("351912345678", smsc="351911000000", validity=validity))
        assert got["recipient"]["number"] == "351912345678"
        assert got["smsc"]["number"] == "351911000000"
        assert got["dcs"] == {"encoding": "gsm"}
        # smspdudecoder cuts its decoded text at TP-UDL counted in characters, not septets, so with
        # escapes it keeps padding septets: zero bits, read as '@'.
        data = got["user_data"]["data"]
        assert data[: len(seg.text)] == seg.text
        assert set(data[len(seg.text) :]) <= {"@"}
        assert len(data) - len(seg.text) <= seg.septets.count(0x1B) + 1
        assert got["header"]["udhi"] == bool(seg.udh)
        if seg.concatenation:
            [element] = got["user_data"]["header"]["elements"]
            c = seg.concatenation
            assert element["data"] == {"reference": ref, "parts_count": c.total, "part_number": c.number}
        if validity:  # (smspdudecoder reads this octet's period as 5 minutes short of TS 23.040's)
            assert got["vp"] == 71


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=300), st.booleans())
def test_utf16_pdus_read_the_same_in_smspdudecoder(text, ref16):
    for seg in encode(text, "utf-16", reference=513 if ref16 else 2, ref16=ref16):
        got = _independent(seg.to_submit_pdu("4479"))
        assert got["dcs"] == {"encoding": "ucs2"}
        assert got["user_data"]["data"] == seg.text
        if seg.concatenation:
            [element] = got["user_data"]["header"]["elements"]
            assert element["iei"] == (0x08 if ref16 else 0x00)
            assert element["data"]["reference"] == seg.concatenation.reference
            assert element["data"]["part_number"] == seg.concatenation.number


def test_pdus_of_a_long_message_reassemble_in_any_order():
    text = "Olá! Confirmação do pedido nº 42. " * 12
    segments = encode(text, reference=0xBEEF, ref16=True)
    pdus = [decode_pdu(s.to_submit_pdu("351912345678").hex()) for s in segments]
    assert [p.user_data.concatenation.ref16 for p in pdus] == [True] * len(segments)
    assert reassemble(pdus[::-1]) == text


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(GSM_CHARS), max_size=80))
def test_we_read_smspdudecoders_packing(text):
    from smspdudecoder.codecs import GSM

    septets = len(text.encode("gsm03.38"))
    packed = bytes.fromhex(GSM.encode(text))
    assert decode_user_data(packed, septets, 0x00, udhi=False).text == text
