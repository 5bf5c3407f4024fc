/** Block compression shared by the columnar writers. */
export { snappyCompressBlock } from './snappy.js';
