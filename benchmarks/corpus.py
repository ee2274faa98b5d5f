"""Generators of realistic campaign messages for benchmarks and examples, deterministic for a seed.

- ``corpus``: Portuguese, Spanish and English marketing and transactional texts of 10 to 900
  characters, with accents, GSM extension characters (``€ [ ] { } ~ ^ | \\``), typographic quotes
  and emoji in the proportions seen in real campaigns: most messages fit one or two parts, a few
  run long (135 characters on average).
- ``long_corpus``: longer messages, as a nightly campaign's newsletters and notices: about 280
  characters on average, 70 % with Latin-1 letters beyond ASCII, 10 % with emoji, and a few with
  long runs of GSM extension characters (separator lines of ``~``, ``=[]=``, ``€``).
- ``campaign_csv``: a CSV campaign of such messages and recipients: Portuguese mobiles, or with
  ``world_numbers``, numbers of every country phonenumbers knows (a quarter of them invalid), or
  with ``written_numbers``, numbers written the ways senders write them.
- ``tariff_csv``: a price table the size of an operator's tariff: a price for every country and
  2,000 prefixes of 1 to 4 digits after a calling code.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

PHRASES = {
    "pt": [
        "Olá {name}, a sua encomenda nº {n} já foi enviada.",
        "Promoção de verão: até 50% de desconto em toda a loja!",
        "O seu código de verificação é {code}. Não o partilhe com ninguém.",
        "Pagamento de {price}€ recebido com sucesso. Obrigado pela preferência.",
        "Aproveite já: oferta válida até {date} nas lojas aderentes.",
        "A sua marcação está confirmada para amanhã às {hour}h.",
        "Informação: a fatura de março está disponível na área de cliente.",
        "Não perca! Últimas unidades com portes grátis em encomendas acima de 30€.",
        "Responda SIM para confirmar ou NÃO para cancelar.",
        "Saldo atual: {price}€. Carregamentos em www.exemplo.pt/conta",
    ],
    "es": [
        "Hola {name}, tu pedido nº {n} está en camino.",
        "¡Rebajas de invierno! Hasta un 40% de descuento en artículos seleccionados.",
        "Tu código de acceso es {code}. Caduca en 10 minutos.",
        "¿Necesitas ayuda? Llámanos al 900 123 456, de lunes a viernes.",
        "Recordatorio: tu cita es el {date} a las {hour}:00 en la clínica Peñalara.",
        "Has recibido {price}€ en tu cuenta. Gracias por confiar en nosotros.",
        "Oferta exclusiva para ti: envío gratuito en compras superiores a 25€.",
        "Para darte de baja responde BAJA.",
    ],
    "en": [
        "Hi {name}, your parcel {n} will arrive today between {hour}:00 and 18:00.",
        "Your verification code is {code}. Do not share it with anyone.",
        "Flash sale: 30% off everything this weekend only! Shop at example.com/sale",
        "Payment of {price} EUR received. Reply STOP to opt out.",
        "Reminder: your appointment is on {date} at {hour}:30.",
        "Thanks for your order! Track it at example.com/t/{n}",
        "We’ve updated our terms — read them at example.com/terms.",
    ],
}
EXTENSION = ["[promo]", "{VIP}", "~", "^", "|", "\\", "€", "[info]"]
EMOJI = ["😀", "🎉", "🔥", "👍", "👍🏽", "❤️", "🛒", "📦", "✅", "👨‍👩‍👧"]
NAMES = ["Ana", "João", "María", "José", "Inês", "Carmen", "Peter", "Zoë", "Conceição", "Íñigo"]


def _fill(rng: random.Random, phrase: str) -> str:
    return phrase.format(
        name=rng.choice(NAMES),
        n=rng.randint(10000, 99999),
        code=rng.randint(100000, 999999),
        price=f"{rng.randint(1, 500)},{rng.randint(0, 99):02d}",
        date=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}",
        hour=rng.randint(8, 20),
    )


def message(rng: random.Random) -> str:
    """One message: a language, a target length from 10 to 900, phrases until it is reached."""
    lang = rng.choices(("pt", "es", "en"), weights=(5, 3, 2))[0]
    target = min(900, max(10, int(rng.lognormvariate(4.6, 0.8))))
    emoji = rng.random() < 0.15
    extension = rng.random() < 0.2
    words: list[str] = []
    size = 0
    while size < target:
        piece = _fill(rng, rng.choice(PHRASES[lang]))
        if emoji and rng.random() < 0.4:
            piece += " " + rng.choice(EMOJI)
        if extension and rng.random() < 0.3:
            piece = rng.choice(EXTENSION) + " " + piece
        words.append(piece)
        size += len(piece) + 1
    text = " ".join(words)
    return text[:target]


def corpus(rows: int, seed: int = 2026) -> list[str]:
    """``rows`` messages, the same ones for the same seed."""
    rng = random.Random(seed)
    return [message(rng) for _ in range(rows)]


LATIN1 = "áàâãçéêíóôõúüñÁÉÍÓÚÇÑ¿¡"
SEPARATORS = ["~", "=", "[]", "{}", "€", "|", "^-"]
_ASCII = str.maketrans({"’": "'", "—": "-", "€": "EUR"})


def _ascii(text: str) -> str:
    """``text`` in ASCII: English phrases with their typographic marks and accents replaced."""
    text = text.translate(_ASCII)
    return text.encode("ascii", "ignore").decode("ascii")


def long_message(rng: random.Random) -> str:
    """One longer message: 70 % Portuguese or Spanish with accented letters, the rest plain
    English; 10 % with emoji; 3 % with a separator line of 20 to 80 GSM extension characters."""
    target = min(900, max(60, int(rng.gauss(280, 90))))
    latin = rng.random() < 0.7
    lang = rng.choices(("pt", "es"), weights=(3, 2))[0] if latin else "en"
    pieces: list[str] = []
    size = 0
    while size < target:
        piece = _fill(rng, rng.choice(PHRASES[lang]))
        piece = piece if latin else _ascii(piece)
        pieces.append(piece)
        size += len(piece) + 1
    text = " ".join(pieces)[:target]
    if latin and not any("\x80" <= c <= "\xff" for c in text):
        text = f"{rng.choice(LATIN1)} {text}"[:target]
    if rng.random() < 0.1:
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(EMOJI) + text[at:]
    if rng.random() < 0.03:
        line = rng.choice(SEPARATORS) * 40
        line = line[: rng.randint(20, 80)]
        at = rng.randint(0, len(text))
        text = f"{text[:at]}\n{line}\n{text[at:]}"
    return text


def long_corpus(rows: int, seed: int = 2027) -> list[str]:
    """``rows`` longer messages (``long_message``), the same ones for the same seed."""
    rng = random.Random(seed)
    return [long_message(rng) for _ in range(rows)]


def world_numbers(count: int, seed: int = 11) -> list[str]:
    """``count`` recipients from every country: phonenumbers' example mobile and fixed-line
    numbers with their last four digits redrawn (most stay valid), one in eight a digit longer
    and one in eight a digit shorter (most become invalid)."""
    import phonenumbers

    base = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            n = phonenumbers.example_number_for_type(region, kind)
            if n is not None:
                base.append(phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)[1:])
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        n = rng.choice(base)
        n = n[:-4] + f"{rng.randrange(10_000):04d}"
        move = rng.randrange(8)
        out.append(n + str(rng.randrange(10)) if move == 0 else n[:-1] if move == 1 else n)
    return out


def written_numbers(count: int, seed: int = 13) -> list[str]:
    """``count`` recipients as senders' files hold them: the world's numbers (``world_numbers``),
    a fifth each as they should be (digits with the country prefix), with a ``+``, with the
    ``00`` international prefix, written the national way (``0`` then the national number) and
    with the national prefix kept after the country's (``44 0 7700...``). Only the first and
    the last are valid for the provider."""
    import phonenumbers

    rng = random.Random(seed)
    out = []
    for n in world_numbers(count, seed):
        code = next(n[:k] for k in (1, 2, 3) if int(n[:k]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
        national = n[len(code) :]
        out.append(rng.choice([n, "+" + n, "00" + n, "0" + national, code + "0" + national]))
    return out


def tariff_csv(path: Path, prefixes: int = 2_000, seed: int = 17) -> Path:
    """A price table at ``path`` (made once) with a price for every country phonenumbers knows
    and ``prefixes`` E.164 prefixes (a calling code and 1 to 4 more digits), prices of 0.0010 to
    0.0900 EUR, the same for the same seed."""
    import phonenumbers

    if path.exists():
        return path
    rng = random.Random(seed)
    lines = ["destination,price,currency"]
    lines += [
        f"{region},{rng.randint(10, 900) / 10_000:.4f},EUR"
        for region in sorted(phonenumbers.SUPPORTED_REGIONS)
    ]
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    seen: set[str] = set()
    while len(seen) < prefixes:
        prefix = f"+{rng.choice(codes)}{rng.randrange(10 ** rng.randint(1, 4))}"
        if prefix not in seen:
            seen.add(prefix)
            lines.append(f"{prefix},{rng.randint(10, 900) / 10_000:.4f},EUR")
    partial = path.with_suffix(".partial")
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    partial.rename(path)
    return path


def campaign_csv(
    rows: int, pool: Callable[[], list[str]], path: Path, recipients: Callable[[int], list[str]] | None = None
) -> Path:
    """A CSV campaign at ``path`` (made once: an existing file is taken as it is) of ``rows`` rows,
    columns ``to`` (Portuguese mobile numbers, or ``recipients(n)``) and ``message`` (drawn from
    the messages ``pool()`` makes)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if path.exists():
        return path
    messages = pa.array(pool())
    rng = np.random.default_rng(7)
    partial = path.with_suffix(".partial")
    with pacsv.CSVWriter(partial, pa.schema([("to", pa.string()), ("message", pa.string())])) as w:
        for start in range(0, rows, 1_000_000):
            n = min(1_000_000, rows - start)
            if recipients is None:
                to = pa.array((351_910_000_000 + rng.integers(0, 9_999_999, n)).astype(str))
            else:
                to = pa.array(recipients(n), pa.string())
            w.write_table(pa.table({"to": to, "message": messages.take(rng.integers(0, len(messages), n))}))
    partial.rename(path)
    return path


