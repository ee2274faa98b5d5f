// The nrs_codec editor page: analyses the message as it is typed (POST /v1/analyze) and shows the
// encoding, the parts and where they split, the characters outside GSM and the suggestions.
//
// Indices from the API (spans, nonGsm, error chars) are Unicode code point indices, while
// JavaScript strings are UTF-16: every slice of the text goes through Array.from(text).
//
// URLs are relative to the page ("v1/analyze", not "/v1/analyze"), so that the page also works
// when a proxy serves the service under a path prefix.
"use strict";

(() => {
  const DEBOUNCE_MS = 150;
  const FALLBACK_ENCODINGS = ["gsm", "gsm-pt", "utf-16"];
  const ENCODING_NAMES = {
    gsm: "GSM 7-bit",
    "gsm-tr": "Turkish",
    "gsm-es": "Spanish",
    "gsm-pt": "Portuguese",
    "gsm-bn": "Bengali",
    "gsm-gu": "Gujarati",
    "gsm-hi": "Hindi",
    "gsm-kn": "Kannada",
    "gsm-ml": "Malayalam",
    "gsm-or": "Oriya",
    "gsm-pa": "Punjabi",
    "gsm-ta": "Tamil",
    "gsm-te": "Telugu",
    "gsm-ur": "Urdu",
    "gsm-tr-single": "Turkish, single shift table only (as Turkish handsets send)",
    "utf-16": "UTF-16",
  };
  const LIVE_FIELDS = [
    "encoding", "units", "parts", "remaining", "capacity", "udhOctets", "lockingShift",
    "singleShift", "totalSmsParts", "cost", "currency",
  ];
  // Characters a highlight alone would not show (spaces, controls, format and combining
  // characters): they get a visible code point label besides the highlight.
  const INVISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Mn}\p{Me}\p{Co}]$/u;
  const MAX_INDICES_LISTED = 12;
  // Where a shortened link goes in a shorten-urls suggestion (the real ones come from the
  // provider's POST /api/rest/shortener/shorten).
  const SHORT_LINK = "https://sms.tl/xxxxxx";

  const $ = (id) => document.getElementById(id);
  const ui = {
    editor: $("editor"),
    form: $("form"),
    about: $("about"),
    message: $("message"),
    error: $("error"),
    parts: $("parts"),
    nonGsmList: $("non-gsm-list"),
    nonGsmNone: $("non-gsm-none"),
    suggestions: $("suggestions"),
    suggestionsNone: $("suggestions-none"),
    suggestionsSection: $("suggestions-section"),
    allowed: $("allowed"),
    allowedNone: $("allowed-none"),
    recipients: $("recipients"),
    recipientsHint: $("recipients-hint"),
    country: $("country"),
    countryHint: $("country-hint"),
    json: $("json"),
  };

  let seq = 0; // the number of the latest request; answers to older ones are dropped
  let controller = null;
  let timer = 0;
  let configured = false; // the allowed encodings are known (GET /v1/config answered)

  // ---- small helpers -------------------------------------------------------------------------

  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "className" || key === "textContent" || key === "title" || key === "type") {
        node[key] = value;
      } else node.setAttribute(key, value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function setField(name, value) {
    const text = value === null || value === undefined ? "" : String(value);
    for (const node of document.querySelectorAll(`[data-field="${name}"]`)) node.textContent = text;
  }

  function setState(state) {
    ui.editor.dataset.state = state;
  }

  function codePointLabel(char) {
    return "U+" + char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
  }

  // The UTF-16 offset of code point `index` in `cps` (the text as code points).
  function utf16Offset(cps, index) {
    let offset = 0;
    for (let i = 0; i < index && i < cps.length; i++) offset += cps[i].length;
    return offset;
  }

  function carriedBy(carriers) {
    return carriers.length ? `carried by ${carriers.join(", ")}` : "no encoding on offer carries it";
  }

  function describeChar(char, index, carriers) {
    const text = `“${char}” ${codePointLabel(char)} at index ${index}`;
    return Array.isArray(carriers) ? `${text} · ${carriedBy(carriers)}` : text;
  }

  // [index, char] pairs grouped by character, in order of first appearance: Map char -> indices.
  function groupByChar(pairs) {
    const groups = new Map();
    for (const [index, char] of pairs) {
      if (!groups.has(char)) groups.set(char, []);
      groups.get(char).push(index);
    }
    return groups;
  }

  // Appends cps[start:end] to `parent`, the characters listed in `marks` (sorted [index, char]
  // pairs, consumed from marks.next) wrapped by makeMark(index, char).
  function appendText(parent, cps, start, end, marks, makeMark) {
    let pos = start;
    while (marks.next < marks.list.length && marks.list[marks.next][0] < end) {
      const [index, char] = marks.list[marks.next++];
      if (index < pos) continue;
      if (index > pos) parent.append(cps.slice(pos, index).join(""));
      parent.append(makeMark(index, char));
      pos = index + 1;
    }
    if (end > pos) parent.append(cps.slice(pos, end).join(""));
  }

  // Fills a <mark> with `char`, labelled with its code point where a highlight alone would not
  // show it.
  function markChar(node, char) {
    node.textContent = char;
    if (INVISIBLE.test(char)) {
      node.classList.add("invisible");
      node.dataset.label = codePointLabel(char);
    }
    return node;
  }

  // Selects the character at code point `index` in the text area.
  function selectInMessage(index) {
    const cps = Array.from(ui.message.value);
    const start = utf16Offset(cps, index);
    ui.message.focus();
    ui.message.setSelectionRange(start, start + (cps[index] || "").length);
  }

  // ---- rendering -----------------------------------------------------------------------------

  function renderParts(cps, spans, nonGsm, carriers) {
    const marks = { list: [...nonGsm].sort((a, b) => a[0] - b[0]), next: 0 };
    const makeMark = (index, char) => {
      const mark = markChar(h("mark", { className: "non-gsm" }), char);
      mark.dataset.nonGsm = index;
      mark.title = describeChar(char, index, carriers[char]);
      return mark;
    };
    const nodes = spans.map(([start, end], k) => {
      const part = h("span", {
        className: `part ${k % 2 ? "even" : "odd"}`,
        dataset: { part: k + 1, start, end },
        title: `Part ${k + 1} of ${spans.length}: code points ${start}–${end}`,
      });
      appendText(part, cps, start, end, marks, makeMark);
      return part;
    });
    ui.parts.classList.toggle("multi", spans.length > 1);
    ui.parts.classList.remove("failed");
    ui.parts.replaceChildren(...nodes);
  }

  function renderLegend(nonGsm, carriers) {
    const items = [];
    for (const [char, indices] of groupByChar(nonGsm)) {
      const shown = indices.slice(0, MAX_INDICES_LISTED).map((index) =>
        h("button", {
          type: "button",
          className: "index",
          dataset: { index },
          title: `Select it in the message (code point index ${index})`,
        }, String(index)),
      );
      const hidden = indices.length - shown.length;
      const more = hidden > 0 ? h("span", { className: "more" }, `+${hidden} more`) : null;
      const list = carriers[char];
      items.push(
        h("li", { dataset: { char } },
          markChar(h("mark", { className: "glyph" }), char),
          h("code", {}, codePointLabel(char)),
          h("span", { className: "at" }, indices.length > 1 ? `×${indices.length} at` : "at"),
          ...shown,
          more,
          Array.isArray(list) ? h("span", { className: "carriers" }, carriedBy(list)) : null,
        ),
      );
    }
    ui.nonGsmList.replaceChildren(...items);
    ui.nonGsmNone.hidden = items.length > 0;
  }

  function renderSuggestions(suggestions) {
    const items = suggestions.map((s, k) => {
      const id = `suggestion-${k}`;
      const effect = [];
      if (typeof s.partsAfter === "number") {
        // partsBefore is null when the message cannot be sent as it is (error 113, > 255 parts).
        const before = typeof s.partsBefore === "number" ? s.partsBefore : "not sendable";
        effect.push(`${before} → ${s.partsAfter} part${s.partsAfter === 1 ? "" : "s"}`);
      }
      if (s.encodingBefore && s.encodingAfter && s.encodingBefore !== s.encodingAfter) {
        effect.push(`${s.encodingBefore} → ${s.encodingAfter}`);
      }
      const button = h("button", { type: "button", "aria-describedby": id },
        "Apply", h("span", { className: "visually-hidden" }, ` ${s.kind}`));
      button.addEventListener("click", () => applySuggestion(s));
      return h("li", { className: "suggestion", dataset: { suggestion: s.kind } },
        h("div", { className: "suggestion-body" },
          h("p", { id, className: "suggestion-description" }, s.description || s.kind),
          effect.length ? h("p", { className: "suggestion-effect" }, effect.join(" · ")) : null),
        button,
      );
    });
    ui.suggestions.replaceChildren(...items);
    ui.suggestionsNone.hidden = items.length > 0;
  }

  function renderResult(cps, data) {
    for (const name of LIVE_FIELDS) setField(name, data[name]);
    // A currency beside an unknown cost ("– EUR") reads as a price: show it with a cost only.
    if (data.cost === null || data.cost === undefined) setField("currency", null);
    const spans = Array.isArray(data.spans) && data.spans.length ? data.spans : [[0, cps.length]];
    const nonGsm = Array.isArray(data.nonGsm) ? data.nonGsm : [];
    const carriers = data.carriers || {};
    renderParts(cps, spans, nonGsm, carriers);
    renderLegend(nonGsm, carriers);
    renderSuggestions(Array.isArray(data.suggestions) ? data.suggestions : []);
    ui.suggestionsSection.hidden = false;
    clearError();
    ui.editor.classList.remove("failed");
  }

  function clearError() {
    ui.error.hidden = true;
    ui.error.replaceChildren();
  }

  // Shows an API or network error; `cps` is the analysed text, whose offending characters
  // (error.chars) are highlighted in the parts area.
  function renderError(cps, error) {
    ui.editor.classList.add("failed");
    for (const name of LIVE_FIELDS) setField(name, null);
    const chars = Array.isArray(error.chars) ? [...error.chars].sort((a, b) => a[0] - b[0]) : [];
    const title = error.code ? `Error ${error.code}` : "Error";
    const children = [h("p", {}, h("strong", {}, title), " ", error.description || "")];
    if (chars.length) {
      const list = h("ul", { className: "error-chars" });
      for (const [char, indices] of groupByChar(chars)) {
        list.append(h("li", {},
          markChar(h("mark", { className: "bad" }), char), " ",
          h("code", {}, codePointLabel(char)), ` at ${indices.join(", ")}`));
      }
      const count = Number(error.count) || chars.length;
      if (count > chars.length) list.append(h("li", {}, `and ${count - chars.length} more`));
      children.push(h("p", {}, "Characters the allowed encodings cannot carry:"), list);
    }
    ui.error.replaceChildren(...children);
    ui.error.hidden = false;

    if (cps) {
      const block = h("span", { className: "part failed-text" });
      appendText(block, cps, 0, cps.length, { list: chars, next: 0 }, (index, char) => {
        const mark = markChar(h("mark", { className: "bad" }), char);
        mark.dataset.errorChar = index;
        mark.title = describeChar(char, index);
        return mark;
      });
      ui.parts.classList.remove("multi");
      ui.parts.classList.add("failed");
      ui.parts.replaceChildren(block);
    }
    ui.nonGsmList.replaceChildren();
    // A 113 or 105 comes with the changes that would make the message sendable.
    const suggestions = Array.isArray(error.suggestions) ? error.suggestions : [];
    renderSuggestions(suggestions);
    ui.suggestionsSection.hidden = suggestions.length === 0;
  }

  // ---- requests ------------------------------------------------------------------------------

  async function readJson(response) {
    const type = response.headers.get("Content-Type") || "";
    if (!type.includes("json")) return null;
    try {
      return await response.json();
    } catch {
      return null;
    }
  }

  function readRecipients() {
    const raw = ui.recipients.value.trim();
    const n = Number(raw);
    const ok = /^\d+$/.test(raw) && Number.isSafeInteger(n) && n >= 1;
    ui.recipients.setAttribute("aria-invalid", ok ? "false" : "true");
    ui.recipientsHint.hidden = ok;
    return ok ? n : null;
  }

  function checkedAllowed() {
    const boxes = ui.allowed.querySelectorAll('input[name="allowed"]');
    return [...boxes].filter((box) => box.checked).map((box) => box.value);
  }

  // The user changed something: what is shown is stale until the next answer.
  function schedule() {
    seq++;
    if (controller) controller.abort();
    setState("pending");
    clearTimeout(timer);
    timer = setTimeout(analyze, DEBOUNCE_MS);
  }

  async function analyze() {
    clearTimeout(timer);
    if (!configured) return; // start() analyses once the configuration is in
    const mine = ++seq;
    if (controller) controller.abort();
    controller = new AbortController();
    const text = ui.message.value;
    const cps = Array.from(text);
    const allowed = checkedAllowed();
    if (!allowed.length) {
      renderError(cps, { description: "Choose at least one allowed encoding." });
      setState("error");
      return;
    }
    const body = { text, allowed };
    const recipients = readRecipients();
    if (recipients !== null) body.recipients = recipients;
    if (ui.country.value) body.country = ui.country.value;
    setState("pending");

    let response;
    let data;
    try {
      response = await fetch("v1/analyze", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      data = await readJson(response);
    } catch (err) {
      if (mine !== seq) return;
      renderError(cps, { description: `The server could not be reached (${err.message}).` });
      setState("error");
      return;
    }
    if (mine !== seq) return;

    ui.json.textContent = data ? JSON.stringify(data, null, 2) : `HTTP ${response.status}`;
    if (response.ok && data && !data.error) {
      renderResult(cps, data);
      if (recipients === null) {
        setField("totalSmsParts", null);
        setField("cost", null);
        setField("currency", null);
      }
      setState("ready");
      return;
    }
    let error = data && data.error;
    if (!error) {
      error = response.status === 413
        ? { code: 413, description: "The message is too large for the server." }
        : { code: response.status, description: `The server answered HTTP ${response.status}.` };
    }
    renderError(cps, error);
    setState("error");
  }

  function applySuggestion(suggestion) {
    if (typeof suggestion.text === "string") {
      ui.message.focus();
      ui.message.select();
      // execCommand keeps the change on the text area's undo stack (Ctrl+Z brings the text
      // back); where it is refused, set the value.
      let done = false;
      try {
        done = document.execCommand(suggestion.text ? "insertText" : "delete", false, suggestion.text);
      } catch {
        done = false;
      }
      // A text area turns CR LF into LF in its value.
      const shown = suggestion.text.replace(/\r\n?/g, "\n");
      if (!done || ui.message.value !== shown) ui.message.value = suggestion.text;
    }
    // A suggestion can name an encoding the user has not allowed: applying it allows it.
    const after = CSS.escape(suggestion.encodingAfter || "");
    const box = ui.allowed.querySelector(`input[name="allowed"][value="${after}"]`);
    if (box && !box.checked) box.checked = true;
    ui.message.focus();
    // Shortened links are placeholders until the shortener's real ones replace them: select the
    // first, ready to be pasted over.
    const link = ui.message.value.indexOf(SHORT_LINK);
    if (link >= 0) ui.message.setSelectionRange(link, link + SHORT_LINK.length);
    analyze();
  }

  // ---- configuration -------------------------------------------------------------------------

  // "Portugal (PT)" in the browser's language, or the bare code where the name is not known.
  function countryLabel(code) {
    try {
      const name = new Intl.DisplayNames([navigator.language || "en"], { type: "region" }).of(code);
      return name && name !== code ? `${name} (${code})` : code;
    } catch {
      return code;
    }
  }

  function renderConfig(config) {
    const encodings = Array.isArray(config.encodings) && config.encodings.length
      ? config.encodings : FALLBACK_ENCODINGS;
    const defaults = Array.isArray(config.defaultAllowed) ? config.defaultAllowed : FALLBACK_ENCODINGS;
    // Preference order: the default allowed set in its order, then the other encodings.
    const ordered = [
      ...defaults.filter((e) => encodings.includes(e)),
      ...encodings.filter((e) => !defaults.includes(e)),
    ];
    const boxes = ordered.map((encoding) => {
      const id = `allowed-${encoding}`;
      const name = ENCODING_NAMES[encoding];
      const box = h("input", { type: "checkbox", id, name: "allowed", value: encoding });
      box.checked = defaults.includes(encoding);
      return h("div", { className: "check" }, box,
        h("label", { for: id }, h("code", {}, encoding), name ? ` ${name}` : null));
    });
    ui.allowedNone.remove();
    ui.allowed.append(...boxes);

    const prices = config.prices;
    if (prices && Array.isArray(prices.countries) && prices.countries.length) {
      for (const code of prices.countries) {
        ui.country.append(h("option", { value: code }, countryLabel(code)));
      }
      ui.country.disabled = false;
      ui.countryHint.textContent = `Prices per part, in ${prices.currency}.`;
    }

    const about = [];
    if (config.version) about.push(`version ${config.version}`);
    if (config.backend) about.push(`${config.backend} back end`);
    about.push("JSON API: POST /v1/analyze");
    ui.about.textContent = about.join(" · ");
  }

  async function loadConfig() {
    try {
      const response = await fetch("v1/config", { headers: { Accept: "application/json" } });
      const data = await readJson(response);
      if (response.ok && data) return data;
    } catch {
      // The page still works with the standard encodings; analyze() reports a dead server.
    }
    return { encodings: FALLBACK_ENCODINGS, defaultAllowed: FALLBACK_ENCODINGS, prices: null };
  }

  async function start() {
    ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      analyze();
    });
    ui.message.addEventListener("input", () => schedule());
    ui.recipients.addEventListener("input", () => schedule());
    ui.country.addEventListener("change", () => analyze());
    ui.nonGsmList.addEventListener("click", (event) => {
      const button = event.target.closest("button.index");
      if (button) selectInMessage(Number(button.dataset.index));
    });
    ui.allowed.addEventListener("change", () => analyze());
    renderConfig(await loadConfig());
    configured = true;
    analyze();
  }

  start();
})();
