/**
 * Infers Glue columns from sample JSON records: for each top-level key, the narrowest Glue type into which
 * Firehose's OpenX JSON deserializer converts every sample's value. Narrowest means: the smallest integer
 * type holding every integer seen (tinyint < smallint < int < bigint), double once a fraction or exponent
 * appears, timestamp only when every string is in a shape the OpenX deserializer reads as a timestamp,
 * struct for objects whose keys are usable column names, map<string,…> for objects keyed by data
 * (keys that are not identifiers, or more distinct keys than a struct should carry), array<…> of the
 * join of all elements. Anything that cannot be joined (an object and a number under one key) is string,
 * which the deserializer fills with the value's JSON text (assumed, as Hive's OpenX SerDe does).
 * Column names are lower-cased, as Glue stores them and as OpenX matches them by default.
 */
import { printGlueType, type GlueColumn, type GlueType } from '../glue/index.js';
import { parseOpenXTimestamp } from './parseOpenXTimestamp.js';

/** A struct with more distinct keys than this is inferred as a map. */
export const MAX_STRUCT_FIELDS = 100;
/** Depth at which nested values stop being inferred (string beyond it). */
export const MAX_INFER_DEPTH = 32;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,254}$/;

/** The inference lattice: `unknown` (only nulls seen) below everything, `string` on top. */
type Inferred =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly min: bigint; readonly max: bigint }
  | { readonly kind: 'double' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'string' }
  | { readonly kind: 'array'; readonly element: Inferred }
  | { readonly kind: 'object'; readonly fields: ReadonlyMap<string, Inferred>; readonly mapOnly: boolean };

const UNKNOWN: Inferred = { kind: 'unknown' };
const STRING: Inferred = { kind: 'string' };

function inferValue(value: unknown, depth: number): Inferred {
  if (value === null || value === undefined) return UNKNOWN;
  if (depth > MAX_INFER_DEPTH) return STRING;
  if (typeof value === 'boolean') return { kind: 'boolean' };
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Number.isSafeInteger(value)) return { kind: 'integer', min: BigInt(value), max: BigInt(value) };
    return { kind: 'double' };
  }
  if (typeof value === 'string') return parseOpenXTimestamp(value) !== undefined && /[-:]/.test(value) ? { kind: 'timestamp' } : STRING;
  if (Array.isArray(value)) return { kind: 'array', element: value.reduce<Inferred>((acc, item) => join(acc, inferValue(item, depth + 1)), UNKNOWN) };
  if (typeof value === 'object') {
    const fields = new Map<string, Inferred>();
    let mapOnly = false;
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const name = key.toLowerCase();
      if (!IDENTIFIER.test(name)) mapOnly = true;
      fields.set(name, join(fields.get(name) ?? UNKNOWN, inferValue(item, depth + 1)));
    }
    return { kind: 'object', fields, mapOnly: mapOnly || fields.size > MAX_STRUCT_FIELDS };
  }
  return STRING;
}

/** The least type above both. */
function join(a: Inferred, b: Inferred): Inferred {
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  if (a.kind === 'string' || b.kind === 'string') return STRING;
  if (a.kind === 'integer' && b.kind === 'integer') return { kind: 'integer', min: a.min < b.min ? a.min : b.min, max: a.max > b.max ? a.max : b.max };
  if ((a.kind === 'integer' || a.kind === 'double') && (b.kind === 'integer' || b.kind === 'double')) return { kind: 'double' };
  if (a.kind === 'array' && b.kind === 'array') return { kind: 'array', element: join(a.element, b.element) };
  if (a.kind === 'object' && b.kind === 'object') {
    const fields = new Map(a.fields);
    for (const [name, type] of b.fields) fields.set(name, join(fields.get(name) ?? UNKNOWN, type));
    return { kind: 'object', fields, mapOnly: a.mapOnly || b.mapOnly || fields.size > MAX_STRUCT_FIELDS };
  }
  if (a.kind === b.kind) return a;
  return STRING;
}

const INTEGER_TYPES: readonly { readonly kind: 'tinyint' | 'smallint' | 'int' | 'bigint'; readonly bits: bigint }[] = [
  { kind: 'tinyint', bits: 8n },
  { kind: 'smallint', bits: 16n },
  { kind: 'int', bits: 32n },
  { kind: 'bigint', bits: 64n },
];

function toGlueType(inferred: Inferred): GlueType {
  switch (inferred.kind) {
    case 'unknown':
    case 'string':
      return { kind: 'string' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'double':
      return { kind: 'double' };
    case 'timestamp':
      return { kind: 'timestamp' };
    case 'integer': {
      const fit = INTEGER_TYPES.find(({ bits }) => inferred.min >= -(1n << (bits - 1n)) && inferred.max < 1n << (bits - 1n));
      return { kind: fit?.kind ?? 'bigint' };
    }
    case 'array':
      return { kind: 'array', element: toGlueType(inferred.element) };
    case 'object': {
      if (inferred.mapOnly) {
        const value = [...inferred.fields.values()].reduce<Inferred>((acc, type) => join(acc, type), UNKNOWN);
        return { kind: 'map', key: { kind: 'string' }, value: toGlueType(value) };
      }
      // A struct with no fields cannot be written in Glue's type syntax; an empty object stays text.
      if (inferred.fields.size === 0) return { kind: 'string' };
      return { kind: 'struct', fields: [...inferred.fields].map(([name, type]) => ({ name, type: toGlueType(type) })) };
    }
  }
}

export interface InferColumnsResult {
  readonly columns: GlueColumn[];
  /** Records looked at (objects only) and skipped (not JSON objects). */
  readonly records: number;
  readonly skipped: number;
}

/** Columns for sample records (parsed JSON values); non-objects are counted as skipped. */
export function inferGlueColumns(samples: Iterable<unknown>): InferColumnsResult {
  let top: Inferred = { kind: 'object', fields: new Map(), mapOnly: false };
  let records = 0;
  let skipped = 0;
  for (const sample of samples) {
    if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) {
      skipped++;
      continue;
    }
    records++;
    const inferred = inferValue(sample, 0);
    // Top-level keys are columns whatever they look like; only nested objects may become maps.
    top = join(top, inferred.kind === 'object' ? { ...inferred, mapOnly: false } : inferred);
  }
  const fields = top.kind === 'object' ? top.fields : new Map<string, Inferred>();
  const columns = [...fields].map(([name, inferred]): GlueColumn => {
    const type = toGlueType(inferred);
    return { name, type, typeString: printGlueType(type) };
  });
  return { columns, records, skipped };
}
