"""What the readers hand to the check: ``Block``s of rows, and the limits that bound their memory.

A reader holds one block of rows at a time: at most ``BLOCK_ROWS`` rows and about
``BLOCK_BYTES`` of text (``CSV_BLOCK_BYTES`` of CSV), so that memory follows neither the number
of rows nor what they hold. One row may be longer than a block, up to ``MAX_ROW_BYTES``. Past that
a CSV file cannot be read (and is most likely a quote left open), and a JSON Lines line is that
row's error.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .._extras import install
from .._text import clip, listing
from .errors import CheckError

BLOCK_ROWS = 65536
BLOCK_BYTES = 4 << 20
CSV_BLOCK_BYTES = 4 << 20
MAX_ROW_BYTES = 1 << 26


@dataclass
class Block:
    """Rows of the file: their messages, recipients (or None), and 1-based data row numbers."""

    messages: object
    recipients: list | None
    rows: np.ndarray
    malformed: dict[int, str] = field(default_factory=dict)  # row -> why, for rows in this block


@dataclass(frozen=True)
class Unparsed:
    """Rows a reader has read but not parsed: ``parse()`` makes their ``Block`` on the thread that
    checks them, so that parsing runs on every worker (JSON Lines)."""

    parse: Callable[[], Block]


def parsed(block: Block | Unparsed) -> Block:
    """The block a reader handed out, parsed where it was not."""
    return block.parse() if isinstance(block, Unparsed) else block


@dataclass(frozen=True)
class Span:
    """The part of a file one partition reads (``partitions``): bytes ``start`` to ``end`` of a CSV
    or JSON Lines file, cut at record boundaries, or ``row_groups`` of a Parquet file; the data rows
    of the file before it, and the records it holds as planned, which the reader checks."""

    first_row: int
    records: int | None  # None: not counted ahead (the rest of a file where no record ends)
    start: int = 0
    end: int | None = None
    row_groups: tuple[int, ...] | None = None
    names: tuple[str, ...] | None = None  # CSV after the first partition: the header's columns

    @property
    def first(self) -> bool:
        """The partition that starts the file (and holds its header)."""
        return self.first_row == 0 and self.start == 0

    def check(self, path: str, last_row: int) -> None:
        """The reader found the records planned: else the plan cut the file elsewhere than a
        record boundary, and every row number after it would be wrong."""
        if self.records is not None and last_row != self.first_row + self.records:
            raise CheckError(
                f"{path}: the partition of bytes {self.start:,} to {self.end:,} holds rows "
                f"{self.first_row + 1} to {last_row}, not {self.first_row + self.records} as planned; check "
                "this file without "
                "splitting it (a larger --partition-bytes)"
            )


def require_pyarrow():
    try:
        import pyarrow
        import pyarrow.compute
        import pyarrow.csv
        import pyarrow.parquet
    except ImportError:
        raise CheckError(f"reading campaign files needs pyarrow: {install('check')}") from None
    return pyarrow


# Separators a spreadsheet export uses instead of a comma: their name and how --delimiter takes them.
_SEPARATORS = {";": ("semicolon", "';'"), "\t": ("tab", "tab"), "|": ("pipe", "'|'")}


def missing_column(path: str, column: str, names: list[str], delimiter: str | None = None) -> CheckError:
    """The error for a header without ``column``: names cut to a line each and, for CSV read with
    ``delimiter``, ``--delimiter`` suggested when the header holds another separator (a semicolon-
    or tab-separated export); else the column it may mean, in another case or with blanks around
    (``Message``, `` message``) or a letter apart (``mesage``)."""
    shown = listing([clip(n) for n in names]) or "none"
    hint = ""
    if delimiter is not None:
        for sep, (name, option) in _SEPARATORS.items():
            if sep != delimiter and any(sep in n for n in names):
                hint = f"; the header looks {name}-separated: try --delimiter {option}"
                break
    if not hint:
        folded = [n for n in names if n.strip().casefold() == column.strip().casefold()]
        close = folded or difflib.get_close_matches(column, [n for n in names if len(n) <= 100], 1, 0.8)
        if close:
            hint = f"; did you mean {clip(close[0])}? (--message-column and --to-column name the columns)"
    return CheckError(f"{path}: no column {clip(column)} (columns: {shown}){hint}")


def named_twice(path: str, columns: list[str], names: list[str], where: str = "header") -> None:
    """A CheckError where the header names a column to check more than once: which one the
    check should read is not for the reader to guess (pyarrow's CSV reader takes the first)."""
    for column in columns:
        at = [str(i + 1) for i, name in enumerate(names) if name == column]
        if len(at) > 1:
            raise CheckError(
                f"{path}: the {where} names {len(at)} columns {clip(column)} (columns {listing(at)}): "
                "rename all but the one to check"
            )


def mib(n: int) -> str:
    """``n`` bytes in MiB, for messages about limits."""
    return f"{n / (1 << 20):g} MiB"
