"""8-bit messages and application ports: encode_binary, capacities, public WAP push vectors, round
trips, and cross-checks with smspdudecoder and python-gsmmodem."""

from __future__ import annotations

from io import StringIO

import pytest
from gsmmodem.pdu import Concatenation as GsmConcatenation
from gsmmodem.pdu import PortAddress, decodeSmsPdu
from hypothesis import given, settings
from hypothesis import strategies as st
from smspdudecoder.fields import SMSDeliver, SMSSubmit

from nrs_codec import (
    Address,
    Ports,
    TooManyPartsError,
    binary_capacity,
    decode_pdu,
    decode_user_data,
    encode_binary,
    reassemble,
)

# pmarti/python-messaging, messaging/test/test_wap.py (test_decoding_generic_wap_push): a WAP push
# (service indication) in two SMS-DELIVER parts: TP-DCS 0xF5 (8-bit, class 1), ports 2948 <- 9200
# and 8-bit concatenation reference 150.
WAP_PUSH = [
    "0791947122725014440C8500947122921105F5112042519582408C0B05040B8423F0000396020101060B03AE81EAC3958D01A2"
    "B48403056A0A20566F6461666F6E650045C60C037761702E6D65696E63616C6C79612E64652F000801035A756D206B6F737465"
    "6E6C6F73656E20506F7274616C20224D65696E0083000322202D2065696E66616368206175662064656E20666F6C67656E6465"
    "6E204C696E6B206B6C69636B656E",
    "0791947122725014440C8500947122921105F5112042519592403C0B05040B8423F00003960202206F6465722064696520536569"
    "746520646972656B7420617566727566656E2E2049687200830003205465616D000101",
]
WAP_PUSH_DATA = (
    b"\x01\x06\x0b\x03\xae\x81\xea\xc3\x95\x8d\x01\xa2\xb4\x84\x03\x05j\n Vodafone\x00E\xc6\x0c\x03wap."
    b'meincallya.de/\x00\x08\x01\x03Zum kostenlosen Portal "Mein\x00\x83\x00\x03" - einfach auf den '
    b"folgenden Link klicken oder die Seite direkt aufrufen. Ihr\x00\x83\x00\x03 Team\x00\x01\x01"
)
# The same file (test_decoding_m_notification_ind): an MMS notification, 16-bit reference 40846.
MMS_NOTIFICATION = [
    "0791447758100650400E80885810000000810004016082415464408C0C08049F8E020105040B8423F00106226170706C69636174"
    "696F6E2F766E642E7761702E6D6D732D6D65737361676500AF848C82984E4F4B3543694B636F544D595347344D425377414173"
    "4B7631344655484141414141414141008D908919802B3434373738353334323734392F545950453D504C4D4E008A808E027400"
    "8805810301194083687474703A2F",
    "0791447758100650440E8088581000000081000401608241547440440C08049F8E020205040B8423F02F70726F6D6D732F7365"
    "72766C6574732F4E4F4B3543694B636F544D595347344D4253774141734B763134465548414141414141414100",
]


def test_a_wap_push_from_python_messaging_decodes_and_reencodes_byte_for_byte():
    parts = [decode_pdu(p) for p in WAP_PUSH]
    assert [p.user_data.ports for p in parts] == [Ports(2948, 9200)] * 2
    assert [(p.user_data.message_class, p.user_data.concatenation.reference) for p in parts] == [(1, 150)] * 2
    assert parts[0].address == Address("004917222911", 0, 5)
    assert reassemble(parts[::-1]) == WAP_PUSH_DATA
    segments = encode_binary(WAP_PUSH_DATA, ports=(2948, 9200), reference=150, message_class=1)
    for segment, part, pdu in zip(segments, parts, WAP_PUSH, strict=True):
        again = segment.to_deliver_pdu(
            part.address,
            timestamp=part.timestamp,
            smsc=part.smsc,
            protocol_identifier=part.protocol_identifier,
        )
        assert again.hex().upper() == pdu


