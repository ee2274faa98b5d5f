"""A generator of realistic campaign messages for benchmarks and examples.

Portuguese, Spanish and English marketing and transactional texts of 10 to 900 characters, with
accents, GSM extension characters (``€ [ ] { } ~ ^ | \\``), typographic quotes and emoji in the
proportions seen in real campaigns: most messages fit one or two parts, a few run long.
Deterministic for a given seed.
"""

from __future__ import annotations

import random

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
