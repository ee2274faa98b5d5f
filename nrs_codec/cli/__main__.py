"""``python -m nrs_codec.cli``: the same as the ``nrs-codec`` command."""

from . import console

console()
