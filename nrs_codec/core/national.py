"""Per-country presets of the national languages (3GPP TS 23.038 Annex A) a sender may allow.

Android enables a national table for sending only where an MCC resource overlay asks for it
(``config_sms_enabled_single_shift_tables`` / ``..._locking_shift_tables``); the standard asks that
a table be used once the national regulator has asked for it. ``tables/national_presets.tsv`` holds
those lists with their sources, and the generator turns them into ``NATIONAL_PRESETS`` of
``_generated/tables.py``.
"""

from __future__ import annotations

from .._generated.tables import ENCODING_LANGUAGE, NATIONAL_PRESETS
from .rules import UTF16

_NAME_OF = {lang: enc for enc, lang in ENCODING_LANGUAGE.items()}


def national_encodings(country: str) -> tuple[str, ...]:
    """The ``allowed`` tuple for messages to ``country`` (ISO 3166-1 alpha-2, any case): ``gsm``,
    the encodings of the national languages whose tables Android enables there (single or locking
    shift, in language id order), then ``utf-16``. ``national_encodings("IN")`` names the ten
    Indian languages; a country without national tables gives ``("gsm", "utf-16")``.

    An encoding name allows all of its language's variants: Turkey's handsets enable only the
    Turkish single shift table for sending, yet every Android handset decodes every table.
    """
    if not isinstance(country, str):
        raise TypeError(f"country must be str, not {type(country).__name__}")
    code = country.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise ValueError(f"country must be an ISO 3166-1 alpha-2 code such as 'IN', not {country!r}")
    single, locking = NATIONAL_PRESETS.get(code, ((), ()))
    return ("gsm", *(_NAME_OF[lang] for lang in sorted({*single, *locking})), UTF16)
