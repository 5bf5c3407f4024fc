/**
 * Benchmark: field agreement of parseSyslog with third-party syslog implementations, on the test cases
 * those implementations ship (test/fixtures/syslog/*-cases.json: go-syslog's RFC 3164 and RFC 5424
 * machines, syslog-loose, logstash's grok patterns; provenance in that folder's README). For every case
 * the reference accepts, each field it states counts once: agreed when our value equals the reference's
 * (after the normalisation written next to each comparison), not agreed when it differs or when we
 * reject the line. Target: at least 97 % of all fields with the default options.
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isOutcome } from '../../transforms/core/outcome.js';
import type { RecordContext } from '../../transforms/core/types.js';
import { parseSyslog, type ParseSyslogOptions } from '../../transforms/logs/parseSyslog.js';
import { fmt } from './measure.js';
import type { BenchOptions, BenchReport } from './types.js';

export interface Agreement {
  readonly source: string;
  /** Cases the reference accepts / of those, lines we reject. */
  readonly accepted: number;
  readonly rejected: number;
  readonly fields: number;
  readonly agreed: number;
  /** `case: field (ours ≠ theirs)` for every field not agreed. */
  readonly differences: readonly string[];
}

export type Parsed = Record<string, unknown> | { failed: string };
export type SyslogParse = (input: string | Uint8Array, options: { timeZone?: string; arrival?: number }) => Parsed;

