/**
 * Property tests of redactPii: generated PII (valid cards, SSNs, emails, phone numbers, IPv4/IPv6
 * addresses, IBANs) embedded at random places in random text and JSON never survives redaction (cards
 * and phones compared by their digits alone), and text without PII comes out unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IBAN_LENGTHS } from '../../../transforms/pii/piiChecksums.js';
import { numberContext } from '../../../transforms/pii/piiDetectors.js';
import { redactPii } from '../../../transforms/pii/redactPii.js';
import type { JsonObject, JsonValue } from '../../../transforms/core/types.js';
import { testContext } from '../../helpers/transformContract.js';

const NUM_RUNS = 200;

// ---------------------------------------------------------------------------------------------------
// Small generators, composed below.

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (min: number, max: number): fc.Arbitrary<string> => fc.array(digit, { minLength: min, maxLength: max }).map((d) => d.join(''));

/** The Luhn check digit that makes `body` + digit valid. */
function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let index = 0; index < body.length; index++) {
    let value = Number(body[body.length - 1 - index]);
    if (index % 2 === 0) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Card numbers of the major networks (prefix, length), Luhn-valid, compact or grouped by 4 (Amex 4-6-5). */
const cardNumber: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(['4', 16], ['4', 13], ['4', 19], ['51', 16], ['55', 16], ['2221', 16], ['2720', 16], ['34', 15], ['37', 15], ['6011', 16], ['65', 16], ['36', 14], ['35', 16], ['62', 16],
      // Maestro 12-19 digits, JCB 15 digits (1800, 2131), UATP (1, 15 digits), RuPay (81, 82), Mir (2200-2204).
      ['6759', 12], ['5018', 13], ['6304', 18], ['5893', 19], ['1800', 15], ['2131', 15], ['1', 15], ['81', 16], ['82', 16], ['2201', 16],
      // Major industry identifier 9, national networks (Troy 9792 and others): 16 digits.
      ['9792', 16], ['9', 16]),
    fc.infiniteStream(digit),
    fc.constantFrom('', ' ', '-'),
  )
  .map(([[prefix, length], stream, separator]) => {
    const body = prefix + [...stream.take(length - prefix.length - 1)].join('');
    const number = body + luhnCheckDigit(body);
    if (separator === '') return number;
    // Printed groupings: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4; any other length in fours with a shorter last group.
    const groups = length === 15 ? [4, 6, 5] : length === 14 ? [4, 6, 4] : Array.from({ length: Math.ceil(length / 4) }, () => 4);
    const parts: string[] = [];
    let at = 0;
    for (const size of groups) {
      parts.push(number.slice(at, at + size));
      at += size;
    }
    return parts.filter((part) => part !== '').join(separator);
  });

/** SSNs the SSA could issue: area 001-899 except 666, group 01-99, serial 0001-9999. */
const ssn: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 899 }).filter((area) => area !== 666), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }), fc.constantFrom('-', ' ', '.'))
  .map(([area, group, serial, separator]) => [String(area).padStart(3, '0'), String(group).padStart(2, '0'), String(serial).padStart(4, '0')].join(separator));

const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split(''));
const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
const word = (min: number, max: number, chars = lower): fc.Arbitrary<string> => fc.array(chars, { minLength: min, maxLength: max }).map((c) => c.join(''));

const email: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(word(1, 8, alnum), { minLength: 1, maxLength: 3 }),
    fc.constantFrom('.', '_', '+', '-'),
    fc.array(word(1, 10, alnum), { minLength: 1, maxLength: 3 }),
    word(2, 6),
    fc.boolean(),
  )
  .map(([localWords, joiner, domainLabels, tld, upper]) => {
    const address = `${localWords.join(joiner)}@${domainLabels.join('.')}.${tld}`;
    return upper ? address.toUpperCase() : address;
  });

/** A phone number's extension as senders write it: glued `x12`, ` x12`, ` ext. 12`, ` ext 12`. */
const extension: fc.Arbitrary<string> = fc.tuple(fc.constantFrom('x', ' x', ' ext. ', ' ext ', ' Ext. '), digits(1, 5)).map(([prefix, number]) => prefix + number);

/**
 * Phone numbers in the shapes redactPii documents: E.164, (area) local, North American 3-3-4 (any
 * digits: numbering-plan rules are not applied) and 3 + 7, trunk-prefixed national, national groups
 * without prefix; an extension may follow. Numbers of one repeated digit are placeholders, not phones.
 */
