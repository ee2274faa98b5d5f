"""Strict request bodies: every way a body is not the provider's JSON is error 125 with where."""

from __future__ import annotations

import gzip
import json
import time
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrs_codec import Profile, preflight
from nrs_codec.provider.body import BodyError, BodyTooLarge, TooManyItems, parse_body

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def error(data, **options) -> BodyError:
    with pytest.raises(BodyError) as info:
        parse_body(data, **options)
    return info.value


@pytest.mark.parametrize(
    ("body", "line", "column", "offset", "problem"),
    [
        ('{"parts": NaN}', 1, 11, 10, "NaN is not a JSON number"),
        ('{"parts": Infinity}', 1, 11, 10, "Infinity is not a JSON number"),
        ('{"to": [1, -Infinity]}', 1, 12, 11, "-Infinity is not a JSON number"),
        ('{"parts": 1e400}', 1, 11, 10, "1e400 is a number too large for a double"),
        ('[{"message": "x"}]', 1, 1, 0, "the body must be a JSON object, not an array"),
        ('"message"', 1, 1, 0, "the body must be a JSON object, not a string"),
        ("null", 1, 1, 0, "the body must be a JSON object, not null"),
        ("", 1, 1, 0, "the body is empty"),
        (" \n ", 2, 2, 3, "the body is only whitespace"),
        ('{"to": []} {}', 1, 12, 11, "data after the JSON document: '{'"),
        ('{"to": [["351912345678"]]}', 1, 9, 8, "nesting deeper than 2 levels"),
        ('{"a": {"b": {}}}', 1, 13, 12, "nesting deeper than 2 levels"),
        ('{"message": "é" "x"}', 1, 17, 17, "expected ',' or '}' after a value, found '\"'"),
        ('{\n  "message": "a\tb"}', 2, 16, 17, "Invalid control character: '\\t'"),
        ("\ufeff{}", 1, 1, 0, "a byte order mark (U+FEFF)"),
        (gzip.compress(b"{}"), 1, 2, 1, "byte 0x8B (gzip data: send the JSON uncompressed)"),
        ("{'to': []}", 1, 2, 1, 'expected a key in double quotes, found "\'"'),
    ],
)
def test_each_problem_names_what_and_where(body, line, column, offset, problem):
    e = error(body)
    assert (e.code, e.line, e.column, e.offset) == (125, line, column, offset)
    assert problem in e.problem
    assert str(e).startswith(f"invalid JSON at line {line} column {column} (byte {offset}): ")
    assert e.to_dict()["description"] == str(e)


def test_duplicate_key_names_the_key_and_both_places():
    e = error('{"to": ["351912345678"],\n "message": "a",\n "message": "b"}')
    assert (e.key, e.line, e.column) == ("message", 3, 2)
    assert "duplicate key 'message' (first at line 2 column 2)" in e.problem
    assert e.to_dict()["key"] == "message"


def test_bytes_are_utf8_and_nothing_else():
    assert parse_body('{"message": "Olá 😀"}'.encode()) == {"message": "Olá 😀"}
    e = error(b'{"message":\n "ol\xe1"}')
    assert (e.line, e.column, e.offset) == (2, 5, 16) and "not UTF-8: byte 0xE1" in e.problem
    # json.loads(bytes) would read these as UTF-16 and UTF-32: here they are errors.
    for encoding in ("utf-16", "utf-16-le", "utf-16-be", "utf-32-le"):
        e = error('{"message": "x"}'.encode(encoding))
        assert "UTF-16" in e.problem or "UTF-8" in e.problem, encoding
        assert json.loads('{"message": "x"}'.encode(encoding)) == {"message": "x"}
    # UTF-8 encoded surrogates (CESU-8) are not UTF-8; the JSON escape is, and reaches the text.
    assert "not UTF-8" in error(b'{"m": "\xed\xa0\x80"}').problem
    assert parse_body(b'{"m": "\\ud800"}') == {"m": "\ud800"}


def test_offsets_are_utf8_bytes_and_columns_characters():
    e = error('{"message": "ççç", "x": NaN}')
    assert (e.column, e.offset) == (25, 27)
    assert e.offset == len('{"message": "ççç", "x": '.encode())


