"""Each calling code's program (``number_metadata.program_of``: its automata and how its verdict
reads them) kept on disk between processes, so that only the first check on a machine reads
phonenumbers' metadata and builds automata for the calling codes it meets (about 0.5 s for every
code); a process that meets every country reads them all back in a few milliseconds.

A program is one file, ``number-programs/<key>/<code>.bin`` under the cache directory: the key is
a hash of the phonenumbers version and of the modules that read its metadata, build the automata
and write these files (a change to any is a new directory, never a stale file). The cache directory is
``NRS_CODEC_CACHE_DIR`` when set (``off`` turns the cache off), else ``$XDG_CACHE_HOME/nrs_codec``,
else ``~/.cache/nrs_codec``. A file is written under a temporary name and then renamed, and read
without pickle: a digest of the rest, a JSON header (the regions, their patterns, where each
pattern's verdict is read) and each automaton's arrays. One that cannot be read, whose digest
does not match (a bit changed on disk would otherwise be a wrong verdict in every process after),
or whose program does not hold together (a state out of range, a verdict read outside the
automata, a region without its patterns) is built again. A directory that cannot be written to
only means no cache.

Each process marks its version's directory as used (its modification time, once) and removes
the directories of other versions, and the ``digit-automata`` of versions before these files,
left unmodified for ``STALE_DAYS``: a machine that upgrades keeps the programs of the versions it
runs, not of every version it ran. (Versions before this one do not mark theirs: their
directories go ``STALE_DAYS`` after their last program was written, and are built again by them
if they still run.)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

import numpy as np

from . import digit_machines, number_metadata, number_programs, recipients
from .digit_machines import Machine
from .number_metadata import program_of
from .number_programs import ANY_LENGTH, MAX_MACHINES, Program, Region, Strip

_FORMAT = b"NRSPROG2"  # of the files written here; a new one is a new key
_BUILDERS = (digit_machines, number_metadata, number_programs, recipients, sys.modules[__name__])
_MISSING = object()
STALE_DAYS = 30  # a version's directory unused this long is removed


def cache_dir() -> Path | None:
    """Where the programs are kept; None when the cache is off."""
    chosen = os.environ.get("NRS_CODEC_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("off", "") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if not os.path.isabs(home):  # no home to expand to: never a directory relative to here
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "nrs_codec"


@cache
def key() -> str:
    """The name of this version's directory: phonenumbers' version and the builders' sources."""
    import phonenumbers

    digest = hashlib.sha256(_FORMAT + phonenumbers.__version__.encode())
    for module in _BUILDERS:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:32]


def program(cc: int) -> Program | None:
    """``program_of(cc)``, read from the cache when it holds it, else built and kept there."""
    where = cache_dir()
    if where is None:
        return program_of(cc)
    path = where / "number-programs" / key() / f"{cc}.bin"
    _in_use(path.parent)
    found = _read(path, cc)
    if found is not _MISSING:
        return found
    built = program_of(cc)
    _write(path, cc, built)
    return built


