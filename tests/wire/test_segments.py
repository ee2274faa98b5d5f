"""encode() and reassemble(): worked vectors from TS 23.038 / 23.040, and the round trips."""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import nrs_codec
from nrs_codec import EncodingError, ReassemblyError, Segment, decode_user_data, encode, reassemble
from nrs_codec._generated.tables import LOCKING, SINGLE
from nrs_codec.core import septets as _packing
from nrs_codec.wire.userdata import fill_bits

try:
    from nrs_codec._native import engine as _cpacking
except ImportError:
    if os.environ.get("NRS_CODEC_REQUIRE_COMPILED"):
        raise
    _cpacking = None
TWINS = [m for m in (_packing, _cpacking) if m is not None]

TABLE_CHARS = sorted({chr(cp) for t in (*LOCKING.values(), *SINGLE.values()) if t for cp in t.values()})


def decoded(seg: Segment):
    return decode_user_data(seg.user_data, seg.udl, seg.data_coding, udhi=bool(seg.udh))


def test_hellohello_is_one_part_without_header():
    [seg] = encode("hellohello")
    assert seg.user_data.hex().upper() == "E8329BFD4697D9EC37"
    assert (seg.udh, seg.udl, seg.data_coding, seg.units, seg.concatenation) == (b"", 10, 0x00, 10, None)
    assert seg.septets == b"hellohello"


def test_two_parts_carry_the_8bit_concatenation_element_and_one_fill_bit():
    text = "x" * 153 + "y" * 10
    first, second = encode(text, reference=0x2A)
    assert first.udh == bytes.fromhex("0500032A0201")
    assert second.udh == bytes.fromhex("0500032A0202")
    # 6 header octets are 48 bits: one fill bit brings the text to septet 7, so 'x' (0x78) starts
    # at bit 1 of the seventh octet.
    assert first.user_data[6] == (0x78 << 1) & 0xFF
    assert (first.udl, len(first.user_data)) == (7 + 153, 140)
    assert (second.udl, second.text) == (7 + 10, "y" * 10)
    assert first.concatenation == nrs_codec.Concatenation(0x2A, 2, 1)


def test_16bit_reference():
    segs = encode("x" * 200, reference=0x1234, ref16=True)
    assert [s.udh for s in segs] == [bytes.fromhex("06080412340201"), bytes.fromhex("06080412340202")]
    assert segs[0].udl == 8 + 152  # 7 header octets need no fill bits


@pytest.mark.parametrize(
    ("text", "force", "elements"),
    [
        ("ã", False, "25 01 03"),  # locking table only: ã costs 1 septet there
        ("Φã", False, "24 01 03"),  # Φ is in the default table: the single shift alone serves
        ("ã", True, "24 01 03 25 01 03"),
    ],
)
def test_gsm_pt_parts_carry_the_shift_elements_their_variant_uses(text, force, elements):
    segs = encode(text * 200, "gsm-pt", force_shifts=force, reference=9)
    assert len(segs) > 1
    for n, seg in enumerate(segs, start=1):
        assert seg.udh.hex(" ") == f"{len(seg.udh) - 1:02x} 00 03 09 {len(segs):02x} {n:02x} {elements}"
        assert decoded(seg).text == seg.text
    [single] = encode(text, "gsm-pt", force_shifts=force)
    assert single.udh.hex(" ") == f"{len(single.udh) - 1:02x} {elements}"


def test_ucs2_parts_are_utf16_be_octets():
    [seg] = encode("Olá 😀", "utf-16")
    assert seg.user_data == "Olá 😀".encode("utf-16-be")
    assert (seg.udl, seg.units, seg.data_coding, seg.septets) == (12, 6, 0x08, b"")


def test_flash_sets_message_class_0():
    assert encode("hi", flash=True)[0].data_coding == 0x10
    assert encode("中", flash=True)[0].data_coding == 0x18
    assert decoded(encode("hi", flash=True)[0]).message_class == 0


def test_reference_is_checked_and_random_by_default():
    with pytest.raises(ValueError, match="reference must be an int from 0 to 255"):
        encode("x" * 200, reference=256)
    with pytest.raises(ValueError, match="0 to 65535"):
        encode("x" * 200, reference=-1, ref16=True)
    refs = {encode("x" * 200)[0].concatenation.reference for _ in range(40)}
    assert len(refs) > 1


def test_encode_raises_what_analyze_raises():
    with pytest.raises(EncodingError) as err:
        encode("a中", "gsm")
    assert err.value.code == 113 and err.value.chars == ((1, "中"),)
    with pytest.raises(TypeError):
        encode(b"bytes")


def test_short_message_unpacked_packed_and_esm_class():
    [single] = encode("a€")
    assert single.short_message() == b"a\x1b\x65"
    assert single.short_message("packed") == single.user_data
    assert single.esm_class == 0x00
    first = encode("€" * 100, "gsm", reference=1)[0]
    assert first.short_message() == first.udh + b"\x1b\x65" * 76
    assert first.esm_class == 0x40
    [ucs2] = encode("中")
    assert ucs2.short_message() == ucs2.short_message("packed") == b"\x4e\x2d"
    with pytest.raises(ValueError, match="packing"):
        single.short_message("compressed")


