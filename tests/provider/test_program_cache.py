"""The calling codes' programs on disk: read back as built, rebuilt from a damaged file, keyed by
what built them, and never in the way (a directory that cannot be written, the cache turned off)."""

from __future__ import annotations

import json
import re

import numpy as np
import phonenumbers
import pyarrow as pa
import pytest
from _backends import COMPILED
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

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


HEAD = program_cache._HEAD  # the format's bytes and the digest; the body follows


def _sealed(path, body: bytes) -> None:
    """``body`` written with its digest: the damage the digest cannot see is what is tested."""
    path.write_bytes(program_cache._FORMAT + program_cache._digest(body) + body)


def _rewrite(path, change) -> None:
    """The file with its JSON header changed by ``change`` (its arrays kept), digest and all."""
    data = path.read_bytes()
    size = int.from_bytes(data[HEAD : HEAD + 4], "little")
    arrays = data[HEAD + 4 + size + (-(HEAD + 4 + size) % 8) :]
    header = json.loads(data[HEAD + 4 : HEAD + 4 + size])
    change(header)
    text = json.dumps(header).encode()
    body = len(text).to_bytes(4, "little") + text
    _sealed(path, body + bytes(-(HEAD + len(body)) % 8) + arrays)


def _set(where, value):
    def change(header):
        target = header["program"]
        for step in where[:-1]:
            target = target[step]
        target[where[-1]] = value

    return change


def _arrays_at(data) -> int:
    size = int.from_bytes(data[HEAD : HEAD + 4], "little")
    return HEAD + 4 + size + (-(HEAD + 4 + size) % 8)


def _poke_state(path) -> None:
    """State 1's move on 9 sent outside the automaton, the digest made again."""
    data = bytearray(path.read_bytes())
    at = _arrays_at(data) + 40 + 36
    data[at : at + 4] = (10**6).to_bytes(4, "little")
    _sealed(path, bytes(data[HEAD:]))


def _flip_accept(path) -> None:
    """A bit of the last state's accepts changed on disk, the digest left as written: every
    state and verdict still inside the automata, only a verdict wrong."""
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))


DAMAGE = {
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:100]),
    "a byte more": lambda path: path.write_bytes(path.read_bytes() + b"\0"),
    "a byte more, sealed": lambda path: _sealed(path, path.read_bytes()[HEAD:] + b"\0"),
    "not ours": lambda path: path.write_text("hello"),
    "a bit flipped": _flip_accept,
    "state out of range": _poke_state,
    "another code": lambda path: _rewrite(path, lambda h: h.update(code=352)),
    "a verdict outside the automata": lambda path: _rewrite(path, _set(["refs", 0, 1], 64 * 8)),
    "a prefix outside the automata": lambda path: _rewrite(path, _set(["prefix_ref"], 10**6)),
    "a region without its general pattern": lambda path: _rewrite(path, _set(["refs"], [])),
    "a mask that is not a mask": lambda path: _rewrite(path, _set(["regions", 0, 2], "all")),
    "no automata": lambda path: _rewrite(path, _set(["states"], [])),
    "more states than the file holds": lambda path: _rewrite(path, _set(["states", 0], 10**19)),
    "a width out of range": lambda path: _rewrite(path, _set(["strip", 1, 0], -5)),
    "a header that is not JSON": lambda path: _sealed(path, (50).to_bytes(4, "little") + b"{" * 50),
    "a header nested too deep": lambda path: _sealed(path, (200_000).to_bytes(4, "little") + b"[" * 200_000),
    "a header longer than the file": lambda path: _sealed(path, (10**9).to_bytes(4, "little") + b"{}"),
}


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


def test_other_versions_unused_for_a_month_are_removed_and_the_rest_kept(cache):
    import os
    import time

    root = cache / "number-programs"
    month = time.time() - (program_cache.STALE_DAYS + 1) * 86_400
    stale, recent = root / ("0" * 32), root / ("1" * 32)
    for directory in (stale, recent, cache / "digit-automata"):
        directory.mkdir(parents=True)
        (directory / "351.bin").write_bytes(b"an older version's program")
    for directory in (stale, cache / "digit-automata"):
        os.utime(directory, (month, month))
    ours = root / program_cache.key()
    ours.mkdir()
    os.utime(ours, (month, month))  # this version's, last used a month ago: in use again now
    assert _same(program_cache.program(351), program_of(351))
    assert sorted(p.name for p in root.iterdir()) == sorted([recent.name, ours.name])
    assert not (cache / "digit-automata").exists() and (recent / "351.bin").exists()
    assert ours.stat().st_mtime > time.time() - 60 and (ours / "351.bin").exists()
    program_cache._in_use.cache_clear()  # a later process: the same, nothing more removed
    os.utime(recent, (month, month))
    program_cache.program(351)
    assert sorted(p.name for p in root.iterdir()) == [ours.name]


def _leaves(value, path=()):
    """Every place in a JSON value, with the path that reaches it."""
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_header_read_back_is_a_program_the_engine_can_judge_with(cache, data):
    """Whatever a file's header says, sealed with a good digest (a file written by another
    version of this code, say), reading it gives a rebuild or a program whose tables the engine
    walks without a crash or a read outside them."""
    cc = data.draw(st.sampled_from([44, 1, 54]), label="code")
    program_cache.program(cc)
    path = _files(cache)[[p.name for p in _files(cache)].index(f"{cc}.bin")]
    original = path.read_bytes()
    try:

        def change(header):
            places = list(_leaves(header))
            where = data.draw(st.sampled_from(places[1:]), label="where")
            target = header
            for step in where[:-1]:
                target = target[step]
            old = target[where[-1]]
            alike = (
                st.integers(-2, 600) if isinstance(old, int) else st.text("0123456789[]|()?\\d", max_size=8)
            )  # mostly another value of its kind: a program that still holds together
            target[where[-1]] = data.draw(
                alike | _JSON if isinstance(old, (int, str)) else _JSON, label="value"
            )

        _rewrite(path, change)
        found = program_cache._read(path, cc)
        event("rebuilt" if found is program_cache._MISSING else "read back")
        if found is program_cache._MISSING:
            return
        bank = Bank()
        t = bank.ensure([cc], {cc: found}.get)
        numbers = [f"{cc}{n}" for n in ("912345678", "7911123456", "07911123456", "1123456789", "0")]
        offsets = np.cumsum([0] + [len(n) for n in numbers]).astype(np.int32)
        text = np.frombuffer("".join(numbers).encode(), dtype=np.uint8)
        code = np.full(len(numbers), cc, dtype=np.int32)
        claimed, valid, alone = (np.empty(len(numbers), dtype=d) for d in (np.int32, np.uint8, np.uint8))
        tables = (t.transitions, t.accepts, t.starts, t.program, t.region, t.group, t.strip, t.code_program)
        if COMPILED is not None:
            COMPILED.judge_numbers(offsets, text, code, *tables, claimed, valid, alone)
            assert ((claimed >= -1) & (claimed < len(bank.names))).all()
    finally:
        path.write_bytes(original)
