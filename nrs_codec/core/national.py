"""Per-country presets of the national languages (3GPP TS 23.038 Annex A) a sender may allow.

Android enables a national table for sending only where an MCC resource overlay asks for it
(``config_sms_enabled_single_shift_tables`` / ``..._locking_shift_tables``); the standard asks that
a table be used once the national regulator has asked for it. ``tables/national_presets.tsv`` holds
those lists with their sources, and the generator turns them into ``PRESET_ENCODINGS`` of
``_generated/tables.py``: a language whose two tables are both enabled keeps its own encoding
(``gsm-hi``), one with a single table enabled gets an encoding limited to it (``gsm-tr-single``).
"""

from __future__ import annotations

from .._generated.tables import COUNTRIES, PRESET_ENCODINGS
from .._text import code_case
from .rules import UTF16


def national_encodings(country: str) -> tuple[str, ...]:
    """The ``allowed`` tuple for messages to ``country`` (ISO 3166-1 alpha-2, any case): ``gsm``,
    the encodings of the national languages whose tables Android enables there (in language id
    order), then ``utf-16``. ``national_encodings("IN")`` names the ten Indian languages; a country
    without national tables gives ``("gsm", "utf-16")``.

    Each encoding uses only the tables enabled in the country, as its handsets do:
    ``national_encodings("TR")`` is ``("gsm", "gsm-tr-single", "utf-16")``, since Turkey enables the
    Turkish single shift table and not the locking one; ``gsm-tr`` would also use the locking
    table, which Turkish handsets never send with (every Android handset decodes every table).
    """
    if not isinstance(country, str):
        raise TypeError(f"country must be str, not {type(country).__name__}")
    code = code_case(country)
    if code not in COUNTRIES:  # a slip (TU for TR) would otherwise get no national table, silently
        raise ValueError(f"country must be an ISO 3166-1 alpha-2 code such as 'IN', not {country!r}")
    return ("gsm", *PRESET_ENCODINGS.get(code, ()), UTF16)