@pytest.mark.parametrize("pdu", WAP_PUSH + MMS_NOTIFICATION)
def test_independent_decoders_read_the_push_vectors_as_we_do(pdu):
    ours = decode_pdu(pdu)
    got = SMSDeliver.decode(StringIO(pdu))
    assert got["user_data"]["data"] == ours.user_data.payload
    ports = [e["data"] for e in got["user_data"]["header"]["elements"] if e["iei"] == 0x05]
    assert ports == ["0B8423F0"]
    modem = decodeSmsPdu(pdu)
    if ours.data_coding & 0xC0 == 0:  # python-gsmmodem reads TP-DCS 0xF0-0xFF as 7-bit text
        assert modem["text"] == ours.user_data.payload.decode("latin-1")
    [port] = [e for e in modem["udh"] if isinstance(e, PortAddress)]
    assert (port.destination, port.source) == (ours.user_data.ports.destination, ours.user_data.ports.source)


def test_an_mms_notification_with_a_16bit_reference():
    parts = [decode_pdu(p) for p in MMS_NOTIFICATION]
    assert parts[0].address == Address("88850100000018", 0, 0)
    assert [p.user_data.concatenation.ref16 for p in parts] == [True, True]
    assert [p.more_messages for p in parts] == [True, False]  # TP-MMS 0 in the first, 1 in the last
    data = reassemble(parts)
    assert data.startswith(b"\x01\x06\x22application/vnd.wap.mms-message\x00")
    assert data.endswith(b"http://promms/servlets/NOK5CiKcoTMYSG4MBSwAAsKv14FUHAAAAAAAA\x00")


def test_8bit_submit_from_python_gsmmodem_tests():
    # python-gsmmodem, test/test_pdu.py (TestSmsPdu.test_decode, "8-bit data coding").
    d = decode_pdu("0591721891F101000B917228214365F700040C48656C6C6F20776F726C6421")
    assert (d.kind, d.address.number, d.text, d.user_data.payload) == (
        "SMS-SUBMIT", "27821234567", None, b"Hello world!",
    )  # fmt: skip


def test_port_elements_match_python_gsmmodem_and_the_vcard_header():
    # python-gsmmodem, test/test_pdu.py (TestUdhPortAddress): 8-bit ports 100 <- 50, 16-bit 1234 <- 5222.
    assert Ports(100, 50, wide=False).element == bytes.fromhex("04026432")
    assert Ports(1234, 5222).element == bytes.fromhex("050404D21466")
    # Sinch's SMS API binary-message example: a vCard between the vCard ports, UDH 06050423F423F4.
    [segment] = encode_binary(b"BEGIN:VCARD\r\nEND:VCARD\r\n", ports=(9204, 9204))
    assert segment.udh == bytes.fromhex("06050423F423F4")
    assert (segment.data_coding, segment.text, segment.encoding, segment.esm_class) == (
        0x04,
        None,
        "8bit",
        0x40,
    )
    assert segment.short_message() == segment.user_data == segment.udh + segment.payload


@pytest.mark.parametrize(
    ("ports", "ref16", "single", "multi"),
    [
        (None, False, 140, 134),
        (None, True, 140, 133),
        (Ports(9, 9, wide=False), False, 135, 130),
        ((2948, 9200), False, 133, 128),
        ((2948, 9200), True, 133, 127),
    ],
)
def test_capacity_per_part(ports, ref16, single, multi):
    assert binary_capacity(ports=ports, ref16=ref16) == single
    assert binary_capacity(ports=ports, ref16=ref16, concatenated=True) == multi
    assert [s.units for s in encode_binary(bytes(single), ports=ports, ref16=ref16)] == [single]
    parts = encode_binary(bytes(single + 1), ports=ports, ref16=ref16, reference=1)
    assert [s.units for s in parts] == [multi, single + 1 - multi]
    assert all(len(s.user_data) <= 140 for s in parts)


