"""Digit automata kept on disk between processes, so that only the first check on a machine pays
for building them (``digit_machines.machines``: about 0.4 s for every calling code's patterns,
a few milliseconds to read back).

Each set of patterns is one ``.npz`` file under the cache directory, named by a hash of the
patterns and of the code that builds the automata (a change to either is a new file, never a
stale one): ``NRS_CODEC_CACHE_DIR`` when set (``off`` turns the cache off), else
``$XDG_CACHE_HOME/nrs_codec``, else ``~/.cache/nrs_codec``. A file is written under a temporary
name and then renamed, and read without pickle; one that cannot be read, or whose automata do not
hold together (a state out of range, a pattern's place outside them), is built again. A
directory that cannot be written to only means no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from . import digit_machines
from .digit_machines import Machine, machines

_ALGORITHM = hashlib.sha256(Path(digit_machines.__file__).read_bytes()).hexdigest()


def cache_dir() -> Path | None:
    """Where the automata are kept; None when the cache is off."""
    chosen = os.environ.get("NRS_CODEC_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("off", "") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nrs_codec"


def cached_machines(patterns: list[tuple[str, bool]]) -> tuple[list[Machine], list[int]]:
    """``digit_machines.machines(patterns)``, read from the cache when it holds them, else built
    and kept there."""
    where = cache_dir()
    if where is None:
        return machines(patterns)
    key = hashlib.sha256(json.dumps([_ALGORITHM, patterns]).encode()).hexdigest()[:32]
    path = where / "digit-automata" / f"{key}.npz"
    found = _read(path, len(patterns))
    if found is not None:
        return found
    built, refs = machines(patterns)
    _write(path, built, refs)
    return built, refs


def _read(path: Path, count: int) -> tuple[list[Machine], list[int]] | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            refs = data["refs"].astype(np.int64)
            built = []
            for k in range(int(data["machines"])):
                built.append(Machine(data[f"t{k}"].astype(np.int32), data[f"a{k}"].astype(np.uint64)))
    except (OSError, EOFError, KeyError, ValueError, TypeError, zipfile.BadZipFile):
        return None  # not a whole file of ours: built again
    if refs.shape != (count,) or not built or (refs < 0).any() or (refs >= 64 * len(built)).any():
        return None
    for m in built:
        states = len(m.accepts)
        t = m.transitions
        if states < 2 or t.ndim != 2 or t.shape != (states, 10) or t.min() < 0 or t.max() >= states:
            return None
    return built, refs.tolist()


def _write(path: Path, built: list[Machine], refs: list[int]) -> None:
    arrays = {"machines": np.array(len(built)), "refs": np.array(refs, dtype=np.int64)}
    for k, m in enumerate(built):
        arrays[f"t{k}"], arrays[f"a{k}"] = m.transitions, m.accepts
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, **arrays)
            os.replace(partial, path)
        except BaseException:
            os.unlink(partial)
            raise
    except OSError:
        pass  # no cache here: the automata are built again next time
