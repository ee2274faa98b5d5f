"""Generate ``nrs_codec/_generated/tables.py`` from the 3GPP TS 23.038 tables kept as data in ``tables/``, and
``nrs_codec/_generated/country_rules.py`` from ``tables/country_rules.json``; the same tables go into
the generated section of the browser engine ``nrs_codec/web/nrs-codec.js``, and that module into its
classic-script twin ``nrs_codec/web/nrs-codec.global.js``.

Run ``python tables/generate.py`` after changing any ``*.tsv`` or ``*.json`` here; ``--check`` exits
1 when a committed module is stale (the test suite runs the same check).
"""

from __future__ import annotations

import argparse
import csv
import json
import pprint
import re
import sys
import zoneinfo
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parent / "nrs_codec" / "_generated" / "tables.py"
COUNTRY_RULES_TARGET = HERE.parent / "nrs_codec" / "_generated" / "country_rules.py"
WEB_TARGET = HERE.parent / "nrs_codec" / "web" / "nrs-codec.js"
WEB_GLOBAL_TARGET = HERE.parent / "nrs_codec" / "web" / "nrs-codec.global.js"
STATIC = HERE.parent / "nrs_codec" / "service" / "static"
EXAMPLE_PRICES = HERE.parent / "nrs_codec" / "provider" / "example_prices.csv"
EDITOR_TARGET = HERE.parent / "examples" / "editor.html"
EDITOR_IMPORT = 'import * as N from "../nrs-codec.js";\n'
WEB_BEGIN = (
    "// ---- begin generated tables: written by tables/generate.py from tables/*.tsv, do not edit ----\n"
)
WEB_END = "// ---- end generated tables ----\n"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def read_table(path: Path, single: bool = False) -> dict[int, int]:
    """Septet value -> Unicode code point, with the file's own consistency checked; a ``single``
    shift table also keeps 0x0D, the reserved CR2, empty."""
    table: dict[int, int] = {}
    seen: dict[int, int] = {}
    for n, row in enumerate(_rows(path), start=2):
        septet = int(row["septet"], 16)
        cp = int(row["codepoint"].removeprefix("U+"), 16)
        where = f"{path.name}: row {n}"
        if not 0 <= septet < 0x80 or septet == 0x1B or (single and septet == 0x0D):
            raise ValueError(f"{where}: septet 0x{septet:02X} is not a character position")
        if septet in table:
            raise ValueError(f"{where}: septet 0x{septet:02X} appears twice")
        # The standard prints a few characters at two positions of one table (see the files'
        # notes). Such a row must say so in its name, so that a slip in the data cannot pass as
        # one of them; the reverse maps built in septet order encode the higher position.
        repeat = re.search(r"\(also at 0x([0-9A-F]{2})\)$", row["name"])
        if cp in seen and (repeat is None or int(repeat.group(1), 16) != seen[cp]):
            raise ValueError(f"{where}: U+{cp:04X} already at 0x{seen[cp]:02X}")
        if cp not in seen and repeat is not None:
            raise ValueError(f"{where}: U+{cp:04X} is said to repeat 0x{repeat.group(1)} but is not there")
        if cp > 0xFFFF or 0xD800 <= cp <= 0xDFFF:
            raise ValueError(f"{where}: U+{cp:04X} is outside the BMP or a surrogate")
        table[septet] = cp
        seen.setdefault(cp, septet)
    return table


def read_languages() -> list[dict]:
    languages = []
    for row in _rows(HERE / "languages.tsv"):
        languages.append(
            {
                "id": int(row["id"]),
                "language": row["language"],
                "encoding": row["encoding"],
                "locking": None if row["locking"] == "-" else read_table(HERE / row["locking"]),
                "single": None if row["single"] == "-" else read_table(HERE / row["single"], single=True),
                "files": (row["locking"], row["single"]),
            }
        )
    if not languages or languages[0]["id"] != 0 or languages[0]["locking"] is None:
        raise ValueError("languages.tsv: the first row must be language 0 with its locking table")
    return languages


