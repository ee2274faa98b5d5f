"""What can go wrong in a campaign check: the file as a whole (``CheckError``, exit status 2) or
one row (its provider error code; ``CHECK_REASONS`` says why a row gets each)."""

from __future__ import annotations

import signal

from ..batch.results import ROW_REASONS
from ..core import codes

NO_RECIPIENT = codes.NO_VALID_RECIPIENTS
MALFORMED = codes.INPUT_VALIDATION
CHECK_REASONS = {
    **ROW_REASONS,
    NO_RECIPIENT: "no valid recipient (not an MSISDN with country code)",
    MALFORMED: "input validation error (a malformed row, or a message that is not text)",
}


class CheckError(Exception):
    """The file cannot be checked at all: the command exits with status 2 and this message."""


def printable(text: str) -> str:
    """``text`` as it can be printed: the bytes of a name that are not UTF-8 (which Python holds
    as lone surrogates, as the shell gave them) as their escapes, ``caf\\xe9.csv``; any other
    lone surrogate as ``\\ud800``."""
    return "".join(_printable(c) if "\ud800" <= c <= "\udfff" else c for c in text)


def _printable(surrogate: str) -> str:
    if "\udc80" <= surrogate <= "\udcff":  # the byte surrogateescape stands it for
        return f"\\x{ord(surrogate) - 0xDC00:02x}"
    return f"\\u{ord(surrogate):04x}"


def utf8_name(path: str, what: str = "") -> None:
    """A CheckError where ``path`` is no UTF-8 name (bytes of another encoding, as the shell gave
    them): pyarrow opens and creates files by UTF-8 names only. ``what``: ``--output `` for it."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise CheckError(
            f"{what}{printable(path)}: a path that is not UTF-8 cannot be used: rename it"
        ) from None


class Interrupted(KeyboardInterrupt):
    """A check stopped by Ctrl-C or by a signal the command line turns into this (``signum``).
    ``written``: the ``--output`` file had already been written whole when it came."""

    def __init__(self, signum: int = signal.SIGINT, written: bool = False):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.written = written
