"""decode_user_data(): header elements, shift tables, TP-DCS, and every kind of bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec import Concatenation, InformationElement, decode_user_data, encode
from nrs_codec.core.engine import pack
from nrs_codec.wire.userdata import fill_bits, header_septets, read_dcs


def test_fill_bits_and_header_septets_for_the_usual_headers():
    # (UDH octets incl. UDHL) -> (fill bits, septets): TS 23.040 §9.2.3.24.
    assert [(fill_bits(h), header_septets(h)) for h in (4, 6, 7, 10)] == [(3, 5), (1, 7), (0, 8), (4, 12)]


def test_two_part_gsm_pt_message_decodes_with_its_elements():
    seg = encode("ãõ" * 100, "gsm-pt", reference=200)[1]
    d = decode_user_data(seg.user_data, seg.udl, seg.data_coding)
    assert d.elements == (InformationElement(0x00, bytes((200, 2, 2))), InformationElement(0x25, b"\x03"))
    assert d.concatenation == Concatenation(200, 2, 2)
    assert (d.locking_shift, d.single_shift, d.alphabet, d.text) == (3, 0, "gsm7", seg.text)


def test_the_same_septets_read_differently_under_the_portuguese_locking_shift():
    septets = bytes((0x04, 0x05))  # è é in the default table, ê é in the Portuguese one
    plain = pack(septets)
    assert decode_user_data(plain, 2, 0x00, udhi=False).text == "èé"
    udh = bytes.fromhex("03250103")
    ud = udh + pack(septets, fill_bits(4))
    assert decode_user_data(ud, 5 + 2, 0x00).text == "êé"


def test_unknown_elements_are_kept_and_do_not_stop_decoding():
    # Port addressing (0x05), an IEI this library does not know (0x70), a concatenation element whose
    # part number 3 is above its total 2.
    udh = bytes.fromhex("0E0504158A00007001000003050203")
    seg_text = b"hi"
    ud = udh + pack(seg_text, fill_bits(len(udh)))
    d = decode_user_data(ud, header_septets(len(udh)) + 2, 0x00)
    assert d.text == "hi"
    assert [e.iei for e in d.elements] == [0x05, 0x70, 0x00]
    # A concatenation element with a part number above its total is ignored (§9.2.3.24.1).
    assert d.concatenation is None


def test_a_language_without_tables_here_reads_with_the_default_tables():
    # Single shift 14 is reserved (TS 23.038 §6.2.1.2.4); Spanish (2) has no locking shift table.
    udh = bytes.fromhex("06" + "24010E" + "250102")  # UDHL, single shift 14, locking shift 2
    ud = udh + pack(b"\x1b\x65\x09", fill_bits(len(udh)))
    d = decode_user_data(ud, header_septets(len(udh)) + 3, 0x00)
    assert (d.single_shift, d.locking_shift, d.text) == (0, 0, "€Ç")
    assert d.elements == (InformationElement(0x24, b"\x0e"), InformationElement(0x25, b"\x02"))


def test_escape_to_an_undefined_code_reads_as_the_basic_character():
    # TS 23.038 §6.2.1.1: ESC + a code the extension table lacks shows the basic table's character;
    # ESC ESC shows a space.
    assert decode_user_data(pack(b"\x1b\x41\x1b\x1b"), 4, 0x00, udhi=False).text == "A "


@pytest.mark.parametrize(
    ("dcs", "alphabet", "cls"),
    [(0x00, "gsm7", None), (0x08, "ucs2", None), (0x04, "8bit", None), (0x10, "gsm7", 0), (0x18, "ucs2", 0),
     (0x11, "gsm7", 1), (0x0C, "gsm7", None), (0xF0, "gsm7", 0), (0xF6, "8bit", 2), (0xE0, "ucs2", None),
     (0xC8, "gsm7", None), (0x80, "gsm7", None), (0x48, "ucs2", None)],
)  # fmt: skip
def test_data_coding_scheme(dcs, alphabet, cls):
    assert read_dcs(dcs) == (alphabet, cls)


BAD = [
    (b"\xe8\x32\x9b", 10, 0x00, False, "user data truncated: TP-UDL 10 septets need 9 octets, got 3"),
    (
        b"\xe8\x32\x9b\x00",
        3,
        0x00,
        False,
        "TP-UDL disagrees with the user data: 3 septets need 3 octets, got 4",
    ),
    (b"\x00\x41", 3, 0x08, False, "user data truncated: TP-UDL 3 octets need 3 octets, got 2"),
    (b"\x00\x41\x00", 3, 0x08, False, "UCS-2 text has an odd number of octets \\(3\\)"),
    (b"\x09\x00\x03\x01", 4, 0x08, True, "UDHL 9 is longer than the user data after it \\(3 octets\\)"),
    (b"\x04\x00\x03\x01\x02", 5, 0x00, True, "UDHL 4 takes 6 septets, more than TP-UDL 5"),
    (
        b"\x05\x00\x05\x01\x02\x01",
        6,
        0x08,
        True,
        "element 0x00 at header octet 1 claims 5 octets, only 3 remain",
    ),
    (b"\x04\x00\x02\x01\x02", 5, 0x08, True, "concatenation element 0x00 has 2 data octets, not 3"),
    (b"\x04\x25\x02\x03\x03", 5, 0x04, True, "national language shift element 0x25 has 2 data octets, not 1"),
    (b"\x02\x00\x01", 3, 0x04, True, "element 0x00 at header octet 1 claims 1 octets, only 0 remain"),
    (b"\x01\x00", 2, 0x04, True, "UDH element at header octet 1 is cut off"),
    (b"", 0, 0x00, True, "TP-UDHI is set but the user data is empty"),
    (pack(b"ab\x1b"), 3, 0x00, False, "lone ESC at the end of the text \\(septet 2\\)"),
    (b"", 161, 0x00, False, "TP-UDL 161 exceeds the 160 septets of one SMS"),
    (b"", 141, 0x08, False, "TP-UDL 141 exceeds the 140 octets of one SMS"),
    (b"", 0, 0x24, False, "TP-DCS 0x24 marks compressed text"),
    (b"", 0, 256, False, "TP-DCS must be an int from 0 to 255"),
    (b"", -1, 0, False, "TP-UDL must be a non-negative int"),
]


@pytest.mark.parametrize(("ud", "udl", "dcs", "udhi", "message"), BAD)
def test_bad_user_data_is_a_value_error_naming_the_problem(ud, udl, dcs, udhi, message):
    with pytest.raises(ValueError, match=message):
        decode_user_data(ud, udl, dcs, udhi=udhi)


def test_user_data_must_be_bytes():
    with pytest.raises(TypeError, match="user_data must be bytes, not str"):
        decode_user_data("E8", 1, 0)


@settings(max_examples=1500, deadline=None)
@given(st.binary(max_size=150), st.integers(0, 170), st.integers(0, 255), st.booleans())
def test_arbitrary_bytes_only_ever_raise_value_error(ud, udl, dcs, udhi):
    try:
        d = decode_user_data(ud, udl, dcs, udhi=udhi)
    except ValueError:
        return
    assert d.text is None or isinstance(d.text, str)
    assert d.udh == (ud[: 1 + ud[0]] if udhi else b"")


@st.composite
def consistent_user_data(draw):
    """TP-UD whose length matches its TP-UDL, so decoding gets past the length checks."""
    dcs = draw(st.sampled_from([0x00, 0x04, 0x08, 0x10, 0xF0]))
    udl = draw(st.integers(0, 160 if read_dcs(dcs)[0] == "gsm7" else 140))
    size = (udl * 7 + 7) // 8 if read_dcs(dcs)[0] == "gsm7" else udl
    head = draw(st.sampled_from([b"", b"\x05\x00\x03", b"\x03\x24\x01", b"\x06\x08\x04", b"\x03\x25\x01"]))
    return (head + draw(st.binary(min_size=size, max_size=size)))[:size], udl, dcs


@settings(max_examples=1500, deadline=None)
@given(consistent_user_data())
def test_user_data_of_the_right_length_only_ever_raises_value_error(case):
    ud, udl, dcs = case
    try:
        d = decode_user_data(ud, udl, dcs)
    except ValueError:
        return
    assert d.text is None or isinstance(d.text, str)
    assert d.alphabet == read_dcs(dcs)[0]
    # The header, when there is one, is where its length octet says, and its elements fill it.
    assert d.udh == (ud[: 1 + ud[0]] if ud else b"")
    assert sum(2 + len(e.data) for e in d.elements) == max(0, len(d.udh) - 1)
