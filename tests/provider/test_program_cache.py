"""The calling codes' programs on disk: read back as built, rebuilt from a damaged file, keyed by
what built them, and never in the way (a directory that cannot be written, the cache turned off)."""

from __future__ import annotations

import json
import re

import numpy as np
import phonenumbers
import pyarrow as pa
import pytest

from nrs_codec.provider import program_cache, recipients_many
from nrs_codec.provider.number_metadata import program_of
from nrs_codec.provider.number_programs import Bank
from nrs_codec.provider.recipients import recipient

# One country (PT), a code shared by many (1), a national prefix stripped (44), Argentina's
# prefix of no digits (54), two automata (the one code that needs them), a non-geographic code.
CODES = [
    351,
    1,
    44,
    54,
    800,
    max(phonenumbers.COUNTRY_CODE_TO_REGION_CODE, key=lambda c: len(program_of(c).machines)),
]


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return (
        (a.code, a.prefix_ref, a.regions, a.refs, a.strip)
        == (b.code, b.prefix_ref, b.regions, b.refs, b.strip)
        and len(a.machines) == len(b.machines)
        and all(
            np.array_equal(x.transitions, y.transitions)
            and x.transitions.dtype == y.transitions.dtype
            and np.array_equal(x.accepts, y.accepts)
            and x.accepts.dtype == y.accepts.dtype
            for x, y in zip(a.machines, b.machines, strict=True)
        )
    )


def _files(directory) -> list:
    return sorted((directory / "number-programs").glob("*/*.bin"))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NRS_CODEC_CACHE_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("cc", CODES)
def test_a_program_is_kept_and_read_back_as_built(cache, cc):
    built = program_cache.program(cc)
    assert _same(built, program_of(cc))
    (path,) = _files(cache)
    assert path.name == f"{cc}.bin" and path.parent.name == program_cache.key()
    before = path.stat().st_mtime_ns
    again = program_cache.program(cc)
    assert _same(again, built) and path.stat().st_mtime_ns == before  # read, not written
    assert not list(path.parent.glob("*.partial"))


def test_the_numbers_are_judged_the_same_from_the_cache(cache, monkeypatch):
    numbers = ["351912345678", "15417543010", "447700900123", "4407911123456", "5491123456789", "80012345678"]
    numbers += ["351212345678", "35191234567", "19999999999", "4401234"]
    for cc in CODES:
        program_cache.program(cc)  # the files written
    monkeypatch.setattr(recipients_many, "_BANK", Bank())  # a bank of its own, as a new process has
    monkeypatch.setattr(program_cache, "program_of", None)  # read back, never built
    judged = recipients_many.judge_many(pa.array(numbers))
    for i, number in enumerate(numbers):
        r = recipient(number)
        assert bool(judged.valid[i]) == r.valid, number
        country = judged.names[judged.country[i]] if judged.country[i] >= 0 else None
        assert country == r.country, number


def _rewrite(path, change) -> None:
    """The file with its JSON header changed by ``change`` (its arrays kept)."""
    data = path.read_bytes()
    size = int.from_bytes(data[8:12], "little")
    arrays = data[12 + size + (-(12 + size) % 8) :]
    header = json.loads(data[12 : 12 + size])
    change(header)
    text = json.dumps(header).encode()
    head = data[:8] + len(text).to_bytes(4, "little") + text
    path.write_bytes(head + bytes(-len(head) % 8) + arrays)


def _set(where, value):
    def change(header):
        target = header["program"]
        for step in where[:-1]:
            target = target[step]
        target[where[-1]] = value

    return change


DAMAGE = {
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:100]),
    "a byte more": lambda path: path.write_bytes(path.read_bytes() + b"\0"),
    "not ours": lambda path: path.write_text("hello"),
    "state out of range": lambda path: _poke_state(path),
    "another code": lambda path: _rewrite(path, lambda h: h.update(code=352)),
    "a verdict outside the automata": lambda path: _rewrite(path, _set(["refs", 0, 1], 64 * 8)),
    "a prefix outside the automata": lambda path: _rewrite(path, _set(["prefix_ref"], 10**6)),
    "a region without its general pattern": lambda path: _rewrite(path, _set(["refs"], [])),
    "a mask that is not a mask": lambda path: _rewrite(path, _set(["regions", 0, 2], "all")),
    "no automata": lambda path: _rewrite(path, _set(["states"], [])),
    "a width out of range": lambda path: _rewrite(path, _set(["strip", 1, 0], -5)),
    "a header that is not JSON": lambda path: path.write_bytes(path.read_bytes()[:12] + b"{" * 50),
}


def _poke_state(path) -> None:
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[8:12], "little")
    at = 12 + size + (-(12 + size) % 8)
    data[at + 40 + 36 : at + 40 + 40] = (10**6).to_bytes(4, "little")  # state 1's move on 9
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_file_is_built_again(cache, damage):
    expected = program_of(44)  # a code with a national prefix stripped: every part of a program
    assert expected.strip is not None and expected.prefix_ref >= 0
    program_cache.program(44)
    (path,) = _files(cache)
    DAMAGE[damage](path)
    assert program_cache._read(path, 44) is program_cache._MISSING
    assert _same(program_cache.program(44), expected)
    assert _same(program_cache._read(path, 44), expected)  # written again, whole


def test_no_cache_when_off_or_unwritable(tmp_path, monkeypatch):
    monkeypatch.setenv("NRS_CODEC_CACHE_DIR", "off")
    assert program_cache.cache_dir() is None
    assert _same(program_cache.program(351), program_of(351))
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory would be")
    monkeypatch.setenv("NRS_CODEC_CACHE_DIR", str(blocked))
    assert _same(program_cache.program(351), program_of(351))
    monkeypatch.delenv("NRS_CODEC_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert program_cache.cache_dir() == tmp_path / "xdg" / "nrs_codec"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert program_cache.cache_dir() == tmp_path / "home" / ".cache" / "nrs_codec"
    monkeypatch.setattr(program_cache.os.path, "expanduser", lambda path: path)  # no home at all
    assert program_cache.cache_dir() is None


def test_the_directory_changes_with_phonenumbers_and_the_builders(cache, monkeypatch):
    program_cache.program(351)
    first = program_cache.key()
    try:
        with monkeypatch.context() as m:
            m.setattr(phonenumbers, "__version__", phonenumbers.__version__ + ".1")
            program_cache.key.cache_clear()
            newer = program_cache.key()
            program_cache.program(351)
        with monkeypatch.context() as m:
            m.setattr(program_cache, "_BUILDERS", program_cache._BUILDERS[:-1])  # another builder
            program_cache.key.cache_clear()
            other = program_cache.key()
    finally:
        program_cache.key.cache_clear()
    assert len({first, newer, other}) == 3 and program_cache.key() == first
    names = sorted(p.parent.name for p in _files(cache))
    assert names == sorted([first, newer]) and all(re.fullmatch(r"[0-9a-f]{32}", n) for n in names)
