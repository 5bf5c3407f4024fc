/**
 * The PII detectors behind redactPii. Each is a hand-written scanner instead of one big regular
 * expression, so that its time is linear in the text (no backtracking: a 1 MB run of digits, `a@a@a@…`
 * or nested separators is read a bounded number of times) and so that every candidate is validated
 * the way the identifier itself is defined (Luhn for cards, mod-97 for IBANs, SSA rules for SSNs,
 * octet ranges for IPv4, RFC 4291 for IPv6).
 *
 * `findPii` returns non-overlapping spans, sorted by start. When two detectors claim overlapping text
 * the one earlier in `DETECTOR_PRIORITY` wins (custom patterns first, then the most specific shapes).
 */
import { IBAN_LENGTHS, ibanChecksumValid, luhnValid } from './piiChecksums.js';

export const DETECTOR_NAMES = [
  'email',
  'phone',
  'creditCard',
  'ssn',
  'ipv4',
  'ipv6',
  'iban',
  'awsAccessKey',
  'awsSecretKey',
  'jwt',
  'urlCredentials',
] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];

/** The label each built-in detector writes into masks and hash tokens. */
export const DETECTOR_LABELS: Readonly<Record<DetectorName, string>> = {
  email: 'EMAIL',
  phone: 'PHONE',
  creditCard: 'CREDIT_CARD',
  ssn: 'SSN',
  ipv4: 'IPV4',
  ipv6: 'IPV6',
  iban: 'IBAN',
  awsAccessKey: 'AWS_ACCESS_KEY',
  awsSecretKey: 'AWS_SECRET_KEY',
  jwt: 'JWT',
  urlCredentials: 'URL_CREDENTIALS',
};

/** Built-in detectors whose `partial` replacement keeps a harmless part of the value. */
export const PARTIAL_DETECTORS: ReadonlySet<DetectorName> = new Set(['email', 'phone', 'creditCard', 'ssn', 'ipv4', 'ipv6', 'iban', 'awsAccessKey']);

/** Overlap resolution order among built-ins (custom patterns come before all of them). */
const DETECTOR_PRIORITY: readonly DetectorName[] = ['urlCredentials', 'jwt', 'awsAccessKey', 'awsSecretKey', 'iban', 'email', 'creditCard', 'ssn', 'ipv6', 'ipv4', 'phone'];

/** A detected span `[start, end)`; `detector` indexes built-ins first, then custom patterns. */
export interface PiiSpan {
  readonly start: number;
  readonly end: number;
  readonly detector: number;
}

/** What the text's surroundings say about it (the key it sits under, its sibling values). */
export const HINT_SSN = 1;
export const HINT_SECRET = 2;
export const HINT_NEAR_ACCESS_KEY = 4;

export interface CompiledDetectors {
  /** Enabled flags by detector index (built-ins in DETECTOR_NAMES order). */
  readonly enabled: readonly boolean[];
  /** Custom patterns, compiled with the `g` flag; detector index = DETECTOR_NAMES.length + position. */
  readonly custom: readonly RegExp[];
}

const BUILT_IN = DETECTOR_NAMES.length;
// Detector indexes as plain constants (they run in the innermost loop), in DETECTOR_NAMES order.
const EMAIL = 0;
const PHONE = 1;
const CREDIT_CARD = 2;
const SSN = 3;
const IPV4 = 4;
const IPV6 = 5;
const IBAN = 6;
const AWS_ACCESS_KEY = 7;
const AWS_SECRET_KEY = 8;
const JWT = 9;
const URL_CREDENTIALS = 10;

export function detectorIndex(name: DetectorName): number {
  return DETECTOR_NAMES.indexOf(name);
}

// ---------------------------------------------------------------------------------------------------
// Character classes (ASCII; any other character counts as a boundary).

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}
function isLower(code: number): boolean {
  return code >= 97 && code <= 122;
}
function isAlnum(code: number): boolean {
  return isDigit(code) || isUpper(code) || isLower(code);
}
function isLetter(code: number): boolean {
  return isUpper(code) || isLower(code);
}
/** Letters, digits and `_`: a detected value must not continue into one of these. */
function isWordChar(code: number): boolean {
  return isAlnum(code) || code === 95;
}
function isHex(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}
function wordAt(text: string, index: number): boolean {
  return index >= 0 && index < text.length && isWordChar(text.charCodeAt(index));
}
function digitAt(text: string, index: number): boolean {
  return index >= 0 && index < text.length && isDigit(text.charCodeAt(index));
}

const SPACE = 32;
const DASH = 45;
const DOT = 46;
const SLASH = 47;
const COLON = 58;
const PLUS = 43;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const AT = 64;
const EQUALS = 61;

// ---------------------------------------------------------------------------------------------------
// Digit runs: card, SSN, phone and IPv4 detectors all read the text as maximal runs of ASCII digits and
// the gaps between them. The runs are found in one pass and shared.

interface DigitRuns {
  readonly starts: number[];
  readonly ends: number[];
  count: number;
  /** Digits in all kept runs: fewer than a detector's minimum means it cannot match. */
  digits: number;
}

// findPii is synchronous and never re-entered: the buffers below are reused from call to call so that
// scanning the many strings that hold no PII allocates nothing.
const RUNS: DigitRuns = { starts: [], ends: [], count: 0, digits: 0 };

/*
 * RUNS holds the maximal digit runs of the text being scanned that touch no letter or `_` (filled by
 * characterFlags). A run glued to a word character can be neither the first group of a number (its
 * start must not follow a word character), nor a later group (those follow a separator), nor the last
 * or a middle one (those precede the end or a separator), so dropping such runs (ids, SKUs, hex
 * strings, `x64`) changes no result and saves most of the work. Detectors check adjacency by position,
 * so a dropped run between two kept ones is never skipped over.
 */

/** True when runs `a` and `a + 1` are separated by exactly the one character `separator`. */
function joinedBy(text: string, runs: DigitRuns, a: number, separator: number): boolean {
  const gap = runs.ends[a]!;
  return runs.starts[a + 1] === gap + 1 && text.charCodeAt(gap) === separator;
}

/**
 * Spans found so far, as parallel arrays (no object or closure per span or per call: this runs for
 * every string of every record). `detector` is the index of the detector that found the span.
 */
interface Spans {
  readonly starts: number[];
  readonly ends: number[];
  readonly detectors: number[];
  count: number;
}

function push(spans: Spans, detector: number, start: number, end: number): void {
  const at = spans.count++;
  spans.starts[at] = start;
  spans.ends[at] = end;
  spans.detectors[at] = detector;
}

// ---------------------------------------------------------------------------------------------------
// Payment cards: 12-19 digits, unseparated or in groups (first group of 4, then groups of 3-6 joined by
// one repeated space or dash, the last one possibly shorter), an issuer prefix of a network and a valid
// Luhn check digit (ISO/IEC 7812-1). Issuer prefixes by first digit: 2-6 (Visa, Mastercard, Amex,
// Discover, Diners, JCB, Maestro, UnionPay, Mir…), 1 only in 15 digits (UATP, JCB 1800) so that epoch
// milliseconds (13 digits) and microseconds (16) are left alone, 81/82 (RuPay, UnionPay) in 16-19
// digits, 9 (the major industry identifier for national assignment: Troy 9792 and other national
// networks) only in 16 digits; 12 digits only for Maestro (50, 56-69).

function cardDigitsValid(text: string, start: number, end: number): boolean {
  let length = 0;
  for (let index = start; index < end; index++) if (isDigit(text.charCodeAt(index))) length++;
  const first = text.charCodeAt(start) - 48;
  const second = text.charCodeAt(start + 1) - 48;
  let prefixOk: boolean;
  if (length === 12) prefixOk = first === 6 || (first === 5 && (second === 0 || second >= 6));
  else if (first === 1) prefixOk = length === 15;
  else if (first >= 2 && first <= 6) prefixOk = true;
  else if (first === 8) prefixOk = length >= 16 && (second === 1 || second === 2);
  else if (first === 9) prefixOk = length === 16;
  else prefixOk = false;
  return prefixOk && luhnValid(text, start, end);
}

