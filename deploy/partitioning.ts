/**
 * The S3 layout of a delivery stream and the Glue table over it, derived from one source (the table's
 * partition keys) so the two cannot disagree: Firehose writes Hive-style `key=value/` prefixes and the
 * table carries Athena partition projection properties for the same keys, so Athena finds every object
 * with no crawler and no `MSCK REPAIR TABLE`.
 *
 * - Firehose prefixes (documented): `!{timestamp:FORMAT}` is the record's approximate arrival time in UTC,
 *   formatted with a Java DateTimeFormatter pattern; `!{partitionKeyFromLambda:KEY}` is a key the
 *   transformation Lambda returns in `metadata.partitionKeys` and needs dynamic partitioning; a prefix
 *   with expressions needs an ErrorOutputPrefix with `!{firehose:error-output-type}`.
 *   https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html
 *   https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning.html
 * - Partition projection (documented): `projection.enabled`, and per column `projection.<col>.type`
 *   integer (`range`, `digits`), date (`format`, `range` with NOW, `interval`, `interval.unit`) or injected.
 *   https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
 */
import type { GlueColumn } from '../formats/glue/index.js';
import { DeployOptionError } from './errors.js';

/** How one partition key's value is made by Firehose and projected by Athena. */
export type PartitionKeySource =
  | { readonly kind: 'timestamp'; readonly format: string }
  | { readonly kind: 'lambda' };

export interface PartitionLayout {
  /** Firehose `Prefix`, under `dataPrefix`, ending in `/`. */
  readonly prefix: string;
  /** Firehose `ErrorOutputPrefix`. */
  readonly errorOutputPrefix: string;
  /** The table's location relative to the bucket: `dataPrefix`. */
  readonly dataPrefix: string;
  /** Glue table parameters that turn on partition projection (empty when the table has no partition keys). */
  readonly projection: Readonly<Record<string, string>>;
  /** True when some key comes from the Lambda: the stream needs dynamic partitioning. */
  readonly dynamicPartitioning: boolean;
  readonly keys: readonly { readonly name: string; readonly source: PartitionKeySource }[];
}

export interface PartitionLayoutOptions {
  /** Where data objects go, e.g. `data/` (default). Letters, digits, `-_.` and `/`, ending in `/`. */
  readonly dataPrefix?: string;
  /** Where error objects go (default `errors/`). */
  readonly errorPrefix?: string;
  /** First year that integer projection of `year` covers (default 2020). */
  readonly firstYear?: number;
}

/** Time-based key names and the Firehose timestamp pattern and Athena projection each gets. */
const TIME_KEYS: Readonly<Record<string, { readonly format: string; readonly projection: (firstYear: number) => Record<string, string> }>> = {
  year: { format: 'yyyy', projection: (firstYear) => ({ type: 'integer', range: `${firstYear},2100` }) },
  month: { format: 'MM', projection: () => ({ type: 'integer', range: '1,12', digits: '2' }) },
  day: { format: 'dd', projection: () => ({ type: 'integer', range: '1,31', digits: '2' }) },
  hour: { format: 'HH', projection: () => ({ type: 'integer', range: '0,23', digits: '2' }) },
  dt: { format: 'yyyy-MM-dd', projection: (firstYear) => ({ type: 'date', format: 'yyyy-MM-dd', range: `${firstYear}-01-01,NOW`, interval: '1', 'interval.unit': 'DAYS' }) },
  date: { format: 'yyyy-MM-dd', projection: (firstYear) => ({ type: 'date', format: 'yyyy-MM-dd', range: `${firstYear}-01-01,NOW`, interval: '1', 'interval.unit': 'DAYS' }) },
  dthour: { format: 'yyyy-MM-dd-HH', projection: (firstYear) => ({ type: 'date', format: 'yyyy-MM-dd-HH', range: `${firstYear}-01-01-00,NOW`, interval: '1', 'interval.unit': 'HOURS' }) },
};

/** Names of the partition keys filled from the record's arrival time. */
export const TIME_PARTITION_KEYS: readonly string[] = Object.keys(TIME_KEYS);

const PREFIX_PATTERN = /^(?:[A-Za-z0-9_.-]+\/)+$/;

function checkPrefix(option: string, prefix: string): void {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new DeployOptionError(`${option} ${JSON.stringify(prefix)} is not a folder path: use letters, digits, "-", "_", "." and "/", ending in "/" (e.g. "data/")`);
  }
}

/**
 * The layout for a table's partition keys: `year`, `month`, `day`, `hour`, `dt`, `date`, `dthour` come from
 * the arrival time; any other key must be returned by the Lambda (dynamic partitioning, projected as
 * `injected`, so queries must name its value). Partition keys must be strings: the prefix is text.
 */
export function partitionLayout(partitionKeys: readonly GlueColumn[], options: PartitionLayoutOptions = {}): PartitionLayout {
  const dataPrefix = options.dataPrefix ?? 'data/';
  const errorPrefix = options.errorPrefix ?? 'errors/';
  checkPrefix('dataPrefix', dataPrefix);
  checkPrefix('errorPrefix', errorPrefix);
  if (dataPrefix.startsWith(errorPrefix) || errorPrefix.startsWith(dataPrefix)) {
    throw new DeployOptionError(`dataPrefix ${JSON.stringify(dataPrefix)} and errorPrefix ${JSON.stringify(errorPrefix)} overlap: Athena would read error objects as data; give them separate folders`);
  }
  const firstYear = options.firstYear ?? 2020;
  if (!Number.isInteger(firstYear) || firstYear < 1970 || firstYear > 2100) throw new DeployOptionError(`firstYear ${firstYear}: give a year from 1970 to 2100`);
  const keys: { name: string; source: PartitionKeySource }[] = [];
  const projection: Record<string, string> = {};
  let prefix = dataPrefix;
  for (const column of partitionKeys) {
    if (column.type.kind !== 'string') {
      throw new DeployOptionError(`partition key ${column.name} has type ${column.typeString}; declare partition keys as string (their values are S3 prefix text)`);
    }
    const time = TIME_KEYS[column.name];
    if (time !== undefined) {
      keys.push({ name: column.name, source: { kind: 'timestamp', format: time.format } });
      prefix += `${column.name}=!{timestamp:${time.format}}/`;
      for (const [property, value] of Object.entries(time.projection(firstYear))) projection[`projection.${column.name}.${property}`] = value;
    } else {
      keys.push({ name: column.name, source: { kind: 'lambda' } });
      prefix += `${column.name}=!{partitionKeyFromLambda:${column.name}}/`;
      projection[`projection.${column.name}.type`] = 'injected';
    }
  }
  if (keys.length > 0) projection['projection.enabled'] = 'true';
  return {
    prefix,
    // Errors by type, then by arrival hour, so a bad hour is easy to find; never under the table's location.
    errorOutputPrefix: `${errorPrefix}!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/`,
    dataPrefix,
    projection,
    dynamicPartitioning: keys.some((key) => key.source.kind === 'lambda'),
    keys,
  };
}
