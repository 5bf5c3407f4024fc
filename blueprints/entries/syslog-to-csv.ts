import { awsReingestSink } from '../../aws/reingestSink.js';
import { setDefaultReingestSink } from '../handler/reingest.js';
import { createSyslogToCsvHandler } from '../syslogToCsv.js';

// Records past the response budget are re-ingested through the AWS SDK (REINGEST=auto).
setDefaultReingestSink(awsReingestSink);

/** Lambda entry point: configured from the environment once, at cold start. */
export const handler = createSyslogToCsvHandler(process.env);