function findCards(text: string, runs: DigitRuns, out: Spans): void {
  const id = CREDIT_CARD;
  const count = runs.count;
  for (let i = 0; i < count; i++) {
    const start = runs.starts[i]!;
    const end = runs.ends[i]!;
    if (wordAt(text, start - 1)) continue;
    // A card never starts in the middle of a dashed or dotted chain of digit groups (a failed one).
    const before = text.charCodeAt(start - 1);
    if ((before === DASH || before === DOT) && digitAt(text, start - 2)) continue;
    const length = end - start;
    if (length >= 12 && length <= 19) {
      if (!wordAt(text, end) && cardDigitsValid(text, start, end)) push(out, id, start, end);
      continue;
    }
    if (length !== 4) continue;
    const separator = text.charCodeAt(end);
    if (separator !== SPACE && separator !== DASH) continue;
    // Nor in the middle of a chain of groups of four (`1234 5678 9012 3456` without a valid check).
    if (before === separator && start >= 5 && digitAt(text, start - 2) && digitAt(text, start - 5) && !digitAt(text, start - 6) && !wordAt(text, start - 6)) continue;
    let total = 4;
    let best = -1;
    let j = i;
    while (j + 1 < count && joinedBy(text, runs, j, separator)) {
      const groupLength = runs.ends[j + 1]! - runs.starts[j + 1]!;
      if (groupLength > 6 || total + groupLength > 19) break;
      total += groupLength;
      j++;
      // Groups of 3-6 digits; only the last may be shorter (4111 1111 1111 1, 4-4-4-4-3).
      const groupEnd = runs.ends[j]!;
      const continues = text.charCodeAt(groupEnd) === separator && digitAt(text, groupEnd + 1);
      if (total >= 12 && !wordAt(text, groupEnd) && cardDigitsValid(text, start, groupEnd) && (!continues || groupLength >= 3)) best = j;
      if (groupLength < 3) break;
    }
    if (best >= 0) {
      push(out, id, start, runs.ends[best]!);
      i = best;
    }
  }
}

/** A number value that holds a card number (a JSON number of 13-19 digits). */
export function isCardNumber(value: number): boolean {
  if (!Number.isSafeInteger(value) || value < 1e11) return false;
  const digits = String(value);
  return digits.length >= 12 && digits.length <= 19 && cardDigitsValid(digits, 0, digits.length);
}

/** The exact text of a JSON integer that holds a card number (13-19 digits, Luhn-valid). */
export function isCardNumberText(text: string): boolean {
  return /^[1-9]\d{12,18}$/.test(text) && cardDigitsValid(text, 0, text.length);
}

// ---------------------------------------------------------------------------------------------------
// US Social Security numbers: AAA-GG-SSSS, AAA GG SSSS or AAA.GG.SSSS; the SSA never issues area 000,
// 666 or 900-999, group 00 or serial 0000. Nine unseparated digits count only next to the word "SSN" or
// "social security", or under a key that names one (e.g. `ssn`, `social_security_number`). A number
// right after a word naming another identifier (`ref 012 34 5678`, `invoice 012-34-5678`) is that one.

function ssnPartsValid(text: string, area: number, group: number, serial: number): boolean {
  const a = Number(text.slice(area, area + 3));
  const g = Number(text.slice(group, group + 2));
  const s = Number(text.slice(serial, serial + 4));
  return a !== 0 && a !== 666 && a < 900 && g !== 0 && s !== 0;
}

const SSN_CONTEXT_CHARS = 40;

function ssnContextBefore(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - SSN_CONTEXT_CHARS), start).toLowerCase();
  return before.includes('ssn') || before.includes('social security') || before.includes('ss#') || before.includes('tax id') || before.includes('taxpayer');
}

function findSsns(text: string, runs: DigitRuns, hints: number, out: Spans): void {
  const id = SSN;
  const count = runs.count;
  for (let i = 0; i < count; i++) {
    const start = runs.starts[i]!;
    const length = runs.ends[i]! - start;
    if (length === 9) {
      const end = runs.ends[i]!;
      if (!wordAt(text, start - 1) && !wordAt(text, end) && ((hints & HINT_SSN) !== 0 || ssnContextBefore(text, start)) && ssnPartsValid(text, start, start + 3, start + 5)) {
        push(out, id, start, end);
      }
      continue;
    }
    if (length !== 3 || i + 2 >= count) continue;
    const separator = text.charCodeAt(runs.ends[i]!);
    if (separator !== DASH && separator !== SPACE && separator !== DOT) continue;
    if (!joinedBy(text, runs, i, separator) || !joinedBy(text, runs, i + 1, separator)) continue;
    if (runs.ends[i + 1]! - runs.starts[i + 1]! !== 2 || runs.ends[i + 2]! - runs.starts[i + 2]! !== 4) continue;
    const end = runs.ends[i + 2]!;
    // A dash chain longer than 3-2-4 (12-345-67-8901) is some other identifier; spaces separate words.
    const before = start - 1;
    const chained = separator !== SPACE;
    if (wordAt(text, before) || (chained && text.charCodeAt(before) === separator && digitAt(text, before - 1))) continue;
    if (wordAt(text, end) || (chained && text.charCodeAt(end) === separator && digitAt(text, end + 1))) continue;
    if (!ssnPartsValid(text, start, runs.starts[i + 1]!, runs.starts[i + 2]!)) continue;
    if ((hints & HINT_SSN) === 0 && !ssnContextBefore(text, start) && numberContext(text, start) === -1) continue;
    push(out, id, start, end);
    i += 2;
  }
}

// ---------------------------------------------------------------------------------------------------
// IPv4: four decimal octets 0-255 without leading zeros, not part of a longer dotted number (versions
// such as 1.2.3.4.5), not a product version token (`Chrome/120.0.1.2`, `v1.2.3.4`, "version 1.0.0.0",
// Gecko's `rv:1.8.1.4`), not a network in CIDR notation (see isNetwork).

function octet(text: string, start: number, end: number): number {
  const length = end - start;
  if (length < 1 || length > 3 || (length > 1 && text.charCodeAt(start) === 48)) return -1;
  let value = 0;
  for (let index = start; index < end; index++) value = value * 10 + text.charCodeAt(index) - 48;
  return value <= 255 ? value : -1;
}

/**
 * One rule for IPv4 and IPv6 (RFC 4632, RFC 4291 §2.3): an address followed by `/prefix` whose bits
 * after the prefix are all zero is a network (10.0.0.0/8, 2001:db8:12::/48) and names no host, so it is
 * kept; an address with host bits set (10.0.0.5/24, 2001:db8::5/64) or a full-length prefix (/32,
 * /128) names a host, and the address is redacted (the prefix length stays).
 */
function isNetwork(text: string, end: number, parts: readonly number[], bitsPerPart: number): boolean {
  if (text.charCodeAt(end) !== SLASH || !digitAt(text, end + 1)) return false;
  let index = end + 1;
  let prefix = 0;
  while (digitAt(text, index) && index - end <= 3) prefix = prefix * 10 + text.charCodeAt(index++) - 48;
  const width = parts.length * bitsPerPart;
  if (digitAt(text, index) || prefix >= width) return false;
  for (let part = 0; part < parts.length; part++) {
    const hostBits = Math.min(bitsPerPart, Math.max(0, (part + 1) * bitsPerPart - prefix));
    if (hostBits > 0 && (parts[part]! & ((1 << hostBits) - 1)) !== 0) return false;
  }
  return true;
}