def _ids(where: str, text: str, languages: dict[int, dict], kind: str) -> tuple[int, ...]:
    ids = () if text == "-" else tuple(int(t) for t in text.split(","))
    for lang in ids:
        if lang == 0 or lang not in languages or languages[lang][kind] is None:
            raise ValueError(f"{where}: language {lang} has no {kind} shift table in languages.tsv")
    if list(ids) != sorted(set(ids)):
        raise ValueError(f"{where}: {kind} ids must be ascending and distinct")
    return ids


def iso_countries() -> list[str]:
    """The country codes ``national_encodings`` takes (``countries.tsv``: ISO 3166-1 alpha-2 and
    the regions phonenumbers adds), so that a slip such as ``TU`` for Turkey is said, not answered
    with no national table."""
    codes = []
    for n, row in enumerate(_rows(HERE / "countries.tsv"), start=2):
        if not re.fullmatch(r"[A-Z]{2}", row["country"]) or row["country"] in codes or not row["name"]:
            raise ValueError(f"countries.tsv: row {n}: {row['country']!r} is not a new code with its name")
        codes.append(row["country"])
    return sorted(codes)


def read_national_presets() -> dict[str, tuple[tuple[int, ...], tuple[int, ...]]]:
    """ISO country -> (single shift ids, locking shift ids) Android enables for sending there."""
    languages = {lg["id"]: lg for lg in read_languages()}
    countries = set(iso_countries())
    presets = {}
    for n, row in enumerate(_rows(HERE / "national_presets.tsv"), start=2):
        where = f"national_presets.tsv: row {n}"
        country = row["country"]
        if country not in countries or country in presets:
            raise ValueError(f"{where}: {country!r} is not a new ISO 3166 alpha-2 code")
        if not row["source"].strip():
            raise ValueError(f"{where}: every preset names its source")
        presets[country] = (
            _ids(where, row["single"], languages, "single"),
            _ids(where, row["locking"], languages, "locking"),
        )
    return dict(sorted(presets.items()))


def preset_encodings(
    languages: list[dict], presets: dict[str, tuple[tuple[int, ...], tuple[int, ...]]]
) -> tuple[dict[str, tuple[int, bool, bool]], dict[str, tuple[str, ...]]]:
    """The encodings the presets need: (restricted, by_country).

    ``restricted`` maps the name of each encoding that a preset limits to one of its language's
    two tables (``gsm-tr-single`` where only the Turkish single shift table is enabled) to
    (language id, uses the locking table, uses the single shift table); ``by_country`` maps each
    country to its encodings in language id order: a language's own name where the preset enables
    every table the language has, else the restricted name.
    """
    by_id = {lg["id"]: lg for lg in languages}
    taken = {lg["encoding"] for lg in languages}
    restricted: dict[str, tuple[int, bool, bool]] = {}
    by_country = {}
    for country, (single, locking) in presets.items():
        names = []
        for lang in sorted({*single, *locking}):
            lg = by_id[lang]
            uses_locking = lang in locking
            uses_single = lang in single
            if uses_locking == (lg["locking"] is not None) and uses_single == (lg["single"] is not None):
                names.append(lg["encoding"])
                continue
            name = lg["encoding"] + ("-locking" if uses_locking else "-single")  # the table it keeps
            if name in taken:
                raise ValueError(f"languages.tsv: {name!r} is a language's own encoding name")
            restricted[name] = (lang, uses_locking, uses_single)
            names.append(name)
        by_country[country] = tuple(names)
    return dict(sorted(restricted.items(), key=lambda kv: (kv[1][0], kv[0]))), by_country


def _dict(table: dict[int, int] | None) -> str:
    if table is None:
        return "None"
    items = "".join(f"        0x{s:02X}: 0x{cp:04X},  # {chr(cp)!r}\n" for s, cp in sorted(table.items()))
    return "{\n" + items + "    }"


