/** Inputs of the offline emulation: producer records from files, Glue table files. */
export { InputFileError } from './errors.js';
export { loadGlueTable } from './glueTableFile.js';
export { type ProducerRecord, readProducerRecords } from './producerRecords.js';
export { arrivalFrom, checkInputs, INPUT_FORMATS, type InputFormat, type InputOptions, readInputs } from './inputRecords.js';
export { expandInputPatterns, isInputPattern } from './inputPatterns.js';