function ipv4Bits(text: string, runs: DigitRuns, first: number): number[] {
  const octets: number[] = [];
  for (let k = first; k < first + 4; k++) octets.push(octet(text, runs.starts[k]!, runs.ends[k]!));
  return octets;
}

function findIpv4s(text: string, runs: DigitRuns, out: Spans): void {
  const id = IPV4;
  const count = runs.count;
  for (let i = 0; i + 3 < count; i++) {
    if (!joinedBy(text, runs, i, DOT) || !joinedBy(text, runs, i + 1, DOT) || !joinedBy(text, runs, i + 2, DOT)) continue;
    let valid = true;
    for (let k = i; k <= i + 3 && valid; k++) valid = octet(text, runs.starts[k]!, runs.ends[k]!) >= 0;
    if (!valid) continue;
    const start = runs.starts[i]!;
    const end = runs.ends[i + 3]!;
    const before = text.charCodeAt(start - 1);
    if (wordAt(text, start - 1) || before === DOT || (before === SLASH && wordAt(text, start - 2))) continue;
    if (wordAt(text, end) || (text.charCodeAt(end) === DOT && digitAt(text, end + 1))) continue;
    if (isNetwork(text, end, ipv4Bits(text, runs, i), 8)) continue;
    // "version 1.0.0.0", Gecko's "rv:1.9.0.19" in user agents.
    const context = text.slice(Math.max(0, start - 10), start).toLowerCase();
    if (context.includes('version') || context.endsWith('rv:')) continue;
    push(out, id, start, end);
    i += 3;
  }
}

// ---------------------------------------------------------------------------------------------------
// Phone numbers. A number is read as a phone when its shape says so to a person (numbering-plan rules
// are not applied: senders and generators write numbers that break them), or when a phone word comes
// right before it. Shapes, as digit groups joined by one repeated separator (space, dash or dot):
//  - international: `+` and 8-15 digits, grouped or not, at most one parenthesised group:
//    +14155550123, +1 (415) 555-0123, +44 20 7946 0958; or `00` and a country code: 0044 20 7946 0958
//  - a parenthesised area code and 8-12 digits: (415) 555-0123, (415)555-0123, (020) 7946 0958
//  - North American 3-3-4, optionally after `1-`, and 3 then 7 digits: 415.555.0123, 1-415-555-0123,
//    415 5550123
//  - national with a trunk prefix 0, 9-13 digits: 020 7946 0958, 06 12 34 56 78, 01565 959111; two
//    groups only when the second has 5 digits or more (`01000 12` is a postcode and a house number)
//  - national without a prefix: 3-5 groups of 2-4 digits, 9-12 digits, space or dash: 612 34 56 78,
//    91-22-5555-0187; groups of one length are a count (`10 20 30 40 50`, `123 456 789`), except the
//    dashed 3-3-3 of Spain
//  - anything of 8-15 digits right after a phone word (`tel`, `phone`, `mobile`, `fax`, `call`, …)
// An extension glued on or after a space belongs to the number (`x12`, ` ext. 12`). A number right
// after a word that names another identifier (`ref`, `order`, `invoice`, `ticket`, `n°`, `#` …) is that
// identifier, not a phone number.

/** Words that make the number after them a phone number whatever its shape. */
const PHONE_WORDS = new Set(['phone', 'telephone', 'tel', 'tél', 'téléphone', 'telefon', 'telefono', 'teléfono', 'telefone', 'mobile', 'mob', 'cell', 'cellphone', 'handy', 'móvil', 'movil', 'celular', 'portable', 'fax', 'call', 'sms', 'whatsapp', 'dial', 'voicemail', 'hotline', 'callback', 'msisdn', 'contact']);
/** A quick test for any of PHONE_WORDS in a text (their stems, case-insensitive). */
const PHONE_WORD_ANYWHERE = /tel|t[ée]l[ée]|phone|mob|cell|handy|m[óo]vil|celular|portable|fax|call|sms|whatsapp|dial|voicemail|hotline|msisdn|contact/i;

/** Words that make the number after them some other identifier. */
const OTHER_ID_WORDS = new Set(['ref', 'reference', 'order', 'invoice', 'inv', 'ticket', 'case', 'dossier', 'file', 'account', 'acct', 'serial', 'sn', 'id', 'isbn', 'sku', 'po', 'batch', 'build', 'version', 'tracking', 'receipt', 'transaction', 'txn', 'confirmation', 'booking', 'reservation', 'policy', 'claim', 'contract', 'parcel', 'shipment', 'routing', 'iban', 'bic', 'swift', 'code', 'pin', 'otp', 'passcode', 'postcode', 'zip']);
/** Words between the deciding word and the number: `phone no.`, `order number`, `tel: is`. */
const CONNECTOR_WORDS = new Set(['no', 'nr', 'n°', 'nº', 'num', 'number', 'is', 'at', 'on', 'the', 'a', 'an', 'my', 'our', 'your', 'his', 'her', 'their', 'to', 'from', 'for', 'of', 'de', 'du', 'in', 'as', 'was', 'via', '#']);
const CONTEXT_CHARS = 32;

/**
 * What the words right before `start` say of the number there: 1 = a phone word (`tel`, `mobile`…),
 * -1 = a word naming another identifier (`ref`, `invoice`, `code`…) or only `#`, `n°`, `no.`; 0 =
 * neither. Of the last three words that are not connectors (`no`, `number`, `is`, `at`…), the nearest
 * one of either kind decides.
 */
export function numberContext(text: string, start: number): -1 | 0 | 1 {
  // Read backwards word by word (no slice of the window, no regular expression: this runs for every
  // candidate number of every string).
  const limit = Math.max(0, start - CONTEXT_CHARS);
  let index = start - 1;
  let seen = 0;
  let nearest: string | undefined;
  let nearestEnd = -1;
  while (seen < 3) {
    while (index >= limit && !isContextChar(text.charCodeAt(index))) index--;
    if (index < limit) break;
    const end = index + 1;
    while (index >= limit && isContextChar(text.charCodeAt(index))) index--;
    // A word cut by the window's start is not a word of the text.
    if (index < limit && limit > 0 && isContextChar(text.charCodeAt(limit - 1))) break;
    const word = text.slice(index + 1, end).toLowerCase();
    if (nearest === undefined) {
      nearest = word;
      nearestEnd = end;
    }
    if (CONNECTOR_WORDS.has(word)) continue;
    seen++;
    if (OTHER_ID_WORDS.has(word)) return -1;
    if (PHONE_WORDS.has(word)) return 1;
  }
  // `#0403 839 666`, `n° 028 530 852`: only a number marker (and connectors) right before it.
  if (seen === 0 && nearest !== undefined && (nearest === '#' || nearest === 'n°' || nearest === 'nº' || nearest === 'no' || nearest === 'nr') && start - nearestEnd <= 2) {
    for (let at = nearestEnd; at < start; at++) {
      const code = text.charCodeAt(at);
      if (code !== SPACE && code !== DOT && code !== COLON) return 0;
    }
    return -1;
  }
  return 0;
}

/** Characters of the words numberContext reads: ASCII and Latin-1 letters, `°`, `º`, `#`. */
function isContextChar(code: number): boolean {
  return isLetter(code) || (code >= 0xc0 && code <= 0xff && code !== 0xd7 && code !== 0xf7) || code === 0xb0 || code === 0xba || code === 0x23;
}

/** An extension at `end`: `x12`, ` x12`, ` ext. 12`, ` ext 12`, ` extension 12`; returns its end or -1. */
const EXTENSION = /(?: ?(?:[xX]|[eE][xX][tT]\.?|[eE]xtension) ?)[0-9]{1,6}(?![0-9A-Za-z_])/y;
function extensionEnd(text: string, end: number): number {
  // Most numbers end at a quote, a comma or a space before a word: rule those out without the regex.
  let next = text.charCodeAt(end) | 32;
  if (next === 32) next = text.charCodeAt(end + 1) | 32;
  if (next !== 120 /* x */ && next !== 101 /* e */) return -1;
  EXTENSION.lastIndex = end;
  return EXTENSION.test(text) ? EXTENSION.lastIndex : -1;
}