const bareDigitsPhone: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 999 }), digits(7, 11), fc.constantFrom('', ' ', '-')).map(([cc, rest, separator]) => {
    if (separator === '') return `+${cc}${rest}`;
    return `+${cc}${separator}${rest.match(/.{1,4}/g)!.join(separator)}`;
  }),
  fc.tuple(digits(3, 3), digits(3, 3), digits(4, 4), fc.constantFrom('-', '.', ' ', 'paren', 'glued-paren', 'one', 'plus-one', '3+7')).map(([area, exchange, line, style]) => {
    if (style === 'paren') return `(${area}) ${exchange}-${line}`;
    if (style === 'glued-paren') return `(${area})${exchange}-${line}`;
    if (style === 'one') return `1-${area}-${exchange}-${line}`;
    if (style === 'plus-one') return `+1-${area}-${exchange}-${line}`;
    if (style === '3+7') return `${area} ${exchange}${line}`;
    return [area, exchange, line].join(style);
  }),
  // Trunk prefix 0, a non-zero digit, up to 3 more digits, then groups of 2-4 digits: 9-12 digits in all
  // (a second group of fewer than 5 digits after the first is a postcode and a house number: 3+ groups then).
  fc
    .tuple(fc.integer({ min: 1, max: 9 }), digits(0, 3), fc.array(digits(2, 4), { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', '-', '.'))
    .filter(([, area, groups]) => {
      const total = 2 + area.length + groups.join('').length;
      return total >= 9 && total <= 12 && (groups.length > 1 || groups[0]!.length >= 5);
    })
    .map(([first, area, groups, separator]) => [`0${first}${area}`, ...groups].join(separator)),
  // National groups without a prefix, of mixed lengths: 612 34 56 78, 91-22-5555-0187.
  fc
    .tuple(fc.array(digits(2, 4), { minLength: 3, maxLength: 5 }), fc.constantFrom(' ', '-'))
    .filter(([groups]) => {
      const total = groups.join('').length;
      const lengths = groups.map((g) => g.length);
      const ssnShape = lengths.join() === '3,2,4';
      const dateShape = lengths[0] === 4 && lengths[1] === 2 && lengths[2] === 2;
      return total >= 9 && total <= 12 && new Set(lengths).size > 1 && !ssnShape && !dateShape && groups[0]![0] !== '0';
    })
    .map(([groups, separator]) => groups.join(separator)),
);
const phone: fc.Arbitrary<string> = fc
  .tuple(bareDigitsPhone, fc.option(extension, { nil: '' }))
  .filter(([number]) => new Set(digitsOf(number)).size > 1)
  .map(([number, ext]) => number + ext);

const ipv4: fc.Arbitrary<string> = fc.ipV4();
const ipv6: fc.Arbitrary<string> = fc.ipV6().filter((address) => address !== '::');

/** IBANs of registry countries: random upper-case BBAN of the country's length, valid mod-97 check digits. */
const iban: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...IBAN_LENGTHS.keys()), fc.infiniteStream(fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''))), fc.boolean())
  .map(([country, stream, printed]) => {
    const bban = [...stream.take(IBAN_LENGTHS.get(country)! - 4)].join('');
    const numeric = [...`${bban}${country}00`].map((char) => (/[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char)).join('');
    let remainder = 0;
    for (const char of numeric) remainder = (remainder * 10 + Number(char)) % 97;
    const compact = `${country}${String(98 - remainder).padStart(2, '0')}${bban}`;
    return printed ? compact.match(/.{1,4}/g)!.join(' ') : compact;
  });
/** IBANs as people also write them: lower case, groups of four joined by dashes. */
const ibanWritten: fc.Arbitrary<string> = fc
  .tuple(iban, fc.constantFrom('lower', 'dashes', 'lower-dashes'))
  .map(([value, style]) => {
    const compact = value.replaceAll(' ', '');
    const dashed = style === 'lower' ? compact : compact.match(/.{1,4}/g)!.join('-');
    return style === 'dashes' ? dashed : dashed.toLowerCase();
  });

type Kind = 'card' | 'ssn' | 'email' | 'phone' | 'ipv4' | 'ipv6' | 'iban';
const pii: fc.Arbitrary<{ kind: Kind; value: string }> = fc.oneof(
  cardNumber.map((value) => ({ kind: 'card' as const, value })),
  ssn.map((value) => ({ kind: 'ssn' as const, value })),
  email.map((value) => ({ kind: 'email' as const, value })),
  phone.map((value) => ({ kind: 'phone' as const, value })),
  ipv4.map((value) => ({ kind: 'ipv4' as const, value })),
  ipv6.map((value) => ({ kind: 'ipv6' as const, value })),
  iban.map((value) => ({ kind: 'iban' as const, value })),
  ibanWritten.map((value) => ({ kind: 'iban' as const, value })),
);

/**
 * Text that holds no PII: words and punctuation, with numbers of at most three digits never next to
 * another number (so no grouping of them can form a phone number, SSN, card or address).
 */
// A word that names another identifier (lorem ipsum's `id`) makes the number after it that identifier.
const safeWord = fc.lorem({ maxCount: 1 }).filter((word) => numberContext(`${word} `, word.length + 1) === 0);
const safeToken = fc.oneof(
  { weight: 5, arbitrary: safeWord },
  { weight: 1, arbitrary: fc.constantFrom(',', '.', '!', '?', ';', '(see)', '"quoted"', "it's", '-', '—', 'façade', '東京', 'naïve') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 999 }).map((n) => `#${n}`) },
);
const safeText: fc.Arbitrary<string> = fc.array(safeToken, { maxLength: 12 }).map((tokens) => tokens.join(' '));

