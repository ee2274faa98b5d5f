// node --test: worked examples of the module's contract (SPEC §2, §3 and §9). The exhaustive
// comparison with the Python engine is tests/web/test_js_differential.py.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";

import * as codec from "../nrs-codec.js";
const {
  analyze, split, smartEncode, suggest, cost, graphemeStarts, nationalEncodings,
  ENCODINGS, EncodingError, InvalidTextError, TooManyPartsError,
} = codec; // prettier-ignore

test("one GSM part holds 160 characters, two hold 153 each", () => {
  assert.equal(analyze("a".repeat(160)).parts, 1);
  const a = analyze("a".repeat(161));
  assert.deepEqual([a.encoding, a.parts, a.capacity, a.udhOctets, a.remaining], ["gsm", 2, 153, 6, 145]);
  assert.deepEqual(a.spans, [[0, 153], [153, 161]]);
});

test("an escape is never split: 153 euro signs take 3 parts as gsm, 1 as gsm-pt", () => {
  assert.equal(analyze("€".repeat(153), { encoding: "gsm" }).parts, 3);
  const a = analyze("€".repeat(153));
  assert.deepEqual([a.encoding, a.lockingShift, a.singleShift, a.parts], ["gsm-pt", 3, 0, 1]);
});

test("indices are UTF-16 code units and a surrogate pair is never split", () => {
  const text = "😀".repeat(40);
  const a = analyze(text);
  assert.deepEqual([a.encoding, a.units, a.parts], ["utf-16", 80, 2]);
  assert.deepEqual(a.spans, [[0, 66], [66, 80]]);
  assert.deepEqual(a.nonGsm.slice(0, 2), [[0, "😀"], [2, "😀"]]);
  assert.equal(split(text).join(""), text);
});

test("keepGraphemes keeps emoji sequences whole in utf-16 parts", () => {
  const text = "x".repeat(65) + "👍🏽";
  assert.deepEqual(split(text + "é".repeat(10), { keepGraphemes: true })[0], "x".repeat(65));
  assert.deepEqual(graphemeStarts("e\u0301👨‍👩‍👧"), [0, 2]);
});

test("every encoding and alias is accepted, others are RangeErrors", () => {
  assert.equal(ENCODINGS.length, 16);
  assert.deepEqual(nationalEncodings("TR"), ["gsm", "gsm-tr-single", "utf-16"]);
  for (const encoding of [...ENCODINGS, "GSM7", " ucs-2 ", "unicode"]) analyze("abc", { encoding });
  assert.throws(() => analyze("a", { encoding: "latin-1" }), RangeError);
  assert.throws(() => analyze("a", { allowed: [] }), RangeError);
  assert.throws(() => analyze("a", { extraUdh: 121 }), RangeError);
  assert.throws(() => analyze("a", { keep_graphemes: true }), TypeError);
});

test("errors carry the provider's codes and the offending input", () => {
  assert.throws(() => analyze("ж", { encoding: "gsm" }), (err) => err.code === 113 && err.count === 1);
  assert.throws(
    () => analyze("😀ж" + "ы".repeat(200), { encoding: "gsm" }),
    (err) => err.chars.length === 100 && err.count === 202 && err.chars[1][0] === 2 && err.chars[1][1] === "ж",
  );
  assert.throws(() => analyze("a".repeat(153 * 255 + 1)), (err) => err instanceof TooManyPartsError && err.code === 105 && err.parts === 256);
  assert.throws(() => analyze("😀a\ud800"), (err) => err instanceof InvalidTextError && err.code === 422 && err.index === 3);
  for (const value of [null, 3, ["a"], undefined]) assert.throws(() => analyze(value), TypeError);
});

test("ten million characters stop at what the answer needs", () => {
  const text = "ж".repeat(10_000_000);
  assert.throws(() => analyze(text, { encoding: "gsm" }), (err) => err.chars.length === 100 && err.count === 10_000_000);
  assert.throws(() => analyze(text), (err) => err.parts === Math.ceil(10_000_000 / 67));
  assert.deepEqual(suggest(text), []);
});

