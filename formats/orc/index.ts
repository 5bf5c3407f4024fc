/** The ORC writer and reader, driven by a Glue table as Firehose's record format conversion does. */
export { OrcCorruptFileError, OrcRowError, OrcSchemaError, OrcUnsupportedError, OrcWriterClosedError } from './errors.js';
export { type OrcFileMetadata, type OrcReadOptions, type OrcStripeContents, orcTypeString, readOrc, readOrcMetadata, readOrcStripe, readOrcStripeContents, readOrcValues } from './readOrc.js';
export {
  createOrcStreamWriter,
  createOrcWriter,
  ORC_COMPRESSIONS,
  ORC_FORMAT_VERSIONS,
  type OrcCompression,
  type OrcFileSummary,
  type OrcFormatVersion,
  type OrcOutput,
  type OrcSerDeOptions,
  type OrcStreamWriter,
  type OrcWriter,
  type OrcWriterTuning,
  resolveOrcOptions,
} from './writeOrc.js';