def render() -> str:
    langs = read_languages()
    out = [
        '"""3GPP TS 23.038 character tables as lookup data for both back ends.',
        "",
        "Generated by tables/generate.py from tables/*.tsv: do not edit by hand.",
        "",
        "A code point the standard prints at two septets of one table decodes from both; reverse maps",
        "built from these dicts in their (septet) order encode it with the higher one, as Android does.",
        '"""',
        "",
        "# National language id -> English name.",
        "LANGUAGES = {" + ", ".join(f"{lg['id']}: {lg['language']!r}" for lg in langs) + "}",
        "",
        "# Provider encoding name -> national language id whose tables it uses.",
        "ENCODING_LANGUAGE = {" + ", ".join(f"{lg['encoding']!r}: {lg['id']}" for lg in langs) + "}",
        "",
        "# National language id -> {septet: code point} of its locking shift table (None: none defined).",
        "LOCKING = {",
    ]
    for lg in langs:
        out.append(f"    {lg['id']}: {_dict(lg['locking'])},  # {lg['files'][0]}")
    out.append("}")
    out.append("")
    out.append("# National language id -> {septet: code point} of its single shift table (None: none).")
    out.append("SINGLE = {")
    for lg in langs:
        out.append(f"    {lg['id']}: {_dict(lg['single'])},  # {lg['files'][1]}")
    out.append("}")
    out.append("")
    presets = read_national_presets()
    restricted, by_country = preset_encodings(langs, presets)
    out.append("# ISO 3166 country -> (single shift ids, locking shift ids) that Android enables for sending")
    out.append("# there (tables/national_presets.tsv); any other country: none.")
    out.append("NATIONAL_PRESETS = " + pprint.pformat(presets, width=110, compact=True))
    out.append("")
    out.append(
        "# Encodings a preset limits to one of its language's two tables (its other table is not enabled"
    )
    out.append("# there): name -> (language id, uses the locking shift table, uses the single shift table).")
    out.append("RESTRICTED_ENCODINGS = " + pprint.pformat(restricted, width=110, sort_dicts=False))
    out.append("")
    out.append("# ISO 3166 country -> its presets' encodings in language id order (national_encodings()).")
    out.append("PRESET_ENCODINGS = " + pprint.pformat(by_country, width=110, compact=True))
    out.append("")
    out.append("# The countries national_encodings() knows (tables/countries.tsv).")
    out.append("COUNTRIES = frozenset(" + pprint.pformat(iso_countries(), width=110, compact=True) + ")")
    return "\n".join(out) + "\n"


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])")
# Fields each kind of rule needs beyond kind, exemptTransactional and message.
_KIND_FIELDS = {
    "quiet-hours": ("windows", "holidays"),
    "stop-mention": ("pattern",),
    "public-shortener": (),
    "sender-prefix": ("prefix",),
    "content": (),
    "opt-in": (),
}


def _windows(where: str, windows: dict) -> dict[int, tuple[tuple[int, int], ...]]:
    """Weekday (0 = Monday) -> ((start minute, end minute), ...) in local time, checked."""
    if sorted(windows) != sorted(_WEEKDAYS):
        raise ValueError(f"{where}: windows must name each of {', '.join(_WEEKDAYS)}")
    out = {}
    for day, name in enumerate(_WEEKDAYS):
        spans = []
        for text in windows[name]:
            m = _WINDOW.fullmatch(text)
            if not m:
                raise ValueError(f"{where}: window {text!r} on {name} is not HH:MM-HH:MM")
            h1, m1, h2, m2 = map(int, m.groups())
            start, end = h1 * 60 + m1, h2 * 60 + m2
            if not start < end <= 24 * 60 or (spans and start < spans[-1][1]):
                raise ValueError(f"{where}: window {text!r} on {name} is empty, too late or overlaps")
            spans.append((start, end))
        out[day] = tuple(spans)
    if not any(out.values()):
        raise ValueError(f"{where}: no window on any day")
    return out


def read_country_rules() -> dict:
    path = HERE / "country_rules.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    countries = {}
    for code, country in data["countries"].items():
        time_zone = country.get("timeZone")
        if time_zone is not None:
            zoneinfo.ZoneInfo(time_zone)
        rules = []
        for n, rule in enumerate(country["rules"], start=1):
            where = f"{path.name}: {code} rule {n}"
            kind = rule["kind"]
            if kind not in _KIND_FIELDS or kind not in data["kinds"]:
                raise ValueError(f"{where}: unknown kind {kind!r}")
            out = {"kind": kind, "exempt_transactional": bool(rule["exemptTransactional"])}
            for name in _KIND_FIELDS[kind]:
                if name not in rule:
                    raise ValueError(f"{where}: {kind} needs {name!r}")
            if kind == "quiet-hours":
                if time_zone is None:
                    raise ValueError(f"{where}: quiet hours need the country's timeZone")
                out["windows"] = _windows(where, rule["windows"])
                out["holidays"] = bool(rule["holidays"])
            elif kind == "stop-mention":
                re.compile(rule["pattern"])
                out["pattern"] = rule["pattern"]
            elif kind == "sender-prefix":
                if "{sender}" not in rule["prefix"]:
                    raise ValueError(f"{where}: prefix must contain {{sender}}")
                out["prefix"] = rule["prefix"]
            out["message"] = rule["message"]
            rules.append(out)
        countries[code] = {"name": country["name"], "time_zone": time_zone, "rules": tuple(rules)}
    return {"shorteners": tuple(sorted(set(data["publicShorteners"]))), "countries": countries}


