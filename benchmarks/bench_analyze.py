"""``analyze`` on short, single-part (160 units) and long messages of each encoding, compiled core
beside the reference back end in the same run; then with every encoding allowed.

    pytest benchmarks/bench_analyze.py --benchmark-json=/tmp/analyze.json
    python benchmarks/ratios.py /tmp/analyze.json
"""

from __future__ import annotations

import pytest

from nrs_codec import ENCODINGS
from nrs_codec.core import reference as _reference

try:
    from nrs_codec._native import engine as _core
except ImportError:  # the comparison needs both back ends
    _core = None

MESSAGES = {
    "gsm-short": "Your code is 482913.",
    "gsm-160": ("Hi Ana, your order #4521 has shipped and arrives tomorrow, 9:00 to 13:00. " * 3)[:160],
    "gsm-long": "Reminder: your appointment is on Monday at 10:00 {room 2}. " * 15,
    "gsm-pt-short": "Olá, até já!",
    "gsm-pt-160": ("Olá! A sua encomenda nº 4521 foi enviada e chega amanhã às 9h. Obrigado. " * 3)[:160],
    "gsm-pt-long": "Caro cliente, a fatura de março está disponível; pagamento até dia 15 às 18h. " * 12,
    "utf-16-short": "Привет! 😀",
    "utf-16-160": ("Ваш заказ отправлен и прибудет завтра 🚚 Спасибо! " * 4)[:160],
    "utf-16-long": "Parabéns 🎉 ganhou um vale — use-o até domingo! Ваш код: 4521. " * 14,
}
BACKENDS = {"reference": _reference, "compiled": _core}
# With every encoding allowed (39 candidates): the messages above and some national ones.
NATIONAL_MESSAGES = {
    "gsm-160": MESSAGES["gsm-160"],
    "gsm-pt-160": MESSAGES["gsm-pt-160"],
    "utf-16-160": MESSAGES["utf-16-160"],
    "gsm-tr-160": ("Sayın müşterimiz, siparişiniz yarın İstanbul'a ulaşacak. Teşekkürler! " * 3)[:160],
    "gsm-hi-150": ("आपका ऑर्डर कल सुबह 10:30 बजे तक पहुँच जाएगा. कृपया घर पर रहें. धन्यवाद " * 3)[:150],
    "gsm-ta-long": "உங்கள் ஆர்டர் நாளை காலை வந்து சேரும். நன்றி! " * 14,
}


@pytest.mark.parametrize("backend", list(BACKENDS))
@pytest.mark.parametrize("name", list(MESSAGES))
def test_analyze(benchmark, name, backend):
    module = BACKENDS[backend]
    if module is None:
        pytest.skip("compiled core not built")
    text = MESSAGES[name]
    expected = _reference.analyze(text)
    assert expected.encoding == name.rsplit("-", 1)[0]
    benchmark.group = f"analyze {name} ({len(text)} chars)"
    result = benchmark(module.analyze, text)
    assert result == expected


@pytest.mark.parametrize("backend", list(BACKENDS))
@pytest.mark.parametrize("name", list(NATIONAL_MESSAGES))
def test_analyze_all_languages(benchmark, name, backend):
    module = BACKENDS[backend]
    if module is None:
        pytest.skip("compiled core not built")
    text = NATIONAL_MESSAGES[name]
    expected = _reference.analyze(text, allowed=ENCODINGS)
    assert expected.encoding == name.rsplit("-", 1)[0]
    benchmark.group = f"analyze, all {len(ENCODINGS)} encodings allowed: {name} ({len(text)} chars)"
    result = benchmark(module.analyze, text, allowed=ENCODINGS)
    assert result == expected
