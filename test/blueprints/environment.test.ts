/**
 * The declared environment (blueprints/environment.ts) is what each blueprint's cold start reads: the
 * declaration-driven reader refuses every kind of bad value naming the variable and its allowed values and
 * applies defaults; each blueprint accepts every allowed value, refuses others and variables it does not
 * read, and its declared defaults behave exactly as leaving the variables unset (same response on a sample
 * batch); --help and the README are rendered from the same declarations.
 */
import { Buffer } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_MARKERS, renderBlueprintEnvironment, replaceSection } from '../../scripts/docs.js';
import { repoPath } from '../helpers/fixtures.js';
import { blueprints } from '../../blueprints/index.js';
import { blueprintVariables, BLUEPRINT_VARIABLES, checkBlueprintEnv, describeVariables, editDistance, secretVariables } from '../../blueprints/environment.js';
import { BlueprintConfigError, HANDLER_ENV, readDeclaredEnv, readEnvBoolean, readEnvEnum, readEnvInt, readEnvList, readEnvString, silentLogger, type EnvVariable } from '../../blueprints/handler/index.js';
import fc from 'fast-check';

// A hash key is needed by mode hash (PII_MODE, PII_DETECTOR_MODES) in the blueprints that read it.
const base = (name: string): Record<string, string> => ('PII_HASH_KEY' in blueprintVariables(name) ? { PII_HASH_KEY: 'a-key-of-at-least-16-characters' } : {});
const SAMPLES = ['{"id":1,"email":"a@example.com","created_at":"2026-01-01T00:00:00Z","n":{"a":[1,{}]}}', '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 -', '<34>Oct 11 22:14:15 mymachine su: failed', 'not json'];

