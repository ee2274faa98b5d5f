// Compiled by `tsc --noEmit` (tests/web/test_web_module.py): the declarations describe the module
// as a TypeScript user calls it.
import {
  analyze, attach, cost, ENCODINGS, EncodingError, split, smartEncode, suggest,
  type Analysis, type Encoding, type Suggestion,
} from "nrs-codec";

const a: Analysis = analyze("Olá", { encoding: "auto", allowed: ["gsm", "gsm-pt", "utf-16"], keepGraphemes: false });
const encoding: Encoding = a.encoding;
const [[start, end]] = a.spans;
const parts: string[] = split("text", { ref16: true, extraUdh: 0, forceShifts: false });
const total: string = cost(a, { recipients: 1000, price: "0.0050", currency: "EUR" }).cost;
const replaced: string = smartEncode("“x”").replacements[0][2];
const s: Suggestion[] = suggest("x", { encodings: ENCODINGS });
const before: number | null = s[0].partsBefore;
try {
  analyze("ж", { encoding: "gsm" });
} catch (e) {
  if (e instanceof EncodingError) console.log(e.code, e.chars[0][1], e.count);
}
declare const textarea: HTMLTextAreaElement;
const counter = attach(textarea, { prices: { price: "0.0050", currency: "EUR" }, recipients: 3 });
counter.update().analysis?.parts;
// @ts-expect-error: options are camelCase
analyze("x", { keep_graphemes: true });
export { encoding, start, end, parts, total, replaced, before };
