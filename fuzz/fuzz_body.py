"""Coverage-guided fuzzing of the strict body reader with atheris: ``BodyError`` or the document.

Each input is read by ``parse_body`` as each kind of document (object, array, scalar) with a small
size and item limit. It may raise ``BodyError`` (code 125, with a line, column and byte offset
inside the input) and nothing else: no ``RecursionError``, no ``UnicodeDecodeError``, no
``TypeError``. What it accepts must be what ``json.loads`` reads from the UTF-8 text, of the
expected shape (no container deeper than the kind allows). ``preflight`` on the same bytes must
give a verdict, never an exception.

Run it from a checkout (atheris is not a test dependency)::

    pip install atheris
    PYTHONPATH=. python fuzz/fuzz_body.py -max_total_time=300 -max_len=2000 -dict=fuzz/json.dict

Any other exception, a hang or a crash stops the run and leaves the input in ``crash-*`` /
``timeout-*`` for a regression test.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

import atheris

with atheris.instrument_imports():
    from nrs_codec.provider.body import DEPTHS, BodyError, TooManyItems, parse_body
    from nrs_codec.provider.preflight import preflight

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def test_one_input(data: bytes) -> None:
    for expect in DEPTHS:
        try:
            value = parse_body(data, expect=expect, max_bytes=1500, max_items=50)
        except TooManyItems as exc:
            if expect != "array":
                raise AssertionError("an item limit outside a top-level array") from exc
            continue
        except BodyError as exc:
            if not (exc.code == 125 and 0 <= exc.offset <= max(len(data), 1500) and exc.line >= 1):
                raise AssertionError(f"error without a place in the input: {exc!r}") from exc
            continue
        if json.loads(data.decode("utf-8")) != value:
            raise AssertionError(f"parse_body and json.loads disagree on {data!r}")
        if _depth(value) > DEPTHS[expect]:
            raise AssertionError(f"{expect} deeper than {DEPTHS[expect]}: {data!r}")
    if data[:1] == b"{":
        verdict = preflight(data, now=NOW)
        json.dumps(verdict.to_dict())


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