function phoneEndOk(text: string, end: number): boolean {
  if (wordAt(text, end)) return false;
  const next = text.charCodeAt(end);
  return !((next === DASH || next === DOT) && digitAt(text, end + 1));
}

/** `0000000000`, `111-111-1111`: a placeholder, not a number anyone has. */
function sameDigit(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  for (let index = start + 1; index < end; index++) {
    const code = text.charCodeAt(index);
    if (isDigit(code) && code !== first) return false;
  }
  return true;
}

/** The end of an access log's request field, `HTTP/1.1" `, right before a number. */
const AFTER_HTTP_REQUEST = /HTTP\/[0-9.]{1,4}" $/;

function isPhoneSeparator(code: number): boolean {
  return code === SPACE || code === DASH || code === DOT;
}

// Scratch arrays for one chain of digit groups (findPii is never re-entered).
const GROUP_LENGTHS: number[] = [];

/**
 * Whether groups `i..i+n-1` (lengths in GROUP_LENGTHS) make a phone number by shape. `uniform`: every
 * gap is the same single separator `separator`; `laterUniform`: every gap after the first is.
 */
function phoneShape(text: string, start: number, n: number, total: number, plus: boolean, parenFirst: boolean, uniform: boolean, laterUniform: boolean, separator: number, firstGap: number): boolean {
  const lengths = GROUP_LENGTHS;
  if (plus) return total >= 8 && total <= 15;
  const first = text.charCodeAt(start);
  const second = text.charCodeAt(start + 1);
  if (parenFirst) {
    if (n < 2 || total < 8 || total > 12 || lengths[0]! < 2 || lengths[0]! > 5 || !laterUniform) return false;
    for (let k = 1; k < n; k++) if (lengths[k]! < 2) return false;
    return true;
  }
  // North American 3-3-4 first: its area code may start with 00 (`000-000-0001` reads as a phone number).
  if (n === 3 && uniform && lengths[0] === 3 && lengths[1] === 3 && lengths[2] === 4) return true;
  if (first === 48 && second === 48) {
    // International prefix 00, then a country code 1-9…
    return n >= 2 && uniform && total >= 10 && total <= 15 && text.charCodeAt(start + 2) !== 48;
  }
  if (n === 4 && first === 49 && lengths[0] === 1 && lengths[1] === 3 && lengths[2] === 3 && lengths[3] === 4 && laterUniform && isPhoneSeparator(firstGap)) return true;
  // 3 then 7 digits, except right after an access log's quoted request: `"GET / HTTP/1.1" 200 2650900` is a
  // status and a byte count.
  if (n === 2 && firstGap === SPACE && lengths[0] === 3 && lengths[1] === 7) return !AFTER_HTTP_REQUEST.test(text.slice(Math.max(0, start - 12), start));
  if (!uniform || n < 2) return false;
  if (first === 48) {
    if (lengths[0]! < 2 || lengths[0]! > 6 || total < 9 || total > 13) return false;
    for (let k = 1; k < n; k++) if (lengths[k]! < 2 || lengths[k]! > 8) return false;
    return n > 2 || lengths[1]! >= 5;
  }
  if (n < 3 || n > 5 || total < 9 || total > 12 || separator === DOT) return false;
  // 3-2-4 is the shape of a US SSN (the SSN detector judges it), 4-2-2… a date (2024-03-05-0001).
  if (n === 3 && lengths[0] === 3 && lengths[1] === 2 && lengths[2] === 4) return false;
  if (lengths[0] === 4 && lengths[1] === 2 && lengths[2] === 2) return false;
  let allSame = true;
  for (let k = 0; k < n; k++) {
    if (lengths[k]! < 2 || lengths[k]! > 4) return false;
    if (lengths[k] !== lengths[0]) allSame = false;
  }
  return !allSame || (separator === DASH && n === 3 && lengths[0] === 3);
}

/**
 * Whether run `i` follows a group of four digits joined to it by a space, and that group is the second of
 * two such groups, or run `i` and the next one are groups of four as well: a chain of three groups of four.
 */
function insideGroupsOfFour(text: string, runs: DigitRuns, i: number): boolean {
  if (i < 1 || runs.ends[i - 1]! - runs.starts[i - 1]! !== 4 || !joinedBy(text, runs, i - 1, SPACE)) return false;
  if (i >= 2 && runs.ends[i - 2]! - runs.starts[i - 2]! === 4 && joinedBy(text, runs, i - 2, SPACE)) return true;
  return i + 1 < runs.count && runs.ends[i]! - runs.starts[i]! === 4 && runs.ends[i + 1]! - runs.starts[i + 1]! === 4 && joinedBy(text, runs, i, SPACE);
}

