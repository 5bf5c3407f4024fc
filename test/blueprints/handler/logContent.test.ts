/**
 * No record content in logs (issue 12, item 6): errors that are not firehose-kit's own (a step that
 * throws, V8's JSON.parse quoting its input) are logged by class, their messages withheld unless
 * `logErrorMessages: true`. A marker is planted in random records and in random throwing steps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firehoseHandler } from '../../../blueprints/handler/firehoseHandler.js';
import { handlerOptionsFromEnv } from '../../../blueprints/handler/handlerEnv.js';
import { blueprints } from '../../../blueprints/registry.js';
import { fail } from '../../../transforms/core/outcome.js';
import { parseJson } from '../../../transforms/json/parseJson.js';
import { pipe } from '../../../transforms/core/pipe.js';
import { toJsonLine } from '../../../transforms/json/toJsonLine.js';
import type { JsonValue } from '../../../transforms/core/types.js';
import { eventOf } from '../../helpers/events.js';
import { recordingLogger, type LogLine } from '../../helpers/recordingLogger.js';

const MARKER = 'secret-ssn-078-05-1120';

/** Ways a user's step can fail with the record's content in the error message. */
const throwingSteps = {
  throwsError: (value: JsonValue): JsonValue => {
    throw new Error(`cannot handle ${JSON.stringify(value)}`);
  },
  throwsTypeError: (value: JsonValue): JsonValue => {
    throw new TypeError(`bad value ${JSON.stringify(value)}`);
  },
  reparses: (value: JsonValue): JsonValue => JSON.parse(typeof value === 'string' ? value : `${JSON.stringify(value)}x`) as JsonValue,
  failsOutcome: (value: JsonValue) => fail(new Error(`rejected ${JSON.stringify(value)}`)),
  failsWithText: (value: JsonValue) => fail(`rejected ${JSON.stringify(value)}`),
  throwsString: (value: JsonValue): JsonValue => {
    throw `${JSON.stringify(value)}`;
  },
  passes: (value: JsonValue): JsonValue => value,
} as const;

const recordWithMarker = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify({ note: MARKER, v })),
  fc.string().map((s) => `${s}${MARKER}${s}`),
  fc.constant(MARKER),
  fc.constant(`"${MARKER}`),
  fc.constant(`{"a":"${MARKER}",}`),
);

const logged = (lines: LogLine[]): string => lines.map((l) => `${l.message} ${JSON.stringify(l.attributes)}`).join('\n');

describe('log content', () => {
  it('never logs a marker planted in records or in the messages of throwing steps (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordWithMarker, { minLength: 1, maxLength: 8 }), fc.constantFrom(...(Object.keys(throwingSteps) as (keyof typeof throwingSteps)[])), async (records, stepName) => {
        // Prepare
        const logger = recordingLogger();
        const handler = firehoseHandler(pipe(parseJson(), throwingSteps[stepName], toJsonLine()), { logger, reingest: 'off' });
        // Act
        await handler(eventOf(records));
        // Assess
        expect(logged(logger.lines)).not.toContain(MARKER);
      }),
      { numRuns: 120 },
    );
  });

  it('never logs a marker planted in records given to any blueprint (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordWithMarker, { minLength: 1, maxLength: 5 }), fc.constantFrom(...Object.keys(blueprints)), async (records, name) => {
        const logger = recordingLogger();
        const handler = blueprints[name]!.create({}, { logger, reingest: 'off' });
        await handler(eventOf(records));
        expect(logged(logger.lines)).not.toContain(MARKER);
      }),
      { numRuns: 80 },
    );
  });

  it('logs foreign messages when logErrorMessages is true (so the check above can fail)', async () => {
    // Prepare
    const logger = recordingLogger();
    const handler = firehoseHandler(pipe(parseJson(), throwingSteps.throwsError, toJsonLine()), { logger, reingest: 'off', logErrorMessages: true });
    // Act
    await handler(eventOf([JSON.stringify({ ssn: MARKER })]));
    // Assess
    expect(logged(logger.lines)).toContain(MARKER);
    expect(logger.lines.find((l) => l.message === 'record failed')!.attributes).toMatchObject({ errorClass: 'TransformThrewError', causeClass: 'Error' });
  });

  it('reads LOG_ERROR_MESSAGES for every blueprint (default false), refusing a value that is not a boolean', () => {
    expect(handlerOptionsFromEnv({}).logErrorMessages).toBe(false);
    expect(handlerOptionsFromEnv({ LOG_ERROR_MESSAGES: 'true' }).logErrorMessages).toBe(true);
    expect(() => blueprints['process-record']!.create({ LOG_ERROR_MESSAGES: 'maybe' })).toThrow(/LOG_ERROR_MESSAGES="maybe" is not a boolean/);
  });

  it('logs firehose-kit\'s own messages, which are content-free by construction', async () => {
    const logger = recordingLogger();
    const handler = firehoseHandler(pipe(parseJson(), toJsonLine()), { logger, reingest: 'off' });
    await handler(eventOf([`{"a":"${MARKER}",}`]));
    expect(logger.lines.find((l) => l.message === 'record failed')!.attributes['errorMessage']).toMatch(/^parseJson: the record is not valid JSON \(.*position \d+\)$/);
  });
});