def test_a_million_levels_of_nesting_stop_at_the_third_in_linear_time():
    for body in ('{"to": ' + "[" * 1_000_000, '{"a": ' + '{"b": ' * 1_000_000, "[" * 1_000_000):
        started = time.perf_counter()
        e = error(body, max_bytes=None)
        assert e.offset <= 12 and time.perf_counter() - started < 1.0


def test_size_limit():
    body = json.dumps({"message": "x" * 100})
    assert parse_body(body, max_bytes=len(body)) == {"message": "x" * 100}
    e = error(body, max_bytes=len(body) - 1)
    assert isinstance(e, BodyTooLarge) and (e.size, e.limit) == (len(body), len(body) - 1)
    assert str(e) == f"the body is {len(body)} bytes; the limit is {len(body) - 1} bytes"
    # A str counts its UTF-8 bytes, not its characters.
    assert isinstance(error('{"m": "ççç"}', max_bytes=12), BodyTooLarge)
    assert parse_body('{"m": "ççç"}', max_bytes=15) == {"m": "ççç"}


def test_arrays_of_scalars_and_their_item_limit():
    assert parse_body('["a", null, 1, true]', expect="array") == ["a", None, 1, True]
    assert "not an object" in error("{}", expect="array").problem
    assert "nesting deeper than 1 levels" in error('["a", ["b"]]', expect="array").problem
    e = error('["a", "b", "c"]', expect="array", max_items=2)
    assert isinstance(e, TooManyItems) and e.limit == 2 and e.column == 12
    assert parse_body('"a"', expect="scalar") == "a"
    assert "single JSON value, not an array" in error("[]", expect="scalar").problem


def test_preflight_reads_text_and_bytes_strictly_with_the_profiles_size_limit():
    body = {"to": ["351912345678"], "from": "ACME", "message": "Olá", "encoding": "gsm-pt"}
    text = json.dumps(body, ensure_ascii=False)
    assert preflight(text.encode(), now=NOW).ok
    for bad in (text[:-1] + ', "parts": NaN}', text[:-1] + ', "to": []}', text.encode("utf-16")):
        (e,) = preflight(bad, now=NOW).errors
        assert e.code == 125 and e.http_status == 400 and "line 1 column" in e.description
    (e,) = preflight(text, now=NOW, profile=Profile(max_body_bytes=20)).errors
    assert e.code == 125 and e.description == f"the body is {len(text)} bytes; the limit is 20 bytes"
    with pytest.raises(ValueError, match="max_body_bytes"):
        Profile(max_body_bytes=0)


# ---- properties ----------------------------------------------------------------------------------

_scalar = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
_shape = st.dictionaries(st.text(max_size=8), _scalar | st.lists(_scalar, max_size=5), max_size=6)


@settings(max_examples=400, deadline=None)
@given(_shape, st.sampled_from([None, 1, 2]), st.booleans())
def test_every_body_of_the_providers_shape_reads_as_json_loads_does(body, indent, ascii):
    text = json.dumps(body, indent=indent, ensure_ascii=ascii)
    assert parse_body(text) == json.loads(text) == body
    assert parse_body(text.encode("utf-8", "surrogatepass") if not ascii else text.encode()) == body


_json_alphabet = st.sampled_from(
    list('{}[]:,"\\ \n\tabcenulrtf0123456789.-+eENaIy') + ["\ud800", "é", "\x00"]
)


@settings(max_examples=1500, deadline=None)
@given(st.text(_json_alphabet, max_size=40) | _shape.map(json.dumps))
def test_any_text_is_a_document_or_a_body_error_where_the_text_is(text):
    try:
        value = parse_body(text, expect="object")
    except BodyError as e:
        assert 1 <= e.line and 1 <= e.column and e.code == 125
        assert e.offset <= len(text.encode("utf-8", "surrogatepass"))
        prefix = text.encode("utf-8", "surrogatepass")[: e.offset].decode("utf-8", "surrogatepass")
        assert prefix.count("\n") + 1 == e.line
        assert len(prefix) - prefix.rfind("\n") == e.column
        return
    # What is accepted is exactly what json reads, and of the provider's shape.
    assert json.loads(text) == value and isinstance(value, dict)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=60) | _shape.map(lambda b: json.dumps(b).encode("utf-16")))
def test_any_bytes_are_a_document_or_a_body_error(data):
    try:
        value = parse_body(data)
    except BodyError as e:
        assert e.offset <= len(data)
    else:
        assert value == json.loads(data.decode("utf-8"))
