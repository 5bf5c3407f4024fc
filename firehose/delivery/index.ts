/** What Firehose does after the Lambda: raw or converted objects, buffering, keys, error records. */
export { type Delivery, parquetDelivery, rawDelivery } from './delivery.js';
export { processingFailedRecord } from './errorRecords.js';
export { orcDelivery, type OrcDeliveryOptions } from './orcDelivery.js';
