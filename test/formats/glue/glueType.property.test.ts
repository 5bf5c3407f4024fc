import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GlueTypeSyntaxError } from '../../../formats/glue/errors.js';
import { parseGlueType, printGlueType } from '../../../formats/glue/glueType.js';
import type { GlueType } from '../../../formats/glue/types.js';
import { primitiveTypeArbOf } from '../glueArbitraries.js';

// Small named generators composed into a type tree (names unique per struct, case-insensitively).
// Every primitive, with char/varchar lengths up to Hive's limits.
const primitiveArb: fc.Arbitrary<GlueType> = primitiveTypeArbOf({ char: 255, varchar: 65_535 });

const plainNameArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_$-]{0,11}$/);
const quotedNameArb = fc.string({ unit: fc.constantFrom('a', 'B', ' ', ':', ',', '<', '>', '`', '(', 'é', '1'), minLength: 1, maxLength: 8 });
const fieldNameArb = fc.oneof({ weight: 4, arbitrary: plainNameArb }, { weight: 1, arbitrary: quotedNameArb }).filter((name) => name.toLowerCase() !== '__proto__');

const typeArb: fc.Arbitrary<GlueType> = fc.letrec<{ type: GlueType }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitiveArb,
    tie('type').map((element): GlueType => ({ kind: 'array', element })),
    fc.tuple(primitiveArb, tie('type')).map(([key, value]): GlueType => ({ kind: 'map', key, value })),
    fc
      .uniqueArray(fc.tuple(fieldNameArb, tie('type')), { minLength: 1, maxLength: 5, selector: ([name]) => name.toLowerCase() })
      .map((fields): GlueType => ({ kind: 'struct', fields: fields.map(([name, type]) => ({ name, type })) })),
  ),
})).type;

/**
 * A type and one way a user might spell it: any case, whitespace between tokens, `integer` for `int`,
 * `decimal` / `decimal(p)` for their defaults, bare or backquoted field names. Every choice is a fast-check
 * generator, so a failure shrinks to the smallest type and the plainest spelling. The oracle is the
 * generated tree itself (field names as written; the printer lower-cases them), never the printer.
 */
interface Spelled {
  readonly type: GlueType;
  readonly text: string;
}

const wsArb = fc.constantFrom('', ' ', '  ', '\t', '\n');
/** A keyword in any mix of upper and lower case. */
const keywordArb = (word: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));
/** `<ws>(<ws>a<ws>,<ws>b<ws>)` with the given parts. */
const argumentsArb = (...values: number[]): fc.Arbitrary<string> =>
  fc.array(wsArb, { minLength: 2 * values.length + 1, maxLength: 2 * values.length + 1 }).map((ws) => `${ws[0]}(${values.map((v, i) => `${ws[2 * i + 1]}${v}${ws[2 * i + 2]}`).join(',')})`);

function spellPrimitive(type: GlueType): fc.Arbitrary<string> {
  switch (type.kind) {
    case 'int':
      return fc.oneof(keywordArb('int'), keywordArb('integer'));
    case 'decimal': {
      const full = fc.tuple(keywordArb('decimal'), argumentsArb(type.precision, type.scale)).map(([k, a]) => k + a);
      const spellings = [full];
      if (type.scale === 0) spellings.push(fc.tuple(keywordArb('decimal'), argumentsArb(type.precision)).map(([k, a]) => k + a));
      if (type.precision === 10 && type.scale === 0) spellings.push(keywordArb('decimal'));
      return fc.oneof(...spellings);
    }
    case 'char':
    case 'varchar':
      return fc.tuple(keywordArb(type.kind), argumentsArb(type.length)).map(([k, a]) => k + a);
    default:
      return keywordArb(type.kind);
  }
}

const spelledPrimitiveArb: fc.Arbitrary<Spelled> = primitiveArb.chain((type) => spellPrimitive(type).map((text) => ({ type, text })));

