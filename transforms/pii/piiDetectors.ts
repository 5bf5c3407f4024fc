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
// Payment cards: 13-19 digits, unseparated or in groups (first group of 4, then groups of 3-6 joined by
// one repeated space or dash, the last one possibly shorter), a major-network first digit (2-6) and a
// valid Luhn check digit. Epoch
// milliseconds and microseconds (first digit 1) and long ids without a valid check digit are left alone.

function cardDigitsValid(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  return first >= 50 && first <= 54 && luhnValid(text, start, end);
}

function findCards(text: string, runs: DigitRuns, out: Spans): void {
  const id = CREDIT_CARD;
  const count = runs.count;
  for (let i = 0; i < count; i++) {
    const start = runs.starts[i]!;
    const end = runs.ends[i]!;
    if (wordAt(text, start - 1)) continue;
    const length = end - start;
    if (length >= 13 && length <= 19) {
      if (!wordAt(text, end) && cardDigitsValid(text, start, end)) push(out, id, start, end);
      continue;
    }
    if (length !== 4) continue;
    const separator = text.charCodeAt(end);
    if (separator !== SPACE && separator !== DASH) continue;
    let total = 4;
    let best = -1;
    let j = i;
    while (j + 1 < count && joinedBy(text, runs, j, separator)) {
      const groupLength = runs.ends[j + 1]! - runs.starts[j + 1]!;
      if (groupLength > 6 || total + groupLength > 19) break;
      total += groupLength;
      j++;
      // Groups of 3-6 digits; only the last may be shorter (4111 1111 1111 1, 4-4-4-4-3).
      if (total >= 13 && !wordAt(text, runs.ends[j]!) && cardDigitsValid(text, start, runs.ends[j]!)) best = j;
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
  if (!Number.isSafeInteger(value) || value < 1e12) return false;
  const digits = String(value);
  return digits.length >= 13 && digits.length <= 19 && cardDigitsValid(digits, 0, digits.length);
}

/** The exact text of a JSON integer that holds a card number (13-19 digits, Luhn-valid). */
export function isCardNumberText(text: string): boolean {
  return /^[1-9]\d{12,18}$/.test(text) && cardDigitsValid(text, 0, text.length);
}

// ---------------------------------------------------------------------------------------------------
// US Social Security numbers: AAA-GG-SSSS or AAA GG SSSS; the SSA never issues area 000, 666 or
// 900-999, group 00 or serial 0000. Nine unseparated digits count only next to the word "SSN" or
// "social security", or under a key that names one (e.g. `ssn`, `social_security_number`).

function ssnPartsValid(text: string, area: number, group: number, serial: number): boolean {
  const a = Number(text.slice(area, area + 3));
  const g = Number(text.slice(group, group + 2));
  const s = Number(text.slice(serial, serial + 4));
  return a !== 0 && a !== 666 && a < 900 && g !== 0 && s !== 0;
}

const SSN_CONTEXT_CHARS = 40;

function ssnContextBefore(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - SSN_CONTEXT_CHARS), start).toLowerCase();
  return before.includes('ssn') || before.includes('social security') || before.includes('ss#');
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
    if (separator !== DASH && separator !== SPACE) continue;
    if (!joinedBy(text, runs, i, separator) || !joinedBy(text, runs, i + 1, separator)) continue;
    if (runs.ends[i + 1]! - runs.starts[i + 1]! !== 2 || runs.ends[i + 2]! - runs.starts[i + 2]! !== 4) continue;
    const end = runs.ends[i + 2]!;
    // A dash chain longer than 3-2-4 (12-345-67-8901) is some other identifier; spaces separate words.
    const before = start - 1;
    if (wordAt(text, before) || (separator === DASH && text.charCodeAt(before) === DASH && digitAt(text, before - 1))) continue;
    if (wordAt(text, end) || (separator === DASH && text.charCodeAt(end) === DASH && digitAt(text, end + 1))) continue;
    if (!ssnPartsValid(text, start, runs.starts[i + 1]!, runs.starts[i + 2]!)) continue;
    push(out, id, start, end);
    i += 2;
  }
}

// ---------------------------------------------------------------------------------------------------
// IPv4: four decimal octets 0-255 without leading zeros, not part of a longer dotted number (versions
// such as 1.2.3.4.5), not a product version token (`Chrome/120.0.1.2`, `v1.2.3.4`, "version 1.0.0.0",
// Gecko's `rv:1.8.1.4`), not a CIDR network (`10.0.0.0/8`; a host with a prefix, `10.0.0.5/24`, counts).

