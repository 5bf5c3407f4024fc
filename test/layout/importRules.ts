/**
 * The layout's import rules, checked on source text. `checkImportRules(root)` reads every source file
 * under `root` (tests excluded), finds its import and re-export statements, and reports each import that
 * breaks a rule, naming the file, the import and the rule. The README ("Layout and import rules") states
 * the same rules for people.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';

export type ImportRule = 'layer' | 'folder-cycle' | 'aws-sdk-outside-aws' | 'io-in-pure-folder' | 'internal-file';

export interface ImportViolation {
  readonly rule: ImportRule;
  /** The importing file, relative to the root. */
  readonly file: string;
  /** The import specifier as written. */
  readonly specifier: string;
  readonly message: string;
}

/** Top-level areas, lowest first. `entries` is blueprints/entries/, `root` the package entry point. */
type Area = 'limits' | 'transforms' | 'formats' | 'blueprints' | 'firehose' | 'aws' | 'testing' | 'deploy' | 'entries' | 'scripts' | 'root';

const SOURCE_FOLDERS = ['limits', 'transforms', 'formats', 'blueprints', 'firehose', 'aws', 'testing', 'deploy', 'scripts'] as const;

/** Which areas each area may import (its own included). formats may import transforms/core only (checked apart). */
const MAY_IMPORT: Readonly<Record<Area, readonly Area[]>> = {
  limits: ['limits'],
  transforms: ['transforms', 'limits'],
  formats: ['formats', 'transforms', 'limits'],
  blueprints: ['blueprints', 'transforms', 'formats', 'limits'],
  firehose: ['firehose', 'blueprints', 'transforms', 'formats', 'limits'],
  aws: ['aws', 'firehose', 'blueprints', 'transforms', 'formats', 'limits'],
  testing: ['testing', 'firehose', 'blueprints', 'transforms', 'formats', 'limits'],
  deploy: ['deploy', 'firehose', 'blueprints', 'transforms', 'formats', 'limits'],
  entries: ['entries', 'blueprints', 'aws', 'firehose', 'transforms', 'formats', 'limits'],
  scripts: ['scripts', 'root', 'entries', 'blueprints', 'aws', 'firehose', 'testing', 'deploy', 'transforms', 'formats', 'limits'],
  root: ['root', 'entries', 'blueprints', 'aws', 'firehose', 'testing', 'deploy', 'transforms', 'formats', 'limits'],
};

/** Folders that must stay free of I/O: pure transforms and formats, and the delivery and replay logic. */
const PURE_FOLDERS = ['transforms/', 'formats/', 'firehose/delivery/', 'firehose/replay/'];
const IO_MODULES = new Set(['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'dns', 'tls', 'readline', 'cluster']);

/** Composition roots wire internals on purpose and are exempt from the public-face rule. */
function isCompositionRoot(file: string): boolean {
  return file === 'index.ts' || file.startsWith('blueprints/entries/') || file.startsWith('scripts/') || file === 'transforms/catalog.ts';
}

function areaOf(file: string): Area | undefined {
  if (file === 'index.ts') return 'root';
  if (file.startsWith('blueprints/entries/')) return 'entries';
  const top = file.split('/')[0];
  return (SOURCE_FOLDERS as readonly string[]).includes(top ?? '') ? (top as Area) : undefined;
}

/** Every `.ts` source file under the root's source folders, plus the package entry point. */
export function listSourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(posix.join(root, dir)).sort()) {
      const path = posix.join(dir, entry);
      if (statSync(posix.join(root, path)).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const folder of SOURCE_FOLDERS) {
    try {
      if (statSync(posix.join(root, folder)).isDirectory()) walk(folder);
    } catch {
      // A tree may lack a folder (the fixture does).
    }
  }
  try {
    if (statSync(posix.join(root, 'index.ts')).isFile()) files.push('index.ts');
  } catch {
    // No entry point in this tree.
  }
  return files;
}

/**
 * The text of a file with comments removed and the contents of strings, template literals and regular
 * expressions blanked, except single- and double-quoted strings (import specifiers are such strings).
 * So an `import` inside a comment or a template literal (generated code) is not taken for a real one.
 */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  let lastSignificant = '';
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      lastSignificant = c;
      continue;
    }
    if (c === '`') {
      let j = i + 1;
      let depth = 0;
      while (j < text.length) {
        if (text[j] === '\\') j += 2;
        else if (depth === 0 && text[j] === '`') break;
        else if (text[j] === '$' && text[j + 1] === '{') {
          depth++;
          j += 2;
        } else if (depth > 0 && text[j] === '}') {
          depth--;
          j++;
        } else j++;
      }
      out += `\`${text.slice(i + 1, j).replace(/[^\n]/g, ' ')}\``;
      i = j + 1;
      lastSignificant = '`';
      continue;
    }
    if (c === '/' && (lastSignificant === '' || '(,=:[!&|?{};+-*%<>~^'.includes(lastSignificant))) {
      // A regular expression literal: skip to its closing slash (classes may hold an unescaped slash).
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n') {
        if (text[j] === '\\') j += 2;
        else if (text[j] === '[') (inClass = true), j++;
        else if (text[j] === ']') (inClass = false), j++;
        else if (text[j] === '/' && !inClass) break;
        else j++;
      }
      out += `/${' '.repeat(Math.max(0, j - i - 1))}/`;
      i = j + 1;
      lastSignificant = '/';
      continue;
    }
    out += c;
    if (!/\s/.test(c)) lastSignificant = c;
    i++;
  }
  return out;
}