/** A field name in any case, written bare when it can be or backquoted (backquotes doubled). */
function spellName(name: string): fc.Arbitrary<{ name: string; text: string }> {
  return fc.tuple(fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }), fc.boolean()).map(([upper, quote]) => {
    const cased = [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
    const bare = /^[A-Za-z_][A-Za-z0-9_$-]*$/.test(cased) && !quote;
    return { name: cased, text: bare ? cased : `\`${cased.replaceAll('`', '``')}\`` };
  });
}

const spelledTypeArb: fc.Arbitrary<Spelled> = fc.letrec<{ spelled: Spelled }>((tie) => ({
  spelled: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    spelledPrimitiveArb,
    fc.tuple(keywordArb('array'), fc.array(wsArb, { minLength: 3, maxLength: 3 }), tie('spelled')).map(([k, ws, element]): Spelled => ({
      type: { kind: 'array', element: element.type },
      text: `${k}${ws[0]}<${ws[1]}${element.text}${ws[2]}>`,
    })),
    fc.tuple(keywordArb('map'), fc.array(wsArb, { minLength: 5, maxLength: 5 }), spelledPrimitiveArb, tie('spelled')).map(([k, ws, key, value]): Spelled => ({
      type: { kind: 'map', key: key.type, value: value.type },
      text: `${k}${ws[0]}<${ws[1]}${key.text}${ws[2]},${ws[3]}${value.text}${ws[4]}>`,
    })),
    fc
      .tuple(
        keywordArb('struct'),
        fc.array(wsArb, { minLength: 3, maxLength: 3 }),
        fc.uniqueArray(fc.tuple(fieldNameArb, tie('spelled')), { minLength: 1, maxLength: 5, selector: ([name]) => name.toLowerCase() }),
      )
      .chain(([k, ws, fields]) =>
        fc.tuple(...fields.map(([name, field]) => fc.tuple(spellName(name), wsArb, wsArb, wsArb).map(([written, a, b, sep]) => ({ name: written.name, type: field.type, entry: `${written.text}${a}:${b}${field.text}`, sep })))).map((entries): Spelled => ({
          type: { kind: 'struct', fields: entries.map(({ name, type }) => ({ name, type })) },
          text: `${k}${ws[0]}<${ws[1]}${entries.map((e, i) => (i === 0 ? e.entry : `${e.sep},${e.entry}`)).join('')}${ws[2]}>`,
        })),
      ),
  ),
})).spelled;

function lowerNames(type: GlueType): GlueType {
  switch (type.kind) {
    case 'array':
      return { kind: 'array', element: lowerNames(type.element) };
    case 'map':
      return { kind: 'map', key: type.key, value: lowerNames(type.value) };
    case 'struct':
      return { kind: 'struct', fields: type.fields.map((field) => ({ name: field.name.toLowerCase(), type: lowerNames(field.type) })) };
    default:
      return type;
  }
}

describe('parseGlueType / printGlueType laws', () => {
  it('parse(t) is the generated tree, for any spelling of a random type tree', () => {
    fc.assert(
      fc.property(spelledTypeArb, ({ type, text }) => {
        // Prepare / Act
        const parsed = parseGlueType(text);

        // Assess: the generator is the oracle; the printer plays no part
        expect(parsed).toEqual(type);
      }),
      { numRuns: 300 },
    );
  });

  it('the oracle rejects a parser that gets the tree wrong (names lower-cased, fields reordered)', () => {
    // Prepare: two wrong parsers
    const lowering = (text: string): GlueType => lowerNames(parseGlueType(text));
    const reordering = (text: string): GlueType => {
      const type = parseGlueType(text);
      return type.kind === 'struct' ? { kind: 'struct', fields: [...type.fields].reverse() } : type;
    };
    for (const wrong of [lowering, reordering]) {
      // Act
      const result = fc.check(fc.property(spelledTypeArb, ({ type, text }) => isDeepStrictEqual(wrong(text), type)), { numRuns: 300 });
      // Assess
      expect(result.failed).toBe(true);
    }
  });

  it('print(t) is one fixed spelling: whitespace-free outside backquotes, lower case, and read back as t', () => {
    fc.assert(
      fc.property(spelledTypeArb, ({ type, text }) => {
        // Prepare / Act
        const printed = printGlueType(parseGlueType(text));

        // Assess: every spelling of one tree prints the same, and the print reads back as the tree
        expect(printed).toBe(printGlueType(lowerNames(type)));
        const outsideQuotes = printed.replace(/`(?:[^`]|``)*`/g, '');
        expect(outsideQuotes).not.toMatch(/\s/);
        expect(outsideQuotes).toBe(outsideQuotes.toLowerCase());
        expect(parseGlueType(printed)).toEqual(lowerNames(type));
      }),
      { numRuns: 200 },
    );
  });

  it('parse(print(t)) is t with lower-case field names', () => {
    fc.assert(
      fc.property(typeArb, (type) => {
        // Prepare / Act
        const reparsed = parseGlueType(printGlueType(type));

        // Assess
        expect(reparsed).toEqual(lowerNames(type));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws anything but GlueTypeSyntaxError, whose position lies within the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: fc.constantFrom('array', 'map', 'struct', 'int', 'decimal', '<', '>', ',', ':', '(', ')', '1', '`', ' ', 'a'), maxLength: 30 }),
          fc.string(),
          typeArb.map((type) => printGlueType(type)).chain((text) => fc.nat({ max: text.length }).map((cut) => text.slice(0, cut))),
        ),
        (text) => {
          // Prepare / Act
          try {
            parseGlueType(text);
          } catch (error) {
            // Assess
            expect(error).toBeInstanceOf(GlueTypeSyntaxError);
            const position = (error as GlueTypeSyntaxError).position;
            expect(position).toBeGreaterThanOrEqual(0);
            expect(position).toBeLessThanOrEqual(text.length);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