@cache
def _in_use(directory: Path) -> None:
    """Mark ``directory`` (this version's) as used now, once a process, and remove the other
    versions' directories beside it, and the former ``digit-automata``, left unmodified for
    ``STALE_DAYS``. Nothing is said when the cache cannot be written: it is only a cache."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        os.utime(directory)
        others = [*directory.parent.iterdir(), directory.parent.parent / "digit-automata"]
    except OSError:
        return
    stale = time.time() - STALE_DAYS * 86_400
    for other in others:
        try:
            if other != directory and other.is_dir() and other.stat().st_mtime < stale:
                shutil.rmtree(other, ignore_errors=True)
        except OSError:
            continue


# A file: the format's 8 bytes, then the digest (``_digest``) of the body, which follows: the
# header's length (4 bytes, little-endian), the header (JSON), zeros up to a multiple of 8, then
# each automaton's transitions (int32, states x 10) and accepts (uint64, states), in the order of
# the header's "states".
_DIGEST = 16
_HEAD = len(_FORMAT) + _DIGEST  # where the body starts
_HEADER_BYTES = 1 << 20  # the most a header of any calling code's program takes, and more


def _digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=_DIGEST).digest()


def _write(path: Path, cc: int, built: Program | None) -> None:
    if built is None:
        header: dict = {"code": cc, "program": None}
        arrays: list[np.ndarray] = []
    else:
        strip = built.strip
        header = {
            "code": cc,
            "program": {
                "prefix_ref": built.prefix_ref,
                "regions": [
                    [r.name, r.general, r.general_lengths, [list(g) for g in r.groups], r.leading]
                    for r in built.regions
                ],
                "refs": [[list(k), v] for k, v in built.refs.items()],  # keys: (region, part) tuples
                "strip": None if strip is None else [list(strip.prefixes), list(strip.widths), strip.lengths],
                "states": [len(m.accepts) for m in built.machines],
            },
        }
        arrays = [a for m in built.machines for a in (m.transitions.astype("<i4"), m.accepts.astype("<u8"))]
    text = json.dumps(header).encode()
    body = len(text).to_bytes(4, "little") + text
    body += bytes(-(_HEAD + len(body)) % 8)
    body += b"".join(a.tobytes() for a in arrays)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_FORMAT + _digest(body) + body)
            os.replace(partial, path)
        except BaseException:
            os.unlink(partial)
            raise
    except OSError:
        pass  # no cache here: the program is built again next time


def _read(path: Path, cc: int):
    """The program kept for ``cc`` (None for a code judged one by one), or ``_MISSING``."""
    try:
        data = path.read_bytes()
    except OSError:
        return _MISSING
    try:
        return _decode(data, cc)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, RecursionError):
        return _MISSING  # not a whole file of ours: built again


def _decode(data: bytes, cc: int) -> Program | None:
    if data[: len(_FORMAT)] != _FORMAT or len(data) < _HEAD + 4:
        raise ValueError("not a program file")
    if _digest(data[_HEAD:]) != data[len(_FORMAT) : _HEAD]:
        raise ValueError("not the bytes written")
    size = int.from_bytes(data[_HEAD : _HEAD + 4], "little")
    if size > min(_HEADER_BYTES, len(data) - _HEAD - 4):
        raise ValueError("a header longer than the file")
    header = json.loads(data[_HEAD + 4 : _HEAD + 4 + size])
    if header["code"] != cc:
        raise ValueError("another calling code")
    p = header["program"]
    at = _HEAD + 4 + size + (-(_HEAD + 4 + size) % 8)
    if p is None:
        if at != len(data):
            raise ValueError("trailing bytes")
        return None
    machines = []
    for states in p["states"]:
        if not isinstance(states, int) or not 2 <= states <= (len(data) - at) // 48:
            raise ValueError("an automaton without a start state, or longer than the file")
        transitions = np.frombuffer(data, "<i4", 10 * states, at).reshape(states, 10)
        at += 40 * states
        accepts = np.frombuffer(data, "<u8", states, at)
        at += 8 * states
        if transitions.min() < 0 or transitions.max() >= states:
            raise ValueError("a state outside the automaton")  # the engine would read there
        machines.append(Machine(transitions.astype(np.int32), accepts.astype(np.uint64)))
    if at != len(data) or not 0 < len(machines) <= MAX_MACHINES:
        raise ValueError("not the automata the header names")
    regions = tuple(
        Region(
            _text(name),
            _text(general),
            _mask(lengths),
            tuple((_text(g), _mask(m)) for g, m in groups),
            None if leading is None else _text(leading),
        )
        for name, general, lengths, groups, leading in p["regions"]
    )
    refs = {tuple(k): v for k, v in p["refs"]}
    strip = None
    if p["strip"] is not None:
        prefixes, widths, lengths = p["strip"]
        strip = Strip(tuple(map(_text, prefixes)), tuple(widths), _mask(lengths))
    built = Program(cc, tuple(machines), p["prefix_ref"], regions, refs, strip)
    _holds_together(built)
    return built


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError("a pattern or name that is not text")
    return value


def _mask(value) -> int:
    if not isinstance(value, int) or not 0 <= value <= ANY_LENGTH:
        raise ValueError("a mask of lengths out of range")
    return value


def _holds_together(p: Program) -> None:
    """Every verdict the engine reads is read inside the program's automata (``ValueError``)."""
    limit = 64 * len(p.machines)
    needed = [(r, "general") for r in range(len(p.regions))]
    needed += [(r, "leading") for r, region in enumerate(p.regions) if region.leading is not None]
    needed += [(r, g) for r, region in enumerate(p.regions) for g in range(len(region.groups))]
    if p.strip is not None:
        if len(p.strip.widths) != len(p.strip.prefixes):
            raise ValueError("a national prefix without its width")
        needed += [("strip", i) for i in range(len(p.strip.widths))]
        if not all(isinstance(w, int) and 0 <= w <= 20 for w in p.strip.widths):
            raise ValueError("a national prefix's width out of range")
    if not p.regions:
        raise ValueError("a program of no country")
    refs = [p.refs[k] for k in needed]
    if len(refs) != len(p.refs) or not isinstance(p.prefix_ref, int) or not -1 <= p.prefix_ref < limit:
        raise ValueError("verdicts read outside the automata")
    if not all(isinstance(ref, int) and 0 <= ref < limit for ref in refs):
        raise ValueError("verdicts read outside the automata")
