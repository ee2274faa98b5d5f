"""Which files a check reads: the arguments as given, a glob (quoted, so the shell left it alone)
or a directory of campaign files, in a stable order."""

from __future__ import annotations

import glob
import os

from .errors import CheckError
from .formats import IN_DIRECTORIES
from .sniff import suffixes


def _campaign_file(name: str) -> bool:
    """A name a check reads in a directory by its suffix: ``.csv``, ``.jsonl.gz``, ``.parquet``
    (not ``.txt``: ``formats.IN_DIRECTORIES``)."""
    return suffixes(name)[0] in IN_DIRECTORIES and not name.startswith(".")


def _a_file(path: str) -> bool:
    """A file, or a link to none: a campaign file whose link is broken is said to be missing,
    not left out of the night's check."""
    return os.path.isfile(path) or (os.path.islink(path) and not os.path.exists(path))


def names(paths) -> list[str]:
    """The names in ``paths``: one (text or a ``pathlib.Path``) or a sequence of them, as text."""
    return [os.fspath(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]


def named_as_set(arguments: list[str]) -> bool:
    """Whether ``arguments`` name a set of files: more than one, a directory or a glob. Such a
    check names each row's file, in its summary and its output, however many files the set held
    this time: a nightly job's summary and output keep their shape on a night of one file."""
    return len(arguments) > 1 or any(os.path.isdir(a) or _pattern(a) for a in arguments)


def named(paths, several: bool | None = None) -> tuple[list[str], bool]:
    """The files a check of ``paths`` reads (``expand``), and whether its rows name their file:
    ``several``, or with None where ``paths`` name a set of files (``named_as_set``)."""
    given = names(paths)
    return expand(given), named_as_set(given) if several is None else several


def _pattern(argument: str) -> bool:
    """A glob: ``*``, ``?`` or ``[`` in a name that is not itself a file or a link (a broken one
    too: the names a directory or a glob gave, expanded again, are the same names)."""
    return not os.path.lexists(argument) and glob.has_magic(argument)


def expand(arguments: list[str]) -> list[str]:
    """The files named by ``arguments``: a directory gives its campaign files (by suffix, sorted by
    name, not its subdirectories); a pattern with ``*``, ``?`` or ``[`` that is not itself a file
    gives the files it matches, sorted; anything else is a file, left for the check to find."""
    files: list[str] = []
    for argument in arguments:
        if os.path.isdir(argument):
            found = sorted(
                os.path.join(argument, n)
                for n in os.listdir(argument)
                if _campaign_file(n) and _a_file(os.path.join(argument, n))
            )
            if not found:
                raise CheckError(f"{argument}: a directory with no campaign file (.csv, .jsonl, .parquet...)")
            files += found
        elif _pattern(argument):
            found = sorted(p for p in glob.glob(argument) if _a_file(p))
            if not found:
                raise CheckError(f"{argument}: no file matches")
            files += found
        else:
            files.append(argument)
    seen: dict[tuple[int, int], int] = {}  # each file (device, inode) -> the first name's place
    for place, name in enumerate(files):
        try:
            found = os.stat(name)
        except OSError:
            continue  # missing, or a broken link: the check says so
        earlier = seen.setdefault((found.st_dev, found.st_ino), place)
        if earlier == place:
            continue
        first = files[earlier]
        if os.path.abspath(first) != os.path.abspath(name):  # a link, symbolic or hard
            raise CheckError(f"{name} is the file {first} again: each file is checked once")
        raise CheckError(f"{name} is named twice: each file is checked once")
    return files
