"""Per-row results of a campaign check written to CSV or Parquet, one block at a time."""

from __future__ import annotations

import os

from .errors import CheckError
from .readers import require_pyarrow


class Writer:
    """Per-row results to CSV or Parquet, one block at a time."""

    def __init__(self, path: str):
        pa = require_pyarrow()
        self.pa = pa
        self.path = path
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in (".csv", ".parquet"):
            raise CheckError(f"--output {path}: expected a .csv or .parquet file")
        self.parquet = suffix == ".parquet"
        self.writer = None

    def write(self, table) -> None:
        pa = self.pa
        if self.writer is None:
            try:
                if self.parquet:
                    self.writer = pa.parquet.ParquetWriter(self.path, table.schema)
                else:
                    self.writer = pa.csv.CSVWriter(self.path, table.schema)
            except OSError as exc:
                raise CheckError(f"cannot write {self.path}: {exc}") from None
        self.writer.write_table(table)

    def close(self, schema) -> None:
        if self.writer is None:  # no row at all: still leave a file with the header
            self.write(schema.empty_table())
        self.writer.close()