function findPhones(text: string, runs: DigitRuns, out: Spans): void {
  const id = PHONE;
  const count = runs.count;
  const lengths = GROUP_LENGTHS;
  // Whether the text holds a phone word at all (-1: not looked yet): most texts with long digit runs
  // (ids, epoch times) have none, and then no run needs its words read.
  let phoneWordsInText = -1;
  for (let i = 0; i < count; i++) {
    const start = runs.starts[i]!;
    const firstEnd = runs.ends[i]!;
    const before = text.charCodeAt(start - 1);
    const plus = before === PLUS && !wordAt(text, start - 2) && text.charCodeAt(start - 2) !== PLUS;
    const parenFirst = !plus && before === OPEN_PAREN && !wordAt(text, start - 2) && text.charCodeAt(firstEnd) === CLOSE_PAREN;
    if (!plus && !parenFirst && (wordAt(text, start - 1) || ((before === DASH || before === DOT || before === SLASH) && digitAt(text, start - 2)))) continue;
    // Nor inside a chain of groups of four joined by spaces: that is the rest of a card-shaped number whose
    // check failed (`5412 7534 1299 8866 12`, `5412 0534 1299 8867`), not a phone number.
    if (before === SPACE && insideGroupsOfFour(text, runs, i)) continue;
    // Read the chain of groups from run i: gaps of one separator, with at most one pair of parentheses.
    lengths[0] = firstEnd - start;
    let n = 1;
    let total = lengths[0]!;
    let parenUsed = parenFirst;
    let closing = parenFirst;
    let firstGap = -1;
    let laterSeparator = -1;
    let laterUniform = true;
    let best = -1;
    let bestEnd = -1;
    let context = -2;
    for (;;) {
      const groupEnd = runs.ends[i + n - 1]!;
      const uniform = n === 1 || (laterUniform && (n === 2 || laterSeparator === firstGap));
      if (total >= 7) {
        const extension = extensionEnd(text, groupEnd);
        const endOk = extension !== -1 || phoneEndOk(text, groupEnd);
        if (endOk && !sameDigit(text, start, groupEnd)) {
          let ok = phoneShape(text, start, n, total, plus, parenFirst, uniform, laterUniform, n === 1 ? -1 : n === 2 ? firstGap : laterSeparator, firstGap);
          // The words before the number matter only when they can change the verdict.
          const phoneWordCounts = total >= 8 && total <= 15;
          if (!ok && phoneWordCounts && phoneWordsInText === -1) phoneWordsInText = PHONE_WORD_ANYWHERE.test(text) ? 1 : 0;
          if (context === -2 && (ok ? !plus : phoneWordCounts && phoneWordsInText === 1)) context = numberContext(text, parenFirst ? start - 1 : start);
          if (context === 1 && phoneWordCounts) ok = true;
          else if (context === -1 && !plus) ok = false;
          if (ok) {
            best = n;
            bestEnd = extension !== -1 ? extension : groupEnd;
          }
        }
      }
      if (i + n >= count) break;
      // The gap to the next group.
      let from = groupEnd;
      const to = runs.starts[i + n]!;
      const closesParen = closing;
      if (closing) {
        if (text.charCodeAt(from) !== CLOSE_PAREN) break;
        from++;
        closing = false;
      }
      const opens = !parenUsed && to - from >= 1 && text.charCodeAt(to - 1) === OPEN_PAREN;
      const middle = (opens ? to - 1 : to) - from;
      // No separator at all is a gap only next to a parenthesis: (415)555-0123, +1(415)…
      let separator: number;
      if (middle === 0) {
        separator = 0;
      } else if (middle === 1 && isPhoneSeparator(text.charCodeAt(from))) {
        separator = text.charCodeAt(from);
      } else {
        break;
      }
      const next = runs.ends[i + n]! - to;
      if (next > 12 || total + next > 15) break;
      if (opens) {
        if (text.charCodeAt(runs.ends[i + n]!) !== CLOSE_PAREN) break;
        parenUsed = true;
        closing = true;
      }
      // A gap that closes a parenthesis is not compared with the others: +1 (415) 555-0123.
      if (n === 1) firstGap = separator;
      else if (!closesParen) {
        if (laterSeparator === -1) laterSeparator = separator;
        else if (separator !== laterSeparator) laterUniform = false;
      }
      lengths[n] = next;
      total += next;
      n++;
    }
    if (best > 0) {
      push(out, id, plus || parenFirst ? start - 1 : start, bestEnd);
      i += best - 1;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Email addresses: found from each `@`; the local part is read leftwards over [A-Za-z0-9._%+-], the
// domain rightwards over labels of [A-Za-z0-9-] with at least one dot and an alphabetic top-level label
// (so `lodash@4.17.21` and `user@localhost` are not addresses). Each character is read at most twice
// (once as a domain, once as a local part), whatever the number of `@`.

function isLocalChar(code: number): boolean {
  return isAlnum(code) || code === DOT || code === 95 || code === 37 || code === PLUS || code === DASH;
}
function isDomainChar(code: number): boolean {
  return isAlnum(code) || code === DASH || code === DOT;
}

function findEmails(text: string, out: Spans): void {
  const id = EMAIL;
  // Two cursors, each searched forward only, so that finding every `@` and `%40` stays linear.
  let plain = text.indexOf('@');
  let encoded = text.indexOf('%40');
  let from = 0;
  for (;;) {
    if (plain !== -1 && plain < from) plain = text.indexOf('@', from);
    if (encoded !== -1 && encoded < from) encoded = text.indexOf('%40', from);
    const at = encoded === -1 || (plain !== -1 && plain < encoded) ? plain : encoded;
    if (at === -1) return;
    // `%40` is a percent-encoded `@` (an address inside a URL).
    const atLength = at === plain ? 1 : 3;
    // A local part never reaches back past the previous `@`/`%40` (whose characters `%`, `4`, `0`
    // are local-part characters themselves): each character is read by at most one leftward scan.
    let localStart = at;
    while (localStart > from && isLocalChar(text.charCodeAt(localStart - 1))) localStart--;
    while (localStart < at && text.charCodeAt(localStart) === DOT) localStart++;
    let domainEnd = at + atLength;
    while (domainEnd < text.length && isDomainChar(text.charCodeAt(domainEnd))) domainEnd++;
    const scannedTo = domainEnd;
    while (domainEnd > at + atLength && (text.charCodeAt(domainEnd - 1) === DOT || text.charCodeAt(domainEnd - 1) === DASH)) domainEnd--;
    // `scheme://user@host` names a URL's user, not a mailbox.
    const urlUser = text.charCodeAt(localStart - 1) === SLASH && text.charCodeAt(localStart - 2) === SLASH;
    if (localStart < at && !urlUser && text.charCodeAt(at - 1) !== DOT && domainValid(text, at + atLength, domainEnd)) {
      push(out, id, localStart, domainEnd);
    }
    from = Math.max(at + atLength, scannedTo);
  }
}

function domainValid(text: string, start: number, end: number): boolean {
  if (end - start < 4) return false;
  let labelStart = start;
  let labels = 0;
  for (let index = start; index <= end; index++) {
    if (index === end || text.charCodeAt(index) === DOT) {
      const labelLength = index - labelStart;
      if (labelLength === 0 || labelLength > 63) return false;
      if (text.charCodeAt(labelStart) === DASH || text.charCodeAt(index - 1) === DASH) return false;
      labels++;
      if (index === end) {
        // Top-level label: letters (or an IDN xn-- label), at least two characters.
        if (labelLength < 2) return false;
        const tld = text.slice(labelStart, index);
        if (!/^[A-Za-z]+$/.test(tld) && !/^xn--[A-Za-z0-9-]+$/i.test(tld)) return false;
      }
      labelStart = index + 1;
    }
  }
  return labels >= 2;
}

// ---------------------------------------------------------------------------------------------------
// IPv6 (RFC 4291 section 2.2, zone ids of RFC 6874 left outside the match): found as maximal runs of hex
// digits, colons and dots that contain at least two colons, then parsed. A run that is not an address
// (times like 12:30:45, MAC addresses) is skipped whole, so each character is read a bounded number of times.

function isIpv6RunChar(code: number): boolean {
  return isHex(code) || code === COLON || code === DOT;
}

/** Hex groups of one side of `::` (the last may be an IPv4 tail worth two groups); undefined when invalid. */
function parseIpv6Groups(part: string, allowIpv4Tail: boolean): number[] | undefined {
  if (part === '') return [];
  const pieces = part.split(':');
  const groups: number[] = [];
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index]!;
    if (index === pieces.length - 1 && allowIpv4Tail && piece.includes('.')) {
      const octets = piece.split('.');
      if (octets.length !== 4) return undefined;
      const values: number[] = [];
      for (const text of octets) {
        if (!/^(?:0|[1-9][0-9]{0,2})$/.test(text) || Number(text) > 255) return undefined;
        values.push(Number(text));
      }
      groups.push((values[0]! << 8) | values[1]!, (values[2]! << 8) | values[3]!);
      continue;
    }
    if (!/^[0-9A-Fa-f]{1,4}$/.test(piece)) return undefined;
    groups.push(Number.parseInt(piece, 16));
  }
  return groups;
}

/** The eight 16-bit groups of an IPv6 address in text form (RFC 4291 section 2.2), or undefined. */
export function parseIpv6(candidate: string): number[] | undefined {
  if (candidate.length < 2 || candidate.length > 45) return undefined;
  const doubleColon = candidate.indexOf('::');
  if (doubleColon !== -1 && candidate.indexOf('::', doubleColon + 1) !== -1) return undefined;
  if (doubleColon === -1) {
    const groups = parseIpv6Groups(candidate, true);
    return groups !== undefined && groups.length === 8 ? groups : undefined;
  }
  const head = parseIpv6Groups(candidate.slice(0, doubleColon), false);
  const tail = parseIpv6Groups(candidate.slice(doubleColon + 2), true);
  if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
  if (head.length + tail.length === 0) return undefined;
  const zeros: number[] = [];
  for (let index = head.length + tail.length; index < 8; index++) zeros.push(0);
  return [...head, ...zeros, ...tail];
}

function findIpv6s(text: string, out: Spans): void {
  const id = IPV6;
  const length = text.length;
  let index = text.indexOf(':');
  if (index === -1) return;
  // Start scanning at the run that contains the first colon.
  while (index > 0 && isIpv6RunChar(text.charCodeAt(index - 1))) index--;
  while (index < length) {
    if (!isIpv6RunChar(text.charCodeAt(index))) {
      index++;
      continue;
    }
    const runStart = index;
    let colons = 0;
    let doubleColon = false;
    while (index < length && isIpv6RunChar(text.charCodeAt(index))) {
      if (text.charCodeAt(index) === COLON) {
        colons++;
        if (text.charCodeAt(index - 1) === COLON) doubleColon = true;
      }
      index++;
    }
    // Without `::` an address has 7 colons (6 before an IPv4 tail); with it, at most 8 in the run.
    if (colons < 2 || (doubleColon ? colons > 9 : colons < 6 || colons > 8)) continue;
    if (wordAt(text, runStart - 1) || wordAt(text, index)) continue;
    let end = index;
    if (text.charCodeAt(end - 1) === DOT) end--;
    if (text.charCodeAt(end - 1) === COLON && text.charCodeAt(end - 2) !== COLON) end--;
    let start = runStart;
    if (text.charCodeAt(start) === COLON && text.charCodeAt(start + 1) !== COLON) start++;
    const groups = parseIpv6(text.slice(start, end));
    if (groups !== undefined && !isNetwork(text, end, groups, 16)) push(out, id, start, end);
  }
}

// ---------------------------------------------------------------------------------------------------
// IBAN: two letters of a country with an IBAN, two check digits, then the country's exact number of
// characters, compact or in the printed groups of four joined by spaces or dashes, in upper or lower
// case; the mod-97 check must hold (ISO 13616-1). A string of that shape whose check fails is no IBAN,
// and no detector may take its digit groups for a phone or card number either: such strings are kept
// whole (IBAN_SHAPES) and findPii drops the spans of the digit detectors inside them.

const IBAN_START = /(?<![A-Za-z0-9_])[A-Za-z]{2}[0-9]{2}/g;
/** IBAN-shaped text whose check failed, as [start, end) pairs; the first `ibanShapeCount` entries count. */
const IBAN_SHAPES: number[] = [];
let ibanShapeCount = 0;
/** Shortest IBAN-shaped text kept whole: country, check digits and two groups of four. */
const IBAN_SHAPE_MIN = 12;

function findIbans(text: string, out: Spans): void {
  const id = IBAN;
  // findPii is synchronous and never re-entered, so the module's global regex can be reset and reused.
  const starts = IBAN_START;
  starts.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = starts.exec(text)) !== null) {
    const start = match.index;
    const expected = IBAN_LENGTHS.get(text.slice(start, start + 2).toUpperCase());
    if (expected === undefined) continue;
    let compact = '';
    let index = start;
    let separator = -1;
    while (index < text.length && compact.length < 34) {
      const code = text.charCodeAt(index);
      if (isAlnum(code)) {
        compact += text[index];
        index++;
      } else if ((code === SPACE || code === DASH) && (separator === -1 || separator === code) && compact.length % 4 === 0 && index + 1 < text.length && isAlnum(text.charCodeAt(index + 1))) {
        separator = code;
        index++;
      } else {
        break;
      }
      if (compact.length === expected && !isAlnum(text.charCodeAt(index))) break;
    }
    const upper = compact.toUpperCase();
    if (compact.length === expected && !wordAt(text, index) && ibanChecksumValid(upper)) {
      push(out, id, start, index);
      starts.lastIndex = index;
    } else if (compact.length >= IBAN_SHAPE_MIN && /[0-9]{4}/.test(compact.slice(4))) {
      IBAN_SHAPES[ibanShapeCount++] = start;
      IBAN_SHAPES[ibanShapeCount++] = index;
      starts.lastIndex = index;
    }
  }
}