def test_reassemble_in_any_order_and_reports_what_is_wrong():
    segs = encode("€" * 400, "gsm", reference=77)
    assert len(segs) == 6
    shuffled = segs[:]
    random.Random(3).shuffle(shuffled)
    assert reassemble(shuffled) == "€" * 400
    assert reassemble([*segs, segs[2]]) == "€" * 400  # a part delivered twice is taken once
    with pytest.raises(ReassemblyError, match="missing parts 2, 5 of 6") as err:
        reassemble([s for s in segs if s.concatenation.number not in (2, 5)])
    assert err.value.missing == (2, 5)
    other = encode("x" * 200, reference=78)
    with pytest.raises(ReassemblyError, match="different messages: concatenation references 77, 78") as err:
        reassemble([*segs, *other])
    assert err.value.references == (77, 78)
    with pytest.raises(ReassemblyError, match="disagree on the part count"):
        reassemble([segs[0], encode("x" * 200, reference=77)[1]])
    with pytest.raises(ReassemblyError, match="part 1 of reference 77 appears twice"):
        reassemble([*segs, dataclasses.replace(segs[0], text="other")])
    with pytest.raises(ReassemblyError, match="no parts"):
        reassemble([])
    with pytest.raises(ReassemblyError, match="part 2 of 2 has no concatenation element"):
        reassemble([segs[0], *encode("hi")])
    with pytest.raises(TypeError, match="part 1 is a str"):
        reassemble(["text"])
    assert reassemble(encode("hi")) == "hi"


def test_reassemble_joins_a_surrogate_pair_that_a_sender_cut_between_parts():
    # Another sender's naive split: 😀 (D83D DE00) cut between two UCS-2 parts.
    halves = [b"\x05\x00\x03\x01\x02\x01" + b"\x00a\xd8\x3d", b"\x05\x00\x03\x01\x02\x02" + b"\xde\x00"]
    parts = [decode_user_data(ud, len(ud), 0x08) for ud in halves]
    assert parts[0].text == "a\ud83d"
    assert reassemble(parts[::-1]) == "a😀"


def test_reassemble_gives_bytes_for_8bit_data_and_refuses_a_mix_with_text():
    part = decode_user_data(b"\x00\x01", 2, 0x04, udhi=False)
    assert part.text is None and part.payload == b"\x00\x01"
    assert reassemble([part]) == b"\x00\x01"
    halves = [
        decode_user_data(b"\x05\x00\x03\x07\x02" + bytes((n,)) + b"ab", 8, dcs) for n, dcs in ((1, 4), (2, 8))
    ]
    with pytest.raises(ReassemblyError, match="parts mix text and 8-bit data \\(part 1 is 8-bit data\\)"):
        reassemble(halves)


texts = st.text(st.sampled_from(TABLE_CHARS) | st.characters(exclude_categories=("Cs",)), max_size=700)
options = st.fixed_dictionaries(
    {
        "encoding": st.sampled_from(["auto", "gsm", "gsm-pt", "utf-16", "gsm-tr", "gsm-es", "gsm-ta"]),
        "allowed": st.sampled_from([nrs_codec.DEFAULT_ALLOWED, nrs_codec.ENCODINGS]),
        "ref16": st.booleans(),
        "force_shifts": st.booleans(),
        "keep_graphemes": st.booleans(),
    }
)


@settings(max_examples=250, deadline=None)
@given(texts, options, st.randoms(use_true_random=False))
def test_encode_round_trips_and_agrees_with_analyze(text, opts, rnd):
    try:
        a = nrs_codec.analyze(text, **opts)
    except EncodingError:
        assume(False)
    segs = encode(text, **opts)
    assert len(segs) == a.parts
    assert [s.text for s in segs] == [text[x:y] for x, y in a.spans]
    assert {s.encoding for s in segs} == {a.encoding}
    assert sum(s.units for s in segs) == a.units
    for seg in segs:
        assert len(seg.udh) == a.udh_octets
        assert len(seg.user_data) <= 140
        assert (seg.locking_shift, seg.single_shift) == (a.locking_shift, a.single_shift)
        back = decoded(seg)
        assert back.text == seg.text
        assert back.concatenation == seg.concatenation
        if a.encoding != "utf-16":
            assert (back.locking_shift, back.single_shift) == (a.locking_shift, a.single_shift)
            assert back.payload == seg.septets
            fill = fill_bits(len(seg.udh))
            for twin in TWINS:  # both septet back ends make and read these bytes
                septets, _ = twin.to_septets(seg.text, a.locking_shift, a.single_shift)
                assert seg.udh + twin.pack(septets, fill) == seg.user_data
                unpacked = twin.unpack(seg.user_data[len(seg.udh) :], len(septets), fill)
                text_back = twin.from_septets(unpacked, a.locking_shift, a.single_shift)
                assert text_back == (seg.text, len(septets))
    rnd.shuffle(segs)
    assert reassemble(segs) == text
    assert reassemble([decoded(s) for s in segs]) == text


