"""Coverage-guided fuzzing of the decoders with atheris: they may raise ValueError, nothing else.

Every input goes to ``decode_pdu`` (with and without the SMSC field, in both directions of
transfer and for both report forms), to ``decode_user_data`` (TP-UDL, TP-DCS and TP-UDHI taken from
the first octets), to TP-DCS and the enhanced TP-VP format, to one of the codecs (``gsm03.38``,
``gsm-pt``, ``gsm-hi``, ...: the first octet picks it), and to both septet back ends, which must
agree. Decoded SUBMIT and DELIVER parts go on to one ``Reassembler`` with small bounds, which must
keep within them.

Run it from a checkout with the extensions built in place (atheris is not a test dependency)::

    pip install atheris
    python setup.py build_ext --inplace
    PYTHONPATH=. python fuzz/fuzz_decoders.py -max_total_time=300 -max_len=400

Any other exception, a hang (``-timeout``, 25 s by default in libFuzzer) or a crash stops the run
and leaves the input in ``crash-*`` / ``timeout-*`` for a regression test.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import nrs_codec
    from nrs_codec._native import engine as _cpacking
    from nrs_codec.core import septets as _packing
    from nrs_codec.wire.codecs import CODEC_NAMES
    from nrs_codec.wire.validity import read_enhanced

# Small bounds, so that the fuzzer reaches eviction as well as completion.
REASSEMBLER = nrs_codec.Reassembler(max_pending=8, max_bytes=2000, clock=lambda: 0.0)


def _same(a, b, what: str) -> None:
    if a != b:
        raise AssertionError(f"back ends disagree on {what}: {a!r} != {b!r}")


def _outcome(fn, *args):
    try:
        return fn(*args)
    except ValueError as exc:
        return f"ValueError: {exc}"


def _feed(decoded) -> None:
    if isinstance(decoded, nrs_codec.DecodedPdu):
        REASSEMBLER.add(decoded)
        if (
            REASSEMBLER.pending > REASSEMBLER.max_pending
            or REASSEMBLER.buffered_bytes > REASSEMBLER.max_bytes
        ):
            raise AssertionError("the reassembler went past its bounds")


def test_one_input(data: bytes) -> None:
    for smsc in (True, False):
        for direction in (None, "sc-to-ms", "ms-to-sc"):
            for report in (None, "ack", "error") if direction else (None,):
                try:
                    _feed(nrs_codec.decode_pdu(data, smsc=smsc, direction=direction, report=report))
                except ValueError:
                    pass
    if len(data) >= 7:
        try:
            read_enhanced(data[:7])
        except ValueError:
            pass
    if data:
        nrs_codec.read_data_coding(data[0])
    if len(data) >= 3:
        udl, dcs, flags = data[0], data[1], data[2]
        try:
            nrs_codec.decode_user_data(data[3:], udl, dcs, udhi=bool(flags & 1))
        except ValueError:
            pass
    if data:
        name = CODEC_NAMES[data[0] % len(CODEC_NAMES)]
        try:
            data.decode(name)
        except ValueError:
            pass
        data.decode(name, "replace")
        # Language ids 0 to 15: every table, and the reserved 14 and 15, which have none.
        fill, lang = data[0] % 7, data[0] >> 4
        count = len(data) * 8 // 7
        _same(
            _outcome(_packing.unpack, data[1:], count, fill),
            _outcome(_cpacking.unpack, data[1:], count, fill),
            "unpack",
        )
        _same(
            _packing.from_septets(data, lang, lang), _cpacking.from_septets(data, lang, lang), "from_septets"
        )


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