/**
 * Drops the spans of the digit detectors (phone, card, SSN) that lie inside IBAN-shaped text. The shapes
 * are sorted and disjoint (found left to right), so each span finds its candidate by binary search.
 */
function dropInsideIbanShapes(out: Spans): void {
  const shapes = IBAN_SHAPES;
  const pairs = ibanShapeCount >> 1;
  let kept = 0;
  for (let index = 0; index < out.count; index++) {
    const detector = out.detectors[index]!;
    const start = out.starts[index]!;
    const end = out.ends[index]!;
    let inside = false;
    if (detector === PHONE || detector === CREDIT_CARD || detector === SSN) {
      // The last shape that starts before the span ends is the only one it can overlap (shapes are disjoint).
      let low = 0;
      let high = pairs - 1;
      let found = -1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        if (shapes[2 * mid]! < end) {
          found = mid;
          low = mid + 1;
        } else {
          high = mid - 1;
        }
      }
      inside = found >= 0 && shapes[2 * found + 1]! > start;
    }
    if (inside) continue;
    out.starts[kept] = start;
    out.ends[kept] = end;
    out.detectors[kept] = detector;
    kept++;
  }
  out.count = kept;
}

// ---------------------------------------------------------------------------------------------------
// AWS credentials. Access key ids have a documented 4-letter prefix and 16 more upper-case letters or
// digits. A secret access key is 40 characters of [A-Za-z0-9/+] with both cases; it is recognised only
// next to an access key id (same text or sibling field) or after the word "secret" (text or key).

const ACCESS_KEY = /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;
const HAS_ACCESS_KEY = new RegExp(ACCESS_KEY.source);

/** True when `text` contains an AWS access key id anywhere. */
export function containsAccessKey(text: string): boolean {
  return HAS_ACCESS_KEY.test(text);
}

function findAccessKeys(text: string, out: Spans): void {
  const id = AWS_ACCESS_KEY;
  const pattern = ACCESS_KEY;
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) push(out, id, match.index, match.index + match[0].length);
}

function isSecretChar(code: number): boolean {
  return isAlnum(code) || code === SLASH || code === PLUS;
}

/** True when a whole value is shaped like a secret access key. */
export function isSecretShaped(text: string): boolean {
  return text.length === 40 && secretShapeAt(text, 0, 40);
}

function secretShapeAt(text: string, start: number, end: number): boolean {
  let upper = false;
  let lower = false;
  let other = false;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (!isSecretChar(code)) return false;
    if (isUpper(code)) upper = true;
    else if (isLower(code)) lower = true;
    else other = true;
  }
  return upper && lower && other;
}

const SECRET_WORD = /secret/i;

function findSecretKeys(text: string, hints: number, out: Spans): void {
  const id = AWS_SECRET_KEY;
  const nearKey = (hints & (HINT_SECRET | HINT_NEAR_ACCESS_KEY)) !== 0 || containsAccessKey(text);
  if (!nearKey && !SECRET_WORD.test(text)) return;
  const length = text.length;
  let index = 0;
  while (index < length) {
    if (!isSecretChar(text.charCodeAt(index))) {
      index++;
      continue;
    }
    const start = index;
    while (index < length && isSecretChar(text.charCodeAt(index))) index++;
    if (index - start !== 40 || text.charCodeAt(index) === EQUALS) continue;
    if (!secretShapeAt(text, start, index)) continue;
    if (nearKey || SECRET_WORD.test(text.slice(Math.max(0, start - 64), start))) push(out, id, start, index);
  }
}

// ---------------------------------------------------------------------------------------------------
// JSON Web Tokens (RFC 7519 compact serialization): a header starting `eyJ` (base64url of `{"`), a
// payload and a possibly empty signature, each base64url, joined by dots.

function isBase64UrlChar(code: number): boolean {
  return isAlnum(code) || code === DASH || code === 95;
}

