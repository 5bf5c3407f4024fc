/** Glue tables the deploy tests share, beside the repository's glue-schemas/. */
import { parseGlueTable, type GlueTable } from '../../formats/glue/index.js';

/** A table partitioned by a key the Lambda returns (dynamic partitioning) and by day. */
export function byCustomer(): GlueTable {
  return parseGlueTable({ Table: { Name: 'orders', StorageDescriptor: { Columns: [{ Name: 'id', Type: 'string' }] }, PartitionKeys: [{ Name: 'customer_id', Type: 'string' }, { Name: 'dt', Type: 'string' }] } }, 'orders');
}
