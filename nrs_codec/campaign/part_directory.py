"""The output directory of a check on a cluster: one Parquet file per partition,
``part-NNNNN.parquet``, written by the workers under a temporary name beside it and given its
name when every partition is done, so that a failed or interrupted check leaves the previous
output as it was (as ``output.Writer`` does for one file)."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil

from .errors import CheckError, utf8_name
from .output import named_as_csv, signals_held


class PartDirectory:
    """The output directory, written under a temporary name beside it and renamed when every
    partition is done: a failed check leaves the previous output as it was. Through a symbolic
    link, the directory it points to is the one replaced."""

    def __init__(self, path: str, inputs: list[str]):
        utf8_name(path, "--output ")
        self.path = os.path.realpath(path)
        if os.path.islink(self.path):  # links that lead back to themselves: no directory to write
            raise CheckError(f"--output {path}: a symbolic link in a loop of links")
        if os.path.exists(path) and not os.path.isdir(path):
            raise CheckError(f"--output {path}: with --dask the output is a directory of Parquet files")
        if named_as_csv(path):
            raise CheckError(
                f"--output {path}: with --dask the output is a directory of Parquet files, not CSV: "
                "name it as a directory (nightly-results)"
            )
        _only_parts(path, path)
        for p in inputs:
            if os.path.realpath(p).startswith(self.path + os.sep):
                raise CheckError(f"--output {path} holds the campaign file {p}")
        parent, name = os.path.split(self.path)
        self.temporary = os.path.join(parent, f".{name}.{secrets.token_hex(4)}.partial")
        try:
            os.mkdir(self.temporary)
        except OSError as exc:
            raise CheckError(f"cannot write {path}: {exc.strerror}") from None

    def part(self, index: int, width: int = 5) -> str:
        """Where partition ``index`` writes its rows: ``part-NNNNN.parquet``, of ``width`` digits at
        least, so that the parts read in name order are in row order."""
        return os.path.join(self.temporary, f"part-{index:0{width}d}.parquet")

    def commit(self) -> None:
        # A part being written when its worker was lost (its partition was checked again): never
        # part of the output.
        for name in os.listdir(self.temporary):
            if name.startswith("."):
                with contextlib.suppress(OSError):
                    os.remove(os.path.join(self.temporary, name))
        old = None
        # Again: a file put there while the check ran (a job's marker) is not a check's to remove.
        _only_parts(self.path, self.path, " (put there while the check ran)")
        try:
            with signals_held():  # Ctrl-C between the two renames would leave no output at all
                if os.path.isdir(self.path):
                    old = f"{self.temporary}.old"
                    os.rename(self.path, old)
                try:
                    os.rename(self.temporary, self.path)
                except OSError:
                    if old is not None:
                        os.rename(old, self.path)  # the previous output, as it was
                    raise
        except OSError as exc:
            raise CheckError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        # Moved away first: a task still running on a worker (the cluster does not stop one that
        # has begun) names its part by the temporary path, which then no longer exists, so it
        # cannot leave a part behind after the directory is gone.
        trash = f"{self.temporary}.discarded"
        try:
            os.rename(self.temporary, trash)
        except OSError:
            trash = self.temporary
        shutil.rmtree(trash, ignore_errors=True)


def _only_parts(path: str, said: str, when: str = "") -> None:
    """A CheckError where the directory ``path``, if there, holds other files than a check's
    parts: it is replaced whole."""
    if os.path.isdir(path):
        others = [n for n in os.listdir(path) if not is_part(n)]
        if others:
            raise CheckError(
                f"--output {said} holds other files than a check's output ({others[0]}{when}): name a "
                "new directory"
            )


def is_part(name: str) -> bool:
    """A file a check's output directory holds: a part, or a part being written."""
    return name.startswith("part-") and name.endswith(".parquet") or name.startswith(".part-")
