/**
 * Error names survive minification: the Lambda bundles are built without esbuild's keepNames, so every
 * error class that can reach a bundle (transforms/, blueprints/, aws/) states its own name in a static
 * `errorName`; a subclass without one (a user's) is named after its class.
 */
import { describe, expect, it } from 'vitest';
import * as core from '../../../transforms/core/index.js';
import * as handler from '../../../blueprints/handler/index.js';
import * as aws from '../../../aws/index.js';

type ErrorClass = new (...args: string[]) => Error;

function errorClasses(module: Readonly<Record<string, unknown>>): [string, ErrorClass][] {
  return Object.entries(module).filter((entry): entry is [string, ErrorClass] => typeof entry[1] === 'function' && entry[1].prototype instanceof core.FirehoseKitError);
}

describe('error class names', () => {
  const classes = [...errorClasses(core), ...errorClasses(handler), ...errorClasses(aws)];

  it('finds the error classes of the bundled layers', () => {
    expect(classes.map(([name]) => name)).toEqual(expect.arrayContaining(['RecordParseError', 'TransformOptionError', 'BlueprintConfigError', 'SecretEnvironmentError', 'RecordSplitRequiredError']));
  });

  for (const [name, ErrorClass] of classes) {
    it(`${name} states its own name, which its instances carry`, () => {
      expect(Object.hasOwn(ErrorClass, 'errorName'), name).toBe(true);
      expect(new ErrorClass('a', 'b', 'c', 'd').name).toBe(name);
    });
  }

  it('names a subclass without its own errorName after its class, not after its parent', () => {
    class MyRecordError extends core.RecordError {}
    expect(new MyRecordError('x').name).toBe('MyRecordError');
    expect(new core.RecordError('x').name).toBe('RecordError');
  });
});
