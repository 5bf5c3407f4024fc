/**
 * Glob patterns among the input files (`'logs/2025-01-*.jsonl.gz'`, `'day/**\/*.log'`), expanded here so that a
 * quoted pattern works as it does unquoted in a shell, and on every platform. `*` and `?` match within one path
 * segment, `**` any number of segments; matches are sorted, so a replay reads them in the same order every time.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputFileError } from './errors.js';

const GLOB_CHARS = /[*?[]/;

/** True when the argument is a pattern rather than a path. */
export function isInputPattern(path: string): boolean {
  return path !== '-' && GLOB_CHARS.test(path);
}

/** A path segment's pattern as a regular expression: `*` → any characters but `/`, `?` → one, `[…]` as written. */
function segmentRegex(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        source += `[${segment.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

async function entries(dir: string): Promise<{ name: string; directory: boolean }[]> {
  try {
    return (await readdir(dir === '' ? '.' : dir, { withFileTypes: true })).map((e) => ({ name: e.name, directory: e.isDirectory() }));
  } catch {
    return [];
  }
}

async function expand(base: string, segments: readonly string[], out: Set<string>): Promise<void> {
  if (segments.length === 0) {
    out.add(base);
    return;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === '**') {
    await expand(base, rest, out);
    for (const entry of await entries(base)) if (entry.directory && !entry.name.startsWith('.')) await expand(join(base, entry.name), segments, out);
    return;
  }
  if (!GLOB_CHARS.test(head)) {
    await expand(base === '' ? head : join(base, head), rest, out);
    return;
  }
  const regex = segmentRegex(head);
  for (const entry of await entries(base)) {
    // A leading dot is matched only by a pattern that starts with one, as in shells.
    if (entry.name.startsWith('.') && !head.startsWith('.')) continue;
    if (!regex.test(entry.name)) continue;
    if (rest.length > 0 && !entry.directory) continue;
    await expand(base === '' ? entry.name : join(base, entry.name), rest, out);
  }
}

/** The input arguments with each pattern replaced by the files it matches (sorted); a pattern matching none is an error. */
export async function expandInputPatterns(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    if (!isInputPattern(path)) {
      out.push(path);
      continue;
    }
    const absolute = path.startsWith('/');
    const found = new Set<string>();
    await expand(absolute ? '/' : '', path.split('/').filter((s) => s !== ''), found);
    const files = [...found].sort();
    if (files.length === 0) throw new InputFileError(`the pattern ${path} matches no file; check it, or quote it only when the shell should not expand it`);
    out.push(...files);
  }
  return out;
}
