// Types of nrs-codec.js (SPEC §9). Indices are UTF-16 code units of the analysed text.

/** A canonical encoding name: the provider's three, the national languages (SPEC §8), then those a
 * country's preset limits to one table (tables/national_presets.tsv). */
export type Encoding =
  | "gsm" | "gsm-pt" | "utf-16" | "gsm-tr" | "gsm-es" | "gsm-bn" | "gsm-gu" | "gsm-hi"
  | "gsm-kn" | "gsm-ml" | "gsm-or" | "gsm-pa" | "gsm-ta" | "gsm-te" | "gsm-ur" | "gsm-tr-single";

export interface AnalyzeOptions {
  /** "auto" (choose among `allowed`), an encoding name or an alias (gsm7, ucs2, unicode, ...). */
  encoding?: string;
  /** For "auto": the encodings it may choose, in order of preference. */
  allowed?: Iterable<string>;
  /** Keep extended grapheme clusters whole in utf-16 parts (Intl.Segmenter). */
  keepGraphemes?: boolean;
  /** 16-bit concatenation references (6 header octets instead of 5). */
  ref16?: boolean;
  /** Octets of further header elements in every part, 0 to 120. */
  extraUdh?: number;
  /** National encodings carry both shift elements on every part. */
  forceShifts?: boolean;
}

export interface SuggestOptions extends AnalyzeOptions {
  /** The encodings an "encoding" suggestion may move to (default the provider's three). */
  encodings?: Iterable<string>;
}

export interface Analysis {
  encoding: Encoding;
  /** totalSmsParts for one recipient. */
  parts: number;
  /** Septets (an escaped character counts 2) or UTF-16 code units. */
  units: number;
  /** 3GPP national language id of the locking shift table (0: default alphabet). */
  lockingShift: number;
  /** 3GPP national language id of the single shift table (0: default extension). */
  singleShift: number;
  /** UDH octets in each part, UDHL included; 0 when none. */
  udhOctets: number;
  /** Units per part for this message. */
  capacity: number;
  /** Units free in the last part. */
  remaining: number;
  /** [start, end) of each part: text.slice(start, end). */
  spans: Array<[number, number]>;
  /** [index, char] of each character outside the GSM default alphabet and extension. */
  nonGsm: Array<[number, string]>;
}

export type ReplacementKind = "composition" | "look-alike";

export interface SmartText {
  text: string;
  /** [index in the original text, before, after, kind], in text order. */
  replacements: Array<[number, string, string, ReplacementKind]>;
}

export type SuggestionKind = "smart-encoding" | "line-endings" | "shorten-urls" | "encoding" | "combined";

export interface Suggestion {
  kind: SuggestionKind;
  /** The changes applied (several for "combined"). */
  kinds: Array<Exclude<SuggestionKind, "combined">>;
  description: string;
  /** null when the text cannot be sent as asked (113 or more than 255 parts). */
  partsBefore: number | null;
  partsAfter: number;
  encodingBefore: Encoding | null;
  encodingAfter: Encoding;
  /** The message with the change made. */
  text: string;
}

export interface CostOptions {
  /** How many recipients (default 1). */
  recipients?: number | bigint;
  /** Price of one part as decimal text ("0.0050"); a bigint or number is read by its text. */
  price: string | bigint | number;
  /** ISO 4217 code. */
  currency: string;
}

export interface Cost {
  parts: number;
  recipients: number;
  totalSmsParts: number;
  /** Exact decimal strings with the price's digits, never floats. */
  price: string;
  perRecipient: string;
  cost: string;
  currency: string;
}

/** Prices per destination for attach(): { currency, countries: { PT: "0.0050" }, prefixes: { "+3519": "0.004" } }. */
export interface PriceTable {
  currency: string;
  countries?: Record<string, string>;
  prefixes?: Record<string, string>;
}

export interface AttachOptions extends SuggestOptions {
  /** The element whose data-field descendants are filled (default: the textarea's parent). */
  root?: Element;
  /** A price table, or the price of one part with its currency. */
  prices?: PriceTable | { price: string; currency: string };
  /** The destination to price (a country of `prices`, default its first). */
  destination?: string;
  /** Recipients: a count, or an <input> whose value is read on every change. */
  recipients?: number | HTMLInputElement;
  /** The `parts` the request allows (default 1): more is shown as the provider's error 105. */
  maxParts?: number;
  /** Called after every update with what was shown. */
  onUpdate?: (state: AttachState) => void;
}

export interface AttachState {
  text: string;
  analysis: Analysis | null;
  error: EncodingError | TooManyPartsError | InvalidTextError | null;
  /** The provider's error the request would get: 104 empty, 105 too many parts, 113, or null. */
  providerError: 104 | 105 | 113 | 422 | null;
  cost: Cost | null;
  suggestions: Suggestion[];
}

export interface Attached {
  /** Recount now (after the text or an option changed outside an input event). */
  update(): AttachState;
  /** Change options (prices, recipients, allowed, ...) and recount. */
  setOptions(options: Partial<AttachOptions>): AttachState;
  /** Stop listening. */
  detach(): void;
  readonly state: AttachState;
}

export const ENCODINGS: readonly Encoding[];
export const DEFAULT_ALLOWED: readonly Encoding[];
export const ALIASES: Readonly<Record<string, Encoding>>;
export const MAX_PARTS: 255;
export const MAX_REPORTED: 100;
export const CODES: Readonly<{ TEXT_MISSING: 104; TEXT_TOO_LONG: 105; INVALID_CODING: 113; INPUT_VALIDATION: 422 }>;
export const LOOKALIKES: Readonly<Record<string, string>>;
export const SHORTENER: string;
export const SHORT_LINK: string;
export const SUGGESTION_KINDS: ReadonlyArray<Exclude<SuggestionKind, "combined">>;

/** The text cannot be represented in the requested encoding (113). */
export class EncodingError extends Error {
  readonly code: 113;
  readonly encoding: string;
  /** The first 100 offending [index, char]. */
  readonly chars: Array<[number, string]>;
  /** How many offending characters in all. */
  readonly count: number;
}
/** The message needs more than 255 parts (105). */
export class TooManyPartsError extends Error {
  readonly code: 105;
  readonly encoding: Encoding;
  readonly parts: number;
  /** False when `parts` is a lower bound (grapheme clusters kept whole: the walk stops once the answer is known). */
  readonly exact: boolean;
}
/** A lone surrogate (422). */
export class InvalidTextError extends Error {
  readonly code: 422;
  readonly index: number;
  readonly char: string;
}

export function analyze(text: string, options?: AnalyzeOptions): Analysis;
export function split(text: string, options?: AnalyzeOptions): string[];
export function graphemeStarts(text: string): number[];
export function nationalEncodings(country: string): Encoding[];
/** Whether the provider reads the text as no message (104): empty or only blanks (Python's str.strip()). */
export function isBlank(text: string): boolean;
export function smartEncode(text: string): SmartText;
export function findUrls(text: string): Array<[number, number]>;
export function suggest(text: string, options?: SuggestOptions): Suggestion[];
export function cost(analysis: Pick<Analysis, "parts"> | number, options: CostOptions): Cost;
export function attach(textarea: HTMLTextAreaElement, options?: AttachOptions): Attached;
export function attachAll(root?: ParentNode): Attached[];
