"""Addresses of every type, first-octet flags, TP-VP in its three formats, TP-DCS groups, and
SMS-DELIVER encoding: vectors and round trips."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from gsmmodem.pdu import decodeSmsPdu
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec import (
    Address,
    EnhancedValidity,
    MessageWaiting,
    decode_pdu,
    decode_user_data,
    deliver_pdu,
    encode,
    read_data_coding,
)
from nrs_codec.wire.address import address_field, read_address
from nrs_codec.wire.tpdu import Reader

WHEN = datetime(2026, 11, 27, 22, 45, 0, tzinfo=timezone(timedelta(hours=-3)))


@pytest.mark.parametrize(
    ("field", "address"),
    [
        # python-gsmmodem, test/test_pdu.py (TestSmsPduAddressFields).
        ("0A918967452301", Address("9876543210", 1, 1)),
        ("0B917228195339F4", Address("27829135934", 1, 1)),
        ("06D061F118", Address("abc", 5, 0)),
        ("0ED04669D0397C26A7", Address("FRANCOIS", 5, 0)),
        ("14D0E10D6FE3DBA036A94D19", Address("a[]{}€", 5, 0)),  # 11 septets: 20 semi-octets
        ("0AA11092997856", Address("0129998765", 2, 1)),  # a national number
        # smspdudecoder, fields.py (Address.decode docstring).
        ("0BD0CDE6DB5DCE03", Address("MMoney", 5, 0)),
        ("14D0C4F23C7D760390EF7619", Address("Design@Home", 5, 0)),
    ],
)
def test_address_fields_from_public_vectors_read_and_write(field, address):
    assert read_address(Reader(bytes.fromhex(field)), "TP-OA") == address
    assert address_field(address).hex().upper() == field


@pytest.mark.parametrize(
    ("value", "kind", "toa", "number"),
    [
        ("+351912345678", None, 0x91, "351912345678"),
        ("351912345678", None, 0x91, "351912345678"),
        ("912345678", "national", 0xA1, "912345678"),
        ("4242", "unknown", 0x81, "4242"),
        ("*123#", "unknown", 0x81, "*123#"),
        ("MyShop", None, 0xD0, "MyShop"),
        ("12345", "alphanumeric", 0xD0, "12345"),
    ],
)
def test_address_parse(value, kind, toa, number):
    address = Address.parse(value, kind)
    assert (address.type_of_address, address.number) == (toa, number)
    pdu = encode("hi")[0].to_submit_pdu(value, destination_type=kind)
    assert decode_pdu(pdu).address == address


@pytest.mark.parametrize(
    ("value", "kind", "error", "message"),
    [
        (
            "351 91",
            None,
            ValueError,
            "address must be 1 to 20 digits with the country prefix, or alphanumeric",
        ),
        ("+35191", "national", ValueError, "address must be 1 to 20 digits, \\* or #, not '\\+35191'"),
        ("Shop&Co€€€€€", None, ValueError, "takes 17 septets; an alphanumeric address holds 1 to 11"),
        ("Olà中", None, ValueError, "'中' is not in the GSM 7-bit default alphabet"),
        ("123", "private", ValueError, "address type must be one of international, national"),
        (123, None, TypeError, "address must be str or Address, not int"),
    ],
)
def test_bad_addresses(value, kind, error, message):
    with pytest.raises(error, match=message):
        Address.parse(value, kind)


def test_submit_flags_and_pid():
    pdu = encode("hi")[0].to_submit_pdu(
        "351", reject_duplicates=True, reply_path=True, status_report=True, protocol_identifier=0x41
    )
    d = decode_pdu(pdu)
    assert pdu[1] == 0x01 | 0x04 | 0x20 | 0x80
    assert (d.reject_duplicates, d.reply_path, d.status_report, d.protocol_identifier) == (
        True,
        True,
        True,
        0x41,
    )
    assert (d.more_messages, d.loop_prevention) == (False, False)
    with pytest.raises(TypeError, match="reply_path must be True or False"):
        encode("hi")[0].to_submit_pdu("351", reply_path=1)
    with pytest.raises(ValueError, match="protocol_identifier must be an int from 0 to 255"):
        encode("hi")[0].to_submit_pdu("351", protocol_identifier=256)


def test_deliver_from_an_alphanumeric_sender_matches_the_known_vector():
    # tests/test_pdu.py's alphanumeric DELIVER, written back: first octet 0x04 (no more messages).
    when = datetime(2026, 11, 27, 22, 45, 0, tzinfo=timezone(timedelta(hours=-3)))
    [seg] = encode("hi")
    assert (
        seg.to_deliver_pdu("MMoney", timestamp=when).hex().upper()
        == "00040BD0CDE6DB5DCE0300006211722254002902E834"
    )
    d = decode_pdu(seg.to_deliver_pdu("MMoney", timestamp=when, more_messages=True, reply_path=True))
    assert (d.more_messages, d.reply_path, d.timestamp, d.text) == (True, True, when, "hi")


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.sampled_from("abc€ãõ中 "), max_size=300),
    st.sampled_from(["+351912345678", "MyShop", "4242"]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.integers(0, 255),
)
def test_deliver_round_trips_with_every_flag(text, originator, mms, lp, sri, rp, pid):
    kind = "unknown" if originator == "4242" else None
    for seg in encode(text, reference=3):
        pdu = seg.to_deliver_pdu(
            originator, timestamp=WHEN, more_messages=mms, loop_prevention=lp, status_report=sri,
            reply_path=rp, protocol_identifier=pid, originator_type=kind, smsc="351911000000",
        )  # fmt: skip
        d = decode_pdu(pdu)
        assert (d.kind, d.address, d.timestamp, d.text) == (
            "SMS-DELIVER",
            Address.parse(originator, kind),
            WHEN,
            seg.text,
        )
        assert (d.more_messages, d.loop_prevention, d.status_report, d.reply_path) == (mms, lp, sri, rp)
        assert (d.protocol_identifier, d.smsc.number, d.user_data.concatenation) == (
            pid,
            "351911000000",
            seg.concatenation,
        )
        if seg.encoding == "gsm" and pid == 0:
            # python-gsmmodem reads the originator (international with '+'), the time and the text.
            got = decodeSmsPdu(pdu.hex())
            assert got["number"] == ("+351912345678" if originator.startswith("+") else originator)
            assert got["time"] == WHEN and got["text"] == seg.text


@pytest.mark.parametrize(
    ("validity", "octets"),
    [
        (EnhancedValidity(timedelta(seconds=30)), "021E0000000000"),  # format 2: integer seconds
        # Single shot, format 3: 25:00:07 in swapped semi-octets.
        (EnhancedValidity(timedelta(hours=25, seconds=7), single_shot=True), "43520070000000"),
        (EnhancedValidity(timedelta(days=3)), "03270000000000"),  # format 3: 72:00:00
        (EnhancedValidity(timedelta(days=5)), "01AB0000000000"),  # format 1, past 99:59:59: relative
        (EnhancedValidity(None), "00000000000000"),
    ],
)
def test_enhanced_validity_round_trips(validity, octets):
    written = validity.to_octets()
    assert written.hex().upper() == octets
    d = decode_pdu(encode("hi")[0].to_submit_pdu("351", validity=validity))
    assert d.first_octet >> 3 & 3 == 1
    assert d.validity == validity
    assert d.validity.octets == written


def test_enhanced_validity_formats_and_errors():
    assert EnhancedValidity(timedelta(seconds=30), format="relative").to_octets().hex() == "01000000000000"
    with pytest.raises(ValueError, match="not whole seconds from 0 to 255 s"):
        EnhancedValidity(timedelta(seconds=300), format="seconds").to_octets()
    with pytest.raises(ValueError, match="format 'none' does not fit"):
        EnhancedValidity(timedelta(seconds=3), format="none").to_octets()
    # Reserved format 5 keeps no period; an extension octet shifts the fields by one.
    reserved = decode_pdu("0009000291530000" + "05000000000000" + "00").validity
    assert (reserved.period, reserved.format) == (None, "reserved")
    extended = decode_pdu("0009000291530000" + "8200" + "1E00000000" + "00").validity
    assert (extended.period, extended.format) == (timedelta(seconds=30), "seconds")
    with pytest.raises(ValueError, match="00:61:00 is not a valid period"):
        decode_pdu("0009000291530000" + "03001600000000" + "00")


@pytest.mark.parametrize(
    ("dcs", "alphabet", "waiting", "auto_delete"),
    [
        (0xC0, "gsm7", MessageWaiting(False, "voicemail", False), False),
        (0xC8, "gsm7", MessageWaiting(True, "voicemail", False), False),
        (0xD9, "gsm7", MessageWaiting(True, "fax", True), False),
        (0xD2, "gsm7", MessageWaiting(False, "email", True), False),
        (0xEB, "ucs2", MessageWaiting(True, "other", True), False),
        (0x40, "gsm7", None, True),
        (0x48, "ucs2", None, True),
    ],
)
def test_message_waiting_and_automatic_deletion_groups(dcs, alphabet, waiting, auto_delete):
    coding = read_data_coding(dcs)
    assert (coding.alphabet, coding.waiting, coding.auto_delete, coding.message_class) == (
        alphabet, waiting, auto_delete, None,
    )  # fmt: skip
    ud = b"\x00a" if alphabet == "ucs2" else b"\xe1\x00"
    assert decode_user_data(ud, 2, dcs, udhi=False).waiting == waiting


def test_deliver_pdu_checks_what_it_is_given():
    with pytest.raises(TypeError, match="user_data must be bytes, not str"):
        deliver_pdu("hi", 2, 0, False, "351")
    with pytest.raises(ValueError, match="udl must be an int from 0 to 255"):
        deliver_pdu(b"", 256, 0, False, "351")
    with pytest.raises(ValueError, match="timestamp .* needs a time zone"):
        deliver_pdu(b"", 0, 0, False, "351", timestamp=datetime(2030, 1, 1))