def render_country_rules() -> str:
    data = read_country_rules()
    return "\n".join(
        [
            '"""Country sending rules as data for ``nrs_codec.provider.countries``.',
            "",
            "Generated by tables/generate.py from tables/country_rules.json: do not edit by hand.",
            '"""',
            "",
            "# Hosts of public URL shorteners (a subdomain of one counts as the same service).",
            "PUBLIC_SHORTENERS = " + pprint.pformat(data["shorteners"], width=110, compact=True),
            "",
            "# ISO 3166 country -> name, IANA time zone and rules. Quiet-hours windows are weekday",
            "# (0 = Monday) -> ((start minute, end minute), ...) in local time, end excluded.",
            "COUNTRIES = " + pprint.pformat(data["countries"], width=110, sort_dicts=False),
            "",
        ]
    )


def _js_table(table: dict[int, int] | None) -> str:
    if table is None:
        return "null"
    cells = [f"0x{table[s]:04X}" if s in table else "null" for s in range(0x80)]
    rows = ["    " + ", ".join(cells[r : r + 8]) + "," for r in range(0, 0x80, 8)]
    return "[\n" + "\n".join(rows) + "\n  ]"


def render_web_tables() -> str:
    """The generated section of nrs-codec.js: the same tables as ``render()``, as JavaScript."""
    langs = read_languages()
    out = [
        "// National language id -> English name.",
        "const LANGUAGES = " + json.dumps({str(lg["id"]): lg["language"] for lg in langs}) + ";",
        "// Provider encoding name -> national language id whose tables it uses.",
        "const ENCODING_LANGUAGE = " + json.dumps({lg["encoding"]: lg["id"] for lg in langs}) + ";",
    ]
    for name, kind, what in (("LOCKING", "locking", 0), ("SINGLE", "single", 1)):
        out.append(
            f"// National language id -> code point at each septet of its {kind} shift table (null: none)."
        )
        out.append(f"const {name} = {{")
        for lg in langs:
            out.append(f"  {lg['id']}: {_js_table(lg[kind])}, // {lg['files'][what]}")
        out.append("};")
    restricted, by_country = preset_encodings(langs, read_national_presets())
    out.append("// Encodings a preset limits to one of its language's tables: name -> [language id,")
    out.append("// uses the locking shift table, uses the single shift table].")
    restricted_js = json.dumps({name: list(tables) for name, tables in restricted.items()})
    out.append("const RESTRICTED_ENCODINGS = " + restricted_js + ";")
    out.append("// ISO 3166 country -> its presets' encodings in language id order (nationalEncodings()).")
    out.append("const PRESET_ENCODINGS = " + json.dumps({k: list(v) for k, v in by_country.items()}) + ";")
    out.append("// The countries nationalEncodings() knows (tables/countries.tsv).")
    out.append("const COUNTRIES = new Set(" + json.dumps(iso_countries()) + ");")
    return WEB_BEGIN + "\n".join(out) + "\n" + WEB_END


def render_web(current: str) -> str:
    """nrs-codec.js as it must be: its hand-written code around the current generated section."""
    head, sep, rest = current.partition(WEB_BEGIN)
    _, sep2, tail = rest.partition(WEB_END)
    if not sep or not sep2:
        raise ValueError(f"{WEB_TARGET.name}: the generated-tables markers are missing")
    return head + render_web_tables() + tail


_EXPORT = re.compile(r"^export (?:async )?(?:function\*?|class|const|let) ([A-Za-z_$][\w$]*)", re.M)


