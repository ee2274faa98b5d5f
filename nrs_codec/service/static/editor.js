import * as N from "../nrs-codec.js";
// The nrs_codec editor page. Every count is the engine in the page (nrs-codec.js, SPEC §9): on
// each input event the text is analysed here, with no request, so the page keeps counting when
// the server is gone. At load it fetches, once, the price table (GET v1/prices) and the provider
// profile (GET v1/profile); without a server (the standalone examples/editor.html, generated from
// this file by tables/generate.py) the prices are those in the page or in a file the user picks.
//
// The engine's indices are UTF-16 code units; the page's hooks (SPEC §7: data-non-gsm) are code
// point indices, as Python's. URLs are relative to the page, for a proxy's path prefix.

const DEFAULT_PROFILE = { maxParts: 255, encodings: ["gsm", "gsm-pt", "utf-16"], defaultEncoding: "gsm", ref16: false, forceShifts: false };
const DEFAULT_DESTINATION = "PT";
const NAMES = {
  gsm: "GSM",
  "gsm-tr": "Turkish GSM",
  "gsm-es": "Spanish GSM",
  "gsm-pt": "Portuguese GSM",
  "gsm-bn": "Bengali GSM",
  "gsm-gu": "Gujarati GSM",
  "gsm-hi": "Hindi GSM",
  "gsm-kn": "Kannada GSM",
  "gsm-ml": "Malayalam GSM",
  "gsm-or": "Oriya GSM",
  "gsm-pa": "Punjabi GSM",
  "gsm-ta": "Tamil GSM",
  "gsm-te": "Telugu GSM",
  "gsm-ur": "Urdu GSM",
  "gsm-tr-single": "Turkish GSM (single shift only)",
  "utf-16": "Unicode (UTF-16)",
};
const KIND_LABELS = {
  "smart-encoding": "Replace typographic look-alikes (“ ” ’ – …) with plain ones",
  "line-endings": "Use plain line breaks",
  "shorten-urls": "Shorten the links (POST /api/rest/shortener/shorten gives the real ones)",
};
const PREVIEW_LIMIT = 5000; // UTF-16 code units of a text that cannot be sent shown in the preview
const MAX_COSTLY_SHOWN = 3; // distinct costly characters that get their own suggestion
const FIELDS = ["encoding", "parts", "units", "remaining", "capacity", "udhOctets", "lockingShift", "singleShift"];

const $ = (id) => document.getElementById(id);
const ui = {
  editor: $("editor"),
  about: $("about"),
  message: $("message"),
  recipients: $("recipients"),
  destination: $("destination"),
  maxParts: $("max-parts"),
  pricesFileField: $("prices-file-field"),
  pricesFile: $("prices-file"),
  answer: $("answer"),
  answerDetail: $("answer-detail"),
  problem: $("problem"),
  announce: $("announce"),
  parts: $("parts"),
  costlySection: $("costly-section"),
  nav: $("flag-nav"),
  navStatus: $("flag-status"),
  suggestionsSection: $("suggestions-section"),
  suggestions: $("suggestions"),
  allowed: $("allowed"),
  providerEncodings: $("provider-encodings"),
  keepGraphemes: $("keep-graphemes"),
  apiHint: $("api-hint"),
};

let profile = DEFAULT_PROFILE;
let prices = null; // { currency, countries: {PT: "0.005"}, prefixes: {...}, example }
let allowed = [...DEFAULT_PROFILE.encodings];
let flagged = []; // [utf16Index, cluster text, code point index] of the characters that cost extra
let current = -1; // the navigator's position in `flagged`
let announced = "";
let pending = 0; // the timer of the work that follows the counter
const carriedCache = new Map();
// Characters that join a grapheme cluster with a neighbour: marks (vowel signs, virama),
// joiners, variation selectors, emoji modifiers and tags, regional indicators, Hangul jamo.
const JOINS = /[\p{M}\u200c\u200d\ufe00-\ufe0f\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}\p{Regional_Indicator}\u1100-\u11ff]/u;
const segmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

// ---- small helpers -------------------------------------------------------------------------

