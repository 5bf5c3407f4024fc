/** PII redaction: redactPii and its detectors. */
export { DETECTOR_NAMES, type DetectorName } from './piiDetectors.js';
export { type CustomPattern, type FieldRule, type RedactionMode, redactPii, type RedactPiiOptions, type Replacement } from './redactPii.js';
