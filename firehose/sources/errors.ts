/** Errors of reading inputs. */
import { FirehoseKitError } from '../../transforms/core/index.js';

/** An input file cannot be read (missing, a directory, no permission). */
export class InputFileError extends FirehoseKitError {}
