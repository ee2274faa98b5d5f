"""The 3GPP TS 23.038 tables, pinned three ways: to the seed's printed tables (with its known
rendering gaps), to an independent implementation (gsmcodecs), and to worked examples."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from nrs_codec._generated import tables as _tables

ROOT = Path(__file__).resolve().parents[2]
SEED_COPY = Path(__file__).with_name("data") / "seed_tables.txt"
SEED = ROOT.parent / "shared" / "seed" / "000_2e259465d9305727.txt"

TOKENS = {"SP": " ", "LF": "\n", "CR": "\r", "FF": "\x0c"}
RESERVED = {"ESC", "SS2", "CR2"}

# What the seed lost in rendering; SPEC.md §1 and 3GPP TS 23.038 have them.
SEED_GAPS = {
    ("Conjunto de caracteres estendidos GSM", 0x65): "€",
    ("Conjunto de caracteres básico GSM-PT", 0x15): "∞",
    ("Conjunto de caracteres básico GSM-PT", 0x18): "€",
    ("Conjunto de caracteres estendidos GSM-PT", 0x65): "€",
}
TABLES = {
    "Conjunto de caracteres básico GSM": _tables.LOCKING[0],
    "Conjunto de caracteres estendidos GSM": _tables.SINGLE[0],
    "Conjunto de caracteres básico GSM-PT": _tables.LOCKING[3],
    "Conjunto de caracteres estendidos GSM-PT": _tables.SINGLE[3],
}


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "tables" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_seed_tables(text: str) -> dict[str, dict[int, list[str]]]:
    """Heading -> row (0x00..0x0F) -> the tokens printed on that row, column order, gaps dropped."""
    tables: dict[str, dict[int, list[str]]] = {}
    current = None
    for line in text.splitlines():
        if line in TABLES:
            current = tables.setdefault(line, {})
        elif current is not None and (m := re.fullmatch(r"0x0([0-9A-F]) ?(.*)", line)):
            current[int(m.group(1), 16)] = m.group(2).split()
    return tables


def expected_row(heading: str, row: int) -> list[str]:
    table = TABLES[heading]
    out = []
    for septet in range(row, 0x80, 0x10):
        if (heading, septet) in SEED_GAPS:
            continue
        if septet in table:
            out.append(chr(table[septet]))
        elif septet == 0x1B:
            out.append("ESC" if "básico" in heading else "SS2")
        elif septet == 0x0D and "estendidos" in heading:
            out.append("CR2")
    return out


def test_generated_module_is_current():
    generated = ROOT / "nrs_codec" / "_generated" / "tables.py"
    assert _load_generator().render() == generated.read_text(encoding="utf-8")


@pytest.mark.parametrize("heading", list(TABLES))
def test_tables_match_the_seed(heading):
    seed = parse_seed_tables(SEED_COPY.read_text(encoding="utf-8"))[heading]
    assert sorted(seed) == list(range(16))
    for row in range(16):
        printed = [t if t in RESERVED else TOKENS.get(t, t) for t in seed[row]]
        assert printed == expected_row(heading, row), f"{heading}, row 0x{row:02X}"


def test_seed_rendering_gaps_are_filled_from_the_standard():
    assert _tables.SINGLE[0][0x65] == ord("€")
    assert _tables.SINGLE[3][0x65] == ord("€")
    assert _tables.LOCKING[3][0x15] == ord("∞")
    assert _tables.LOCKING[3][0x18] == ord("€")
    seed = parse_seed_tables(SEED_COPY.read_text(encoding="utf-8"))
    printed = {t for rows in seed.values() for tokens in rows.values() for t in tokens}
    assert "€" not in printed and "∞" not in printed  # the gaps are real in the seed


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed not beside the checkout")
def test_seed_copy_is_verbatim():
    seed_lines = SEED.read_text(encoding="utf-8").splitlines()
    copy = [ln for ln in SEED_COPY.read_text(encoding="utf-8").splitlines() if not ln.startswith("# ")]
    assert copy == seed_lines[3836:3929]


@pytest.mark.parametrize("lang", [0, 3])
@pytest.mark.parametrize("kind", ["locking", "singleShift"])
def test_tables_match_gsmcodecs(lang, kind):
    charmaps = pytest.importorskip("gsmcodecs.charmaps").GSMCHARMAPS
    theirs = {s: cp for s, cp in charmaps[lang][kind]["decode"].items() if s != 0x1B}
    ours = (_tables.LOCKING if kind == "locking" else _tables.SINGLE)[lang]
    assert ours == theirs


def test_worked_examples():
    default, ext = _tables.LOCKING[0], _tables.SINGLE[0]
    assert default[0x09] == 0xC7  # Ç, not ç (TS 23.038 §6.2.1 note)
    assert default[0x00] == ord("@") and default[0x11] == ord("_") and default[0x60] == ord("¿")
    assert {s: chr(c) for s, c in ext.items()} == dict(
        zip([0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65], "\x0c^{}\\[~]|€", strict=True)
    )
    pt = _tables.LOCKING[3]
    assert pt[0x09] == ord("ç") and pt[0x13] == ord("Ç") and pt[0x60] == ord("~") and pt[0x24] == ord("º")
    assert 0x1B not in default and 0x1B not in pt and 0x0D not in ext and 0x1B not in ext


def test_generator_rejects_a_broken_table(tmp_path):
    gen = _load_generator()
    bad = tmp_path / "bad.tsv"
    bad.write_text("septet\tcodepoint\tname\n0x01\tU+0041\tA\n0x02\tU+0041\tA again\n", encoding="utf-8")
    with pytest.raises(ValueError, match="U\\+0041 already at 0x01"):
        gen.read_table(bad)
    bad.write_text("septet\tcodepoint\tname\n0x1B\tU+0041\tA\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a character position"):
        gen.read_table(bad)
