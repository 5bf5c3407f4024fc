/**
 * The part of jq that Firehose's inline parsing for dynamic partitioning is used with
 * (`MetadataExtractionQuery`, jq 1.6; developer guide "Understand partitioning keys"): an object
 * construction whose values are paths, such as `{customer_id: .customer_id, device: .type.device}`.
 * Paths: `.`, `.name`, `."any name"`, `.["any name"]`, `.[index]`, chained, each step optionally `?`.
 * Anything else (pipes, functions, arithmetic…) is refused with a message that names what is supported.
 * Evaluation follows jq: indexing null gives null; indexing a value of the wrong type is an error.
 */

import { FirehoseKitError } from '../../transforms/core/index.js';
import { LosslessNumber, type JsonInput } from '../../formats/serde/index.js';

/** A `--partition-query` outside the jq subset firehose-kit evaluates. */
export class JqQueryError extends FirehoseKitError {}

/** A JSON value as `readJsonValues` produces it (exact numbers kept as LosslessNumber). */
export type JqValue = JsonInput;

type Step = { readonly key: string; readonly optional: boolean } | { readonly index: number; readonly optional: boolean };

export interface CompiledJqQuery {
  readonly source: string;
  /** The keys the query constructs, in order. */
  readonly keys: readonly string[];
  /** Evaluates the query on one record: the partition keys as strings, or a reason it has none. */
  evaluate(input: JqValue): { readonly keys: Readonly<Record<string, string>> } | { readonly error: string };
}

const SUPPORTED = 'firehose-kit supports an object of paths, e.g. {customer_id: .customer_id, device: .type.device} (paths: .a, ."a b", .["a b"], .[0], chained, with optional ?)';

class Parser {
  private i = 0;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.i];
  }

  private fail(what: string): never {
    throw new JqQueryError(`--partition-query: ${what} at character ${this.i + 1}; ${SUPPORTED}`);
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) this.fail(`expected '${ch}'`);
    this.i++;
  }

  parseQuery(): { keys: string[]; paths: Step[][] } {
    this.expect('{');
    const keys: string[] = [];
    const paths: Step[][] = [];
    if (this.peek() === '}') this.fail('the object constructs no keys');
    for (;;) {
      const key = this.peek() === '"' ? this.parseString() : this.parseIdentifier();
      if (keys.includes(key)) this.fail(`the key '${key}' appears twice`);
      keys.push(key);
      if (this.peek() === ':') {
        this.i++;
        paths.push(this.parsePath());
      } else {
        // `{key}` is jq's shorthand for `{key: .key}`.
        paths.push([{ key, optional: false }]);
      }
      const next = this.peek();
      if (next === ',') {
        this.i++;
        continue;
      }
      if (next === '}') {
        this.i++;
        break;
      }
      this.fail(next === '|' ? "a pipe '|' is not supported" : `unexpected '${next ?? 'end of query'}'`);
    }
    if (this.peek() !== undefined) this.fail('text after the object');
    return { keys, paths };
  }

  private parseIdentifier(): string {
    this.skipSpace();
    const match = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(this.text.slice(this.i));
    if (match === null) this.fail('expected a key name');
    this.i += match[0].length;
    return match[0];
  }

  private parseString(): string {
    this.skipSpace();
    const start = this.i;
    if (this.text[this.i] !== '"') this.fail('expected a string');
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') {
      if (this.text[this.i] === '\\') {
        if (this.text[this.i + 1] === '(') this.fail('string interpolation is not supported');
        this.i++;
      }
      this.i++;
    }
    if (this.i >= this.text.length) this.fail('unterminated string');
    this.i++;
    const raw = this.text.slice(start, this.i);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return this.fail('invalid string');
    }
  }

  private parsePath(): Step[] {
    if (this.peek() !== '.') this.fail('each value must be a path starting with .');
    const steps: Step[] = [];
    this.i++;
    // `.` alone is the identity; `.name`, `."name"` and `.[…]` are the first step.
    let first = true;
    for (;;) {
      const ch = this.text[this.i];
      if (first && ch !== undefined && /[a-zA-Z_]/.test(ch)) {
        steps.push({ key: this.parseIdentifier(), optional: this.optional() });
      } else if (first && ch === '"') {
        steps.push({ key: this.parseString(), optional: this.optional() });
      } else if (ch === '[') {
        this.i++;
        const inner = this.peek();
        if (inner === '"') {
          const key = this.parseString();
          this.expect(']');
          steps.push({ key, optional: this.optional() });
        } else {
          this.skipSpace();
          const match = /^-?[0-9]+/.exec(this.text.slice(this.i));
          if (match === null) this.fail(inner === ']' ? "iteration '.[]' is not supported" : 'slices and computed indexes are not supported');
          this.i += match[0].length;
          this.expect(']');
          steps.push({ index: Number(match[0]), optional: this.optional() });
        }
      } else if (ch === '.' && !first) {
        this.i++;
        const after = this.text[this.i];
        if (after === '"') steps.push({ key: this.parseString(), optional: this.optional() });
        else if (after === '[') continue;
        else steps.push({ key: this.parseIdentifier(), optional: this.optional() });
      } else {
        break;
      }
      first = false;
    }
    return steps;
  }

  private optional(): boolean {
    if (this.text[this.i] === '?') {
      this.i++;
      return true;
    }
    return false;
  }
}

function typeName(value: JqValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof LosslessNumber) return 'number';
  return typeof value;
}

function step(value: JqValue, s: Step): { value: JqValue } | { error: string } {
  if (value === null) return { value: null };
  if ('key' in s) {
    if (typeName(value) === 'object') {
      const object = value as { readonly [key: string]: JqValue };
      return { value: Object.hasOwn(object, s.key) ? object[s.key]! : null };
    }
    return s.optional ? { value: null } : { error: `Cannot index ${typeName(value)} with "${s.key}"` };
  }
  if (Array.isArray(value)) {
    const array = value as readonly JqValue[];
    const index = s.index < 0 ? array.length + s.index : s.index;
    return { value: index >= 0 && index < array.length ? array[index]! : null };
  }
  return s.optional ? { value: null } : { error: `Cannot index ${typeName(value)} with number` };
}

/** Compiles a `--partition-query` (Firehose's MetadataExtractionQuery) once. */
export function compileJqQuery(source: string): CompiledJqQuery {
  const { keys, paths } = new Parser(source).parseQuery();
  return {
    source,
    keys,
    evaluate(input) {
      const out: Record<string, string> = Object.create(null) as Record<string, string>;
      for (let k = 0; k < keys.length; k++) {
        let value: JqValue = input;
        for (const s of paths[k]!) {
          const next = step(value, s);
          if ('error' in next) return { error: `partition key '${keys[k]}': ${next.error}` };
          value = next.value;
        }
        const text = keyText(value);
        if (text === undefined) return { error: `partition key '${keys[k]}' is ${typeName(value)}; a key must be a string, number or boolean` };
        out[keys[k]!] = text;
      }
      return { keys: out };
    },
  };
}

/** A key's text: strings as they are, numbers and booleans as JSON text; null, arrays and objects: none. */
function keyText(value: JqValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof LosslessNumber) return value.text;
  return undefined;
}
