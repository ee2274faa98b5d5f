"""The browser engine in headless chromium: from an input event to the updated counter of
examples/embed.html and of the editor page (examples/editor.html, the standalone twin of the page
at ``/``), both opened from file://, for texts of 160 to 100,000 characters.

    python benchmarks/bench_js_browser.py

attach() updates inside the input event's handler, so the time from dispatching the event to its
return is the time to an updated counter (analysis, cost, parts view, suggestions). Best of 20
updates each; a frame is 16 ms. The editor's figure also includes the layout the browser does
before it can paint (read back through ``offsetHeight``), and its texts end in a character that
costs extra, so that it also finds and marks them and works out the suggestions.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = {
    "160 GSM characters": "Hi Ana, your parcel will arrive today. " * 4,
    "1,000 Portuguese characters": ("Olá! A sua encomenda nº 1234 já foi enviada. " * 25)[:1000],
    "10,000 Portuguese characters": ("Olá! A sua encomenda nº 1234 já foi enviada. " * 250)[:10_000],
    "10,000 characters with emoji": ("Promoção 🎉 até 50% “desconto” – já! " * 300)[:10_000],
    "100,000 Portuguese characters": ("Olá! A sua encomenda nº 1234 já foi enviada. " * 2500)[:100_000],
}
MEASURE = """
const t = document.getElementById('message');
const times = [];
for (let i = 0; i < 20; i++) {
  t.value = arguments[0] + (i % 2 ? ' ' : '');
  const t0 = performance.now();
  t.dispatchEvent(new Event('input', {bubbles: true}));
  times.push(performance.now() - t0);
}
return [Math.min(...times), document.querySelector("[data-field='parts']").textContent];
"""
EDITOR_TEXTS = {
    "160 GSM characters": "Hi Ana, your parcel will arrive today. " * 4,
    "10,000 Portuguese characters": ("Olá! A sua encomenda nº 1234 já foi enviada. " * 250)[:10_000],
    "10,000 characters with emoji": ("Promoção 🎉 até 50% “desconto” – já! " * 300)[:10_000],
    "100,000 Portuguese characters": ("Olá! A sua encomenda nº 1234 já foi enviada. " * 2500)[:100_000],
    "100,000 characters with emoji": ("Promoção 🎉 até 50% “desconto” – já! " * 3000)[:100_000],
}
MEASURE_EDITOR = """
const done = arguments[arguments.length - 1];
const t = document.getElementById('message');
const counter = [];
const settled = [];
const baseline = [];
const step = (i) => {
  if (i === 20) {
    const parts = document.querySelector("[data-field='parts']").textContent;
    const marked = document.querySelectorAll('[data-non-gsm]').length;
    done([Math.min(...counter), Math.min(...settled), parts, marked, Math.min(...baseline)]);
    return;
  }
  t.value = arguments[0] + (i % 2 ? ' ' : '');
  const t0 = performance.now();
  document.getElementById('answer').offsetHeight;  // the text area's own layout, for the baseline
  const t1 = performance.now();
  t.dispatchEvent(new Event('input', {bubbles: true}));
  document.getElementById('answer').offsetHeight;
  counter.push(performance.now() - t1);
  baseline.push(t1 - t0);
  setTimeout(() => {  // after the page's own follow-up task (cut count, suggestions)
    document.getElementById('answer').offsetHeight;
    settled.push(performance.now() - t0);
    step(i + 1);
  }, 0);
};
step(0);
"""


def main() -> int:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tempfile.mkdtemp()}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get((ROOT / "examples" / "embed.html").as_uri())
        version = driver.capabilities.get("browserVersion", "?")
        print(f"chromium {version}, headless\n\n| text | input to counter | parts shown |\n|---|---:|---:|")
        for name, text in TEXTS.items():
            best, parts = driver.execute_script(MEASURE, text)
            print(f"| {name} | {best:.2f} ms | {parts or '-'} |")
        driver.get((ROOT / "examples" / "editor.html").as_uri())
        print("\nThe editor page (examples/editor.html)\n")
        print(
            "| text | input to counter (and layout) | to suggestions | parts shown | marked"
            " | baseline: the text area's layout alone |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        driver.set_script_timeout(120)
        for name, text in EDITOR_TEXTS.items():
            best, whole, parts, marked, base = driver.execute_async_script(MEASURE_EDITOR, text)
            print(f"| {name} | {best:.2f} ms | {whole:.2f} ms | {parts or '-'} | {marked} | {base:.2f} ms |")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