async function respond(name: string, env: Record<string, string>): Promise<unknown> {
  const definition = blueprints[name]!;
  const handler = definition.create({ ...base(name), ...env }, { logger: silentLogger, reingest: 'off' });
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
  it('declares every blueprint; the registry and --help list exactly the declared variables', () => {
    expect(Object.keys(BLUEPRINT_VARIABLES).sort()).toEqual(Object.keys(blueprints).sort());
    for (const [name, definition] of Object.entries(blueprints)) {
      expect(Object.keys(definition.env), name).toEqual(Object.keys(BLUEPRINT_VARIABLES[name]!));
      expect(Object.keys(blueprintVariables(name)), name).toEqual([...Object.keys(BLUEPRINT_VARIABLES[name]!), ...Object.keys(HANDLER_ENV)]);
    }
    expect(secretVariables('pii-redaction')).toEqual(['PII_HASH_KEY']);
    expect(secretVariables('process-record')).toEqual([]);
  });

  for (const name of Object.keys(blueprints)) {
    it(`${name}: accepts each allowed value, refuses others naming the variable, and its defaults change nothing`, async () => {
      for (const [variable, declared] of Object.entries(blueprintVariables(name))) {
        const context = { ...base(name), ...declared.when };
        if (declared.allowed !== undefined) {
          for (const value of declared.allowed) expect(() => blueprints[name]!.create({ ...context, [variable]: value }, { logger: silentLogger, reingest: 'off' }), `${variable}=${value}`).not.toThrow();
          expect(() => blueprints[name]!.create({ ...context, [variable]: 'not-an-allowed-value' }, { logger: silentLogger }), variable).toThrow(variable);
        }
        if (declared.kind === 'integer') {
          expect(() => blueprints[name]!.create({ ...context, [variable]: 'many' }, { logger: silentLogger }), variable).toThrow(variable);
          expect(() => blueprints[name]!.create({ ...context, [variable]: String(declared.max! + 1) }, { logger: silentLogger }), variable).toThrow(`${variable}="${declared.max! + 1}" must be an integer from ${declared.min} to ${declared.max}`);
          expect(() => blueprints[name]!.create({ ...context, [variable]: String(declared.min!) }, { logger: silentLogger, reingest: 'off' }), variable).not.toThrow();
        }
        if (declared.default !== undefined && declared.secret !== true) expect(await respond(name, { ...declared.when, [variable]: declared.default }), `${variable}=${declared.default}`).toEqual(await respond(name, { ...declared.when }));
      }
    });
  }

  it('describes each variable on one line for --help and the README', () => {
    expect(describeVariables(blueprintVariables('process-record'))).toEqual([
      'FIELDS              list (no default): field paths to keep, e.g. id,user.name (default: every field)',
      'NEWLINE             true|false (default true): append "\\n" to each output record that lacks one',
      'MAX_RESPONSE_BYTES  integer 1000 to 6291456 (default 6000000): response budget in bytes',
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

describe('readDeclaredEnv', () => {
  const DECLARED = {
    MODE: { kind: 'enum', allowed: ['fast', 'safe'], default: 'safe', summary: 's' },
    ON: { kind: 'boolean', allowed: ['true', 'false'], default: 'false', summary: 's' },
    SIZE: { kind: 'integer', min: 10, max: 20, default: '15', summary: 's' },
    LIMIT: { kind: 'integer', min: 0, max: 5, summary: 's' },
    NAMES: { kind: 'list', default: 'a,b', summary: 's' },
    TAGS: { kind: 'list', summary: 's' },
    LABEL: { kind: 'text', default: 'x', summary: 's' },
    NULL_TEXT: { kind: 'text', default: '', verbatim: true, summary: 's' },
  } as const satisfies Record<string, EnvVariable>;

  it('applies every default when nothing is set, and reads blank values as unset', () => {
    const expected = { MODE: 'safe', ON: false, SIZE: 15, LIMIT: undefined, NAMES: ['a', 'b'], TAGS: undefined, LABEL: 'x', NULL_TEXT: '' };
    expect(readDeclaredEnv(DECLARED, {})).toEqual(expected);
    expect(readDeclaredEnv(DECLARED, { MODE: ' ', ON: '', SIZE: '  ', LIMIT: '', NAMES: ' ', LABEL: '' })).toEqual(expected);
  });

  it('reads each kind: enum values trimmed, true/false/1/0/yes/no, integers with _ separators, comma lists, text trimmed, verbatim text as written', () => {
    expect(readDeclaredEnv(DECLARED, { MODE: ' fast ', ON: 'YES', SIZE: '1_0', LIMIT: '0', NAMES: ' c , ,d ', TAGS: 'x', LABEL: ' y ', NULL_TEXT: ' ' })).toEqual({ MODE: 'fast', ON: true, SIZE: 10, LIMIT: 0, NAMES: ['c', 'd'], TAGS: ['x'], LABEL: 'y', NULL_TEXT: ' ' });
    expect(readDeclaredEnv(DECLARED, { ON: '0' }).ON).toBe(false);
  });

  it.each([
    [{ MODE: 'quick' }, 'environment variable MODE="quick" is not allowed; use one of: fast, safe (default safe)'],
    [{ MODE: 'Fast' }, 'environment variable MODE="Fast" is not allowed; use one of: fast, safe (default safe)'],
    [{ ON: 'maybe' }, 'environment variable ON="maybe" is not a boolean; use true or false (default false)'],
    [{ SIZE: 'ten' }, 'environment variable SIZE="ten" must be an integer from 10 to 20 (default 15)'],
    [{ SIZE: '21' }, 'environment variable SIZE="21" must be an integer from 10 to 20 (default 15)'],
    [{ SIZE: '9' }, 'environment variable SIZE="9" must be an integer from 10 to 20 (default 15)'],
    [{ SIZE: '12.5' }, 'environment variable SIZE="12.5" must be an integer from 10 to 20 (default 15)'],
    [{ LIMIT: '-1' }, 'environment variable LIMIT="-1" must be an integer from 0 to 5'],
  ])('refuses %o naming the variable, the allowed values and the default', (env, message) => {
    expect(() => readDeclaredEnv(DECLARED, env)).toThrow(new BlueprintConfigError(message));
  });

  it('backs the exported one-variable readers, with the same rules and messages', () => {
    expect([readEnvEnum({ M: ' b ' }, 'M', ['a', 'b'], 'a'), readEnvBoolean({ B: 'no' }, 'B', true), readEnvInt({ N: '7' }, 'N', { min: 0, max: 9, fallback: 1 }), readEnvList({}, 'L', ['x']), readEnvList({ L: 'p, q' }, 'L', []), readEnvString({ S: '  ' }, 'S', 'd')]).toEqual(['b', false, 7, ['x'], ['p', 'q'], 'd']);
    expect(() => readEnvEnum({ M: 'c' }, 'M', ['a', 'b'], 'a')).toThrow(new BlueprintConfigError('environment variable M="c" is not allowed; use one of: a, b (default a)'));
    expect(() => readEnvBoolean({ B: 'nope' }, 'B', true)).toThrow(new BlueprintConfigError('environment variable B="nope" is not a boolean; use true or false (default true)'));
    expect(() => readEnvInt({ N: '10' }, 'N', { min: 0, max: 9, fallback: 1 })).toThrow(new BlueprintConfigError('environment variable N="10" must be an integer from 0 to 9 (default 1)'));
  });

  it('never repeats a secret\'s value when refusing it', () => {
    const secret = { TOKEN: { kind: 'integer', min: 0, max: 1, secret: true, summary: 's' } } as const satisfies Record<string, EnvVariable>;
    expect(() => readDeclaredEnv(secret, { TOKEN: 'hunter2-hunter2' })).toThrow(new BlueprintConfigError('environment variable TOKEN must be an integer from 0 to 1'));
  });

  it('accepts an enum value exactly when it is one of the allowed values, after trimming (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom('fast', 'safe', ' fast', 'safe\t'), fc.string()), (value) => {
        const allowed = ['fast', 'safe'].includes(value.trim()) || value.trim() === '';
        if (allowed) expect(readDeclaredEnv(DECLARED, { MODE: value }).MODE).toBe(value.trim() === '' ? 'safe' : value.trim());
        else expect(() => readDeclaredEnv(DECLARED, { MODE: value })).toThrow(BlueprintConfigError);
      }),
    );
  });

  it('accepts an integer exactly when it lies in the declared range (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 100 }), (n) => {
        if (n >= 10 && n <= 20) expect(readDeclaredEnv(DECLARED, { SIZE: String(n) }).SIZE).toBe(n);
        else expect(() => readDeclaredEnv(DECLARED, { SIZE: String(n) })).toThrow('SIZE');
      }),
    );
  });

  it('declares only defaults that its own reader accepts', () => {
    for (const name of Object.keys(blueprints)) {
      for (const [variable, declared] of Object.entries(blueprintVariables(name))) {
        if (declared.default !== undefined) expect(() => readDeclaredEnv({ [variable]: declared }, {}), `${name} ${variable}`).not.toThrow();
        if (declared.kind === 'integer') expect(declared.min !== undefined && declared.max !== undefined, `${name} ${variable} has a range`).toBe(true);
      }
    }
  });
});

