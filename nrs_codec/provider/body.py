"""Strict request bodies: JSON read as the provider's API reads it, every problem error 125 with
where it is (line, column, byte offset).

``json.loads`` alone is lenient where a request body must not be: it accepts ``NaN`` and
``Infinity``, keeps the last of two duplicate keys, guesses UTF-16 or UTF-32 from the bytes, and
recurses into any depth of nesting. Here the bytes are decoded as UTF-8 and nothing else, the two
container levels of the provider's shape (an object whose values are scalars or arrays of scalars)
are walked by hand, and only scalars go to the C scanner. So a body nested a million levels deep
stops at its third ``[`` with an error, never a ``RecursionError``; the rest is linear.

>>> parse_body(b'{"to": ["351912345678"], "message": "Ola"}')
{'to': ['351912345678'], 'message': 'Ola'}
>>> parse_body('{"parts": NaN}')
Traceback (most recent call last):
...
nrs_codec.provider.body.BodyError: invalid JSON at line 1 column 11 (byte 10): NaN is not a JSON number
"""

from __future__ import annotations

import json
import re

from ..core import codes

MAX_BODY_BYTES = 1 << 20
"""Default size limit of a body: 1 MiB."""

# Container levels each kind of document may have: an object of scalars or arrays of scalars; an
# array of scalars; a lone scalar (one line of NDJSON).
DEPTHS = {"object": 2, "array": 1, "scalar": 0}
_WS = re.compile(r"[ \t\n\r]*")
_EXPECTED = {"object": "a JSON object", "array": "a JSON array", "scalar": "a single JSON value"}


def json_kind(value: object) -> str:
    """What a parsed JSON value is, for messages: ``"an object"``, ``"a string"``, ``"null"``..."""
    if value is None:
        return "null"
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    return kinds.get(type(value), "a number")


class BodyError(ValueError):
    """A body that is not the JSON the provider accepts (the provider's error 125).

    ``problem`` says what, ``line`` and ``column`` (from 1, in characters) and ``offset`` (from 0,
    in bytes of UTF-8) where; ``key`` is the repeated key of a duplicate.
    """

    code = codes.INVALID_JSON

    def __init__(self, problem: str, *, line: int = 1, column: int = 1, offset: int = 0, key=None):
        self.problem = problem
        self.line = line
        self.column = column
        self.offset = offset
        self.key = key
        super().__init__(f"invalid JSON at line {line} column {column} (byte {offset}): {problem}")

    def to_dict(self) -> dict:
        """The error as the service answers it: code, description and where."""
        out = {"code": self.code, "description": str(self), "line": self.line, "column": self.column}
        out["offset"] = self.offset
        if self.key is not None:
            out["key"] = self.key
        return out


class BodyTooLarge(BodyError):
    """A body larger than the limit (``size`` and ``limit`` in bytes); the service answers 413."""

    def __init__(self, size: int, limit: int):
        self.size = size
        self.limit = limit
        super().__init__(f"the body is {size} bytes; the limit is {limit} bytes", offset=limit)
        self.args = (self.problem,)  # a size has no line and column worth naming


class TooManyItems(BodyError):
    """A top-level array with more than ``limit`` items; the service answers 413."""

    def __init__(self, limit: int, line: int, column: int, offset: int):
        self.limit = limit
        problem = f"more than {limit} items in the array"
        super().__init__(problem, line=line, column=column, offset=offset)
        self.args = (f"{problem}: item {limit + 1} starts at line {line} column {column} (byte {offset})",)


class _NotANumber(ValueError):
    def __init__(self, token: str):
        self.token = token


def _constant(token: str):
    raise _NotANumber(token)


def _float(token: str) -> float:
    value = float(token)
    if value in (float("inf"), float("-inf")):
        raise _NotANumber(token)
    return value


# Only scalars reach the scanner (containers are walked below), so its recursion never happens.
_scan = json.JSONDecoder(parse_constant=_constant, parse_float=_float, strict=True).scan_once