def test_message_class_and_bad_arguments():
    assert [encode_binary(b"x", message_class=c)[0].data_coding for c in range(4)] == [0xF4, 0xF5, 0xF6, 0xF7]
    assert decode_user_data(b"\x00", 1, 0xF6, udhi=False).message_class == 2
    with pytest.raises(ValueError, match="message_class must be None or an int from 0 to 3"):
        encode_binary(b"x", message_class=4)
    with pytest.raises(TypeError, match="data must be bytes, not str"):
        encode_binary("text")
    with pytest.raises(ValueError, match="destination port must be an int from 0 to 255"):
        encode_binary(b"x", ports=Ports(256, 0, wide=False))
    with pytest.raises(TypeError, match="ports must be a Ports or a"):
        encode_binary(b"x", ports=2948)
    with pytest.raises(TooManyPartsError, match="256 parts as 8bit"):
        encode_binary(bytes(134 * 256), reference=0)
    with pytest.raises(ValueError, match="application port element 0x05 has 3 data octets, not 4"):
        decode_user_data(b"\x05\x05\x03\x01\x02\x03", 6, 0x04)


@settings(max_examples=150, deadline=None)
@given(
    # Up to 255 parts of the smallest capacity: 127 octets with 16-bit ports and reference.
    st.binary(max_size=2000) | st.binary(min_size=30000, max_size=255 * 127),
    st.none() | st.tuples(st.integers(0, 65535), st.integers(0, 65535)),
    st.booleans(),
    st.integers(0, 255),
    st.randoms(use_true_random=False),
)
def test_any_data_round_trips_through_segments_pdus_and_reassembly(data, ports, ref16, ref, rnd):
    segments = encode_binary(data, ports=ports, reference=ref, ref16=ref16)
    assert b"".join(s.payload for s in segments) == data
    decoded = []
    for n, s in enumerate(segments, start=1):
        assert len(s.user_data) == s.udl <= 140
        d = decode_pdu(s.to_submit_pdu("351912345678"))
        assert d.user_data.ports == (Ports(*ports) if ports else None)
        assert d.user_data.payload == s.payload
        if len(segments) > 1:
            assert (d.user_data.concatenation.number, d.user_data.concatenation.ref16) == (n, ref16)
        decoded.append(d)
    rnd.shuffle(decoded)
    assert reassemble(decoded) == data


@settings(max_examples=100, deadline=None)
@given(
    st.binary(max_size=600),
    st.integers(0, 255),
    st.none() | st.tuples(st.integers(0, 65535), st.integers(0, 65535)),
)
def test_smspdudecoder_reads_our_8bit_pdus(data, ref, ports):
    for s in encode_binary(data, ports=ports, reference=ref):
        got = SMSSubmit.decode(StringIO(s.to_submit_pdu("351912345678").hex().upper()))
        assert got["dcs"] == {"encoding": "binary"}
        assert got["user_data"]["data"] == s.payload
        elements = got["user_data"]["header"]["elements"] if s.udh else []
        assert [e["iei"] for e in elements] == [0x05] * bool(ports) + [0x00] * bool(s.concatenation)
        if ports:
            assert elements[0]["data"].upper() == s.ports.element[2:].hex().upper()


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600), st.integers(0, 255), st.tuples(st.integers(0, 65535), st.integers(0, 65535)))
def test_python_gsmmodem_reads_our_8bit_pdus(data, ref, ports):
    for s in encode_binary(data, ports=ports, reference=ref):
        got = decodeSmsPdu(s.to_submit_pdu("351912345678").hex())
        # It reads 8-bit data as one character per octet.
        assert got["text"] == s.payload.decode("latin-1")
        [port, *concatenation] = got["udh"]
        assert isinstance(port, PortAddress) and (port.destination, port.source) == ports
        if s.concatenation:
            [c] = concatenation
            assert isinstance(c, GsmConcatenation)
            assert (c.reference, c.parts, c.number) == (ref, s.concatenation.total, s.concatenation.number)


def test_reference_is_random_when_not_given():
    refs = {encode_binary(bytes(300))[0].concatenation.reference for _ in range(30)}
    assert len(refs) > 1