function findJwts(text: string, out: Spans): void {
  const id = JWT;
  let from = text.indexOf('eyJ');
  while (from !== -1) {
    const start = from;
    let index = start;
    while (index < text.length && isBase64UrlChar(text.charCodeAt(index))) index++;
    const headerEnd = index;
    let matched = false;
    if (!isBase64UrlChar(text.charCodeAt(start - 1)) && headerEnd - start >= 10 && text.charCodeAt(headerEnd) === DOT) {
      index = headerEnd + 1;
      while (index < text.length && isBase64UrlChar(text.charCodeAt(index))) index++;
      const payloadEnd = index;
      if (payloadEnd - headerEnd - 1 >= 2 && text.charCodeAt(payloadEnd) === DOT) {
        index = payloadEnd + 1;
        while (index < text.length && isBase64UrlChar(text.charCodeAt(index))) index++;
        push(out, id, start, index);
        matched = true;
      }
    }
    // A later `eyJ` inside the same header run would end at the same place: skip the run.
    from = text.indexOf('eyJ', matched ? index : Math.max(headerEnd, start + 1));
  }
}

// ---------------------------------------------------------------------------------------------------
// Credentials in URLs and key=value text: the `user:password` of `scheme://user:password@host`, and
// the value after `password=`, `token=`, `api_key=` and similar names (any name ending in one of the
// secret words below, so `access_token=` and `client_secret=` count too; `PWD=/path` does not).

const SECRET_NAME_SUFFIXES = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'access_key', 'accesskey', 'private_key', 'credentials', 'signature'] as const;
const SECRET_NAMES_EXACT = new Set(['pwd', 'pass', 'auth', 'sig']);

function isQueryNameChar(code: number): boolean {
  return isAlnum(code) || code === 95 || code === DASH || code === DOT;
}
function endsValue(code: number): boolean {
  // whitespace, & ; , " ' < > # ) ] } | and controls end a query value
  return code <= SPACE || code === 38 || code === 59 || code === 44 || code === 34 || code === 39 || code === 60 || code === 62 || code === 35 || code === CLOSE_PAREN || code === 93 || code === 125 || code === 124;
}
function endsAuthority(code: number): boolean {
  return code <= SPACE || code === SLASH || code === 63 || code === 35 || code === 34 || code === 39 || code === 60 || code === 62;
}

/** `PWD=/home/x` (sudo logs, environment dumps) is the working directory, not a password. */
function workingDirectory(text: string, nameStart: number, equals: number): boolean {
  const next = text.charCodeAt(equals + 1);
  return equals - nameStart === 3 && (next === SLASH || next === 126 /* ~ */) && text.slice(nameStart, equals).toLowerCase() === 'pwd';
}

export function isSecretParameterName(name: string): boolean {
  return secretNameAt(name, 0, name.length);
}

/** Whether `text[start, end)` is a secret parameter name; compares in place, without allocating. */
function secretNameAt(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 3) return false;
  for (const suffix of SECRET_NAME_SUFFIXES) {
    if (suffix.length <= length && endsWithIgnoringCase(text, end, suffix)) return true;
  }
  if (length <= 9) {
    for (const exact of SECRET_NAMES_EXACT) {
      if (exact.length === length && endsWithIgnoringCase(text, end, exact)) return true;
    }
  }
  return false;
}

function endsWithIgnoringCase(text: string, end: number, lowerSuffix: string): boolean {
  const offset = end - lowerSuffix.length;
  for (let index = lowerSuffix.length - 1; index >= 0; index--) {
    let code = text.charCodeAt(offset + index);
    if (code >= 65 && code <= 90) code += 32;
    if (code !== lowerSuffix.charCodeAt(index)) return false;
  }
  return true;
}

function findUrlCredentials(text: string, out: Spans): void {
  const id = URL_CREDENTIALS;
  const found: [number, number][] = [];
  let scheme = text.indexOf('://');
  while (scheme !== -1) {
    const authorityStart = scheme + 3;
    let index = authorityStart;
    let lastAt = -1;
    while (index < text.length && !endsAuthority(text.charCodeAt(index))) {
      if (text.charCodeAt(index) === AT) lastAt = index;
      index++;
    }
    if (lastAt > authorityStart) {
      // user:password@ or :password@ (an empty user, as in redis://:password@host)
      let colon = authorityStart;
      while (colon < lastAt - 1 && text.charCodeAt(colon) !== COLON) colon++;
      if (colon < lastAt - 1) found.push([authorityStart, lastAt]);
    }
    scheme = text.indexOf('://', Math.max(index, scheme + 3));
  }
  let equals = text.indexOf('=');
  while (equals !== -1) {
    let nameStart = equals;
    while (nameStart > 0 && equals - nameStart < 64 && isQueryNameChar(text.charCodeAt(nameStart - 1))) nameStart--;
    if (nameStart < equals && !isQueryNameChar(text.charCodeAt(nameStart - 1)) && secretNameAt(text, nameStart, equals) && !workingDirectory(text, nameStart, equals)) {
      // The value runs to a delimiter; scanning resumes after it, so no character is read twice.
      let valueEnd = equals + 1;
      while (valueEnd < text.length && !endsValue(text.charCodeAt(valueEnd))) valueEnd++;
      if (valueEnd > equals + 1) found.push([equals + 1, valueEnd]);
      equals = text.indexOf('=', valueEnd);
    } else {
      equals = text.indexOf('=', equals + 1);
    }
  }
  if (found.length > 1) found.sort((a, b) => a[0] - b[0]);
  let lastEnd = -1;
  for (const [start, end] of found) {
    if (start >= lastEnd) {
      push(out, id, start, end);
      lastEnd = end;
    }
  }
}

// ---------------------------------------------------------------------------------------------------

function findCustom(text: string, pattern: RegExp, out: Spans, id: number): void {
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const end = match.index + match[0].length;
    if (end === match.index) {
      pattern.lastIndex++;
      continue;
    }
    push(out, id, match.index, end);
  }
}

const HAS_DIGIT = 1;
const HAS_AT = 2;
const HAS_COLON = 4;
const HAS_EQUALS = 8;
const HAS_UPPER = 16;
const HAS_CAPITAL_A = 32;
const HAS_EYJ = 64;
const HAS_IBAN_START = 128;

/**
 * One pass over the text telling which detectors can possibly match (cheaper than a search per
 * detector), collecting the digit runs into RUNS on the way.
 */
function characterFlags(text: string): number {
  let flags = 0;
  const { starts, ends } = RUNS;
  let count = 0;
  let digits = 0;
  const length = text.length;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      flags |= HAS_DIGIT;
      const start = index;
      index++;
      while (index < length && isDigit(text.charCodeAt(index))) index++;
      // Two letters right before two digits or more may start an IBAN (`DE89…`, `de89…`).
      if (index - start >= 2 && isLetter(text.charCodeAt(start - 1)) && isLetter(text.charCodeAt(start - 2)) && !wordAt(text, start - 3)) flags |= HAS_IBAN_START;
      // A run followed by `x` and digits may end a phone number with a glued-on extension (555-0187x12).
      const extension = (text.charCodeAt(index) | 32) === 120 && digitAt(text, index + 1);
      if (!wordAt(text, start - 1) && (!wordAt(text, index) || extension)) {
        starts[count] = start;
        ends[count] = index;
        count++;
        digits += index - start;
      }
      continue;
    }
    if (code >= 65 && code <= 90) {
      flags |= HAS_UPPER;
      if (code === 65) flags |= HAS_CAPITAL_A;
      else if (code === 74 && text.charCodeAt(index - 1) === 121 && text.charCodeAt(index - 2) === 101) flags |= HAS_EYJ;
    } else if (code === AT || code === 37 /* % of %40 */) flags |= HAS_AT;
    else if (code === COLON) flags |= HAS_COLON;
    else if (code === EQUALS) flags |= HAS_EQUALS;
    index++;
  }
  RUNS.count = count;
  RUNS.digits = digits;
  return flags;
}

const NO_SPANS: readonly PiiSpan[] = Object.freeze([]);
const SPANS: Spans = { starts: [], ends: [], detectors: [], count: 0 };

const PRIORITY_RANK: readonly number[] = DETECTOR_NAMES.map((name) => DETECTOR_PRIORITY.indexOf(name));

