/**
 * Field patterns shared by redactPii and normalizeRecord: `password`, `*.ssn`, `headers.authorization`,
 * `*token*`, `request.**.cookie`. Patterns are compiled once by a factory and matched key by key while a
 * transform walks a record, so a match costs a few comparisons per key, whatever the record's depth.
 *
 * Rules (documented in the README):
 * - Matching is case-insensitive; segments are separated by `.`.
 * - A pattern of one segment (`password`, `*token*`) matches a key of that name at any depth.
 * - A pattern of several segments is anchored at the record's root: `headers.authorization` matches
 *   only that path; `*` as a whole segment matches exactly one key, `**` matches any number of keys
 *   (including none); `*` inside a segment matches any run of characters within that key.
 * - Arrays are transparent: `users.ssn` matches the `ssn` of every object in the `users` array.
 */
import { TransformOptionError } from '../core/index.js';

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'glob'; readonly parts: readonly string[] }
  | { readonly kind: 'any' }
  | { readonly kind: 'anyPath' };

interface CompiledPattern {
  readonly segments: readonly Segment[];
}

/**
 * Where a walk stands: the positions reached in the anchored (multi-segment) patterns. Immutable and
 * shared: stepping never changes a state, it returns another one.
 */
export type PatternState = readonly number[];

const NO_POSITIONS: PatternState = Object.freeze([]);
const NO_STEP = Object.freeze({ match: -1, next: NO_POSITIONS });

/** The state below a key that no multi-segment pattern can continue from. */
export const NOWHERE: PatternState = NO_POSITIONS;
const MAX_PATTERN_LENGTH = 256;
const MAX_PATTERNS = 1_000;

export class FieldPatternSet {
  /** Single-segment literal patterns (lower case) → index of the first such pattern. */
  private readonly anywhereLiterals = new Map<string, number>();
  /** Single-segment glob patterns, checked against every key. */
  private readonly anywhereGlobs: { readonly parts: readonly string[]; readonly index: number }[] = [];
  /** Multi-segment patterns, walked as a small NFA; a position is `pattern * 256 + segment`. */
  private readonly anchored: { readonly pattern: CompiledPattern; readonly index: number }[] = [];
  readonly root: PatternState;
  readonly size: number;
  private readonly matchSteps: { readonly match: number; readonly next: PatternState }[] = [];

  constructor(patterns: readonly string[]) {
    this.size = patterns.length;
    patterns.forEach((source, index) => {
      const pattern = compilePattern(source);
      const only = pattern.segments.length === 1 ? pattern.segments[0]! : undefined;
      if (only?.kind === 'literal') {
        if (!this.anywhereLiterals.has(only.text)) this.anywhereLiterals.set(only.text, index);
      } else if (only?.kind === 'glob') {
        this.anywhereGlobs.push({ parts: only.parts, index });
      } else if (only?.kind === 'any' || only?.kind === 'anyPath') {
        this.anywhereGlobs.push({ parts: ['', ''], index });
      } else {
        this.anchored.push({ pattern, index });
      }
    });
    this.root = this.anchored.length === 0 ? NO_POSITIONS : this.closure(this.anchored.map((_, slot) => slot * 256));
  }

  /**
   * True when every pattern is a single segment: whether a key matches then depends on the key alone,
   * never on its path, so callers may cache the answer per key.
   */
  get pathIndependent(): boolean {
    return this.anchored.length === 0;
  }

  /** True when no pattern was given: callers skip all matching work. */
  get isEmpty(): boolean {
    return this.size === 0;
  }

  /**
   * Steps from `state` into the key `lowerKey` (already lower-cased). Returns the index of the first
   * pattern (in the order given) that matches the key's full path, or -1, and the state for its children.
   */
  step(state: PatternState, lowerKey: string): { readonly match: number; readonly next: PatternState } {
    let match = -1;
    const literal = this.anywhereLiterals.get(lowerKey);
    if (literal !== undefined) match = literal;
    for (const glob of this.anywhereGlobs) {
      if ((match === -1 || glob.index < match) && globMatches(glob.parts, lowerKey)) match = glob.index;
    }
    // Most keys match nothing and lead nowhere: answer with shared objects, allocating nothing.
    if (state.length === 0) return match === -1 ? NO_STEP : (this.matchSteps[match] ??= Object.freeze({ match, next: NO_POSITIONS }));
    const advanced: number[] = [];
    for (const position of state) {
      const slot = position >> 8;
      const at = position & 0xff;
      const segments = this.anchored[slot]!.pattern.segments;
      const segment = segments[at];
      if (segment === undefined) continue;
      if (segment.kind === 'anyPath') {
        advanced.push(position);
      } else if (segmentMatches(segment, lowerKey)) {
        advanced.push(position + 1);
      }
    }
    if (advanced.length === 0) return match === -1 ? NO_STEP : { match, next: NO_POSITIONS };
    const next = this.closure(advanced);
    for (const position of next) {
      const slot = position >> 8;
      const { pattern, index } = this.anchored[slot]!;
      if ((position & 0xff) === pattern.segments.length && (match === -1 || index < match)) match = index;
    }
    return { match, next };
  }

