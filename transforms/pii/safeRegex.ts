/**
 * Start-up checks for user-supplied regular expressions (redactPii's custom patterns). JavaScript's
 * engine backtracks, so a pattern such as `(a+)+$` can take exponential time on a hostile record. The
 * check refuses the usual culprits: a quantified group that itself contains a quantifier, and
 * backreferences. It cannot prove a pattern linear; documentation asks for simple, bounded patterns.
 */
import { TransformOptionError } from '../core/index.js';

const ALLOWED_FLAGS = new Set(['i', 'm', 's', 'u']);
const MAX_SOURCE_LENGTH = 1_000;

/** Compiles `pattern` with the `g` flag after checking it; throws TransformOptionError naming `option`. */
export function checkCustomPattern(transform: string, option: string, pattern: unknown): RegExp {
  let source: string;
  let flags: string;
  if (pattern instanceof RegExp) {
    source = pattern.source;
    flags = pattern.flags.replace('g', '');
  } else if (typeof pattern === 'string') {
    source = pattern;
    flags = '';
  } else {
    throw new TransformOptionError(transform, option, `is ${pattern === null ? 'null' : typeof pattern}`, 'Give a RegExp or its source as a string, e.g. "\\\\bEMP-[0-9]{6}\\\\b".');
  }
  const badFlag = [...flags].find((flag) => !ALLOWED_FLAGS.has(flag));
  if (badFlag !== undefined) {
    throw new TransformOptionError(transform, option, `uses the flag '${badFlag}'`, 'Use only the flags i, m, s and u (g is added for you).');
  }
  if (source.length === 0 || source.length > MAX_SOURCE_LENGTH) {
    throw new TransformOptionError(transform, option, `has a source of ${source.length} characters`, `Give a pattern of 1 to ${MAX_SOURCE_LENGTH} characters.`);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, `${flags}g`);
  } catch (error) {
    throw new TransformOptionError(transform, option, `is not a valid regular expression (${error instanceof Error ? error.message : 'syntax error'})`, 'Fix the pattern syntax.');
  }
  const risk = backtrackingRisk(source);
  if (risk !== undefined) {
    throw new TransformOptionError(transform, option, `has ${risk}, which can take exponential time on hostile input`, 'Rewrite it without nesting quantifiers (e.g. "[a-z]+" instead of "([a-z]+)+") and without backreferences.');
  }
  if (new RegExp(source, flags).test('')) {
    throw new TransformOptionError(transform, option, 'matches the empty string', 'Make the pattern match at least one character (e.g. "+" instead of "*").');
  }
  return regex;
}

/**
 * Reads the pattern source once, tracking groups. A group holding an unbounded quantifier (`*`, `+`,
 * `{n,}`) must not be repeated at all, and a group holding a bounded one (`?`, `{n,m}`) must not be
 * repeated without bound: `(\d{1,3}\.){3}` passes, `(a+)+` and `([a-z]+\.)*` do not. Escapes and
 * character classes are skipped.
 */
export function backtrackingRisk(source: string): string | undefined {
  const inside: number[] = [];
  let inClass = false;
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (char === '\\') {
      const next = source[index + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && source[index + 2] === '<'))) return 'a backreference';
      index++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') {
      inClass = true;
    } else if (char === '(') {
      inside.push(NONE);
      index += groupPrefixLength(source, index + 1);
    } else if (char === ')') {
      const held = inside.pop() ?? NONE;
      const [repeat, length] = quantifierAt(source, index + 1);
      if ((held === UNBOUNDED && repeat !== NONE) || (held === BOUNDED && repeat === UNBOUNDED)) return 'a nested quantifier';
      if (inside.length > 0) inside[inside.length - 1] = Math.max(inside[inside.length - 1]!, held, repeat);
      index += length;
    } else {
      const [repeat, length] = quantifierAt(source, index);
      if (repeat !== NONE && inside.length > 0) inside[inside.length - 1] = Math.max(inside[inside.length - 1]!, repeat);
      index += Math.max(0, length - 1);
    }
  }
  return undefined;
}

const NONE = 0;
const BOUNDED = 1;
const UNBOUNDED = 2;

/** Length of `?:`, `?=`, `?!`, `?<=`, `?<!` or `?<name>` after an opening parenthesis. */
function groupPrefixLength(source: string, index: number): number {
  if (source[index] !== '?') return 0;
  const next = source[index + 1];
  if (next === ':' || next === '=' || next === '!') return 2;
  if (next === '<') {
    if (source[index + 2] === '=' || source[index + 2] === '!') return 3;
    const close = source.indexOf('>', index + 2);
    return close === -1 ? 2 : close - index + 1;
  }
  return 1;
}

/** The quantifier at `index` and its length (a lazy `?` suffix included): `*` `+` `{n,}` unbounded, `?` `{n,m}` bounded. */
function quantifierAt(source: string, index: number): [number, number] {
  const char = source[index];
  let kind = NONE;
  let length = 0;
  if (char === '*' || char === '+') {
    kind = UNBOUNDED;
    length = 1;
  } else if (char === '?') {
    kind = BOUNDED;
    length = 1;
  } else if (char === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(index, index + 24));
    if (match === null) return [NONE, 0];
    length = match[0].length;
    if (match[2] === undefined) kind = Number(match[1]) > 1 ? BOUNDED : NONE;
    else kind = match[3] === '' ? UNBOUNDED : Number(match[3]) > 1 ? BOUNDED : NONE;
  } else {
    return [NONE, 0];
  }
  if (source[index + length] === '?') length++;
  return [kind, length];
}