def render_web_global(module: str) -> str:
    """The module as a classic script defining ``globalThis.NrsCodec``: browsers load no ES module
    from a page opened as a file (file://), and some pages still use plain script tags."""
    if re.search(
        r"^export (?!(?:async )?(?:function|class|const|let) )", module, re.M
    ) or "import" in re.findall(r"^(import)\b", module, re.M):
        raise ValueError(
            f"{WEB_TARGET.name}: only `export function|class|const|let` declarations can be converted"
        )
    names = _EXPORT.findall(module)
    body = _EXPORT.sub(lambda m: m.group(0).removeprefix("export "), module)
    return (
        "// nrs-codec.global.js: nrs-codec.js as a classic script (window.NrsCodec), for pages opened\n"
        "// from a file or without modules. Generated by tables/generate.py from nrs-codec.js: do not edit.\n"
        "(function (root) {\n"
        '"use strict";\n'
        + body
        + "root.NrsCodec = Object.freeze({ "
        + ", ".join(names)
        + " });\n"
        + "})(globalThis);\n"
    )


def _inline(text: str, tag: str) -> str:
    if f"</{tag}" in text.lower():
        raise ValueError(f"an inlined {tag} cannot hold </{tag}")
    return text


def render_editor(global_script: str) -> str:
    """The editor page (``nrs_codec/service/static``) as one self-contained file that opens with no
    server: its style, the classic-script engine, the example prices and its script inlined."""
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    css = (STATIC / "editor.css").read_text(encoding="utf-8")
    script = (STATIC / "editor.js").read_text(encoding="utf-8")
    if not script.startswith(EDITOR_IMPORT):
        raise ValueError(f"editor.js must begin with {EDITOR_IMPORT!r}")
    script = "(() => {\nconst N = globalThis.NrsCodec;\n" + script.removeprefix(EDITOR_IMPORT) + "})();\n"
    rows = [
        next(csv.reader([line]))
        for line in EXAMPLE_PRICES.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ][1:]
    prices = {
        "currency": rows[0][2],
        "countries": {r[0]: r[1] for r in rows if not r[0].startswith("+")},
        "prefixes": {r[0]: r[1] for r in rows if r[0].startswith("+")},
        "example": True,
    }
    head = (
        '<link rel="stylesheet" href="static/editor.css">\n'
        '<script type="module" src="static/editor.js"></script>\n'
    )
    if head not in page or "</body>" not in page:
        raise ValueError("index.html: the stylesheet and script tags are not where expected")
    page = page.replace(head, "<style>\n" + _inline(css, "style") + "</style>\n")
    tail = (
        "<!-- Example prices, not the provider's tariff: pick a prices file to use yours. -->\n"
        '<script type="application/json" id="nrs-prices">'
        + json.dumps(prices, separators=(",", ":"))
        + "</script>\n<script>\n"
        + _inline(global_script, "script")
        + "</script>\n<script>\n"
        + _inline(script, "script")
        + "</script>\n</body>"
    )
    banner = (
        "<!doctype html>\n<!-- examples/editor.html: the nrs_codec editor page as one file that opens with\n"
        "     no server. Generated by tables/generate.py from nrs_codec/service/static and nrs-codec.js:\n"
        "     do not edit. -->\n"
    )
    return banner + page.removeprefix("<!doctype html>\n").replace("</body>", tail, 1)


def outputs() -> dict[Path, str]:
    """Each generated module and the text it must have."""
    web = render_web(WEB_TARGET.read_text(encoding="utf-8"))
    return {
        TARGET: render(),
        COUNTRY_RULES_TARGET: render_country_rules(),
        WEB_TARGET: web,
        WEB_GLOBAL_TARGET: render_web_global(web),
        EDITOR_TARGET: render_editor(render_web_global(web)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the module is stale")
    args = parser.parse_args(argv)
    stale = 0
    for target, text in outputs().items():
        if args.check:
            current = target.read_text(encoding="utf-8") if target.exists() else ""
            if current != text:
                print(f"{target} is stale: run python tables/generate.py", file=sys.stderr)
                stale = 1
            continue
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    return stale


if __name__ == "__main__":
    sys.exit(main())