function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else if (key === "className" || key === "textContent" || key === "title" || key === "type") node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

function setField(name, value) {
  const text = value === null || value === undefined ? "" : String(value);
  for (const node of document.querySelectorAll(`[data-field="${name}"]`)) {
    if (node.textContent !== text) node.textContent = text;
  }
}

const grouped = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const plural = (n, one, many = one + "s") => `${grouped(n)} ${n === 1 ? one : many}`;
const encodingName = (e) => NAMES[e] || e;

const digitsOf = new Map();
function currencyDigits(currency) {
  if (!digitsOf.has(currency)) {
    let digits = 2;
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
    } catch {
      // not a currency Intl knows: two digits
    }
    digitsOf.set(currency, digits);
  }
  return digitsOf.get(currency);
}

// Exact decimal text ("12.4000") written with the currency's digits ("12.40"): trailing zeros
// beyond them dropped, never a digit that is not zero, thousands grouped.
function money(amount, currency) {
  const digits = currencyDigits(currency);
  let [whole, fraction = ""] = amount.replace(/^-/, "").split(".");
  fraction = fraction.replace(/0+$/, "");
  if (fraction.length < digits) fraction = fraction.padEnd(digits, "0");
  return `${amount.startsWith("-") ? "-" : ""}${grouped(whole)}${fraction ? "." + fraction : ""} ${currency}`;
}

// Code point index of UTF-16 index `i` in `text`.
function codePointIndex(text, i) {
  let n = 0;
  for (let k = 0; k < i; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < i) k++;
    n++;
  }
  return n;
}

// The grapheme cluster of `text` containing UTF-16 index i: [start, end].
function clusterAt(text, i) {
  const end = i + (text.codePointAt(i) > 0xffff ? 2 : 1);
  // Most flagged characters stand alone: only a joining neighbour needs the segmenter.
  if (!segmenter || !(JOINS.test(text.slice(Math.max(0, i - 2), i)) || JOINS.test(text.slice(i, end + 2)))) return [i, end];
  const from = Math.max(0, i - 32);
  const seg = segmenter.segment(text.slice(from, i + 64)).containing(i - from);
  return [from + seg.index, from + seg.index + seg.segment.length];
}

function options() {
  return { encoding: "auto", allowed, keepGraphemes: ui.keepGraphemes.checked, ref16: profile.ref16, extraUdh: 0, forceShifts: profile.forceShifts };
}

function tryAnalyze(text, o = options()) {
  try {
    return N.analyze(text, o);
  } catch (e) {
    if (e instanceof N.EncodingError || e instanceof N.TooManyPartsError) return null;
    throw e;
  }
}

// Whether an allowed encoding other than UTF-16 carries `ch` (cached by allowed set).
function carried(ch) {
  const key = allowed.join(",");
  let known = carriedCache.get(key);
  if (known === undefined) carriedCache.set(key, (known = new Map()));
  let yes = known.get(ch);
  if (yes === undefined) {
    yes = allowed.some((e) => e !== "utf-16" && tryAnalyze(ch, { ...options(), encoding: e, allowed: undefined }) !== null);
    known.set(ch, yes);
  }
  return yes;
}

