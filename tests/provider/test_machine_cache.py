"""The digit automata's disk cache: read back as built, rebuilt from a damaged file, and never
in the way (a directory that cannot be written, the cache turned off)."""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

from nrs_codec.provider import machine_cache
from nrs_codec.provider.digit_machines import START, STARTED, WHOLE, machines

PATTERNS = [(r"9[1-36]\d{7}", WHOLE), (r"2\d{8}", WHOLE), (r"0", START), (r"0?(?:15)?", STARTED)]


def _same(a, b) -> bool:
    (ma, ra), (mb, rb) = a, b
    return ra == rb and all(
        np.array_equal(x.transitions, y.transitions) and np.array_equal(x.accepts, y.accepts)
        for x, y in zip(ma, mb, strict=True)
    )


def _files(directory) -> list:
    return sorted((directory / "digit-automata").glob("*.npy"))


def test_automata_are_kept_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("NRS_CODEC_CACHE_DIR", str(tmp_path))
    built = machine_cache.cached_machines(PATTERNS)
    assert _same(built, machines(PATTERNS)) and len(_files(tmp_path)) == 1
    before = _files(tmp_path)[0].stat().st_mtime_ns
    again = machine_cache.cached_machines(PATTERNS)
    assert _same(again, built) and _files(tmp_path)[0].stat().st_mtime_ns == before  # read, not written
    assert again[0][0].run("912345678") & 1 and not again[0][0].run("812345678")
    machine_cache.cached_machines([(r"1\d", WHOLE)])  # other patterns: a file of their own
    assert len(_files(tmp_path)) == 2 and not list((tmp_path / "digit-automata").glob("*.partial"))


@pytest.mark.parametrize("damage", ["truncated", "state out of range", "ref out of range", "not an array"])
def test_a_damaged_file_is_built_again(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("NRS_CODEC_CACHE_DIR", str(tmp_path))
    expected = machine_cache.cached_machines(PATTERNS)
    (path,) = _files(tmp_path)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "not an array":
        path.write_text("hello")
    else:
        flat = np.load(path)
        if damage == "state out of range":
            flat[2 + len(PATTERNS) + 1 + 19] = 10**6  # state 1's move on 9: outside the automaton
        else:
            flat[2 + len(PATTERNS) - 1] = 64  # a pattern placed in a second automaton that is not there
        np.save(path, flat)
    assert machine_cache._read(path, len(PATTERNS)) is None
    assert _same(machine_cache.cached_machines(PATTERNS), expected)
    assert machine_cache._read(path, len(PATTERNS)) is not None  # written again, whole


def test_no_cache_when_off_or_unwritable(tmp_path, monkeypatch):
    monkeypatch.setenv("NRS_CODEC_CACHE_DIR", "off")
    assert machine_cache.cache_dir() is None
    assert _same(machine_cache.cached_machines(PATTERNS), machines(PATTERNS))
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory would be")
    monkeypatch.setenv("NRS_CODEC_CACHE_DIR", str(blocked))
    assert _same(machine_cache.cached_machines(PATTERNS), machines(PATTERNS))
    monkeypatch.delenv("NRS_CODEC_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert machine_cache.cache_dir() == tmp_path / "xdg" / "nrs_codec"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert machine_cache.cache_dir() == tmp_path / "home" / ".cache" / "nrs_codec"
    monkeypatch.setattr(machine_cache.os.path, "expanduser", lambda path: path)  # no home at all
    assert machine_cache.cache_dir() is None


def test_the_file_name_changes_with_the_patterns_and_the_builder(tmp_path, monkeypatch):
    monkeypatch.setenv("NRS_CODEC_CACHE_DIR", str(tmp_path))
    machine_cache.cached_machines(PATTERNS)
    monkeypatch.setattr(machine_cache, "_ALGORITHM", "another version of digit_machines")
    machine_cache.cached_machines(PATTERNS)
    names = [p.name for p in _files(tmp_path)]
    assert len(names) == 2 and all(re.fullmatch(r"[0-9a-f]{32}\.npy", n) for n in names)
    assert os.access(tmp_path / "digit-automata", os.W_OK)