def decode_utf8(data: bytes) -> str:
    """``data`` as UTF-8 text; ``BodyError`` naming the first byte that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8")
        bom = " (a UTF-16 byte order mark)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        if data[:2] == b"\x1f\x8b":  # Content-Encoding: gzip, which the provider does not read either
            bom = " (gzip data: send the JSON uncompressed)"
        raise BodyError(
            f"the body is not UTF-8: byte 0x{data[exc.start]:02X}{bom}, {exc.reason}",
            line=prefix.count("\n") + 1,
            column=len(prefix) - prefix.rfind("\n"),
            offset=exc.start,
        ) from None


class _Reader:
    """One pass over the text of a body; ``pos`` only moves forward."""

    def __init__(self, text: str, max_depth: int, max_items: int | None):
        self.text = text
        self.max_depth = max_depth
        self.max_items = max_items

    def where(self, pos: int) -> dict:
        text = self.text
        line = text.count("\n", 0, pos) + 1
        column = pos - text.rfind("\n", 0, pos)
        offset = len(text[:pos].encode("utf-8", "surrogatepass"))
        return {"line": line, "column": column, "offset": offset}

    def fail(self, pos: int, problem: str, **extra) -> BodyError:
        return BodyError(problem, **self.where(pos), **extra)

    def found(self, pos: int) -> str:
        if pos >= len(self.text):
            return "the end of the body"
        c = self.text[pos]
        return f"{c!r} (U+{ord(c):04X})"

    def skip(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def value(self, pos: int, depth: int) -> tuple[object, int]:
        c = self.text[pos : pos + 1]
        if c in ("[", "{"):
            if depth >= self.max_depth:
                raise self.fail(
                    pos,
                    f"nesting deeper than {self.max_depth} levels: the body is an object whose values are "
                    "scalars or arrays of scalars",
                )
            return (self.array if c == "[" else self.object)(pos + 1, depth + 1)
        try:
            return _scan(self.text, pos)
        except StopIteration:
            raise self.fail(pos, f"expected a value, found {self.found(pos)}") from None
        except json.JSONDecodeError as exc:
            # The scanner's messages end with " at" and a position; ours says where, and what is there.
            raise self.fail(exc.pos, f"{exc.msg.removesuffix(' at')}: {self.found(exc.pos)}") from None
        except _NotANumber as exc:
            what = "a number too large for a double" if exc.token[-1].isdigit() else "not a JSON number"
            raise self.fail(pos, f"{exc.token} is {what}") from None
        except ValueError as exc:  # an integer of more digits than Python converts
            raise self.fail(pos, f"number not readable: {str(exc).split(';')[0]}") from None

    def array(self, pos: int, depth: int) -> tuple[list, int]:
        items: list = []
        pos = self.skip(pos)
        if self.text.startswith("]", pos):
            return items, pos + 1
        while True:
            if depth == 1 and self.max_items is not None and len(items) == self.max_items:
                raise TooManyItems(self.max_items, **self.where(pos))
            item, pos = self.value(pos, depth)
            items.append(item)
            pos = self.skip(pos)
            c = self.text[pos : pos + 1]
            if c == "]":
                return items, pos + 1
            if c != ",":
                raise self.fail(pos, f"expected ',' or ']' after an array item, found {self.found(pos)}")
            pos = self.skip(pos + 1)

    def object(self, pos: int, depth: int) -> tuple[dict, int]:
        members: dict = {}
        first: dict[str, int] = {}
        pos = self.skip(pos)
        if self.text.startswith("}", pos):
            return members, pos + 1
        while True:
            if not self.text.startswith('"', pos):
                raise self.fail(pos, f"expected a key in double quotes, found {self.found(pos)}")
            key, end = self.value(pos, depth)
            if key in first:
                seen = self.where(first[key])
                raise self.fail(
                    pos,
                    f"duplicate key {key!r} (first at line {seen['line']} column {seen['column']})",
                    key=key,
                )
            first[key] = pos
            pos = self.skip(end)
            if not self.text.startswith(":", pos):
                raise self.fail(pos, f"expected ':' after the key {key!r}, found {self.found(pos)}")
            members[key], pos = self.value(self.skip(pos + 1), depth)
            pos = self.skip(pos)
            c = self.text[pos : pos + 1]
            if c == "}":
                return members, pos + 1
            if c != ",":
                raise self.fail(pos, f"expected ',' or '}}' after a value, found {self.found(pos)}")
            pos = self.skip(pos + 1)


def parse_body(
    data: str | bytes | bytearray | memoryview,
    *,
    max_bytes: int | None = MAX_BODY_BYTES,
    expect: str = "object",
    max_items: int | None = None,
) -> object:
    """The JSON document ``data`` holds, read strictly.

    ``expect`` is the top level: ``"object"`` (a request body: an object whose values are scalars
    or arrays of scalars), ``"array"`` (an array of scalars) or ``"scalar"``. Bytes must be UTF-8;
    ``max_bytes`` bounds the size (``BodyTooLarge``); ``max_items`` bounds a top-level array
    (``TooManyItems``). Raises ``BodyError`` (code 125) naming the problem and where: bytes that
    are not UTF-8, a byte order mark, an empty body, ``NaN`` or ``Infinity``, a number beyond a
    double, a duplicate key, nesting deeper than ``expect`` allows, another top-level type, or
    anything after the document.
    """
    if expect not in DEPTHS:
        raise ValueError(f"expect must be one of {', '.join(DEPTHS)}, not {expect!r}")
    if isinstance(data, str):
        # Characters are 1 to 4 bytes: count the bytes only when the length alone cannot decide.
        if max_bytes is not None and len(data) * 4 > max_bytes:
            size = len(data) if len(data) > max_bytes else len(data.encode("utf-8", "surrogatepass"))
            if size > max_bytes:
                raise BodyTooLarge(size, max_bytes)
        text = data
    elif isinstance(data, (bytes, bytearray, memoryview)):
        if max_bytes is not None and len(data) > max_bytes:
            raise BodyTooLarge(len(data), max_bytes)
        text = decode_utf8(bytes(data))
    else:
        raise TypeError(f"a body is str or bytes, not {type(data).__name__}")

    reader = _Reader(text, DEPTHS[expect], max_items)
    if text.startswith("\ufeff"):
        raise reader.fail(0, "a byte order mark (U+FEFF) before the JSON: send UTF-8 without one")
    pos = reader.skip(0)
    if pos == len(text):
        raise reader.fail(pos, "the body is empty" if not text else "the body is only whitespace")
    if "\x00" in text[:4]:
        raise reader.fail(text.index("\x00"), "NUL bytes: the body looks like UTF-16 or UTF-32; send UTF-8")
    first = text[pos]
    wanted = {"object": "{", "array": "["}.get(expect)
    if (wanted is not None and first != wanted) or (expect == "scalar" and first in "[{"):
        # Name what the top level is; a scalar is read first, so that one which is not JSON at all
        # gets its syntax error rather than a type.
        if first in "[{":
            kind = "an array" if first == "[" else "an object"
        else:
            kind = json_kind(reader.value(pos, 0)[0])
        raise reader.fail(pos, f"the body must be {_EXPECTED[expect]}, not {kind}")
    value, pos = reader.value(pos, 0)
    pos = reader.skip(pos)
    if pos != len(text):
        raise reader.fail(pos, f"data after the JSON document: {reader.found(pos)}")
    return value


__all__ = [
    "MAX_BODY_BYTES",
    "BodyError",
    "BodyTooLarge",
    "TooManyItems",
    "decode_utf8",
    "json_kind",
    "parse_body",
]
