"""``python -m nrs_codec``: the same as the ``nrs-codec`` command (and ``python -m nrs_codec.cli``)."""

from .cli import console

console()
