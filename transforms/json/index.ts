/** JSON records: parseJson, decodeText, toJsonLine. */
export { decodeText, type DecodeTextOptions } from './decodeText.js';
export { parseJson, type ParseJsonOptions } from './parseJson.js';
export { toJsonLine } from './toJsonLine.js';
