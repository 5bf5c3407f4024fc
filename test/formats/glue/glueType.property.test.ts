import fc from 'fast-check';
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

/** The normalised form, written independently of printGlueType: lower case, no spaces, explicit (p,s). */
function canonical(type: GlueType): string {
  switch (type.kind) {
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'char':
    case 'varchar':
      return `${type.kind}(${type.length})`;
    case 'array':
      return `array<${canonical(type.element)}>`;
    case 'map':
      return `map<${canonical(type.key)},${canonical(type.value)}>`;
    case 'struct':
      return `struct<${type.fields
        .map((field) => {
          const name = field.name.toLowerCase();
          return `${/^[^\s<>,:()`]+$/.test(name) ? name : `\`${name.replaceAll('`', '``')}\``}:${canonical(field.type)}`;
        })
        .join(',')}>`;
    default:
      return type.kind;
  }
}

/** A deterministic generator of choices, so one seed yields one messy spelling. */
function chooser(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

/** The same type as users write it: any case, whitespace between tokens, aliases and defaults. */
function messy(type: GlueType, choose: (n: number) => number): string {
  const ws = (): string => ['', '', ' ', '  ', '\t', '\n'][choose(6)]!;
  const kw = (word: string): string => [...word].map((c) => (choose(2) === 0 ? c.toUpperCase() : c)).join('');
  switch (type.kind) {
    case 'int':
      return kw(choose(2) === 0 ? 'integer' : 'int');
    case 'decimal':
      if (type.precision === 10 && type.scale === 0 && choose(2) === 0) return kw('decimal');
      if (type.scale === 0 && choose(2) === 0) return `${kw('decimal')}${ws()}(${ws()}${type.precision}${ws()})`;
      return `${kw('decimal')}${ws()}(${ws()}${type.precision}${ws()},${ws()}${type.scale}${ws()})`;
    case 'char':
    case 'varchar':
      return `${kw(type.kind)}${ws()}(${ws()}${type.length}${ws()})`;
    case 'array':
      return `${kw('array')}${ws()}<${ws()}${messy(type.element, choose)}${ws()}>`;
    case 'map':
      return `${kw('map')}${ws()}<${ws()}${messy(type.key, choose)}${ws()},${ws()}${messy(type.value, choose)}${ws()}>`;
    case 'struct':
      return `${kw('struct')}${ws()}<${ws()}${type.fields
        .map((field) => {
          const name = /^[^\s<>,:()`]+$/.test(field.name) && choose(3) !== 0 ? kw(field.name) : `\`${kw(field.name).replaceAll('`', '``')}\``;
          return `${name}${ws()}:${ws()}${messy(field.type, choose)}`;
        })
        .join(`${ws()},${ws()}`)}${ws()}>`;
    default:
      return kw(type.kind);
  }
}

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
  it('print(parse(t)) is the normalised t, for any spelling of a random type tree', () => {
    fc.assert(
      fc.property(typeArb, fc.integer(), (type, seed) => {
        // Prepare
        const text = messy(type, chooser(seed));

        // Act
        const printed = printGlueType(parseGlueType(text));

        // Assess
        expect(printed).toBe(canonical(type));
      }),
      { numRuns: 300 },
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
