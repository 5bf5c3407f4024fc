/**
 * What parseSyslog reads by default beyond the RFCs, as senders and other syslog parsers write it (issue
 * 9), and that `strict: true` keeps reading the RFCs only. Examples written for this test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransformOptionError } from '../../../transforms/core/errors.js';
import { parseSyslog, type ParseSyslogOptions } from '../../../transforms/logs/parseSyslog.js';
import { recordOf, run } from '../../helpers/lineParser.js';
import { scalingRatio } from '../../helpers/timing.js';

const lenient = parseSyslog();
const strict = parseSyslog({ strict: true });

describe('parseSyslog by default (strict: false)', () => {
  it.each([
    [
      'a tag without a colon is the app name',
      'Apr  2 08:15:01 build-7 anacron Job `cron.daily` started',
      { hostname: 'build-7', appName: 'anacron', message: 'Job `cron.daily` started' },
    ],
    [
      'a tag without a colon may hold dots, dashes and slashes',
      'Apr  2 08:15:01 build-7 postfix/qmgr removed 4F2A1',
      { hostname: 'build-7', appName: 'postfix/qmgr', message: 'removed 4F2A1' },
    ],
    [
      'a capitalised second word starts the message (RFC 3164 writes lines without TAG so)',
      'Apr  2 08:15:01 build-7 Backup of /srv finished',
      { hostname: 'build-7', appName: null, message: 'Backup of /srv finished' },
    ],
    [
      'a host of punctuation only is no host: no tag is read after it',
      'Apr  2 08:15:01 --- last message repeated 3 times ---',
      { hostname: '---', appName: null, message: 'last message repeated 3 times ---' },
    ],
    [
      'a colon right after the time',
      '<30>Apr  2 08:15:01: edge-rtr-2 ospfd[77]: neighbour 10.1.1.2 up',
      { priority: 30, hostname: 'edge-rtr-2', appName: 'ospfd', procId: '77', message: 'neighbour 10.1.1.2 up' },
    ],
    [
      'a space after PRI',
      '<30> Apr  2 08:15:01 edge-rtr-2 ospfd: hello sent',
      { priority: 30, facility: 'daemon', severity: 'info', hostname: 'edge-rtr-2', appName: 'ospfd', message: 'hello sent' },
    ],
    [
      'a year inside the BSD timestamp',
      '<30>Apr  2 2019 08:15:01 edge-rtr-2 ospfd: hello sent',
      { timestamp: '2019-04-02T08:15:01Z', hostname: 'edge-rtr-2', appName: 'ospfd' },
    ],
    [
      'RFC 5424 structured data with a space after =',
      '<14>1 2024-04-02T08:15:01Z web-3 shop 812 - [order@32473 id= "A-17" total="9.90"] paid',
      { structuredData: { 'order@32473': { id: 'A-17', total: '9.90' } }, message: 'paid' },
    ],
    [
      'RFC 5424 structured data with an unquoted value',
      '<14>1 2024-04-02T08:15:01Z web-3 shop 812 - [meta seq=42 lang="de"] paid',
      { structuredData: { meta: { seq: '42', lang: 'de' } }, message: 'paid' },
    ],
    [
      'an RFC 5424 element that still does not parse is left out, the others kept',
      '<14>1 2024-04-02T08:15:01Z web-3 shop 812 - [oops flag][good a="1"] paid',
      { structuredData: { good: { a: '1' } }, message: 'paid' },
    ],
    [
      'an RFC 5424 line without STRUCTURED-DATA',
      '<14>1 2024-04-02T08:15:01Z web-3 shop 812 -  started worker 3',
      { hostname: 'web-3', appName: 'shop', procId: '812', msgId: null, structuredData: null, message: 'started worker 3' },
    ],
    [
      "rsyslog's structured data at the start of a BSD message",
      '<46>Apr  2 08:15:01 web-3 rsyslogd: [origin software="rsyslogd" swVersion="8.2102.0"] start',
      { appName: 'rsyslogd', structuredData: { origin: { software: 'rsyslogd', swVersion: '8.2102.0' } }, message: 'start' },
    ],
    [
      'a BSD message that starts with a word in brackets: text, not structured data',
      '<11>Apr  2 08:15:01 web-3 worker[9]: [error] disk full',
      { appName: 'worker', procId: '9', structuredData: null, message: '[error] disk full' },
    ],
    [
      'a BSD message without a colon after [pid]',
      'Apr  2 08:15:01 web-3 worker[9] [warn] queue at 80%',
      { appName: 'worker', procId: '9', structuredData: null, message: '[warn] queue at 80%' },
    ],
  ])('reads %s', (_reason, line, expected) => {
    // Act
    const record = recordOf(lenient, line);
    // Assess
    expect(record).toMatchObject(expected);
  });

  it.each([
    ['the tag without a colon', 'Apr  2 08:15:01 build-7 anacron Job started', { appName: null, message: 'anacron Job started' }],
    ["rsyslog's structured data", '<46>Apr  2 08:15:01 web-3 rsyslogd: [origin software="rsyslogd"] start', { structuredData: null, message: '[origin software="rsyslogd"] start' }],
  ])('with strict: true leaves %s in the message', (_reason, line, expected) => {
    // Act / Assess
    expect(recordOf(strict, line)).toMatchObject(expected);
  });

  it.each([
    ['a colon right after the time', '<30>Apr  2 08:15:01: edge-rtr-2 ospfd[77]: up', 'expected a space after the timestamp'],
    ['a space after PRI', '<30> Apr  2 08:15:01 edge-rtr-2 ospfd: up', 'expected a timestamp such as'],
    ['a space after =', '<14>1 2024-04-02T08:15:01Z web-3 shop 812 - [order@32473 id= "A-17"] paid', 'expected ="value" after the PARAM-NAME'],
    ['an unquoted value', '<14>1 2024-04-02T08:15:01Z web-3 shop 812 - [meta seq=42] paid', 'expected ="value" after the PARAM-NAME'],
    ['no STRUCTURED-DATA', '<14>1 2024-04-02T08:15:01Z web-3 shop 812 -  started', "expected STRUCTURED-DATA: '-' or elements"],
  ])('with strict: true fails %s, as before', (_reason, line, message) => {
    // Act / Assess
    expect(run(strict, line)).toEqual({ failed: expect.stringContaining(message) });
  });

  it.each([
    ['an element without an SD-ID', '<14>1 - web-3 shop - - [ a="1"] x', 'neither RFC 5424 nor readable as [id name=value]'],
    ['an element with an unescaped ] in a quoted value', '<14>1 - web-3 shop - - [m a="x]y"] x', 'neither RFC 5424 nor readable as [id name=value]'],
    ['an element that never closes', '<14>1 - web-3 shop - - [m a b', 'neither RFC 5424 nor readable as [id name=value]'],
  ])('still fails %s', (_reason, line, message) => {
    // Act / Assess
    expect(run(lenient, line)).toEqual({ failed: expect.stringContaining(message) });
  });

  it('accepts every line that strict: true accepts (the default only reads more)', () => {
    const piece = fc.constantFrom('<13>', '<165>1 ', '<30> ', 'Oct 11 22:14:15', 'Oct 11 2019 22:14:15', ': ', ' ', '2003-10-11T22:14:15.003Z ', '- ', 'host ', 'app[1]: ', 'cron ', 'Backup ', '[a b="c"]', '[a b= "c"]', '[a b=c]', '[', ']', '"', '=', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        // Prepare
        const line = parts.join('');
        // Act
        const strictResult = run(strict, line);
        // Assess
        if (!('failed' in strictResult)) expect(run(lenient, line)).not.toHaveProperty('failed');
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseSyslog missingPriority', () => {
  it('gives lines without PRI the configured priority (RFC 3164 §4.3.3: 13) and keeps the PRI of the others', () => {
    // Prepare
    const parse = parseSyslog({ missingPriority: 13 });
    // Act
    const without = recordOf(parse, 'Apr  2 08:15:01 build-7 anacron: Job started');
    const withPri = recordOf(parse, '<30>Apr  2 08:15:01 build-7 anacron: Job started');
    const rfc5424 = recordOf(parse, '1 2024-04-02T08:15:01Z web-3 shop 812 - - paid');
    // Assess
    expect(without).toMatchObject({ priority: 13, facility: 'user', facilityCode: 1, severity: 'notice', severityCode: 5 });
    expect(withPri).toMatchObject({ priority: 30, facility: 'daemon', severity: 'info' });
    expect(rfc5424).toMatchObject({ priority: 13, version: 1 });
  });

  it('leaves priority, facility and severity null by default', () => {
    // Act / Assess
    expect(recordOf(lenient, 'Apr  2 08:15:01 build-7 anacron: Job started')).toMatchObject({ priority: null, facility: null, severity: null });
  });

  it.each([
    ['a priority above 191', { missingPriority: 192 }, "option 'missingPriority' is 192"],
    ['a priority that is not an integer', { missingPriority: 13.5 }, "option 'missingPriority' is 13.5"],
    ['a priority given as text', { missingPriority: '13' }, "option 'missingPriority' is \"13\""],
    ['strict that is not a boolean', { strict: 'yes' }, "option 'strict' is \"yes\""],
  ])('refuses %s', (_reason, options, message) => {
    // Act / Assess
    expect(() => parseSyslog(options as unknown as ParseSyslogOptions)).toThrow(TransformOptionError);
    expect(() => parseSyslog(options as unknown as ParseSyslogOptions)).toThrow(message);
  });
});

describe('parseSyslog by default stays linear on hostile lines', () => {

  it.each([
    ['loose structured data', (k: number) => `<1>1 - h a - - ${'[e a= "1" b=2]'.repeat(k)} m`],
    ['elements that are skipped', (k: number) => `<1>1 - h a - - ${'[e x]'.repeat(k)} m`],
    ['an element that never closes after many that do', (k: number) => `<1>1 - h a - - ${'[e x]'.repeat(k)}[e a="`],
    ['bracketed words at the start of a BSD message', (k: number) => `<1>Oct 11 22:14:15 h app: ${'[e a="1"]'.repeat(k)} m`],
    ['a BSD line of words without a tag', (k: number) => `Oct 11 22:14:15 h ${'word '.repeat(k)}`],
  ])('%s: 8 times the line takes well under 24 times as long (a quadratic scan would take 64)', (_name, line) => {
    // Prepare
    // Act
    const ratio = scalingRatio((text: string) => run(lenient, text), line(2_000), line(16_000));
    // Assess
    expect(ratio).toBeLessThan(24);
  });
});
