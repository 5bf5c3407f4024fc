/**
 * Round trips: generate the fields of a syslog message, write the line as RFC 5424 (§6) or as a BSD
 * (RFC 3164) sender does, parse it, and get the fields back.
 */
import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { isOutcome } from '../../../transforms/core/outcome.js';
import { parseSyslog } from '../../../transforms/logs/parseSyslog.js';
import type { JsonObject, JsonValue } from '../../../transforms/core/types.js';
import { testContext } from '../../helpers/transformContract.js';

const FACILITIES = ['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'];
const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => String(n).padStart(2, '0');
const offsetText = (minutes: number): string => `${minutes < 0 ? '-' : '+'}${pad2(Math.floor(Math.abs(minutes) / 60))}:${pad2(Math.abs(minutes) % 60)}`;
const priorityFields = (pri: number | null): Record<string, JsonValue> => ({
  priority: pri,
  facility: pri === null ? null : FACILITIES[pri >> 3]!,
  facilityCode: pri === null ? null : pri >> 3,
  severity: pri === null ? null : SEVERITIES[pri & 7]!,
  severityCode: pri === null ? null : pri & 7,
});

function parsed(result: unknown): JsonObject {
  if (isOutcome(result)) throw new Error(`the line did not parse: ${'error' in result ? result.error.message : 'dropped'}`);
  return result as JsonObject;
}

/** PRINTUSASCII (%d33-126), 1 to `max` characters, never the NILVALUE "-". */
const printUsAscii = (max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 33, max: 126 }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: max }).filter((text) => text !== '-');
/** SD-NAME: PRINTUSASCII except '=', SP, ']', '"'; names that could pollute prototypes are refused by the parser. */
const sdName = fc
  .string({ unit: fc.integer({ min: 33, max: 126 }).filter((c) => c !== 0x3d && c !== 0x5d && c !== 0x22).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 32 })
  .filter((name) => !['__proto__', 'constructor', 'prototype'].includes(name));