test("national languages: Hindi fits one gsm-hi part where utf-16 needs three", () => {
  const text = "नमस्ते, आपका ऑर्डर भेज दिया गया है। धन्यवाद! ".repeat(3);
  assert.equal(analyze(text).encoding, "utf-16");
  const a = analyze(text, { allowed: ["gsm", "gsm-hi", "utf-16"] });
  assert.deepEqual([a.encoding, a.lockingShift, a.parts], ["gsm-hi", 6, 1]);
  assert.ok(nationalEncodings("in").includes("gsm-hi"));
  assert.deepEqual(nationalEncodings("FR"), ["gsm", "utf-16"]);
  for (const region of ["XK", "TA"]) assert.deepEqual(nationalEncodings(region), ["gsm", "utf-16"]);
  // A code that is no country (Turkey is TR) is said, not answered without the Turkish table.
  for (const slip of ["TU", "ZZ", "TUR"]) assert.throws(() => nationalEncodings(slip), RangeError);
  // "ſ".toUpperCase() is "S": "eſ" is no ES, as Python says (_text.code_case).
  for (const slip of ["eſ", "ın"]) assert.throws(() => nationalEncodings(slip), RangeError);
});

test("smart encoding composes letters and replaces look-alikes", () => {
  const s = smartEncode("“Ola\u0301” – ate\u0301 ja\u0301…");
  assert.equal(s.text, '"Olá" - até já...');
  assert.deepEqual(s.replacements[0], [0, "“", '"', "look-alike"]);
  assert.deepEqual(s.replacements[1], [3, "a\u0301", "á", "composition"]);
});

test("suggestions say what a change saves", () => {
  const [s] = suggest("“Olá” – até já…");
  assert.deepEqual([s.kind, s.partsBefore, s.partsAfter, s.encodingBefore, s.encodingAfter], ["smart-encoding", 1, 1, "utf-16", "gsm-pt"]);
  assert.equal(suggest("plain text").length, 0);
});

test("cost is exact decimal text, never a float", () => {
  const c = cost(analyze("a".repeat(200)), { recipients: 1000, price: "0.0050", currency: "eur" });
  assert.deepEqual(c, { parts: 2, recipients: 1000, totalSmsParts: 2000, price: "0.0050", perRecipient: "0.0100", cost: "10.0000", currency: "EUR" });
  assert.equal(cost(3, { price: "0.1", currency: "USD", recipients: 3 }).cost, "0.9");
  assert.equal(cost(1, { price: "1e-7", currency: "USD" }).cost, "0.0000001");
  assert.throws(() => cost(1, { price: "-1", currency: "EUR" }), RangeError);
  assert.throws(() => cost(1, { price: "1", currency: "euro" }), RangeError);
});

test("the classic script defines the same engine as globalThis.NrsCodec", () => {
  const source = readFileSync(new URL("../nrs-codec.global.js", import.meta.url), "utf8");
  const sandbox = { Intl, Object, Map, Uint8Array, Math, RegExp, BigInt };
  runInNewContext(source, sandbox);
  assert.deepEqual(Object.keys(sandbox.NrsCodec).sort(), Object.keys(codec).sort());
  assert.equal(sandbox.NrsCodec.analyze("€".repeat(153)).encoding, "gsm-pt");
});

test("package.json names the module, its types and the Python package's version", () => {
  const pkg = createRequire(import.meta.url)("../package.json");
  assert.equal(pkg.exports["."].import, "./nrs-codec.js");
  assert.equal(pkg.type, "module");
  const pyproject = readFileSync(new URL("../../../pyproject.toml", import.meta.url), "utf8");
  assert.equal(pkg.version, /^version = "(.*)"$/m.exec(pyproject)[1]);
});
