/** The transforms' catalog: every transform with its summary and documented examples (docs and tests read it). */
export { catalog, type CatalogEntry, type TransformExample } from './catalog.js';
