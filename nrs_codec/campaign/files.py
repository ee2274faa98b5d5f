"""Which files a check reads: the arguments as given, a glob (quoted, so the shell left it alone)
or a directory of campaign files, in a stable order."""

from __future__ import annotations

import errno
import glob
import os
import stat

from .errors import CheckError, utf8_name
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


def named(paths, several: bool | None = None, prices: str | None = None) -> tuple[list[str], bool]:
    """The files a check of ``paths`` reads (``expand``; not the price table ``prices``, where a
    directory or a glob holds it), and whether its rows name their file: ``several``, or with
    None where ``paths`` name a set of files (``named_as_set``)."""
    given = names(paths)
    return expand(given, prices), named_as_set(given) if several is None else several


def _pattern(argument: str) -> bool:
    """A glob: ``*``, ``?`` or ``[`` in a name that is not itself a file or a link (a broken one
    too: the names a directory or a glob gave, expanded again, are the same names)."""
    return not os.path.lexists(argument) and glob.has_magic(argument)


def _identity(path: str) -> tuple[int, int] | None:
    """The file ``path`` is (its device and inode), None where it is not there."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _fixed_part(pattern: str) -> str:
    """The directory a glob lies in before its first ``*``, ``?`` or ``[``: ``/data/night`` for
    ``/data/night/*.csv`` and for ``/data/night/*/a.csv``; empty for ``*.csv``."""
    directory = os.path.dirname(pattern)
    while glob.has_magic(directory):
        directory = os.path.dirname(directory)
    return directory


def expand(arguments: list[str], prices: str | None = None) -> list[str]:
    """The files named by ``arguments``: a directory gives its campaign files (by suffix, sorted by
    name, not its subdirectories); a pattern with ``*``, ``?`` or ``[`` that is not itself a file
    gives the files it matches, sorted; anything else is a file, left for the check to find. The
    file ``prices`` (the price table, kept beside the night's campaigns) is none of a directory's
    or a glob's campaign files."""
    table = _identity(prices) if prices is not None else None

    def found_file(path: str) -> bool:  # a file a directory or a glob gives: not the price table
        return _a_file(path) and (table is None or _identity(path) != table)

    files: list[str] = []
    for argument in arguments:
        if os.path.isdir(argument):
            found = sorted(
                os.path.join(argument, n)
                for n in os.listdir(argument)
                if _campaign_file(n) and found_file(os.path.join(argument, n))
            )
            if not found:
                raise CheckError(f"{argument}: a directory with no campaign file (.csv, .jsonl, .parquet...)")
            files += found
        elif _pattern(argument):
            found = sorted(p for p in glob.glob(argument) if found_file(p))
            if not found:
                _way_to(argument, _fixed_part(argument))  # a night's directory not made yet
                raise CheckError(f"{argument}: no file matches")
            files += found
        else:
            files.append(argument)
    seen: dict[tuple[int, int], int] = {}  # each file (device, inode) -> the first name's place
    for place, name in enumerate(files):
        identity = _identity(name)
        if identity is None:
            continue  # missing, or a broken link: the check says so
        earlier = seen.setdefault(identity, place)
        if earlier == place:
            continue
        first = files[earlier]
        if os.path.abspath(first) != os.path.abspath(name):  # a link, symbolic or hard
            raise CheckError(f"{name} is the file {first} again: each file is checked once")
        raise CheckError(f"{name} is named twice: each file is checked once")
    return files


def openable(path: str) -> None:
    """A CheckError unless ``path`` is a regular file the readers can open; said before its
    suffix is looked at (a night's directory not made yet is missing, not of an unknown format)."""
    if not os.path.isfile(path):
        if os.path.exists(path):  # a pipe (<(...), /dev/stdin) or a device: read once, no seeking
            raise CheckError(f"{path}: not a regular file: save what it gives to a file and check that")
        _way_to(path, path)
        raise CheckError(f"{path}: no such {'directory' if path.endswith(os.sep) else 'file'}")
    utf8_name(path)


def _way_to(path: str, target: str) -> None:
    """A CheckError for ``path`` naming the first directory on the way to ``target`` (or
    ``target`` itself) that is amiss (``_on_the_way``); none for an empty ``target``."""
    for directory in [*_directories(target), target] if target else []:
        _on_the_way(path, directory)


def _on_the_way(path: str, directory: str) -> None:
    """A CheckError for ``path`` if ``directory`` on its way (or ``path`` itself) is missing,
    not a directory, a link that ends nowhere (where it leads, or that it loops), or in a
    directory that may not be entered."""
    try:
        found = os.stat(directory)
    except OSError as exc:
        if os.path.islink(directory):
            said = (
                "a symbolic link in a loop of links"
                if exc.errno == errno.ELOOP
                else f"a link to {os.path.realpath(directory)}, which does not exist"
            )
            raise CheckError(f"{path}: {said if directory == path else f'{directory} is {said}'}") from None
        parent = os.path.dirname(directory.rstrip(os.sep)) or "."
        if exc.errno == errno.EACCES:  # what lies past it is not known to this user
            raise CheckError(f"{path}: permission denied: {parent} cannot be entered") from None
        if exc.errno == errno.ENOTDIR:  # a file named as a directory: "c.csv/"
            raise CheckError(f"{path}: {directory.rstrip(os.sep)} is not a directory") from None
        if directory != path:
            raise CheckError(f"{path}: no such directory {directory}") from None
        return
    if directory != path and not stat.S_ISDIR(found.st_mode):
        raise CheckError(f"{path}: {directory} is not a directory")


def _directories(path: str) -> list[str]:
    """The directories named on the way to ``path``, from the first: ``a``, ``a/b`` for ``a/b/c``."""
    found = []
    parent = os.path.dirname(path.rstrip(os.sep))
    while parent and parent not in found and parent != os.path.dirname(parent):
        found.append(parent)
        parent = os.path.dirname(parent)
    return found[::-1]
