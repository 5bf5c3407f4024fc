/**
 * A small HCL writer for Terraform configurations: a document is a list of blocks; a block body is an
 * ordered list of attributes and nested blocks. Output is laid out as `terraform fmt` lays it out (two-space
 * indent, `=` aligned within a run of attributes, a blank line around nested blocks), so `terraform fmt
 * -check` passes on it. Values are literals (escaped), references and templates (written as given).
 * Syntax per the HCL native syntax specification (hashicorp/hcl, hclsyntax/spec.md).
 */

/** An HCL expression. Strings are literals (escaped); `raw` is written as it is (references, calls). */
export type HclValue = string | number | boolean | { readonly raw: string } | readonly HclValue[] | { readonly [key: string]: HclValue };

export interface HclBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: readonly HclEntry[];
}

export type HclEntry = { readonly attribute: string; readonly value: HclValue } | { readonly block: HclBlock };

/** A reference or function call, written as it is: `ref('aws_s3_bucket.data.arn')`. */
export const raw = (text: string): { readonly raw: string } => ({ raw: text });

/** A template string whose `${…}` parts are interpolations; other text is escaped. */
export function template(text: string): { readonly raw: string } {
  return raw(`"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/%\{/g, '%%{')}"`);
}

export const attribute = (name: string, value: HclValue): HclEntry => ({ attribute: name, value });
export const block = (type: string, labels: readonly string[], body: readonly HclEntry[]): HclBlock => ({ type, labels, body });
export const nested = (type: string, body: readonly HclEntry[]): HclEntry => ({ block: { type, labels: [], body } });

function isRaw(value: HclValue): value is { readonly raw: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { raw?: unknown }).raw === 'string';
}

/** A string literal: `"`, `\`, control characters, and the template introducers `${` and `%{` escaped. */
export function quote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out.replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{')}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An expression on one line, as it appears after `=`. */
export function inline(value: HclValue): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isRaw(value)) return value.raw;
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const entries = Object.entries(value as Record<string, HclValue>);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([key, item]) => `${IDENTIFIER.test(key) ? key : quote(key)} = ${inline(item)}`).join(', ')} }`;
}

function renderBody(body: readonly HclEntry[], depth: number): string[] {
  const indent = '  '.repeat(depth);
  const lines: string[] = [];
  let run: { name: string; value: string }[] = [];
  const flush = (): void => {
    const width = Math.max(0, ...run.map((item) => item.name.length));
    for (const item of run) lines.push(`${indent}${item.name.padEnd(width)} = ${item.value}`);
    run = [];
  };
  for (const entry of body) {
    if ('attribute' in entry) {
      run.push({ name: entry.attribute, value: inline(entry.value) });
      continue;
    }
    flush();
    if (lines.length > 0) lines.push('');
    lines.push(...renderBlock(entry.block, depth));
    // The next attribute starts a new run after a blank line.
    lines.push('');
  }
  flush();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function renderBlock(value: HclBlock, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const head = [value.type, ...value.labels.map(quote)].join(' ');
  if (value.body.length === 0) return [`${indent}${head} {`, `${indent}}`];
  return [`${indent}${head} {`, ...renderBody(value.body, depth + 1), `${indent}}`];
}

/** The configuration's text: blocks separated by one blank line, ending with a newline. */
export function renderHcl(blocks: readonly HclBlock[]): string {
  return `${blocks.map((b) => renderBlock(b, 0).join('\n')).join('\n\n')}\n`;
}