/** Overlap resolution order: custom patterns (in their order), then DETECTOR_PRIORITY. */
function priorityRank(detector: number, customCount: number): number {
  return detector >= BUILT_IN ? detector - BUILT_IN : customCount + PRIORITY_RANK[detector]!;
}

/**
 * Finds every piece of PII in `text` for the enabled detectors; `hints` says what the surroundings
 * tell (HINT_*). Returns non-overlapping spans sorted by start (a shared empty array when none).
 */
export function findPii(text: string, detectors: CompiledDetectors, hints = 0): readonly PiiSpan[] {
  const custom = detectors.custom;
  // The shortest value any built-in detector finds is `::1`.
  if (text.length < 3 && custom.length === 0) return NO_SPANS;
  const out = SPANS;
  out.count = 0;
  const on = detectors.enabled;
  const flags = characterFlags(text);
  const hasDigit = (flags & HAS_DIGIT) !== 0;
  if (hasDigit && (on[CREDIT_CARD] || on[SSN] || on[PHONE] || on[IPV4])) {
    // characterFlags has filled RUNS with the digit runs of this text.
    const runs = RUNS;
    // Fewest digits each can match: card 12, SSN 9, phone 8, IPv4 4.
    if (on[CREDIT_CARD] && runs.digits >= 12) findCards(text, runs, out);
    if (on[SSN] && runs.digits >= 9) findSsns(text, runs, hints, out);
    if (on[IPV4] && runs.count >= 4) findIpv4s(text, runs, out);
    if (on[PHONE] && runs.digits >= 8) findPhones(text, runs, out);
  }
  if (on[EMAIL] && (flags & HAS_AT) !== 0) findEmails(text, out);
  if (on[IPV6] && (flags & HAS_COLON) !== 0) findIpv6s(text, out);
  ibanShapeCount = 0;
  if (on[IBAN] && (flags & HAS_IBAN_START) !== 0) findIbans(text, out);
  if (ibanShapeCount > 0) dropInsideIbanShapes(out);
  if (on[AWS_ACCESS_KEY] && (flags & HAS_CAPITAL_A) !== 0) findAccessKeys(text, out);
  if (on[AWS_SECRET_KEY] && text.length >= 40) findSecretKeys(text, hints, out);
  if (on[JWT] && (flags & HAS_EYJ) !== 0) findJwts(text, out);
  if (on[URL_CREDENTIALS] && ((flags & HAS_EQUALS) !== 0 || ((flags & HAS_COLON) !== 0 && text.includes('://')))) findUrlCredentials(text, out);
  for (let position = 0; position < custom.length; position++) findCustom(text, custom[position]!, out, BUILT_IN + position);
  const count = out.count;
  if (count === 0) return NO_SPANS;
  let mixed = false;
  for (let index = 1; index < count && !mixed; index++) mixed = out.detectors[index] !== out.detectors[0];
  if (!mixed) {
    // One detector's spans never overlap and come in order.
    const spans: PiiSpan[] = new Array<PiiSpan>(count);
    for (let index = 0; index < count; index++) spans[index] = { start: out.starts[index]!, end: out.ends[index]!, detector: out.detectors[index]! };
    return spans;
  }
  return resolveOverlaps(text.length, out, count, custom.length);
}

/**
 * Chooses among overlapping spans of different detectors. A span lying strictly inside another one
 * (an SSN-shaped part of a longer phone number, the IPv4 tail of an IPv6 address) yields to it; other
 * overlaps go by priority (DETECTOR_PRIORITY, custom patterns first). Spans are taken in that order,
 * each only where no kept span overlaps it; the inner spans get a second chance at the end, so that
 * text inside a container that lost is still redacted. Linear in the text plus m log m in the spans.
 */
function resolveOverlaps(length: number, out: Spans, count: number, customCount: number): PiiSpan[] {
  const indexes: number[] = [];
  for (let index = 0; index < count; index++) indexes.push(index);
  // Containment: sweep by start ascending, end descending, tracking the furthest end seen so far.
  indexes.sort((a, b) => out.starts[a]! - out.starts[b]! || out.ends[b]! - out.ends[a]!);
  const inner = new Uint8Array(count);
  let furthestEnd = -1;
  let furthestStart = -1;
  for (const index of indexes) {
    const start = out.starts[index]!;
    const end = out.ends[index]!;
    if (furthestEnd > end || (furthestEnd === end && furthestStart < start)) inner[index] = 1;
    if (end > furthestEnd) {
      furthestEnd = end;
      furthestStart = start;
    }
  }
  indexes.sort((a, b) => inner[a]! - inner[b]! || priorityRank(out.detectors[a]!, customCount) - priorityRank(out.detectors[b]!, customCount) || out.starts[a]! - out.starts[b]!);
  const taken = new Uint8Array(length);
  const kept: PiiSpan[] = [];
  for (const index of indexes) {
    const start = out.starts[index]!;
    const end = out.ends[index]!;
    let free = true;
    for (let at = start; at < end && free; at++) free = taken[at] === 0;
    if (!free) continue;
    taken.fill(1, start, end);
    kept.push({ start, end, detector: out.detectors[index]! });
  }
  if (kept.length > 1) kept.sort(byStart);
  return kept;
}

function byStart(a: PiiSpan, b: PiiSpan): number {
  return a.start - b.start;
}

// ---------------------------------------------------------------------------------------------------
// Replacements that depend on the detector: the part `partial` keeps, and the normalised form hashed by
// `hash` (so that 4111 1111 1111 1111 and 4111-1111-1111-1111 give the same token).

function starDigits(text: string, keepLast: number): string {
  let digitsSeen = 0;
  let totalDigits = 0;
  for (let index = 0; index < text.length; index++) if (isDigit(text.charCodeAt(index))) totalDigits++;
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (isDigit(text.charCodeAt(index))) {
      digitsSeen++;
      out += digitsSeen > totalDigits - keepLast ? char : '*';
    } else {
      out += char;
    }
  }
  return out;
}

/** The `partial` replacement of a value found by a built-in detector in PARTIAL_DETECTORS. */
export function partialReplacement(detector: DetectorName, value: string): string {
  switch (detector) {
    case 'email':
      return `***${value.slice(value.lastIndexOf('@'))}`;
    case 'creditCard':
    case 'ssn':
      return starDigits(value, 4);
    case 'phone':
      return starDigits(value, 2);
    case 'ipv4': {
      const [a, b] = value.split('.');
      return `${a}.${b}.*.*`;
    }
    case 'ipv6': {
      const groups = parseIpv6(value);
      return groups === undefined ? '*' : `${groups.slice(0, 3).map((g) => g.toString(16)).join(':')}:*`;
    }
    case 'iban': {
      let alnumSeen = 0;
      const totalAlnum = value.replace(/[ -]/g, '').length;
      let out = '';
      for (const char of value) {
        if (char === ' ' || char === '-') {
          out += char;
          continue;
        }
        alnumSeen++;
        out += alnumSeen <= 2 || alnumSeen > totalAlnum - 4 ? char : '*';
      }
      return out;
    }
    case 'awsAccessKey':
      return `${value.slice(0, 4)}${'*'.repeat(Math.max(0, value.length - 8))}${value.slice(-4)}`;
    default:
      return '*';
  }
}

/** The form of a detected value that `hash` feeds to HMAC-SHA256. */
export function hashInput(detector: DetectorName | undefined, value: string): string {
  switch (detector) {
    case 'email':
      return value.toLowerCase();
    case 'creditCard':
    case 'ssn':
    case 'phone':
      return value.replace(/[^0-9]/g, '');
    case 'iban':
      return value.replace(/[ -]/g, '').toUpperCase();
    case 'ipv6': {
      const groups = parseIpv6(value);
      return groups === undefined ? value.toLowerCase() : groups.map((g) => g.toString(16)).join(':');
    }
    default:
      return value;
  }
}
