// The browser engine beside the npm counters web editors use, in one node run on one corpus:
// Twilio's sms-segments-calculator (SegmentedMessage) and split-sms, both GSM or UCS-2 only.
//
//   cd nrs_codec/web && npm ci && node ../../benchmarks/bench_js.mjs [rows]
//
// The corpus is benchmarks/corpus.py's (the Python benchmarks' messages), written by python3 as
// JSON; nrs-codec runs both with its default allowed set (gsm, gsm-pt, utf-16) and with
// ["gsm", "utf-16"], the question the other two answer. Rates are messages per second, the best
// of five rounds; then the time of one analyze() of a 160-character GSM message.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";
import { fileURLToPath } from "node:url";

import { analyze } from "../nrs_codec/web/nrs-codec.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(new URL("../nrs_codec/web/package.json", import.meta.url));
const { SegmentedMessage } = require("sms-segments-calculator");
const splitSms = require("split-sms");

const rows = Number(process.argv[2] || 20000);
const texts = JSON.parse(
  execFileSync("python3", ["-c", `import json; from benchmarks.corpus import corpus; print(json.dumps(corpus(${rows})))`], {
    cwd: root,
    maxBuffer: 1 << 30,
  }),
);

function rate(fn) {
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < 5; round++) {
    const t0 = process.hrtime.bigint();
    for (const t of texts) sink += fn(t);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return [texts.length / best, sink];
}

const gsmUtf16 = { allowed: ["gsm", "utf-16"] };
const cases = {
  "nrs-codec analyze (gsm, gsm-pt, utf-16)": (t) => analyze(t).parts,
  "nrs-codec analyze (gsm, utf-16)": (t) => analyze(t, gsmUtf16).parts,
  "sms-segments-calculator SegmentedMessage": (t) => new SegmentedMessage(t).segmentsCount,
  "split-sms split": (t) => splitSms.split(t).parts.length,
};
const results = {};
for (const [name, fn] of Object.entries(cases)) results[name] = rate(fn);

// Where Twilio's counter disagrees with nrs-codec on the same question (gsm or utf-16): it keeps
// grapheme clusters whole in UCS-2 parts, as analyze() does with keepGraphemes.
const graphemes = { ...gsmUtf16, keepGraphemes: true };
let differ = 0;
let differGraphemes = 0;
for (const t of texts) {
  const twilioParts = new SegmentedMessage(t).segmentsCount;
  differ += twilioParts !== analyze(t, gsmUtf16).parts;
  differGraphemes += twilioParts !== analyze(t, graphemes).parts;
}

const twilio = results["sms-segments-calculator SegmentedMessage"][0];
console.log(`node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
console.log(`${texts.length} messages from benchmarks/corpus.py\n`);
console.log("| counter | messages/s | vs Twilio |\n|---|---:|---:|");
for (const [name, [r]] of Object.entries(results)) {
  console.log(`| ${name} | ${Math.round(r).toLocaleString("en")} | ${(r / twilio).toFixed(1)}x |`);
}
console.log(
  `\nSegmentedMessage parts differ from analyze(allowed gsm, utf-16) on ${differ} of ${texts.length} messages, ` +
    `from the same with keepGraphemes on ${differGraphemes}`,
);

const gsm160 = "Hi Ana, your parcel 12345 will arrive today between 9:00 and 18:00. Reply STOP to opt out. ".repeat(2).slice(0, 160);
for (let i = 0; i < 200000; i++) analyze(gsm160);
let best = Infinity;
for (let round = 0; round < 5; round++) {
  const n = 200000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) analyze(gsm160);
  best = Math.min(best, Number(process.hrtime.bigint() - t0) / n);
}
console.log(`analyze() of a 160-character GSM message: ${(best / 1000).toFixed(2)} µs (best of 5 rounds)`);