/**
 * A Visa-prefixed number of 16-19 digits printed in groups of four whose check digit is wrong, and
 * without a Luhn-valid card at a shorter group boundary (12 digits are a card only for Maestro): no card,
 * and none of its groups may be taken for a phone number either.
 */
const cardShapedFailingLuhn: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 16, max: 19 }), fc.infiniteStream(digit), fc.integer({ min: 1, max: 9 }))
  .map(([length, stream, offset]) => {
    const body = `4${[...stream.take(length - 2)].join('')}`;
    return `${body}${(Number(luhnCheckDigit(body)) + offset) % 10}`;
  })
  .filter((number) => number.length === 16 || luhnCheckDigit(number.slice(0, 15)) !== number[15])
  .map((number) => number.match(/.{1,4}/g)!.join(' '));

function digitsOf(text: string): string {
  return text.replace(/[^0-9]/g, '');
}

function survives(output: string, kind: Kind, value: string): boolean {
  if (kind === 'card' || kind === 'phone') return digitsOf(output).includes(digitsOf(value));
  return output.includes(value) || output.includes(value.toLowerCase()) || output.includes(value.toUpperCase());
}

/** Puts `value` at a random place of a random JSON object: whole, or inside a sentence. */
const jsonWith = (value: string): fc.Arbitrary<JsonObject> =>
  fc
    .tuple(fc.array(fc.lorem({ maxCount: 1 }), { minLength: 1, maxLength: 4 }), safeText, safeText, fc.boolean(), fc.dictionary(fc.lorem({ maxCount: 1 }), safeText, { maxKeys: 3 }), fc.boolean())
    .map(([path, before, after, whole, siblings, inArray]) => {
      const leaf: JsonValue = whole ? value : `${before} ${value} ${after}`;
      let node: JsonValue = inArray ? ['x', leaf] : leaf;
      for (const key of [...path].reverse()) node = { ...siblings, [key]: node };
      return node as JsonObject;
    });

describe('redactPii properties', () => {
  const redact = redactPii();

  it('never lets generated PII through when it sits inside random text', () => {
    fc.assert(
      fc.property(pii, safeText, safeText, ({ kind, value }, before, after) => {
        // Prepare
        const text = `${before} ${value} ${after}`;
        // Act
        const output = redact(text, testContext);
        // Assess
        expect(typeof output).toBe('string');
        expect(survives(output as string, kind, value)).toBe(false);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never lets generated PII through when it sits anywhere in a JSON record', () => {
    fc.assert(
      fc.property(
        pii.chain((item) => jsonWith(item.value).map((record) => ({ ...item, record }))),
        ({ kind, value, record }) => {
          // Act
          const output = JSON.stringify(redact(record, testContext));
          // Assess
          expect(survives(output, kind, value)).toBe(false);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('redacts several PII values in one text, whatever their kinds and order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(pii, safeText), { minLength: 2, maxLength: 5 }), (items) => {
        // Prepare
        const text = items.map(([{ value }, filler]) => `${filler} ${value}`).join(' , ');
        // Act
        const output = redact(text, testContext) as string;
        // Assess
        for (const [{ kind, value }] of items) expect(survives(output, kind, value)).toBe(false);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('leaves text without PII unchanged', () => {
    fc.assert(
      fc.property(safeText, (text) => {
        // Act / Assess
        expect(redact(text, testContext)).toBe(text);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('leaves a grouped card-shaped number that fails Luhn unchanged, in random text', () => {
    fc.assert(
      fc.property(cardShapedFailingLuhn, safeText, safeText, (number, before, after) => {
        // Prepare: set apart from the numbers of the random text (`#10 4680 9687…` would join them)
        const text = `${before} ; ${number} ; ${after}`;
        // Act / Assess
        expect(redact(text, testContext)).toBe(text);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('leaves JSON without PII unchanged (the same object: nothing is copied)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.lorem({ maxCount: 1 }), fc.oneof(safeText, fc.integer({ min: -999, max: 999 }), fc.boolean(), fc.constant(null), fc.array(safeText, { maxLength: 3 }))), (record) => {
        // Act / Assess
        expect(redact(record, testContext)).toBe(record);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('hash gives equal tokens for equal values and different tokens for different ones', () => {
    // Prepare
    const hash = redactPii({ mode: 'hash', hashKey: 'property-test-key-0123456789', hashTemplate: '{hash}' });
    fc.assert(
      fc.property(pii, pii, (a, b) => {
        // Act
        const first = hash(a.value, testContext);
        const again = hash(a.value, testContext);
        const other = hash(b.value, testContext);
        // Assess
        expect(again).toBe(first);
        expect(first).toMatch(/^[0-9a-f]{64}$/);
        if (digitsOf(a.value) !== digitsOf(b.value) && a.value.toLowerCase() !== b.value.toLowerCase()) expect(other).not.toBe(first);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
