"""Coverage-guided fuzzing of the decoders with atheris: they may raise ValueError, nothing else.

Every input goes to ``decode_pdu`` (with and without the SMSC field), to ``decode_user_data``
(TP-UDL, TP-DCS and TP-UDHI taken from the first octets), to one of the codecs (``gsm03.38``,
``gsm-pt``, ``gsm-hi``, ...: the first octet picks it), and to both septet back ends, which must
agree.

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
    from nrs_codec.wire import septets as _packing
    from nrs_codec.wire.codecs import CODEC_NAMES


def _same(a, b, what: str) -> None:
    if a != b:
        raise AssertionError(f"back ends disagree on {what}: {a!r} != {b!r}")


def _outcome(fn, *args):
    try:
        return fn(*args)
    except ValueError as exc:
        return f"ValueError: {exc}"


def test_one_input(data: bytes) -> None:
    for smsc in (True, False):
        try:
            nrs_codec.decode_pdu(data, smsc=smsc)
        except ValueError:
            pass
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