  /** Adds the positions reachable by letting `**` match no key; drops duplicates. */
  private closure(positions: readonly number[]): PatternState {
    const out: number[] = [];
    const pending = [...positions];
    while (pending.length > 0) {
      const position = pending.pop()!;
      if (out.includes(position)) continue;
      out.push(position);
      const segment = this.anchored[position >> 8]!.pattern.segments[position & 0xff];
      if (segment?.kind === 'anyPath') pending.push(position + 1);
    }
    return out.length === 0 ? NO_POSITIONS : out;
  }
}

/**
 * Checks and compiles a list of patterns given as option `option` of `transform`.
 * Throws TransformOptionError for anything that is not a usable pattern.
 */
export function compileFieldPatterns(transform: string, option: string, patterns: unknown): FieldPatternSet {
  if (patterns === undefined) return new FieldPatternSet([]);
  if (!Array.isArray(patterns)) {
    throw new TransformOptionError(transform, option, `must be an array of field patterns, got ${typeof patterns}`, 'Example: ["password", "*.ssn", "headers.authorization"].');
  }
  if (patterns.length > MAX_PATTERNS) {
    throw new TransformOptionError(transform, option, `has ${patterns.length} patterns`, `Use at most ${MAX_PATTERNS}; a wildcard such as "*token*" covers many fields.`);
  }
  for (const pattern of patterns) checkPattern(transform, option, pattern);
  return new FieldPatternSet(patterns as string[]);
}

/** Validates one pattern; throws TransformOptionError naming the option and the fix. */
export function checkPattern(transform: string, option: string, pattern: unknown): asserts pattern is string {
  if (typeof pattern !== 'string' || pattern.trim() === '') {
    throw new TransformOptionError(transform, option, `has a pattern that is not a non-empty string (${typeof pattern})`, 'Write patterns such as "password", "*.ssn" or "headers.authorization".');
  }
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new TransformOptionError(transform, option, `has a pattern of ${pattern.length} characters`, `Keep patterns under ${MAX_PATTERN_LENGTH} characters.`);
  }
  const segments = pattern.split('.');
  if (segments.some((segment) => segment === '')) {
    throw new TransformOptionError(transform, option, `has the pattern ${JSON.stringify(pattern)} with an empty segment`, 'Separate segments with single dots and do not start or end with a dot.');
  }
  if (segments.length > 255) {
    throw new TransformOptionError(transform, option, `has a pattern of ${segments.length} segments`, 'Use at most 255 segments; "**" matches any number of keys.');
  }
  if (segments.some((segment) => segment.includes('**') && segment !== '**')) {
    throw new TransformOptionError(transform, option, `has the pattern ${JSON.stringify(pattern)} where "**" is part of a segment`, 'Use "**" only as a whole segment (e.g. "request.**.cookie"); use "*" inside a segment.');
  }
}

function compilePattern(source: string): CompiledPattern {
  const segments = source
    .toLowerCase()
    .split('.')
    .map((text): Segment => {
      if (text === '**') return { kind: 'anyPath' };
      if (text === '*') return { kind: 'any' };
      if (text.includes('*')) return { kind: 'glob', parts: text.split('*') };
      return { kind: 'literal', text };
    });
  return { segments };
}

function segmentMatches(segment: Segment, lowerKey: string): boolean {
  switch (segment.kind) {
    case 'literal':
      return segment.text === lowerKey;
    case 'glob':
      return globMatches(segment.parts, lowerKey);
    case 'any':
    case 'anyPath':
      return true;
  }
}

/**
 * Matches a `*` glob split at its stars: the first part is a prefix, the last a suffix, the middle parts
 * are found left to right with indexOf. Greedy leftmost matching is exact for `*`-only globs and takes
 * time linear in the key for each part, so a hostile 1 MB key cannot slow it down quadratically.
 */
export function globMatches(parts: readonly string[], text: string): boolean {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (parts.length === 1) return first === text;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let from = first.length;
  const until = text.length - last.length;
  for (let index = 1; index < parts.length - 1; index++) {
    const part = parts[index]!;
    if (part === '') continue;
    const at = text.indexOf(part, from);
    if (at === -1 || at + part.length > until) return false;
    from = at + part.length;
  }
  return true;
}
