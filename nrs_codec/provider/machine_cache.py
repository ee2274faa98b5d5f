"""Digit automata kept on disk between processes, so that only the first check on a machine pays
for building them (``digit_machines.machines``: about 0.4 s for every calling code's patterns,
a few milliseconds to read back).

Each set of patterns is one ``.npy`` file under the cache directory, named by a hash of the
patterns and of the code that builds the automata (a change to either is a new file, never a
stale one): ``NRS_CODEC_CACHE_DIR`` when set (``off`` turns the cache off), else
``$XDG_CACHE_HOME/nrs_codec``, else ``~/.cache/nrs_codec``. A file is written under a temporary
name and then renamed, and read without pickle (one array of integers); one that cannot be read,
or whose automata do not hold together (a state out of range, a pattern's place outside them),
is built again. A directory that cannot be written to only means no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from . import digit_machines
from .digit_machines import Machine, machines

_ALGORITHM = hashlib.sha256(Path(digit_machines.__file__).read_bytes()).hexdigest()
_FORMAT = 1  # of the files written here: a new one is a new name


def cache_dir() -> Path | None:
    """Where the automata are kept; None when the cache is off."""
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


def cached_machines(patterns: list[tuple[str, str]]) -> tuple[list[Machine], list[int]]:
    """``digit_machines.machines(patterns)``, read from the cache when it holds them, else built
    and kept there."""
    where = cache_dir()
    if where is None:
        return machines(patterns)
    key = hashlib.sha256(json.dumps([_FORMAT, _ALGORITHM, patterns]).encode()).hexdigest()[:32]
    path = where / "digit-automata" / f"{key}.npy"
    found = _read(path, len(patterns))
    if found is not None:
        return found
    built, refs = machines(patterns)
    _write(path, built, refs)
    return built, refs


# A file is one .npy array of int64: the number of automata and of patterns, each pattern's ref,
# then each automaton's number of states, its transitions (states x 10) and accepts (as int64).


def _read(path: Path, count: int) -> tuple[list[Machine], list[int]] | None:
    try:
        flat = np.load(path, allow_pickle=False)
    except (OSError, EOFError, ValueError, TypeError):
        return None  # not a whole file of ours: built again
    if flat.dtype != np.int64 or flat.ndim != 1 or len(flat) < 2 or flat[1] != count or not 0 < flat[0] <= 64:
        return None
    refs, at, built = flat[2 : 2 + count], 2 + count, []
    for _ in range(int(flat[0])):
        states = int(flat[at]) if at < len(flat) else 0
        end = at + 1 + 11 * states
        if states < 2 or end > len(flat):
            return None
        transitions = flat[at + 1 : at + 1 + 10 * states].reshape(states, 10)
        if transitions.min() < 0 or transitions.max() >= states:
            return None  # the engine would read outside the automaton
        built.append(
            Machine(transitions.astype(np.int32), flat[at + 1 + 10 * states : end].view(np.uint64).copy())
        )
        at = end
    if at != len(flat) or len(refs) != count or (refs < 0).any() or (refs >= 64 * len(built)).any():
        return None
    return built, refs.tolist()


def _write(path: Path, built: list[Machine], refs: list[int]) -> None:
    parts = [np.array([len(built), len(refs), *refs], dtype=np.int64)]
    for m in built:
        parts += [np.array([len(m.accepts)], dtype=np.int64), m.transitions.ravel().astype(np.int64)]
        parts.append(m.accepts.view(np.int64))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        try:
            with os.fdopen(fd, "wb") as f:
                np.save(f, np.concatenate(parts), allow_pickle=False)
            os.replace(partial, path)
        except BaseException:
            os.unlink(partial)
            raise
    except OSError:
        pass  # no cache here: the automata are built again next time