describe('checkBlueprintEnv (every blueprint at cold start)', () => {
  it('refuses another blueprint\'s variable, naming it, its blueprint and the variables this one reads', () => {
    expect(() => checkBlueprintEnv('syslog-to-json', { REDACT_PII: 'true' })).toThrow('environment variable REDACT_PII is not read by the syslog-to-json blueprint (it is a variable of clean-json, cloudwatch-logs-to-json); it reads: SYSLOG_FORMAT,');
    // Through the blueprint's own cold start, as Lambda runs it.
    expect(() => blueprints['process-record']!.create({ KEY_STYLE: 'camelCase' }, { logger: silentLogger })).toThrow(BlueprintConfigError);
    expect(() => blueprints['process-record']!.create({ KEY_STYLE: 'camelCase' }, { logger: silentLogger })).toThrow('KEY_STYLE');
  });

  it('refuses a misspelling of one of its own variables, suggesting the name', () => {
    expect(() => checkBlueprintEnv('clean-json', { PII_MOD: 'hash' })).toThrow('environment variable PII_MOD is not read by the clean-json blueprint (did you mean PII_MODE?)');
    expect(() => blueprints['syslog-to-json']!.create({ SYSLOG_FORMATS: 'rfc5424' }, { logger: silentLogger })).toThrow('did you mean SYSLOG_FORMAT?');
  });

  it('refuses a bad value of any declared variable, also one read only under a condition', () => {
    expect(() => checkBlueprintEnv('cloudwatch-logs-to-json', { PII_MODE: 'blur' })).toThrow('environment variable PII_MODE="blur" is not allowed; use one of: mask, partial, hash, remove (default mask)');
    expect(() => checkBlueprintEnv('clean-json', { MAX_RESPONSE_BYTES: '10' })).toThrow('MAX_RESPONSE_BYTES="10" must be an integer from 1000 to 6291456');
  });

  it('leaves alone what Lambda and Node set, and the secret-location variables deploy/ renders', () => {
    const lambda = { AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'f', AWS_LAMBDA_LOG_LEVEL: 'INFO', NODE_OPTIONS: '--enable-source-maps', TZ: ':UTC', LANG: 'en_US.UTF-8', PATH: '/usr/bin', _HANDLER: 'index.handler', _X_AMZN_TRACE_ID: 'Root=1-2-3', LAMBDA_TASK_ROOT: '/var/task', POWERTOOLS_SERVICE_NAME: 's', npm_config_cache: '.npm-cache', pii_mode: 'x', PII_HASH_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:k' };
    for (const name of Object.keys(blueprints)) expect(() => checkBlueprintEnv(name, lambda), name).not.toThrow();
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and replacements', () => {
    expect(editDistance('PII_MODE', 'PII_MODE')).toBe(0);
    expect(editDistance('PII_MOD', 'PII_MODE')).toBe(1);
    expect(editDistance('FEILDS', 'FIELDS')).toBe(2);
    expect(editDistance('', 'ABC')).toBe(3);
  });

  it('is symmetric, and with a limit gives the distance or limit + 1 when it is larger', () => {
    const name = fc.string({ unit: fc.constantFrom('A', 'B', 'C', '_'), maxLength: 10 });
    fc.assert(
      fc.property(name, name, fc.integer({ min: 0, max: 5 }), (a, b, limit) => {
        const full = editDistance(a, b);
        expect(editDistance(b, a)).toBe(full);
        expect(editDistance(a, b, limit)).toBe(Math.min(full, limit + 1));
      }),
      { numRuns: 300 },
    );
  });
});
