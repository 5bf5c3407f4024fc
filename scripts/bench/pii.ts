/**
 * Benchmark: how well redactPii's detectors find PII, on the labeled sets of test/fixtures/pii (see its
 * README for sources and the format). For each set: recall (labeled values wholly covered by detected
 * spans), the false-alarm rate (PII-free texts that redactPii changes at all) and precision (detected
 * spans that overlap a labeled value); the set generated after the last change to the detectors and
 * measured once, never seen while tuning, is the honest figure and carries the target (recall ≥ 99 %,
 * false alarms ≤ 2 %); the others are shown beside it, each marked with how it was used. A quality measure, not a
 * timing: redactPii's speed is in the `transforms` suite.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RecordContext } from '../../transforms/core/types.js';
import { DETECTOR_NAMES, findPii, type PiiSpan } from '../../transforms/pii/piiDetectors.js';
import { redactPii } from '../../transforms/pii/redactPii.js';
import { fmt } from './measure.js';
import type { BenchOptions, BenchReport } from './types.js';

export interface PiiLabel {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}
export interface LabeledPiiCase {
  readonly category: string;
  readonly text: string;
  readonly labels: readonly PiiLabel[];
}

const OPEN = '\u27ea';
const CLOSE = '\u27eb';

/** Reads `<category><TAB><text with ⟪type:value⟫ markers>` lines; `#` lines are comments. */
export function parseLabeledPii(content: string): LabeledPiiCase[] {
  const cases: LabeledPiiCase[] = [];
  for (const line of content.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    let rest = line.slice(tab + 1);
    let text = '';
    const labels: PiiLabel[] = [];
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
    cases.push({ category: line.slice(0, tab), text: text + rest, labels });
  }
  return cases;
}

const repoFile = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

export function loadLabeledPii(file: string): LabeledPiiCase[] {
  return parseLabeledPii(readFileSync(repoFile(`test/fixtures/pii/${file}`), 'utf8'));
}

/** True when the spans cover every character of the label. */
export function labelCovered(label: PiiLabel, spans: readonly PiiSpan[]): boolean {
  let position = label.start;
  for (const span of spans) if (span.start <= position && span.end > position) position = span.end;
  return position >= label.end;
}

export interface PiiQuality {
  readonly labeled: number;
  readonly found: number;
  readonly detected: number;
  readonly correct: number;
  /** PII-free texts (no label) and those of them that redactPii changed. */
  readonly clean: number;
  readonly changed: number;
  readonly byType: ReadonlyMap<string, { labeled: number; found: number }>;
  readonly misses: readonly string[];
  readonly falseAlarms: readonly string[];
}