function recipientsCount() {
  const n = Number(ui.recipients.value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

function maxPartsAllowed() {
  const n = Number(ui.maxParts.value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, profile.maxParts) : 1;
}

function priceNow() {
  if (!prices) return null;
  const where = ui.destination.value;
  const table = { ...(prices.countries || {}), ...(prices.prefixes || {}) };
  return table[where] === undefined ? null : { price: table[where], currency: prices.currency };
}

// The longest start of `text` (a UTF-16 index on a code point boundary) that fits `limit` parts.
function fitting(text, limit) {
  // No part holds more than 160 characters: the answer is within the first limit × 160.
  const most = limit * 160;
  const cuts = [0];
  for (let i = 0; i < text.length && cuts.length <= most; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
    cuts.push(i + 1);
  }
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const a = tryAnalyze(text.slice(0, cuts[mid]));
    if (a !== null && a.parts <= limit) lo = mid;
    else hi = mid - 1;
  }
  return cuts[lo];
}

// A character as the page names it: itself, with its code point where it would not show or could
// be taken for punctuation of the sentence.
function shown(cluster) {
  if (!/^[\p{P}\p{Z}\p{C}\p{M}]/u.test(cluster)) return cluster;
  return `${cluster} (${[...cluster].map((c) => "U+" + c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")).join(" ")})`;
}

const countCodePoints = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

// ---- one update: everything on the page from the text -----------------------------------------

// The error of a page whose every encoding is unticked, said as a problem like the provider's.
const NO_ENCODING = new RangeError("no encoding is allowed");

function update() {
  const text = ui.message.value;
  let a = null;
  let error = null;
  if (allowed.length === 0) error = NO_ENCODING; // every box unticked: the engine takes none
  else {
    try {
      a = N.analyze(text, options());
    } catch (e) {
      if (!(e instanceof N.EncodingError || e instanceof N.TooManyPartsError || e instanceof N.InvalidTextError)) throw e;
      error = e;
    }
  }
  const recipients = recipientsCount();
  const limit = maxPartsAllowed();
  const price = priceNow();
  const charge = a && price ? N.cost(a, { ...price, recipients }) : null;

  for (const name of FIELDS) setField(name, a ? a[name] : null);
  setField("totalSmsParts", a ? a.parts * recipients : null);
  setField("cost", charge ? charge.cost : null);
  setField("currency", charge ? charge.currency : null);
  setField("price", price ? `${price.price} ${price.currency}` : null);

  // The flagged characters: those no allowed GSM table carries, when they force UTF-16 or an
  // error 113. Characters a national table carries are never flagged.
  flagged = [];
  if (error instanceof N.EncodingError) {
    for (const [i] of error.chars) flagged.push(i);
    if (error.count > error.chars.length) {
      // The error lists the first 100: further on, the same characters and any no allowed
      // encoding carries are flagged too, so that removing one removes every one of them.
      const listed = new Set(error.chars.map(([, ch]) => ch));
      const after = flagged[flagged.length - 1];
      for (let i = after + (text.codePointAt(after) > 0xffff ? 2 : 1); i < text.length; ) {
        const ch = String.fromCodePoint(text.codePointAt(i));
        if (listed.has(ch) || !carried(ch)) flagged.push(i);
        i += ch.length;
      }
    }
  } else if (a && a.encoding === "utf-16") {
    let last = null;
    let lastCarried = false;
    for (const [i, ch] of a.nonGsm) {
      if (ch !== last) [last, lastCarried] = [ch, carried(ch)];
      if (!lastCarried) flagged.push(i);
    }
  }
  const marks = flaggedClusters(text, flagged);
  flagged = marks;
  renderParts(text, a, marks);
  const later = renderProblem(text, a, error, limit);
  renderAnswer(text, a, error, charge, recipients);
  renderNavigator(text);
  renderApiHint(a, limit);
  ui.editor.dataset.state = error ? "error" : "ready";
  // The counter is done. How much to cut and the suggestions take more analyses: they follow in
  // the next task, so that typing into a long text never waits for them; a newer input cancels
  // them.
  clearTimeout(pending);
  ui.editor.dataset.settled = "false";
  pending = setTimeout(() => {
    if (later) later();
    const none = error instanceof N.InvalidTextError || error === NO_ENCODING;
    renderSuggestions(none ? [] : suggestionsFor(text, a, error, marks));
    ui.editor.dataset.settled = "true";
  }, 0);
}

// Flagged UTF-16 indices -> [start, end, code point index of the first, cluster text], one per
// grapheme cluster, in order.
function flaggedClusters(text, indices) {
  const out = [];
  let cp = 0;
  let at = 0;
  for (const i of indices) {
    if (out.length && i < out[out.length - 1][1]) continue; // in the cluster already marked
    cp += codePointIndex(text.slice(at, i), i - at);
    at = i;
    const [start, end] = clusterAt(text, i);
    out.push([start, end, cp, text.slice(start, end)]);
  }
  return out;
}

function renderParts(text, a, marks) {
  // A text that cannot be sent is shown up to PREVIEW_LIMIT: past 255 parts the rest tells nothing.
  let shownTo = text.length;
  if (!a && shownTo > PREVIEW_LIMIT) shownTo = PREVIEW_LIMIT - (/[\ud800-\udbff]/.test(text[PREVIEW_LIMIT - 1]) ? 1 : 0);
  const spans = a ? a.spans : [[0, shownTo]];
  const frag = document.createDocumentFragment();
  let m = 0;
  spans.forEach(([start, end], j) => {
    const part = h("span", { className: "part", dataset: { part: String(j + 1) } });
    if (j > 0 && start < text.length && clusterAt(text, start)[0] < start) {
      // The part begins inside a cluster (a GSM split may: the phone joins the parts again): no
      // label there, so that the letter is drawn whole; its title says where the part begins.
      part.title = `SMS ${j + 1} begins inside ${shown(text.slice(...clusterAt(text, start)))}`;
    } else if (a && a.parts > 1) part.dataset.label = `SMS ${j + 1}`;
    let pos = start;
    while (m < marks.length && marks[m][0] < end) {
      const [s, e, cp] = marks[m];
      if (s < pos) {
        m++;
        continue;
      }
      if (s > pos) part.append(text.slice(pos, s));
      const stop = Math.min(e, end);
      const mark = document.createElement("mark");
      mark.className = "costly";
      mark.setAttribute("data-non-gsm", cp);
      mark.textContent = text.slice(s, stop);
      part.append(mark);
      pos = stop;
      m++;
    }
    if (end > pos) part.append(text.slice(pos, end));
    frag.append(part);
  });
  if (shownTo < text.length) {
    frag.append(h("span", { className: "more", textContent: ` … and ${plural(countCodePoints(text.slice(shownTo)), "more character")}` }));
  }
  ui.parts.replaceChildren(frag);
}

// The provider's error the request would get, before it is sent. Returns, where the message says
// how many characters to cut, the function that works it out (a search over the text's starts).
function renderProblem(text, a, error, limit) {
  let message = "";
  let later = null;
  const cutting = (limitTo, before, after) => {
    message = `${before} ${after.replace("CUT", "Cut some characters")}`;
    later = () => {
      const cut = countCodePoints(text.slice(fitting(text, limitTo)));
      ui.problem.textContent = `${before} ${after.replace("CUT", `Cut ${plural(cut, "character")}`)}`;
    };
  };
  // Empty or only blanks is 104 whatever else the text holds: pre-flight reads the message first.
  if (N.isBlank(text)) message = `Error 104: the message is ${text === "" ? "empty" : "only blanks"}; the provider rejects it.`;
  else if (error === NO_ENCODING) message = "No encoding is allowed: tick one at least under Advanced.";
  else if (error instanceof N.InvalidTextError) {
    const at = countCodePoints(text.slice(0, error.index)) + 1;
    message = `The text has a broken character (half of an emoji or other pair) at character ${grouped(at)}: the provider cannot send it.`;
  } else if (error instanceof N.EncodingError) {
    message = `Error 113: ${plural(error.count, "character")} cannot be sent with the allowed encodings (${allowed.join(", ")}). Remove ${error.count === 1 ? "it" : "them"} or allow UTF-16 under Advanced.`;
  } else if (error instanceof N.TooManyPartsError) {
    cutting(N.MAX_PARTS, `Too long: ${plural(error.parts, "SMS", "SMS")}, more than the 255 a message can have.`, "CUT to send it.");
  } else if (a && a.parts > limit) {
    cutting(limit, `Error 105: this is ${plural(a.parts, "SMS", "SMS")} but the request allows ${limit}.`, `CUT, or allow ${a.parts} SMS per message.`);
  }
  ui.problem.textContent = message;
  ui.problem.hidden = message === "";
  ui.message.setAttribute("aria-invalid", message === "" ? "false" : "true");
  ui.editor.dataset.problem = message === "" ? "" : message.slice(0, message.indexOf(":"));
  return later;
}

function renderAnswer(text, a, error, charge, recipients) {
  let answer;
  let detail = "";
  if (text === "") answer = "Nothing to send yet";
  else if (N.isBlank(text)) answer = "Nothing to send: only blanks";
  else if (!a) answer = error instanceof N.TooManyPartsError ? "Too long to send" : "Cannot be sent as it is";
  else {
    answer = `${plural(a.parts, "SMS", "SMS")}`;
    if (charge) {
      answer += ` · ${money(charge.perRecipient, charge.currency)} each`;
      if (recipients !== 1) answer += ` · ${money(charge.cost, charge.currency)} for ${plural(recipients, "recipient")}`;
    }
    detail = `${encodingName(a.encoding)} · ${a.capacity} per SMS · ${grouped(a.remaining)} left in the last one`;
    if (!charge) detail += " · no price for this destination";
    else if (prices.example) detail += " · example price, not a tariff";
  }
  ui.answer.textContent = answer;
  ui.answerDetail.textContent = detail;
  // Said again only when it changes (not at every letter typed): the answer, then the problem.
  const problem = ui.problem.hidden ? "" : `. ${ui.problem.textContent.split(/[.;]/)[0]}`;
  const said = `${detail ? `${answer.replaceAll(" · ", ", ")}, ${encodingName(a.encoding)}` : answer}${problem}`;
  if (said !== announced) {
    announced = said;
    ui.announce.textContent = said;
  }
}

// `text` without the flagged clusters `marks` (in order): those, not every match of their text
// (a man's emoji is also the start of a family's).
function withoutMarks(text, marks) {
  let out = "";
  let at = 0;
  for (const [start, end] of marks) {
    out += text.slice(at, start);
    at = end;
  }
  return out + text.slice(at);
}

function suggestionsFor(text, a, error, marks) {
  const out = [];
  // What each costly character costs, and the text without it.
  const distinct = [...new Set(marks.map((m) => m[3]))];
  const partsOf = (x) => (x === null ? null : x.parts);
  const now = a ? `${plural(a.parts, "SMS", "SMS")}` : "not sendable";
  const alone = [];
  for (const cluster of distinct.slice(0, MAX_COSTLY_SHOWN)) {
    const these = marks.filter((m) => m[3] === cluster);
    const without = withoutMarks(text, these);
    const after = tryAnalyze(without);
    const times = these.length;
    const what = times > 1 ? `${shown(cluster)} (${times}×)` : shown(cluster);
    if (after !== null && (a === null || after.parts < a.parts)) {
      out.push({ kind: "remove-character", text: without, label: `${what} makes this ${now} instead of ${grouped(after.parts)} — remove it`, button: "Remove it" });
    } else if (a !== null) alone.push(what);
  }
  if (alone.length) {
    const label = `${alone.join(", ")} ${alone.length > 1 || distinct.length > 1 ? "need" : "needs"} Unicode: 70 characters per SMS instead of 160; removing ${alone.length > 1 ? "one of them" : "it"} alone does not save an SMS.`;
    out.push({ kind: "costly-characters", text: null, label });
  }
  if (distinct.length > 1) {
    const without = withoutMarks(text, marks);
    const after = tryAnalyze(without);
    if (after !== null && (a === null || after.parts < partsOf(a)) && !out.some((s) => s.text === without)) {
      out.push({ kind: "remove-characters", text: without, label: `These ${distinct.length} characters make this ${now} instead of ${grouped(after.parts)} — remove them`, button: "Remove them" });
    }
  }
  for (const s of N.suggest(text, { ...options(), encodings: N.ENCODINGS.filter((e) => allowed.includes(e) || profile.encodings.includes(e)) })) {
    const label = KIND_LABELS[s.kind] ? `${KIND_LABELS[s.kind]}: ${s.partsBefore === null ? "not sendable" : plural(s.partsBefore, "SMS", "SMS")} → ${plural(s.partsAfter, "SMS", "SMS")}` : s.description;
    out.push({ kind: s.kind, text: s.kind === "encoding" ? null : s.text, encoding: s.kind === "encoding" ? s.encodingAfter : null, label, title: s.description, button: "Apply" });
  }
  return out;
}

function renderSuggestions(list) {
  const frag = document.createDocumentFragment();
  for (const s of list) {
    // SPEC §7: a data-suggestion element holds the button that applies it; a note that explains
    // a cost and has nothing to apply is data-note.
    const item = h("li", { dataset: s.button ? { suggestion: s.kind } : { note: s.kind }, title: s.title || "" }, h("span", { textContent: s.label }));
    if (s.button) {
      const button = h("button", { type: "button", textContent: s.button });
      button.addEventListener("click", () => applySuggestion(s));
      item.append(" ", button);
    }
    frag.append(item);
  }
  ui.suggestions.replaceChildren(frag);
  ui.suggestionsSection.hidden = list.length === 0;
}

function applySuggestion(s) {
  if (s.encoding) {
    if (!allowed.includes(s.encoding)) allowed.splice(allowed.includes("utf-16") ? allowed.indexOf("utf-16") : allowed.length, 0, s.encoding);
    renderAllowed();
  } else {
    const link = N.SHORT_LINK;
    ui.message.value = s.text;
    if (s.kind === "shorten-urls" && s.text.includes(link)) ui.message.setSelectionRange(s.text.indexOf(link), s.text.indexOf(link) + link.length);
  }
  update();
  ui.message.focus();
}

function renderNavigator(text) {
  ui.costlySection.hidden = flagged.length === 0;
  if (current >= flagged.length) current = flagged.length - 1;
  if (!flagged.length) {
    current = -1;
    return;
  }
  const distinct = new Set(flagged.map((f) => f[3])).size;
  const where = current < 0 ? "" : ` · now ${current + 1}: ${shown(flagged[current][3])} at character ${flagged[current][2] + 1}`;
  ui.navStatus.textContent = `${plural(flagged.length, "flagged character")} (${distinct} different)${where}. Arrow keys move between them.`;
  for (const mark of ui.parts.querySelectorAll("mark.current")) mark.classList.remove("current");
  if (current >= 0) ui.parts.querySelectorAll("mark.costly")[current]?.classList.add("current");
  void text;
}

function moveFlag(step) {
  if (!flagged.length) return;
  current = current < 0 ? (step > 0 ? 0 : flagged.length - 1) : (current + step + flagged.length) % flagged.length;
  const [start, end] = flagged[current];
  ui.message.setSelectionRange(start, end);
  renderNavigator(ui.message.value);
  ui.parts.querySelectorAll("mark.costly")[current]?.scrollIntoView({ block: "nearest" });
}

function renderApiHint(a, limit) {
  const body = { to: ["+351912345678"], message: "…", encoding: a ? a.encoding : "…", parts: a ? Math.max(a.parts, limit) : limit };
  ui.apiHint.textContent = JSON.stringify(body, null, 2);
}

function renderAllowed() {
  const frag = document.createDocumentFragment();
  for (const e of [...N.ENCODINGS.filter((x) => x !== "utf-16"), "utf-16"]) {
    const box = h("input", { type: "checkbox", name: "allowed", value: e, id: `allow-${e}` });
    box.checked = allowed.includes(e);
    box.addEventListener("change", () => {
      // A newly allowed encoding goes before UTF-16: at equal parts the first allowed wins.
      allowed = allowed.filter((x) => x !== e);
      if (box.checked) allowed.splice(e === "utf-16" || !allowed.includes("utf-16") ? allowed.length : allowed.indexOf("utf-16"), 0, e);
      update();
    });
    frag.append(h("p", { className: "check" }, box, h("label", { for: `allow-${e}`, textContent: `${encodingName(e)} (${e})` })));
  }
  for (const old of ui.allowed.querySelectorAll("p.check")) old.remove();
  ui.allowed.append(frag);
}

function renderDestinations() {
  const names = prices ? [...Object.keys(prices.countries || {}), ...Object.keys(prices.prefixes || {})] : [];
  const chosen = ui.destination.value;
  ui.destination.replaceChildren(
    ...names.map((n) => h("option", { value: n, textContent: `${n} · ${prices.countries?.[n] ?? prices.prefixes[n]} ${prices.currency}` })),
  );
  ui.destination.value = names.includes(chosen) ? chosen : names.includes(DEFAULT_DESTINATION) ? DEFAULT_DESTINATION : names[0] || "";
  ui.destination.disabled = names.length === 0;
}

// A price file the user picked: CSV destination,price,currency (# comments) or JSON (a list of
// rows, {"prices": [rows]} as nrs-codec reads a JSON table, or /v1/prices's shape).
function parsePrices(content) {
  const trimmed = content.trim();
  let rows;
  const parsed = /^[{[]/.test(trimmed) ? JSON.parse(trimmed) : null;
  if (parsed && !Array.isArray(parsed) && !Array.isArray(parsed.prices)) return withCurrency(parsed); // /v1/prices
  if (parsed) rows = (Array.isArray(parsed) ? parsed : parsed.prices).map((r) => [r.destination, r.price, r.currency]);
  else {
    rows = trimmed
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => l.split(",").map((c) => c.trim()));
    if (rows.length && rows[0][0] === "destination") rows.shift();
  }
  // As nrs-codec reads a table: one currency, a country in any case ("pt" is PT).
  if (!rows.length) throw new Error("no prices in the table");
  const table = withCurrency({ currency: rows[0][2], countries: {}, prefixes: {} });
  for (const [where, price, currency] of rows) {
    const code = String(currency ?? "").trim();
    if (!/^[A-Za-z]{3}$/.test(code) || code.toUpperCase() !== table.currency) {
      throw new Error(`currency ${JSON.stringify(currency)} differs from ${table.currency}: one table, one currency`);
    }
    const dest = String(where ?? "").trim();
    const key = /^[\x00-\x7f]*$/.test(dest) ? dest.toUpperCase() : dest;
    (key.startsWith("+") ? table.prefixes : table.countries)[key] = String(price);
  }
  return table;
}

// The table with its currency as ISO 4217 writes it, in capitals: ASCII letters only ("uſd" is
// no USD, though toUpperCase makes it one), else the file's error.
function withCurrency(table) {
  const code = String(table.currency ?? "").trim();
  if (!/^[A-Za-z]{3}$/.test(code)) throw new Error(`currency ${JSON.stringify(table.currency)} is not an ISO 4217 code such as EUR`);
  return { ...table, currency: code.toUpperCase() };
}

async function fetchJSON(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

async function load() {
  const embedded = document.getElementById("nrs-prices");
  const standalone = embedded !== null || location.protocol === "file:";
  if (embedded) prices = JSON.parse(embedded.textContent);
  if (!standalone) {
    const [p, t, c] = await Promise.allSettled([fetchJSON("v1/profile"), fetchJSON("v1/prices"), fetchJSON("v1/config")]);
    if (p.status === "fulfilled") profile = p.value;
    if (t.status === "fulfilled") prices = t.value;
    if (c.status === "fulfilled") ui.about.textContent = `nrs_codec ${c.value.version} · counted in this page`;
  } else ui.about.textContent = "Counted in this page, with no server";
  ui.pricesFileField.hidden = !standalone;
  allowed = [...profile.encodings];
  ui.providerEncodings.textContent = profile.encodings.join(", ");
  ui.maxParts.max = String(profile.maxParts);
  renderAllowed();
  renderDestinations();
  update();
}

ui.message.addEventListener("input", update);
for (const input of [ui.recipients, ui.maxParts, ui.destination, ui.keepGraphemes]) {
  input.addEventListener("input", update);
  input.addEventListener("change", update);
}
ui.pricesFile.addEventListener("change", async () => {
  const file = ui.pricesFile.files[0];
  if (!file) return;
  try {
    prices = parsePrices(await file.text());
    renderDestinations();
    update();
  } catch (e) {
    ui.problem.hidden = false;
    ui.problem.textContent = `The prices file cannot be read: ${e.message}`;
  }
});
ui.nav.addEventListener("click", () => moveFlag(1));
ui.nav.addEventListener("keydown", (event) => {
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  if (step) {
    event.preventDefault();
    moveFlag(step);
  } else if (event.key === "Home" || event.key === "End") {
    event.preventDefault();
    current = event.key === "Home" ? -1 : 0;
    moveFlag(event.key === "Home" ? 1 : -1);
  }
});
update();
load();
