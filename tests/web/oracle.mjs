// The JavaScript side of tests/web/test_js_differential.py: one batch of requests per line on stdin
// (a JSON array), one array of answers per line on stdout, for as long as stdin stays open.
//   {"op": "analyze" | "split" | "smartEncode" | "suggest", "text": ..., "options": {...}}
//   {"op": "cost", "parts": N, "options": {...}}
//   {"op": "eval", "name": "LOOKALIKES" | ...}: an exported constant
//   {"op": "clusters", "text": ...}: where Intl.Segmenter's grapheme clusters start (graphemeStarts)
//   {"op": "unicode"}: the Unicode version of the runtime's data
// The answer is {"ok": result} or {"error": {"name", "message", and the error's fields}}.
import { createInterface } from "node:readline";
import * as codec from "../../nrs_codec/web/nrs-codec.js";

function answer(request) {
  const { op, text, options } = request;
  try {
    if (op === "cost") return { ok: codec.cost(request.parts, options) };
    if (op === "eval") return { ok: codec[request.name] };
    if (op === "unicode") return { ok: process.versions.unicode };
    if (op === "clusters") return { ok: codec.graphemeStarts(text) };
    return { ok: codec[op](text, options) };
  } catch (e) {
    const error = { name: e.name, message: e.message };
    for (const field of ["code", "encoding", "chars", "count", "index", "char", "parts", "exact"]) {
      if (e[field] !== undefined) error[field] = e[field];
    }
    return { error };
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line) process.stdout.write(JSON.stringify(JSON.parse(line).map(answer)) + "\n");
}
