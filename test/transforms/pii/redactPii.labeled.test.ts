/**
 * Recall and precision of redactPii's detectors on the labeled sets in test/fixtures/pii (see its README):
 * realistic log lines, JSON events and free text, with near misses. Prints the figures; fails below
 * recall 99% or precision 97% on the project's own sets, and below the floors given for the public sets
 * (`npm run bench -- pii` reports all of them).
 */
import { describe, expect, it } from 'vitest';
import { DETECTOR_NAMES, findPii } from '../../../transforms/pii/piiDetectors.js';
import { redactPii } from '../../../transforms/pii/redactPii.js';
import { labelCovered as covered, loadLabeledPii, measurePiiQuality, parseLabeledPii, PII_SETS, piiBench, piiTargetMet } from '../../../scripts/bench/pii.js';
import { testContext } from '../../helpers/transformContract.js';

const loadCases = (file: string) => loadLabeledPii(file).map((c) => ({ ...c, file }));
const cases = [...loadCases('handwritten.txt'), ...loadCases('real-logs.txt')];
const allDetectors = { enabled: DETECTOR_NAMES.map(() => true), custom: [] };

describe('redactPii on the labeled set (test/fixtures/pii)', () => {
  it('loads every labeled case with well-formed labels', () => {
    // Assess
    expect(cases.length).toBeGreaterThan(350);
    for (const c of cases) {
      expect(c.text).not.toContain('\u27ea');
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

describe('redactPii on the public labeled sets (test/fixtures/pii/public-*.txt)', () => {
  it('reads the label format: markers removed, spans where the values are', () => {
    // Act
    const [c] = parseLabeledPii('phone\tcall \u27eaphone:+1 303 555 0142\u27eb now, \u27eaemail:a@example.org\u27eb\n# comment\n');
    // Assess
    expect(c).toEqual({ category: 'phone', text: 'call +1 303 555 0142 now, a@example.org', labels: [{ start: 5, end: 20, type: 'phone' }, { start: 26, end: 39, type: 'email' }] });
  });

  it.each([
    // The set the detectors were tuned on must stay at the target.
    ['public-tune.txt', 0.99, 0.02],
    // Sets held out in issue 9 and seen in round 2 (their misses were fixed by kind): now at 99.5 % and 100 %.
    ['public-heldout.txt', 0.99, 0.02],
    ['public-final.txt', 0.99, 0.02],
    // The set generated after the last change and measured once (99.7 %, 0 of 300 changed): a floor just
    // under that figure, so that a change that loses recall there is seen. Do not tune on its misses.
    ['public-final-2.txt', 0.99, 0.02],
  ])('%s: recall >= %d, PII-free texts changed <= %d', (file, minRecall, maxFalseAlarms) => {
    // Prepare
    const labeled = loadLabeledPii(file);
    // Act
    const q = measurePiiQuality(labeled);
    // Assess
    expect(labeled.length).toBeGreaterThan(800);
    expect(q.clean).toBeGreaterThanOrEqual(300);
    expect(q.found / q.labeled).toBeGreaterThanOrEqual(minRecall);
    expect(q.changed / q.clean).toBeLessThanOrEqual(maxFalseAlarms);
  });

  it('judges the target on the one set never seen while tuning, and the verdict follows its figures', async () => {
    // Prepare
    const judged = PII_SETS.filter((set) => set.judged);
    const q = measurePiiQuality(loadLabeledPii(judged[0]!.file));
    // Act
    const report = await piiBench({ runs: 5, quick: true });
    // Assess
    expect(judged).toHaveLength(1);
    expect(judged[0]!.seen).toBe(false);
    expect(report.targetMet).toBe(piiTargetMet(q));
    expect(report.markdown).toContain(`${judged[0]!.file.replace('.txt', '')} (never seen while tuning) recall`);
    expect(piiTargetMet({ labeled: 600, found: 594, clean: 300, changed: 6 })).toBe(true);
    expect(piiTargetMet({ labeled: 600, found: 593, clean: 300, changed: 0 })).toBe(false);
    expect(piiTargetMet({ labeled: 600, found: 600, clean: 300, changed: 7 })).toBe(false);
    expect(piiTargetMet({ labeled: 0, found: 0, clean: 300, changed: 0 })).toBe(false);
  });

  it('counts a value as found only when the spans cover all of it', () => {
    // Prepare
    const label = { start: 2, end: 8, type: 'phone' };
    // Act / Assess
    expect(covered(label, [{ start: 0, end: 5, detector: 1 }, { start: 5, end: 8, detector: 1 }])).toBe(true);
    expect(covered(label, [{ start: 2, end: 7, detector: 1 }])).toBe(false);
    expect(covered(label, [{ start: 3, end: 8, detector: 1 }])).toBe(false);
  });
});
