"""Per-row results of a campaign check written to CSV or Parquet, one block at a time.

The results go to a temporary file beside the output and take its name only when the check has
read the whole file (``commit``): a check that fails or is interrupted never leaves half a file
(a Parquet file without its footer cannot be read at all) and never replaces a previous good one.
"""

from __future__ import annotations

import contextlib
import os
import secrets

from .blocks import require_pyarrow
from .errors import CheckError


class Writer:
    """Per-row results to CSV or Parquet, one block at a time, under their name on ``commit``."""

    def __init__(self, path: str):
        pa = require_pyarrow()
        self.pa = pa
        self.path = path
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in (".csv", ".parquet"):
            raise CheckError(f"--output {path}: expected a .csv or .parquet file")
        self.parquet = suffix == ".parquet"
        self.writer = None
        directory, name = os.path.split(os.path.abspath(path))
        self.temporary = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.partial")
        try:
            # Created here, with the permissions a new file gets (not mkstemp's 0600), so that a
            # directory that cannot be written to is said before the whole input is read.
            os.close(os.open(self.temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except OSError as exc:
            raise CheckError(f"cannot write {path}: {exc.strerror}") from None

    def write(self, table) -> None:
        pa = self.pa
        if self.writer is None:
            try:
                if self.parquet:
                    self.writer = pa.parquet.ParquetWriter(self.temporary, table.schema)
                else:
                    self.writer = pa.csv.CSVWriter(self.temporary, table.schema)
            except OSError as exc:
                raise CheckError(f"cannot write {self.path}: {exc}") from None
        try:
            self.writer.write_table(table)
        except OSError as exc:  # a full disk, say
            raise CheckError(f"cannot write {self.path}: {exc}") from None

    def commit(self, schema) -> None:
        """Finish the file and give it its name; with no row at all, a file with the schema (a
        header line in CSV)."""
        if self.writer is None:
            self.write(schema.empty_table())
        try:
            self.writer.close()
            os.replace(self.temporary, self.path)
        except OSError as exc:
            raise CheckError(f"cannot write {self.path}: {exc}") from None

    def discard(self) -> None:
        """Drop what was written: the output, if there was one, stays as it was."""
        writer, self.writer = self.writer, None
        with contextlib.suppress(Exception):  # a writer that failed may fail to close; its file goes
            if writer is not None:
                writer.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.temporary)
