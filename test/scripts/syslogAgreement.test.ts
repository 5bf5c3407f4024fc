/**
 * The syslog field-agreement measure of `npm run bench -- syslog-agreement`: its figures for parseSyslog,
 * and the scorer shown failing parsers that reject lines or get fields wrong.
 */
import { describe, expect, it } from 'vitest';
import { syslogAgreement, syslogParseWith, SYSLOG_AGREEMENT_TARGET, goSyslog3164, type SyslogParse } from '../../scripts/bench/syslogAgreement.js';
import { readJsonFixture } from '../helpers/fixtures.js';

const total = (sets: ReturnType<typeof syslogAgreement>): number => sets.reduce((sum, s) => sum + s.agreed, 0) / sets.reduce((sum, s) => sum + s.fields, 0);

describe('syslog field agreement with reference implementations', () => {
  it('meets the target with the default options, and reads more than strict: true does', () => {
    // Act
    const byDefault = syslogAgreement();
    const strict = syslogAgreement({ strict: true });
    // Assess
    expect(byDefault.map((s) => s.source)).toEqual(['go-syslog RFC 3164', 'go-syslog RFC 5424', 'syslog-loose', 'logstash-patterns-core']);
    expect(byDefault.reduce((sum, s) => sum + s.fields, 0)).toBeGreaterThan(600);
    expect(total(byDefault)).toBeGreaterThanOrEqual(SYSLOG_AGREEMENT_TARGET);
    expect(total(byDefault)).toBeGreaterThan(total(strict));
    expect(byDefault.reduce((sum, s) => sum + s.rejected, 0)).toBeLessThan(strict.reduce((sum, s) => sum + s.rejected, 0));
  });

  it('counts every stated field of a rejected line as not agreed', () => {
    // Prepare
    const rejectAll: SyslogParse = () => ({ failed: 'no' });
    // Act
    const [result] = [goSyslog3164(rejectAll, readJsonFixture('test/fixtures/syslog/go-syslog-rfc3164-cases.json'))];
    // Assess
    expect(result).toMatchObject({ agreed: 0, rejected: result!.accepted });
    expect(result!.fields).toBe(result!.accepted * 8);
  });

  it('counts a wrong field as not agreed and names it', () => {
    // Prepare
    const real = syslogParseWith({});
    const wrongApp: SyslogParse = (input, options) => {
      const parsed = real(input, options);
      return 'failed' in parsed ? parsed : { ...parsed, appName: 'wrong' };
    };
    // Act
    const result = goSyslog3164(wrongApp, readJsonFixture('test/fixtures/syslog/go-syslog-rfc3164-cases.json'));
    // Assess
    expect(result.agreed).toBeLessThan(result.fields);
    expect(result.differences.every((d) => d.includes('appname'))).toBe(true);
    expect(result.differences.length).toBe(result.accepted);
  });
});