const CONTEXT: RecordContext = {
  recordId: 'bench',
  arrivalTimestamp: 0,
  partitionKeys: {},
  source: { deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/bench', region: 'us-east-1', invocationId: 'bench' },
};

/** Scores the detectors (all enabled, default options) on labeled cases. */
export function measurePiiQuality(cases: readonly LabeledPiiCase[]): PiiQuality {
  const all = { enabled: DETECTOR_NAMES.map(() => true), custom: [] };
  const redact = redactPii();
  const byType = new Map<string, { labeled: number; found: number }>();
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  let labeled = 0;
  let found = 0;
  let detected = 0;
  let correct = 0;
  let clean = 0;
  let changed = 0;
  for (const c of cases) {
    const spans = findPii(c.text, all);
    for (const label of c.labels) {
      const entry = byType.get(label.type) ?? { labeled: 0, found: 0 };
      byType.set(label.type, entry);
      entry.labeled++;
      labeled++;
      if (labelCovered(label, spans)) {
        entry.found++;
        found++;
      } else {
        misses.push(`${label.type}: ${c.text.slice(label.start, label.end)}`);
      }
    }
    for (const span of spans) {
      detected++;
      if (c.labels.some((label) => label.start < span.end && span.start < label.end)) correct++;
    }
    if (c.labels.length === 0) {
      clean++;
      const out = redact(c.text, CONTEXT);
      if (out !== c.text) {
        changed++;
        falseAlarms.push(`${c.text} → ${typeof out === 'string' ? out : JSON.stringify(out)}`);
      }
    }
  }
  return { labeled, found, detected, correct, clean, changed, byType, misses, falseAlarms };
}

/**
 * The sets, in report order. `seen`: whether the detectors were changed after looking at the set's
 * misses (tuned on, or held out once and then seen); `judged`: the one set generated after the last
 * change to the detectors and measured once, on which the target is judged.
 */
export const PII_SETS = [
  { file: 'public-final-2.txt', seen: false, judged: true, note: 'held out, never seen: generated 2026-11-30 after the last change, measured once' },
  { file: 'public-final.txt', seen: true, judged: false, note: 'held out in issue 9, seen in round 2 (Troy cards, one false alarm)' },
  { file: 'public-heldout.txt', seen: true, judged: false, note: 'held out in issue 9, seen in round 2' },
  { file: 'public-tune.txt', seen: true, judged: false, note: 'tuned on' },
  { file: 'handwritten.txt', seen: true, judged: false, note: 'tuned on' },
  { file: 'real-logs.txt', seen: true, judged: false, note: 'tuned on' },
] as const;

export const PII_TARGET = { recall: 0.99, falseAlarmRate: 0.02 } as const;

/** Whether a set's figures reach the target: recall ≥ 99 % and at most 2 % of PII-free texts changed. */
export function piiTargetMet(quality: Pick<PiiQuality, 'labeled' | 'found' | 'clean' | 'changed'>): boolean {
  return quality.labeled > 0 && quality.clean > 0 && quality.found / quality.labeled >= PII_TARGET.recall && quality.changed / quality.clean <= PII_TARGET.falseAlarmRate;
}

const pct = (part: number, whole: number): string => (whole === 0 ? '–' : `${fmt((100 * part) / whole, 1)} %`);

export async function piiBench(_options: BenchOptions): Promise<BenchReport> {
  const sets = PII_SETS.map((set) => ({ ...set, cases: loadLabeledPii(set.file) }));
  const scored = sets.map((set) => ({ ...set, quality: measurePiiQuality(set.cases) }));
  // The target is judged on the set generated after the last change and measured once.
  const judged = scored.find((set) => set.judged)!;
  const judgedName = judged.file.replace('.txt', '');
  const heldOut = judged.quality;
  const targetMet = piiTargetMet(heldOut);
  const types = [...new Set(scored.flatMap((set) => [...set.quality.byType.keys()]))].sort();
  const markdown = [
    'Sets (test/fixtures/pii, sources in its README): the `public-*` sets are generated from public data (faker-js locale data, libphonenumber example numbers, card networks\' IIN ranges, SSA rules, the SWIFT IBAN formats) by the same generator with different seeds, the held-out ones with more locales, regions and one card network (Troy). In issue 9 the detectors were changed while looking at `public-tune`; `public-heldout` and `public-final` were held out, and in round 2 their misses were studied and fixed by kind (Troy cards by the major industry identifier 9, the tail of a Luhn-failing grouped card read as a phone), so they are *seen* now. `public-final-2` was generated (seed 83) after the last change to the detectors and measured once: the target is judged on it. `handwritten` and `real-logs` are the project\'s earlier sets (tuned on).',
    '',
    '| set | seen while tuning | cases | recall | PII-free texts changed | precision |',
    '|---|---|---:|---:|---:|---:|',
    ...scored.map(({ file, note, cases, quality: q }) => `| ${file.replace('.txt', '')} | ${note} | ${cases.length} | ${pct(q.found, q.labeled)} (${q.found}/${q.labeled}) | ${pct(q.changed, q.clean)} (${q.changed}/${q.clean}) | ${pct(q.correct, q.detected)} |`),
    '',
    'Recall by kind:',
    '',
    `| set | ${types.join(' | ')} |`,
    `|---|${types.map(() => '---:').join('|')}|`,
    ...scored.map(({ file, quality: q }) => `| ${file.replace('.txt', '')} | ${types.map((type) => { const e = q.byType.get(type); return e === undefined ? '–' : pct(e.found, e.labeled); }).join(' | ')} |`),
    '',
    'History (same scorer): before issue 9 (the detectors of commit 1e6ed20) public-heldout gave recall 75.8 % (455/600) and 19.0 % (57/300) PII-free texts changed; public-tune 79.5 % / 18.0 %. At the end of issue 9: public-heldout 98.0 % / 0.0 %, public-final (then never seen, measured once) 98.8 % / 0.3 % — the misses were 16-digit Troy cards (9792) in both and, in public-heldout, Spanish and Danish phone numbers without a phone word (written `9xx.xxx.xxx` and `xx xx xx xx`); public-final\'s false alarm was the last groups of an 18-digit card number failing Luhn read as a phone number.',
    '',
    ...scored.filter((set) => set.file !== 'public-tune.txt').flatMap(({ file, quality: q }) => [
      `Misses in ${file.replace('.txt', '')}: ${q.misses.length === 0 ? 'none' : q.misses.map((miss) => `\`${miss}\``).join(', ')}.`,
      `False alarms in ${file.replace('.txt', '')}: ${q.falseAlarms.length === 0 ? 'none' : q.falseAlarms.map((alarm) => `\`${alarm}\``).join(', ')}.`,
    ]),
    '',
    "redactPii's speed is measured against a floor by `npm run bench -- transforms`.",
    '',
    `${judgedName} (never seen while tuning) recall **${pct(heldOut.found, heldOut.labeled)}**, false alarms **${pct(heldOut.changed, heldOut.clean)}** (target recall ≥ ${PII_TARGET.recall * 100} %, false alarms ≤ ${PII_TARGET.falseAlarmRate * 100} %): ${targetMet ? 'met' : 'NOT met'}.`,
  ].join('\n');
  return { id: 'pii', title: 'PII detection quality: recall and false alarms on labeled sets', markdown, targetMet };
}
