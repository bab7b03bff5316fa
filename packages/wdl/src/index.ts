/**
 * @toil/wdl: a WDL draft-2 / 1.0 / 1.1 interpreter on Toil jobs.
 */
export type * from './syntax/ast.js';
export { parseDocument } from './syntax/parse.js';
export * from './errors.js';
