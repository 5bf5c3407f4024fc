import { awsReingestSink } from '../../aws/reingestSink.js';
import { setDefaultReingestSink } from '../handler/reingest.js';
import { createApacheErrorLogToJsonHandler } from '../apacheErrorLogToJson.js';

// Records past the response budget are re-ingested through the AWS SDK (REINGEST=auto).
setDefaultReingestSink(awsReingestSink);

/** Lambda entry point: configured from the environment once, at cold start. */
export const handler = createApacheErrorLogToJsonHandler(process.env);