const STATIC_IMPORT = /(?:^|[;\n}])\s*(?:import|export)\s+(?:type\s+)?(?:[\w$*{},\s]+?\s+from\s+)?(['"])([^'"\n]+)\1/g;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;

/** The module specifiers a source file imports or re-exports, in order of appearance. */
export function importsOf(text: string): string[] {
  const code = codeOnly(text);
  const found: { at: number; specifier: string }[] = [];
  for (const re of [STATIC_IMPORT, DYNAMIC_IMPORT]) {
    for (const match of code.matchAll(re)) found.push({ at: match.index ?? 0, specifier: match[2]! });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.specifier);
}

export function checkImportRules(root: string): ImportViolation[] {
  const files = listSourceFiles(root);
  const violations: ImportViolation[] = [];
  const folderEdges = new Map<string, Map<string, { file: string; specifier: string }>>();

  for (const file of files) {
    const area = areaOf(file);
    if (area === undefined) continue;
    const dir = posix.dirname(file);
    for (const specifier of importsOf(readFileSync(posix.join(root, file), 'utf8'))) {
      const add = (rule: ImportRule, message: string): void => {
        violations.push({ rule, file, specifier, message: `${file}: import '${specifier}' breaks the ${rule} rule: ${message}` });
      };
      if (specifier.startsWith('@aws-sdk/') && area !== 'aws') {
        add('aws-sdk-outside-aws', 'only aws/ may import the AWS SDK; define an interface in blueprints/ or firehose/ and implement it in aws/');
      }
      const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
      if (IO_MODULES.has(bare) && PURE_FOLDERS.some((folder) => file.startsWith(folder))) {
        add('io-in-pure-folder', `${PURE_FOLDERS.join(', ')} do no I/O; take bytes or a sink as a parameter and do the I/O in firehose/sources, firehose/sinks or scripts/`);
      }
      if (!specifier.startsWith('.')) continue;
      const target = posix.normalize(posix.join(dir, specifier.replace(/\.js$/, '.ts')));
      const targetArea = areaOf(target);
      if (targetArea === undefined) continue;
      if (!MAY_IMPORT[area].includes(targetArea)) {
        add('layer', `${area === 'root' ? 'the entry point' : `${area}/`} may import only ${MAY_IMPORT[area].filter((a) => a !== area).map((a) => (a === 'entries' ? 'blueprints/entries/' : a === 'root' ? 'index.ts' : `${a}/`)).join(', ') || 'nothing outside itself'}`);
      } else if (area === 'formats' && targetArea === 'transforms' && !target.startsWith('transforms/core/')) {
        add('layer', 'formats/ may import only transforms/core/ of the transforms');
      }
      const targetDir = posix.dirname(target);
      if (targetDir !== dir) {
        if (!isCompositionRoot(file) && posix.basename(target) !== 'index.ts') {
          add('internal-file', `import the folder's public face, '${posix.relative(dir, targetDir) || '.'}/index.js', not its internal file`);
        }
        const edges = folderEdges.get(dir) ?? new Map<string, { file: string; specifier: string }>();
        if (!edges.has(targetDir)) edges.set(targetDir, { file, specifier });
        folderEdges.set(dir, edges);
      }
    }
  }

  // Two folders that import each other (directly): a cycle between concerns.
  for (const [from, edges] of folderEdges) {
    for (const [to, where] of edges) {
      const back = folderEdges.get(to)?.get(from);
      if (back !== undefined && from < to) {
        violations.push({
          rule: 'folder-cycle',
          file: where.file,
          specifier: where.specifier,
          message: `${where.file}: import '${where.specifier}' breaks the folder-cycle rule: ${from}/ imports ${to}/ and ${to}/ imports ${from}/ (${back.file}); move what both need into the lower one`,
        });
      }
    }
  }
  return violations;
}
