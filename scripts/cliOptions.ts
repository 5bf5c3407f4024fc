/**
 * Command-line option parsing shared by the scripts: NAME=VALUE pairs, Firehose's SerDe options under
 * their API names, and the usage error that scripts turn into exit code 2.
 */
import type { JsonSerDe } from '../formats/serde/deserializeJson.js';
import type { ParquetSerDeOptions } from '../formats/parquet/writeParquet.js';
import type { OrcSerDeOptions } from '../formats/orc/writeOrc.js';
import { FirehoseKitError } from '../transforms/core/errors.js';

/** A command line the script cannot use; scripts print it with their usage text and exit 2. */
export class UsageError extends FirehoseKitError {}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function splitPair(flag: string, pair: string): [string, string] {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} ${pair}: write NAME=VALUE`);
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}

export function parseBoolean(flag: string, name: string, value: string): boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UsageError(`${flag} ${name}=${value}: use true or false`);
}

/** `--serde` and `--serde-option Name=Value` pairs, with the names of Firehose's API (as in `npm run transform`). */
export function parseSerde(kind: string, pairs: readonly string[]): JsonSerDe {
  const split = (pair: string): [string, string] => {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new UsageError(`--serde-option '${pair}' is not <Name>=<Value>`);
    return [pair.slice(0, equals), pair.slice(equals + 1)];
  };
  const boolean = (name: string, value: string): boolean => {
    if (value !== 'true' && value !== 'false') throw new UsageError(`--serde-option ${name}=${value}: use true or false`);
    return value === 'true';
  };
  if (kind === 'openx') {
    let caseInsensitive: boolean | undefined;
    let dots: boolean | undefined;
    let mappings: Record<string, string> | undefined;
    for (const pair of pairs) {
      const [name, value] = split(pair);
      if (name === 'CaseInsensitive') caseInsensitive = boolean(name, value);
      else if (name === 'ConvertDotsInJsonKeysToUnderscores') dots = boolean(name, value);
      else if (name === 'ColumnToJsonKeyMappings') {
        const colon = value.indexOf(':');
        if (colon <= 0 || colon === value.length - 1) throw new UsageError(`--serde-option ColumnToJsonKeyMappings=${value}: write <column>:<json key>`);
        mappings = { ...mappings, [value.slice(0, colon)]: value.slice(colon + 1) };
      } else {
        throw new UsageError(`--serde-option ${name} is not an OpenXJsonSerDe option; use CaseInsensitive, ConvertDotsInJsonKeysToUnderscores or ColumnToJsonKeyMappings`);
      }
    }
    return {
      kind: 'openx',
      ...(caseInsensitive === undefined ? {} : { caseInsensitive }),
      ...(dots === undefined ? {} : { convertDotsInJsonKeysToUnderscores: dots }),
      ...(mappings === undefined ? {} : { columnToJsonKeyMappings: mappings }),
    };
  }
  if (kind === 'hive') {
    const timestampFormats: string[] = [];
    for (const pair of pairs) {
      const [name, value] = split(pair);
      if (name !== 'TimestampFormats') throw new UsageError(`--serde-option ${name} is not a HiveJsonSerDe option; use TimestampFormats`);
      timestampFormats.push(value);
    }
    return timestampFormats.length === 0 ? { kind: 'hive' } : { kind: 'hive', timestampFormats };
  }
  throw new UsageError(`--serde is '${kind}'; use openx or hive`);
}

export function parseParquetOptions(pairs: readonly string[]): ParquetSerDeOptions {
  const options: Record<string, string | number | boolean> = {};
  for (const pair of pairs) {
    const [name, value] = splitPair('--parquet', pair);
    if (name.endsWith('Bytes')) {
      const n = Number(value);
      if (!Number.isInteger(n)) throw new UsageError(`--parquet ${name}=${value}: give a whole number of bytes`);
      options[name] = n;
    } else if (name === 'EnableDictionaryCompression') options[name] = parseBoolean('--parquet', name, value);
    else options[name] = value;
  }
  // Names and values are checked by the Parquet writer at start-up, with its own messages.
  return options as ParquetSerDeOptions;
}

/** `--orc Name=Value` pairs with OrcSerDe's names; the writer checks names and ranges at start-up. */
export function parseOrcOptions(pairs: readonly string[]): OrcSerDeOptions {
  const options: Record<string, string | number | boolean | string[]> = {};
  for (const pair of pairs) {
    const [name, value] = splitPair('--orc', pair);
    if (name.endsWith('Bytes') || name === 'RowIndexStride') {
      const n = Number(value);
      if (!Number.isInteger(n)) throw new UsageError(`--orc ${name}=${value}: give a whole number`);
      options[name] = n;
    } else if (name === 'PaddingTolerance' || name === 'DictionaryKeyThreshold' || name === 'BloomFilterFalsePositiveProbability') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--orc ${name}=${value}: give a number from 0 to 1`);
      options[name] = n;
    } else if (name === 'EnablePadding') options[name] = parseBoolean('--orc', name, value);
    else if (name === 'BloomFilterColumns') options[name] = value.split(',').map((column) => column.trim()).filter((column) => column !== '');
    else options[name] = value;
  }
  return options as OrcSerDeOptions;
}

/** `--env NAME=VALUE` pairs as an environment. */
export function parseEnvPairs(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const [name, value] = splitPair('--env', pair);
    env[name] = value;
  }
  return env;
}
