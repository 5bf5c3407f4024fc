/** Errors of deploy/: a deployment option that cannot be rendered into a stack that deploys. */
import { FirehoseKitError } from '../transforms/core/index.js';

/** A bad deployment option: the message names the option, the value and the fix. */
export class DeployOptionError extends FirehoseKitError {}
