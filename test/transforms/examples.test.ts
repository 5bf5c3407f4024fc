/**
 * Runs every building block's documented `examples`: the README's examples are these, so docs cannot drift.
 */
import { describe, expect, it } from 'vitest';
import * as addFieldsModule from '../../transforms/addFields.js';
import * as decodeTextModule from '../../transforms/decodeText.js';
import * as omitFieldsModule from '../../transforms/omitFields.js';
import * as parseJsonModule from '../../transforms/parseJson.js';
import * as partitionByModule from '../../transforms/partitionBy.js';
import * as pickFieldsModule from '../../transforms/pickFields.js';
import * as renameFieldsModule from '../../transforms/renameFields.js';
import * as toJsonLineModule from '../../transforms/toJsonLine.js';
import { isOutcome } from '../../transforms/outcome.js';
import type { JsonValue } from '../../transforms/types.js';
import { testContext } from '../helpers/transformContract.js';

type Factory = (options: never) => (input: never, ctx: typeof testContext) => unknown;
interface Example { title: string; options: Record<string, unknown>; input: unknown; output: unknown; partitionKeys?: Record<string, string> }

const cases: [string, Example[], (options: Record<string, unknown>) => ReturnType<Factory>][] = [
  ['parseJson', [...parseJsonModule.examples] as Example[], (o) => parseJsonModule.parseJson(o) as ReturnType<Factory>],
  ['decodeText', [...decodeTextModule.examples] as Example[], (o) => decodeTextModule.decodeText(o) as ReturnType<Factory>],
  ['toJsonLine', [...toJsonLineModule.examples] as Example[], (o) => toJsonLineModule.toJsonLine(o as Record<string, never>) as ReturnType<Factory>],
  ['pickFields', [...pickFieldsModule.examples] as unknown as Example[], (o) => pickFieldsModule.pickFields(o['fields'] as string[]) as ReturnType<Factory>],
  ['omitFields', [...omitFieldsModule.examples] as unknown as Example[], (o) => omitFieldsModule.omitFields(o['fields'] as string[]) as ReturnType<Factory>],
  ['renameFields', [...renameFieldsModule.examples] as unknown as Example[], (o) => renameFieldsModule.renameFields(o['mapping'] as Record<string, string>) as ReturnType<Factory>],
  ['addFields', [...addFieldsModule.examples] as unknown as Example[], (o) => addFieldsModule.addFields(o['fields'] as Record<string, JsonValue>) as ReturnType<Factory>],
  ['partitionBy', [...partitionByModule.examples] as unknown as Example[], (o) => partitionByModule.partitionBy(o['keys'] as string[]) as ReturnType<Factory>],
];

describe.each(cases)('%s examples', (_name, examples, make) => {
  it.each(examples.map((e) => [e.title, e] as const))('%s', (_title, example) => {
    // Act
    const result = make(example.options)(example.input as never, testContext);
    // Assess
    if (isOutcome(result) && 'value' in result) {
      expect(result.value).toEqual(example.output);
      expect(result.partitionKeys).toEqual(example.partitionKeys);
    } else {
      expect(result).toEqual(example.output);
    }
  });
});