interface Tally { fields: number; agreed: number; accepted: number; rejected: number; differences: string[] }
const tally = (): Tally => ({ fields: 0, agreed: 0, accepted: 0, rejected: 0, differences: [] });
function compare(t: Tally, label: string, field: string, ours: unknown, theirs: unknown): void {
  t.fields++;
  if (JSON.stringify(ours) === JSON.stringify(theirs)) t.agreed++;
  else t.differences.push(`${label}: ${field} (${JSON.stringify(ours)?.slice(0, 60)} ≠ ${JSON.stringify(theirs)?.slice(0, 60)})`);
}
function done(source: string, t: Tally): Agreement {
  return { source, ...t };
}
/** Month, day and time of day of an ISO timestamp: what a BSD timestamp states. */
function bsdParts(iso: unknown): string | null {
  if (typeof iso !== 'string') return null;
  const d = new Date(iso);
  return `${d.getUTCMonth() + 1}-${d.getUTCDate()} ${iso.slice(11, 19)}`;
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function bsdText(text: string): string {
  const [month, day, time] = text.trim().split(/\s+/);
  return `${MONTHS.indexOf(month!) + 1}-${Number(day)} ${time!.slice(0, 8)}`;
}

interface GoCase { input: string | null; input_base64: string; valid: boolean; expected: Record<string, unknown> | null }

export function goSyslog3164(parse: SyslogParse, cases: readonly GoCase[]): Agreement {
  const t = tally();
  cases.forEach((c, index) => {
    const e = c.expected as { priority: number; facility: number; severity: number; timestamp: { value: string }; hostname?: string; appname?: string; procid?: string; message?: string };
    t.accepted++;
    const r = parse(Buffer.from(c.input_base64, 'base64'), {});
    const fields: [string, unknown, (r: Record<string, unknown>) => unknown][] = [
      ['priority', e.priority, (r) => r.priority], ['facility', e.facility, (r) => r.facilityCode], ['severity', e.severity, (r) => r.severityCode],
      ['timestamp', bsdText(e.timestamp.value), (r) => bsdParts(r.timestamp)], ['hostname', e.hostname ?? null, (r) => r.hostname],
      ['appname', e.appname ?? null, (r) => r.appName], ['procid', e.procid ?? null, (r) => r.procId], ['message', e.message ?? null, (r) => r.message],
    ];
    if ('failed' in r) t.rejected++;
    for (const [name, theirs, ours] of fields) compare(t, `#${index}`, name, 'failed' in r ? undefined : ours(r), theirs);
  });
  return done('go-syslog RFC 3164', t);
}

const unescapeParamValue = (text: string): string => text.replace(/\\(["\\\]])/g, '$1');

export function goSyslog5424(parse: SyslogParse, cases: readonly GoCase[]): Agreement {
  const t = tally();
  cases.filter((c) => c.valid).forEach((c, index) => {
    const e = c.expected ?? {};
    t.accepted++;
    const r = parse(Buffer.from(c.input_base64, 'base64'), {});
    if ('failed' in r) t.rejected++;
    const ok = 'failed' in r ? undefined : r;
    const pairs: [string, string][] = [['version', 'version'], ['priority', 'priority'], ['facility', 'facilityCode'], ['severity', 'severityCode'], ['hostname', 'hostname'], ['appname', 'appName'], ['procid', 'procId'], ['msgid', 'msgId']];
    for (const [theirs, ours] of pairs) if (theirs in e) compare(t, `#${index}`, theirs, ok?.[ours], e[theirs]);
    if ('timestamp' in e) compare(t, `#${index}`, 'timestamp', ok === undefined ? undefined : Date.parse(ok.timestamp as string), Date.parse(e.timestamp as string));
    if ('structuredData' in e) {
      const sd = e.structuredData as Record<string, Record<string, string>>;
      const want = Object.fromEntries(Object.entries(sd).map(([id, params]) => [id, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, unescapeParamValue(v)]))]));
      compare(t, `#${index}`, 'structuredData', ok?.structuredData, want);
    }
    if ('message' in e) {
      const message = e.message as string | { base64: string };
      if (typeof message === 'string') compare(t, `#${index}`, 'message', ok?.message, message.replace(/^\ufeff/, ''));
      else compare(t, `#${index}`, 'message', ok === undefined ? undefined : Buffer.from(ok.message as string, 'latin1').toString('base64'), message.base64);
    }
  });
  return done('go-syslog RFC 5424', t);
}

interface LooseCase {
  test: string;
  inputs: Record<string, string | null>;
  expected_error?: boolean;
  expected?: null | { facility: string | null; severity: string | null; timestamp: null | { value: string }; hostname: string | null; appname: string | null; procid: number | string | null; msgid: string | null; structured_data: { id: string; params: [string, string][] }[]; msg: string };
  tz?: string;
}

export function syslogLoose(parse: SyslogParse, cases: readonly LooseCase[]): Agreement {
  const t = tally();
  // Arriving in mid-January 2020 gives the years syslog-loose's tests use (2019 for December, 2020 otherwise).
  const arrival = Date.parse('2020-01-15T00:00:00Z');
  for (const c of cases) {
    const input = c.inputs.msg ?? c.inputs.raw;
    if (c.expected == null || input == null) continue;
    t.accepted++;
    const timeZone = c.tz === 'chrono_tz::Europe::Paris' ? 'Europe/Paris' : c.tz?.includes('+05:00') === true ? '+05:00' : 'UTC';
    const r = parse(input, { timeZone, arrival });
    if ('failed' in r) t.rejected++;
    const ok = 'failed' in r ? undefined : r;
    const e = c.expected;
    compare(t, c.test, 'facility', ok?.facility, e.facility);
    compare(t, c.test, 'severity', ok?.severity, e.severity);
    compare(t, c.test, 'hostname', ok?.hostname, e.hostname);
    compare(t, c.test, 'appname', ok?.appName, e.appname);
    compare(t, c.test, 'procid', ok?.procId, e.procid === null ? null : String(e.procid));
    compare(t, c.test, 'msgid', ok?.msgId, e.msgid);
    compare(t, c.test, 'structuredData', ok?.structuredData, e.structured_data.length === 0 ? null : Object.fromEntries(e.structured_data.map((el) => [el.id, Object.fromEntries(el.params)])));
    compare(t, c.test, 'message', ok?.message, e.msg);
    const stamp = e.timestamp?.value;
    let want: number | null;
    if (stamp === undefined) want = null;
    else if (stamp.includes('(local time zone of the parser)')) want = Date.parse(`${stamp.slice(0, 19)}Z`);
    else if (stamp.includes('(in the tz given to the parser)')) want = Date.parse(`${stamp.slice(0, 19)}+05:00`);
    else want = Date.parse(stamp);
    compare(t, c.test, 'timestamp', ok === undefined ? undefined : ok.timestamp === null ? null : Date.parse(ok.timestamp as string), want);
  }
  return done('syslog-loose', t);
}

interface LogstashCase { pattern: string; case: string; input: string; expected_includes?: Record<string, string>; expected_absent?: string[]; note?: string }
/** Grok field → our field; `timestamp` compares month, day and time of day. */
const LOGSTASH_FIELDS: Record<string, string> = {
  logsource: 'hostname', program: 'appName', pid: 'procId', message: 'message', timestamp: 'timestamp',
  syslog5424_pri: 'priority', syslog5424_host: 'hostname', syslog5424_app: 'appName', syslog5424_ver: 'version', syslog5424_proc: 'procId', syslog5424_ts: 'timestamp', syslog5424_msg: 'message', syslog5424_msgid: 'msgId',
};

export function logstashPatterns(parse: SyslogParse, cases: readonly LogstashCase[]): Agreement {
  const t = tally();
  for (const c of cases) {
    // Grok patterns that parse the message further (PAM, cron) state syslog fields too; those are compared.
    // CRONLOG's `message` is the cron command, a part of the syslog MSG: not compared.
    const expected = Object.entries(c.expected_includes ?? {}).filter(([key]) => key in LOGSTASH_FIELDS && !(c.pattern === 'CRONLOG' && key === 'message'));
    if (c.note?.startsWith('legacy mode: parse failure expected') === true || expected.length === 0) continue;
    t.accepted++;
    const r = parse(c.input, {});
    if ('failed' in r) t.rejected++;
    const ok = 'failed' in r ? undefined : r;
    for (const [key, theirs] of expected) {
      const field = LOGSTASH_FIELDS[key]!;
      if (key === 'timestamp') compare(t, c.case, key, bsdParts(ok?.timestamp), bsdText(theirs));
      else if (key === 'syslog5424_ts') compare(t, c.case, key, ok === undefined ? undefined : Date.parse(ok.timestamp as string), Date.parse(theirs.replace(/:60([-+Z])/, ':59$1')) + (theirs.includes(':60') ? 1000 : 0));
      else if (key === 'syslog5424_pri' || key === 'syslog5424_ver') compare(t, c.case, key, ok?.[field], Number(theirs));
      else if (key === 'syslog5424_msg' || key === 'message') compare(t, c.case, key, typeof ok?.[field] === 'string' ? (ok[field] as string).trim() : ok?.[field], theirs.trim());
      else compare(t, c.case, key, ok?.[field], theirs);
    }
  }
  return done('logstash-patterns-core', t);
}

const repoFile = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const fixture = <T>(name: string): T => JSON.parse(readFileSync(repoFile(`test/fixtures/syslog/${name}`), 'utf8')) as T;

/** parseSyslog with `options` (plus the case's time zone) as a SyslogParse; records arrive at `arrival`. */
export function syslogParseWith(options: ParseSyslogOptions): SyslogParse {
  const parsers = new Map<string, ReturnType<typeof parseSyslog>>();
  return (input, { timeZone = 'UTC', arrival = Date.parse('2023-11-14T22:13:20Z') }) => {
    let parse = parsers.get(timeZone);
    if (parse === undefined) parsers.set(timeZone, (parse = parseSyslog({ ...options, timeZone })));
    const ctx: RecordContext = { recordId: 'agreement', arrivalTimestamp: arrival, partitionKeys: {}, source: { deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/agreement', region: 'us-east-1', invocationId: 'agreement' } };
    const out = parse(input, ctx);
    if (isOutcome(out)) return { failed: 'error' in out ? out.error.message : 'not parsed' };
    return out;
  };
}

/** Agreement on every reference set of test/fixtures/syslog. */
export function syslogAgreement(options: ParseSyslogOptions = {}): Agreement[] {
  const parse = syslogParseWith(options);
  return [
    goSyslog3164(parse, fixture('go-syslog-rfc3164-cases.json')),
    goSyslog5424(parse, fixture('go-syslog-rfc5424-cases.json')),
    syslogLoose(parse, fixture('syslog-loose-cases.json')),
    logstashPatterns(parse, fixture('logstash-patterns-syslog-cases.json')),
  ];
}

export const SYSLOG_AGREEMENT_TARGET = 0.97;

const share = (agreed: number, fields: number): string => `${fmt((100 * agreed) / fields, 1)} %`;

export async function syslogAgreementBench(_options: BenchOptions): Promise<BenchReport> {
  const variants = [
    { name: 'default', options: {} },
    { name: "unparsed: 'keep'", options: { unparsed: 'keep' } },
    { name: 'strict: true (before issue 9)', options: { strict: true } },
  ] as const;
  const results = variants.map((variant) => ({ ...variant, sets: syslogAgreement(variant.options) }));
  const total = (sets: readonly Agreement[]): { agreed: number; fields: number } => ({ agreed: sets.reduce((sum, s) => sum + s.agreed, 0), fields: sets.reduce((sum, s) => sum + s.fields, 0) });
  const sources = results[0]!.sets.map((set) => set.source);
  const byDefault = total(results[0]!.sets);
  const ratio = byDefault.agreed / byDefault.fields;
  const markdown = [
    'Reference cases: the test cases of go-syslog (RFC 3164 and the 64 valid RFC 5424 cases), syslog-loose and logstash-patterns-core (test/fixtures/syslog, provenance in its README). A field counts as agreed when our value equals the reference\'s; a line we reject disagrees on every field the case states. `strict: true` reads as parseSyslog did before issue 9. The parser was changed while looking at these cases, so they measure agreement on known cases, not on unseen ones.',
    '',
    `| options | ${sources.join(' | ')} | all | lines rejected |`,
    `|---|${sources.map(() => '---:').join('|')}|---:|---:|`,
    ...results.map(({ name, sets }) => {
      const all = total(sets);
      return `| ${name} | ${sets.map((s) => `${share(s.agreed, s.fields)} (${s.agreed}/${s.fields})`).join(' | ')} | ${share(all.agreed, all.fields)} | ${sets.reduce((sum, s) => sum + s.rejected, 0)} of ${sets.reduce((sum, s) => sum + s.accepted, 0)} |`;
    }),
    '',
    `Fields not agreed by default: ${results[0]!.sets.flatMap((s) => s.differences.map((d) => `${s.source} ${d}`)).map((d) => `\`${d}\``).join(', ') || 'none'}.`,
    '',
    'A check on cases outside these sets (one-off, 2026-11-30, not repeated by this command): the 22 distinct lines of fluentd\'s `test/plugin/test_parser_syslog.rb` (fluent/fluentd@026c0d7, 103 stated fields; transcribed outside the repository, not committed as it was not in the shared corpus) gave 87.4 % by default at first, which showed that `[error] …` at the start of a BSD message was taken for structured data; after that fix 95.1 %, against 90.3 % with `strict: true`. The fields still not agreed: `Use the BFG!` (fluentd takes `Use` as the program by default and calls that result wrong in its own test), fluentd\'s RFC 5424 variant without PRI and VERSION, and a repeated SD-ID (fluentd keeps the raw text of both elements, we keep the first).',
    '',
    `Default field agreement **${share(byDefault.agreed, byDefault.fields)}** (target ≥ ${SYSLOG_AGREEMENT_TARGET * 100} %): ${ratio >= SYSLOG_AGREEMENT_TARGET ? 'met' : 'NOT met'}.`,
  ].join('\n');
  return { id: 'syslog-agreement', title: 'Syslog field agreement with reference implementations', markdown, targetMet: ratio >= SYSLOG_AGREEMENT_TARGET };
}
