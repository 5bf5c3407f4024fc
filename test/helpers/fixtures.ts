import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file under the repo, from a repo-relative path. */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

/** Reads a JSON fixture, tolerating a UTF-8 byte-order mark (some AWS samples start with one). */
export function readJsonFixture<T>(relative: string): T {
  const text = readFileSync(repoPath(relative), 'utf8');
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as T;
}