const unicodeText = fc.string({ unit: 'grapheme', maxLength: 40 });
const escapeParamValue = (value: string): string => value.replace(/["\\\]]/g, (char) => `\\${char}`);

const rfc5424 = fc.record({
  pri: fc.option(fc.integer({ min: 0, max: 191 }), { nil: null }),
  version: fc.integer({ min: 1, max: 999 }),
  time: fc.option(
    fc.record({
      seconds: fc.integer({ min: Date.UTC(1001, 0, 1) / 1000, max: Date.UTC(9998, 11, 30) / 1000 }),
      fraction: fc.stringMatching(/^\d{0,6}$/),
      offset: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
      zulu: fc.boolean(),
    }),
    { nil: null },
  ),
  hostname: fc.option(printUsAscii(255), { nil: null }),
  appName: fc.option(printUsAscii(48), { nil: null }),
  procId: fc.option(printUsAscii(128), { nil: null }),
  msgId: fc.option(printUsAscii(32), { nil: null }),
  sd: fc.option(fc.uniqueArray(fc.tuple(sdName, fc.uniqueArray(fc.tuple(sdName, unicodeText), { maxLength: 4, selector: ([name]) => name })), { minLength: 1, maxLength: 4, selector: ([id]) => id }), { nil: null }),
  message: fc.option(unicodeText, { nil: null }),
  bom: fc.boolean(),
  asBytes: fc.boolean(),
});

describe('parseSyslog RFC 5424 round trip', () => {
  it('gives back every header field, the structured data and the message', () => {
    // Prepare
    const parse = parseSyslog();
    fc.assert(
      fc.property(rfc5424, (m) => {
        const time = m.time === null ? null : { ...m.time, offset: m.time.zulu ? 0 : m.time.offset };
        const stamp =
          time === null
            ? '-'
            : `${new Date(time.seconds * 1000 + time.offset * 60_000).toISOString().slice(0, 19)}${time.fraction === '' ? '' : `.${time.fraction}`}${time.zulu ? 'Z' : offsetText(time.offset)}`;
        const sd = m.sd === null ? '-' : m.sd.map(([id, params]) => `[${id}${params.map(([name, value]) => ` ${name}="${escapeParamValue(value)}"`).join('')}]`).join('');
        const header = [m.hostname, m.appName, m.procId, m.msgId].map((field) => field ?? '-').join(' ');
        const line = `${m.pri === null ? '' : `<${m.pri}>`}${m.version} ${stamp} ${header} ${sd}${m.message === null ? '' : ` ${m.bom ? '\ufeff' : ''}${m.message}`}`;
        // The record is trimmed: a message's trailing whitespace is not kept, and an empty one is none.
        const trimmed = m.message === null ? null : m.message.replace(/[ \t\r\n]+$/, '');
        const expected: Record<string, JsonValue> = {
          format: 'rfc5424',
          ...priorityFields(m.pri),
          version: m.version,
          timestamp: time === null ? null : `${new Date(time.seconds * 1000).toISOString().slice(0, 19)}${time.fraction === '' ? '' : `.${time.fraction}`}Z`,
          utcOffset: time === null ? null : offsetText(time.offset),
          hostname: m.hostname,
          appName: m.appName,
          procId: m.procId,
          msgId: m.msgId,
          structuredData: m.sd === null ? null : Object.fromEntries(m.sd.map(([id, params]) => [id, Object.fromEntries(params)])),
          message: trimmed === null || (trimmed === '' && !m.bom) ? null : trimmed,
        };
        // Act
        const record = parsed(parse(m.asBytes ? Buffer.from(line, 'utf8') : line, testContext));
        // Assess
        expect(record).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseSyslog RFC 3164 round trip', () => {
  const arrival = testContext.arrivalTimestamp;
  const bsd = fc.record({
    pri: fc.option(fc.integer({ min: 0, max: 191 }), { nil: null }),
    // Within the window where the year is unambiguous: up to 330 days before arrival, 30 days after.
    seconds: fc.integer({ min: Math.floor((arrival - 330 * 86_400_000) / 1000), max: Math.floor((arrival + 30 * 86_400_000) / 1000) }),
    zone: fc.constantFrom(['UTC', 0] as const, ['+05:30', 330] as const, ['-08:00', -480] as const),
    padDay: fc.boolean(),
    hostname: fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9.-]{0,30}$/), { nil: null }),
    tag: fc.option(fc.record({ app: fc.stringMatching(/^[A-Za-z0-9_/.<>-]{1,20}$/), pid: fc.option(fc.stringMatching(/^[0-9]{1,7}$/), { nil: null }) }), { nil: null }),
    message: fc.string({ unit: 'grapheme', maxLength: 60 }).map((text) => text.trim()),
  });

  it('gives back priority, time (year from the arrival), hostname, tag, pid and message', () => {
    fc.assert(
      fc.property(bsd, (m) => {
        // A line without a tag needs a hostname and a first word that is no tag; without a hostname it needs a tag.
        fc.pre(m.tag !== null || (m.hostname !== null && m.message !== '' && !/^\S*[:[]/.test(m.message)));
        const [timeZone, offset] = m.zone;
        const local = new Date(m.seconds * 1000 + offset * 60_000);
        const day = local.getUTCDate();
        const stamp = `${MONTHS[local.getUTCMonth()]} ${m.padDay ? String(day).padStart(2, ' ') : String(day)} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}`;
        const tag = m.tag === null ? null : `${m.tag.app}${m.tag.pid === null ? '' : `[${m.tag.pid}]`}:`;
        const line = [`${m.pri === null ? '' : `<${m.pri}>`}${stamp}`, m.hostname, tag, m.message].filter((part) => part !== null && part !== '').join(' ');
        // Act
        const record = parsed(parseSyslog({ timeZone })(line, testContext));
        // Assess
        expect(record).toEqual({
          format: 'rfc3164',
          ...priorityFields(m.pri),
          version: null,
          timestamp: new Date(m.seconds * 1000).toISOString().replace('.000Z', 'Z'),
          utcOffset: offsetText(offset),
          hostname: m.hostname,
          appName: m.tag?.app ?? null,
          procId: m.tag?.pid ?? null,
          msgId: null,
          structuredData: null,
          message: m.tag === null || m.message !== '' ? m.message : '',
        });
      }),
      { numRuns: 300 },
    );
  });
});
