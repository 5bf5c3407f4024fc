import { TransformOptionError } from '../transforms/core/index.js';
import { BlueprintConfigError } from './handler/index.js';

/** Which environment variable sets each redactPii option, for start-up error messages (every PII blueprint). */
const PII_OPTION_VARIABLES: Readonly<Record<string, string>> = {
  detectors: 'PII_DETECTORS',
  mode: 'PII_MODE',
  detectorModes: 'PII_DETECTOR_MODES',
  fields: 'PII_REDACT_FIELDS',
  allowFields: 'PII_ALLOW_FIELDS',
  maskTemplate: 'PII_MASK_TEMPLATE',
  hashTemplate: 'PII_HASH_TEMPLATE',
  hashKey: 'PII_HASH_KEY',
  hashKeyEnv: 'PII_HASH_KEY',
};

/**
 * Runs a transform factory at cold start, turning its option errors into BlueprintConfigError naming
 * the environment variable behind the option (`variables`: option → variable; the PII options are known).
 */
export function buildFromEnv<T>(variables: Readonly<Record<string, string>>, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof TransformOptionError) {
      const option = error.option.split(/[.[]/)[0] ?? error.option;
      const variable = variables[option] ?? PII_OPTION_VARIABLES[option];
      throw new BlueprintConfigError(variable === undefined ? error.message : `environment variable ${variable}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
