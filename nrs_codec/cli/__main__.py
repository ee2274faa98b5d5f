"""``python -m nrs_codec.cli``: the same as the ``nrs-codec`` command."""

import sys

from . import main

sys.exit(main())
