/**
 * The declared environment (blueprints/environment.ts) agrees with what each blueprint's cold start
 * does: every declared variable is one the blueprint documents, every allowed value is accepted, a value
 * outside them is refused naming the variable, and the declared default behaves exactly as leaving the
 * variable unset (same response on a sample batch).
 */
import { Buffer } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_MARKERS, renderBlueprintEnvironment, replaceSection } from '../../scripts/docs.js';
import { repoPath } from '../helpers/fixtures.js';
import { blueprints } from '../../blueprints/index.js';
import { blueprintVariables, BLUEPRINT_VARIABLES, describeVariables, secretVariables } from '../../blueprints/environment.js';
import { HANDLER_ENV, silentLogger } from '../../blueprints/handler/index.js';
import { APACHE_LOG_ENV, LOG_OUTPUT_ENV } from '../../blueprints/apacheLogToJson.js';
import { APACHE_LOG_TO_CSV_ENV } from '../../blueprints/apacheLogToCsv.js';
import { CLEAN_JSON_ALL_ENV } from '../../blueprints/cleanJson.js';
import { CLOUDWATCH_LOGS_ALL_ENV } from '../../blueprints/cloudwatchLogsToJson.js';
import { PII_REDACTION_ENV } from '../../blueprints/piiRedaction.js';
import { PROCESS_RECORD_ENV } from '../../blueprints/processRecord.js';
import { SYSLOG_TO_JSON_ENV } from '../../blueprints/syslogToJson.js';
import { SYSLOG_TO_CSV_ENV } from '../../blueprints/syslogToCsv.js';
import { APACHE_ERROR_LOG_TO_JSON_ENV } from '../../blueprints/apacheErrorLogToJson.js';

// A hash key is needed by mode hash (PII_MODE, PII_DETECTOR_MODES); it is harmless otherwise.
const BASE = { PII_HASH_KEY: 'a-key-of-at-least-16-characters' };
const SAMPLES = ['{"id":1,"email":"a@example.com","created_at":"2026-01-01T00:00:00Z","n":{"a":[1,{}]}}', '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 -', '<34>Oct 11 22:14:15 mymachine su: failed', 'not json'];

async function respond(name: string, env: Record<string, string>): Promise<unknown> {
  const definition = blueprints[name]!;
  const handler = definition.create({ ...BASE, ...env }, { logger: silentLogger, reingest: 'off' });
  const cloudwatch = JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '1', logGroup: 'g', logStream: 's', subscriptionFilters: [], logEvents: [{ id: 'e', timestamp: 1, message: SAMPLES[0] }] });
  const lines = definition.producerEncoding === 'gzip' ? [cloudwatch] : SAMPLES;
  return handler({
    invocationId: 'i',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s',
    region: 'us-east-1',
    records: lines.map((line, i) => ({ recordId: String(i), approximateArrivalTimestamp: 1_764_504_000_000, data: (definition.producerEncoding === 'gzip' ? gzipSync(line) : Buffer.from(line)).toString('base64') })),
  });
}

describe('declared blueprint environment', () => {
  it('declares every blueprint, and exactly the variables each one documents', () => {
    expect(Object.keys(BLUEPRINT_VARIABLES).sort()).toEqual(Object.keys(blueprints).sort());
    // The names each blueprint file lists beside the code that reads them.
    const documented: Record<string, readonly string[]> = {
      'process-record': Object.keys(PROCESS_RECORD_ENV),
      'pii-redaction': Object.keys(PII_REDACTION_ENV),
      'clean-json': Object.keys(CLEAN_JSON_ALL_ENV),
      'apache-log-to-json': [...Object.keys(APACHE_LOG_ENV), ...Object.keys(LOG_OUTPUT_ENV)],
      'apache-log-to-csv': Object.keys(APACHE_LOG_TO_CSV_ENV),
      'syslog-to-json': Object.keys(SYSLOG_TO_JSON_ENV),
      'syslog-to-csv': Object.keys(SYSLOG_TO_CSV_ENV),
      'apache-error-log-to-json': Object.keys(APACHE_ERROR_LOG_TO_JSON_ENV),
      'cloudwatch-logs-to-json': Object.keys(CLOUDWATCH_LOGS_ALL_ENV),
    };
    for (const [name, definition] of Object.entries(blueprints)) {
      expect(Object.keys(blueprintVariables(name)), name).toEqual([...documented[name]!, ...Object.keys(HANDLER_ENV)]);
      expect(Object.keys(definition.env), name).toEqual(documented[name]);
    }
    expect(secretVariables('pii-redaction')).toEqual(['PII_HASH_KEY']);
    expect(secretVariables('process-record')).toEqual([]);
  });

  for (const name of Object.keys(blueprints)) {
    it(`${name}: accepts each allowed value, refuses others naming the variable, and its defaults change nothing`, async () => {
      for (const [variable, declared] of Object.entries(blueprintVariables(name))) {
        const context = { ...BASE, ...declared.when };
        if (declared.allowed !== undefined) {
          for (const value of declared.allowed) expect(() => blueprints[name]!.create({ ...context, [variable]: value }, { logger: silentLogger, reingest: 'off' }), `${variable}=${value}`).not.toThrow();
          expect(() => blueprints[name]!.create({ ...context, [variable]: 'not-an-allowed-value' }, { logger: silentLogger }), variable).toThrow(variable);
        }
        if (declared.kind === 'integer') expect(() => blueprints[name]!.create({ ...context, [variable]: 'many' }, { logger: silentLogger }), variable).toThrow(variable);
        if (declared.default !== undefined && declared.secret !== true) expect(await respond(name, { ...declared.when, [variable]: declared.default }), `${variable}=${declared.default}`).toEqual(await respond(name, { ...declared.when }));
      }
    });
  }

  it('describes each variable on one line for --help and the README', () => {
    expect(describeVariables(blueprintVariables('process-record'))).toEqual([
      'FIELDS              list (no default): field paths to keep, e.g. id,user.name (default: every field)',
      'NEWLINE             true|false (default true): append "\\n" to each output record that lacks one',
      'MAX_RESPONSE_BYTES  integer (default 6000000): response budget in bytes, 1000 to 6291456',
      'REINGEST            auto|off (default auto): records past the budget: PutRecordBatch / PutRecords then Dropped, or ProcessingFailed',
      "LOG_ERROR_MESSAGES  true|false (default false): log the messages of errors that are not firehose-kit's own (they may quote record content)",
    ]);
  });

  it('is rendered into the README by npm run docs (the README is up to date)', () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    expect(replaceSection(readme, renderBlueprintEnvironment(), ENV_MARKERS)).toBe(readme);
    expect(readme).toContain('| `PII_HASH_KEY` | text | secret: `--secret` |');
  });
});
