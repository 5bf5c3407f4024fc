/**
 * Recall and precision of redactPii's detectors on the labeled set in test/fixtures/pii (see its README):
 * realistic log lines, JSON events and free text, with near misses. Prints the figures; fails below
 * recall 99% or precision 97%.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTOR_NAMES, findPii, type PiiSpan } from '../../../transforms/pii/piiDetectors.js';
import { redactPii } from '../../../transforms/pii/redactPii.js';
import { repoPath } from '../../helpers/fixtures.js';
import { testContext } from '../../helpers/transformContract.js';

interface Label {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}
interface LabeledCase {
  readonly file: string;
  readonly category: string;
  readonly text: string;
  readonly labels: readonly Label[];
}

const OPEN = '\u27ea';
const CLOSE = '\u27eb';

function loadCases(file: string): LabeledCase[] {
  const cases: LabeledCase[] = [];
  for (const line of readFileSync(repoPath(`test/fixtures/pii/${file}`), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    let rest = line.slice(tab + 1);
    let text = '';
    const labels: Label[] = [];
    for (;;) {
      const open = rest.indexOf(OPEN);
      if (open === -1) break;
      const close = rest.indexOf(CLOSE, open);
      const inner = rest.slice(open + 1, close);
      const colon = inner.indexOf(':');
      text += rest.slice(0, open);
      labels.push({ start: text.length, end: text.length + inner.length - colon - 1, type: inner.slice(0, colon) });
      text += inner.slice(colon + 1);
      rest = rest.slice(close + 1);
    }
    cases.push({ file, category: line.slice(0, tab), text: text + rest, labels });
  }
  return cases;
}

function covered(label: Label, spans: readonly PiiSpan[]): boolean {
  let position = label.start;
  for (const span of spans) if (span.start <= position && span.end > position) position = span.end;
  return position >= label.end;
}

const cases = [...loadCases('handwritten.txt'), ...loadCases('real-logs.txt')];
const allDetectors = { enabled: DETECTOR_NAMES.map(() => true), custom: [] };

describe('redactPii on the labeled set (test/fixtures/pii)', () => {
  it('loads every labeled case with well-formed labels', () => {
    // Assess
    expect(cases.length).toBeGreaterThan(350);
    for (const c of cases) {
      expect(c.text).not.toContain(OPEN);
      for (const label of c.labels) expect(DETECTOR_NAMES as readonly string[]).toContain(label.type);
    }
  });

  it('finds >= 99% of the labeled PII with >= 97% precision, and prints the figures', () => {
    // Prepare
    const byType = new Map<string, { labeled: number; found: number; detected: number; correct: number }>();
    const tally = (type: string) => {
      let entry = byType.get(type);
      if (entry === undefined) byType.set(type, (entry = { labeled: 0, found: 0, detected: 0, correct: 0 }));
      return entry;
    };
    const misses: string[] = [];
    const falsePositives: string[] = [];
    // Act
    for (const c of cases) {
      const spans = findPii(c.text, allDetectors);
      for (const label of c.labels) {
        const entry = tally(label.type);
        entry.labeled++;
        if (covered(label, spans)) entry.found++;
        else misses.push(`${c.category} ${label.type}: ${c.text.slice(label.start, label.end)}`);
      }
      for (const span of spans) {
        const entry = tally(DETECTOR_NAMES[span.detector]!);
        entry.detected++;
        if (c.labels.some((label) => label.start < span.end && span.start < label.end)) entry.correct++;
        else falsePositives.push(`${c.category} ${DETECTOR_NAMES[span.detector]}: ${c.text.slice(span.start, span.end)}`);
      }
    }
    const sum = (key: 'labeled' | 'found' | 'detected' | 'correct'): number => [...byType.values()].reduce((total, entry) => total + entry[key], 0);
    const recall = sum('found') / sum('labeled');
    const precision = sum('correct') / sum('detected');
    const rows = [...byType].sort(([a], [b]) => a.localeCompare(b)).map(([type, e]) => `  ${type.padEnd(15)} labeled ${String(e.labeled).padStart(4)}  found ${String(e.found).padStart(4)}  detected ${String(e.detected).padStart(4)}  correct ${String(e.correct).padStart(4)}`);
    console.log(
      [
        `redactPii labeled set: ${cases.length} cases, ${sum('labeled')} labeled values`,
        `  recall ${(recall * 100).toFixed(2)}% (${sum('found')}/${sum('labeled')}), precision ${(precision * 100).toFixed(2)}% (${sum('correct')}/${sum('detected')})`,
        ...rows,
        ...misses.map((miss) => `  missed: ${miss}`),
        ...falsePositives.map((fp) => `  false positive: ${fp}`),
      ].join('\n'),
    );
    // Assess
    expect(sum('labeled')).toBeGreaterThan(250);
    expect(recall).toBeGreaterThanOrEqual(0.99);
    expect(precision).toBeGreaterThanOrEqual(0.97);
  });

  it('leaves no labeled value in the output of the transform (default options, text and JSON records)', () => {
    // Prepare
    const redact = redactPii();
    for (const c of cases) {
      // Act
      const asText = redact(c.text, testContext);
      const asJson = redact({ line: c.text, category: c.category }, testContext);
      // Assess
      for (const label of c.labels) {
        const value = c.text.slice(label.start, label.end);
        expect(asText).not.toContain(value);
        expect(JSON.stringify(asJson)).not.toContain(JSON.stringify(value).slice(1, -1));
      }
    }
  });
});