def campaign_as(csv: Path, fmt: str) -> Path:
    """The campaign ``csv`` (``campaign_csv``) as the same rows in JSON Lines or Parquet, beside it
    (made once), recipients kept as text: the same check in each format."""
    import json

    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    path = csv.with_suffix(f".{fmt}")
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    options = pacsv.ConvertOptions(column_types={"to": pa.string(), "message": pa.string()})
    parse = pacsv.ParseOptions(newlines_in_values=True)  # the long corpus's lines inside quotes
    reader = pacsv.open_csv(csv, parse_options=parse, convert_options=options)
    if fmt == "parquet":  # as pyarrow writes it: row groups of 1 Mi rows, dictionaries, snappy
        with pq.ParquetWriter(partial, reader.schema) as w:
            held: list = []
            for batch in [*reader, None]:
                if batch is not None:
                    held.append(batch)
                if held and (batch is None or sum(len(b) for b in held) >= 1 << 20):
                    w.write_table(pa.Table.from_batches(held))
                    held = []
    else:
        with open(partial, "w", encoding="utf-8") as f:
            for batch in reader:
                columns = batch.column("to").to_pylist(), batch.column("message").to_pylist()
                for to, message in zip(*columns, strict=True):
                    f.write(json.dumps({"to": to, "message": message}, ensure_ascii=False) + "\n")
    partial.rename(path)
    return path


def shape(texts: list[str]) -> str:
    """A line that says what a corpus is made of: mean length, shares of Latin-1 and emoji."""
    n = len(texts) or 1
    latin = sum(any("\x80" <= c <= "\xff" for c in t) for t in texts)
    emoji = sum(any(c >= "\u2600" for c in t) for t in texts)  # symbols, dingbats and emoji
    mean = sum(map(len, texts)) / n
    return (
        f"{len(texts):,} messages, {mean:.0f} characters on average, {latin / n:.0%} with Latin-1 "
        f"letters, {emoji / n:.0%} with emoji"
    )