SAMPLES = ["hellohello", "€" * 400, "ãõ" * 120 + "Φ", "Olá 😀 " * 30, "", "x" * 161]


def _wire(samples):
    return [[(s.user_data.hex(), s.udl, s.data_coding) for s in encode(t, reference=5)] for t in samples]


@pytest.mark.skipif(_cpacking is None, reason="the compiled engine is not built")
def test_reference_back_end_produces_the_same_bytes():
    # This process runs the compiled engine (asserted, so that the comparison below is between
    # the two back ends and never the reference with itself); a child process runs the reference.
    assert nrs_codec.backend == "compiled"
    code = (
        "import json, sys\n"
        "from nrs_codec import encode\n"
        "out = [[(s.user_data.hex(), s.udl, s.data_coding) for s in encode(t, reference=5)]\n"
        "       for t in json.loads(sys.argv[1])]\n"
        "import nrs_codec.core.engine as e, nrs_codec\n"
        "print(json.dumps([nrs_codec.backend, e.pack.__module__, out]))\n"
    )
    env = {**os.environ, "NRS_CODEC_PUREPYTHON": "1"}
    env.pop("NRS_CODEC_REQUIRE_COMPILED", None)
    proc = subprocess.run(
        [sys.executable, "-c", code, json.dumps(SAMPLES)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=Path(__file__).parent,  # not the checkout: the installed package is under test
    )
    backend, packing, out = json.loads(proc.stdout)
    assert (backend, packing) == ("reference", "nrs_codec.core.septets")
    assert [[tuple(p) for p in m] for m in out] == _wire(SAMPLES)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(st.sampled_from("aé€ç😀жx "), max_size=500),
    elements=st.lists(
        # Any element but those encode() writes and the port elements, whose lengths are fixed.
        st.tuples(
            st.integers(0x01, 0xFF).filter(lambda i: i not in (0x04, 0x05, 0x08, 0x24, 0x25)),
            st.binary(max_size=8),
        ),
        max_size=3,
    ),
)
def test_extra_elements_ride_in_every_part_as_analyze_predicts(text, elements):
    octets = sum(2 + len(d) for _, d in elements)
    a = nrs_codec.analyze(text, extra_udh=octets)
    segs = encode(text, extra_elements=elements, reference=9)
    assert len(segs) == a.parts and [s.text for s in segs] == nrs_codec.split(text, extra_udh=octets)
    for s in segs:
        d = decode_user_data(s.user_data, s.udl, s.data_coding, udhi=bool(s.udh))
        assert [(e.iei, e.data) for e in d.elements][: len(elements)] == elements
        assert len(s.udh) == a.udh_octets
    assert reassemble(segs) == text


def test_port_addressing_element_is_read_back_as_ports():
    segs = encode("x" * 200, extra_elements=[(0x05, bytes.fromhex("23F40000"))], reference=1)
    assert [s.udh.hex() for s in segs] == ["0b050423f4000000030102" + f"0{n}" for n in (1, 2)]
    d = decode_user_data(segs[1].user_data, segs[1].udl, segs[1].data_coding)
    assert (d.ports.destination, d.ports.source) == (9204, 0)


def test_elements_encode_writes_itself_are_refused():
    for iei in (0x00, 0x08, 0x24, 0x25):
        with pytest.raises(ValueError, match=f"IEI 0x{iei:02X}"):
            encode("hi", extra_elements=[(iei, b"\x01")])
    with pytest.raises(ValueError, match="extra element 0 must be an"):
        encode("hi", extra_elements=[(300, b"")])
    with pytest.raises(ValueError, match=r"extra element 0 \(IEI 0x05, application port addressing\) has 2"):
        encode("hi", extra_elements=[(0x05, b"\x23\xf4")])
    with pytest.raises(ValueError, match="extra_udh must be an int from 0 to 120"):
        encode("hi", extra_elements=[(0x70, bytes(100)), (0x71, bytes(30))])


def test_reference_may_be_a_per_destination_counter():
    counters: dict[str, itertools.count] = {}

    def reference_for(msisdn: str):
        return lambda: next(counters.setdefault(msisdn, itertools.count(250))) & 0xFF

    refs = [
        encode("a" * 200, reference=reference_for("351912345678"))[0].concatenation.reference
        for _ in range(8)
    ]
    assert refs == [250, 251, 252, 253, 254, 255, 0, 1]
    # One part has no concatenation element: no reference is drawn from the counter.
    encode("short", reference=reference_for("33612345678"))
    assert next(counters.setdefault("33612345678", itertools.count(250))) == 250
    with pytest.raises(ValueError, match="reference must be an int from 0 to 255, not 256"):
        encode("a" * 200, reference=lambda: 256)