function octet(text: string, start: number, end: number): number {
  const length = end - start;
  if (length < 1 || length > 3 || (length > 1 && text.charCodeAt(start) === 48)) return -1;
  let value = 0;
  for (let index = start; index < end; index++) value = value * 10 + text.charCodeAt(index) - 48;
  return value <= 255 ? value : -1;
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
    // A network in CIDR notation (10.0.0.0/8, 192.168.2.0/24) names no host.
    if (text.charCodeAt(end) === SLASH && digitAt(text, end + 1) && text.charCodeAt(end - 1) === 48 && text.charCodeAt(end - 2) === DOT) continue;
    // "version 1.0.0.0", Gecko's "rv:1.9.0.19" in user agents.
    const context = text.slice(Math.max(0, start - 10), start).toLowerCase();
    if (context.includes('version') || context.endsWith('rv:')) continue;
    push(out, id, start, end);
    i += 3;
  }
}

// ---------------------------------------------------------------------------------------------------
// Phone numbers. Accepted shapes (a plain run of digits is never a phone number: ids, epoch times):
//  - E.164: `+` and 8-15 digits, grouped or not: +14155550123, +1 (415) 555-0123, +44 20 7946 0958
//  - a parenthesised area code and 9-12 digits: (415) 555-0123, (020) 7946 0958
//  - North American 3-3-4 with one repeated separator (space, dash or dot), area code and exchange not
//    starting with 0 or 1, optionally after "1-": 415-555-0123, 415.555.0123, 1-415-555-0123
//  - a trunk prefix 0 and 9-12 digits (9-15 after 00) in groups joined by one repeated separator:
//    020 7946 0958, 06 12 34 56 78, 0151 23456789, 0044 20 7946 0958

function phoneEndOk(text: string, end: number): boolean {
  if (wordAt(text, end)) return false;
  const next = text.charCodeAt(end);
  return !((next === DASH || next === DOT) && digitAt(text, end + 1));
}

/** A gap between digit groups of an E.164 number: one separator and at most one parenthesis. */
function e164Gap(text: string, from: number, to: number, open: boolean): 0 | 1 | 2 | 3 {
  // 0 = invalid, 1 = ok (paren state unchanged), 2 = ok and opens, 3 = ok and closes
  const length = to - from;
  if (length < 1 || length > 2) return 0;
  let separators = 0;
  let result: 1 | 2 | 3 = 1;
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code === SPACE || code === DASH || code === DOT) {
      separators++;
    } else if (code === OPEN_PAREN && !open && result === 1) {
      result = 2;
    } else if (code === CLOSE_PAREN && open && result === 1) {
      result = 3;
    } else {
      return 0;
    }
  }
  return separators <= 1 ? result : 0;
}

function findPhones(text: string, runs: DigitRuns, out: Spans): void {
  const id = PHONE;
  const count = runs.count;
  for (let i = 0; i < count; i++) {
    const start = runs.starts[i]!;
    const end = runs.ends[i]!;
    const length = end - start;
    const before = text.charCodeAt(start - 1);

    if (before === PLUS && !wordAt(text, start - 2) && text.charCodeAt(start - 2) !== PLUS) {
      let total = length;
      let open = false;
      let best = total >= 8 && total <= 15 && phoneEndOk(text, end) ? i : -1;
      let j = i;
      while (j + 1 < count) {
        const gap = e164Gap(text, runs.ends[j]!, runs.starts[j + 1]!, open);
        const next = runs.ends[j + 1]! - runs.starts[j + 1]!;
        if (gap === 0 || total + next > 15) break;
        if (gap === 2) open = true;
        if (gap === 3) open = false;
        total += next;
        j++;
        if (total >= 8 && !open && phoneEndOk(text, runs.ends[j]!)) best = j;
      }
      if (best >= 0) {
        push(out, id, start - 1, runs.ends[best]!);
        i = best;
      }
      continue;
    }

    if (before === OPEN_PAREN && !wordAt(text, start - 2) && length >= 2 && length <= 5 && text.charCodeAt(end) === CLOSE_PAREN && i + 1 < count) {
      const afterParen = end + 1;
      const nextStart = runs.starts[i + 1]!;
      const gapChar = text.charCodeAt(afterParen);
      const firstGapOk = nextStart === afterParen || (nextStart === afterParen + 1 && (gapChar === SPACE || gapChar === DASH || gapChar === DOT));
      if (firstGapOk) {
        let total = length + runs.ends[i + 1]! - nextStart;
        let j = i + 1;
        let best = total >= 9 && total <= 12 && phoneEndOk(text, runs.ends[j]!) ? j : -1;
        while (j + 1 < count) {
          const separator = text.charCodeAt(runs.ends[j]!);
          if ((separator !== SPACE && separator !== DASH && separator !== DOT) || !joinedBy(text, runs, j, separator)) break;
          const next = runs.ends[j + 1]! - runs.starts[j + 1]!;
          if (next < 2 || total + next > 12) break;
          total += next;
          j++;
          if (total >= 9 && phoneEndOk(text, runs.ends[j]!)) best = j;
        }
        if (best >= 0) {
          push(out, id, start - 1, runs.ends[best]!);
          i = best;
          continue;
        }
      }
    }

    if (wordAt(text, start - 1) || ((before === DASH || before === DOT) && digitAt(text, start - 2))) continue;
    const separator = text.charCodeAt(end);
    if (separator !== SPACE && separator !== DASH && separator !== DOT) continue;

    // "1-" before a North American number belongs to it.
    const nanpFrom = length === 1 && text.charCodeAt(start) === 49 && i + 1 < count && joinedBy(text, runs, i, separator) ? i + 1 : i;
    if (nanpFrom + 2 < count && joinedBy(text, runs, nanpFrom, separator) && joinedBy(text, runs, nanpFrom + 1, separator)) {
      const a = runs.starts[nanpFrom]!;
      const b = runs.starts[nanpFrom + 1]!;
      const lastEnd = runs.ends[nanpFrom + 2]!;
      if (
        runs.ends[nanpFrom]! - a === 3 &&
        runs.ends[nanpFrom + 1]! - b === 3 &&
        lastEnd - runs.starts[nanpFrom + 2]! === 4 &&
        text.charCodeAt(a) >= 50 &&
        text.charCodeAt(b) >= 50 &&
        phoneEndOk(text, lastEnd) &&
        !(text.charCodeAt(lastEnd) === separator && digitAt(text, lastEnd + 1))
      ) {
        push(out, id, start, lastEnd);
        i = nanpFrom + 2;
        continue;
      }
    }

    // Trunk prefix 0 then a non-zero digit, or the international prefix 00 then a country code (1-9…).
    const international = text.charCodeAt(start + 1) === 48;
    if (text.charCodeAt(start) === 48 && length >= 2 && length <= 5 && !(international && (length < 3 || text.charCodeAt(start + 2) === 48))) {
      const limit = international ? 15 : 12;
      let total = length;
      let best = -1;
      let j = i;
      while (j + 1 < count && joinedBy(text, runs, j, separator)) {
        const next = runs.ends[j + 1]! - runs.starts[j + 1]!;
        if (next < 2 || next > 8 || total + next > limit) break;
        total += next;
        j++;
        if (total >= 9 && phoneEndOk(text, runs.ends[j]!)) best = j;
      }
      if (best >= 0) {
        push(out, id, start, runs.ends[best]!);
        i = best;
      }
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
    if (parseIpv6(text.slice(start, end)) !== undefined) push(out, id, start, end);
  }
}

// ---------------------------------------------------------------------------------------------------
// IBAN: two capital letters of a country with an IBAN, two check digits, then the country's exact
// number of characters, compact or in the printed groups of four; the mod-97 check must hold.

const IBAN_START = /(?<![A-Za-z0-9_])[A-Z]{2}[0-9]{2}/g;

function findIbans(text: string, out: Spans): void {
  const id = IBAN;
  // findPii is synchronous and never re-entered, so the module's global regex can be reset and reused.
  const starts = IBAN_START;
  starts.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = starts.exec(text)) !== null) {
    const start = match.index;
    const expected = IBAN_LENGTHS.get(text.slice(start, start + 2));
    if (expected === undefined) continue;
    let compact = '';
    let index = start;
    while (index < text.length && compact.length < expected) {
      const code = text.charCodeAt(index);
      if (isDigit(code) || isUpper(code)) {
        compact += text[index];
        index++;
      } else if (code === SPACE && compact.length % 4 === 0 && compact.length > 0 && index + 1 < text.length && isAlnum(text.charCodeAt(index + 1))) {
        index++;
      } else {
        break;
      }
    }
    if (compact.length !== expected || wordAt(text, index) || !ibanChecksumValid(compact)) continue;
    push(out, id, start, index);
    starts.lastIndex = index;
  }
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
      if (!wordAt(text, start - 1) && !wordAt(text, index)) {
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
    // Fewest digits each can match: card 13, SSN 9, phone 8, IPv4 4.
    if (on[CREDIT_CARD] && runs.digits >= 13) findCards(text, runs, out);
    if (on[SSN] && runs.digits >= 9) findSsns(text, runs, hints, out);
    if (on[IPV4] && runs.count >= 4) findIpv4s(text, runs, out);
    if (on[PHONE] && runs.digits >= 8) findPhones(text, runs, out);
  }
  if (on[EMAIL] && (flags & HAS_AT) !== 0) findEmails(text, out);
  if (on[IPV6] && (flags & HAS_COLON) !== 0) findIpv6s(text, out);
  if (on[IBAN] && hasDigit && (flags & HAS_UPPER) !== 0) findIbans(text, out);
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
      const totalAlnum = value.replaceAll(' ', '').length;
      let out = '';
      for (const char of value) {
        if (char === ' ') {
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
      return value.replaceAll(' ', '').toUpperCase();
    case 'ipv6': {
      const groups = parseIpv6(value);
      return groups === undefined ? value.toLowerCase() : groups.map((g) => g.toString(16)).join(':');
    }
    default:
      return value;
  }
}
