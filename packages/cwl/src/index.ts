/**
 * @toil/cwl: a native TypeScript runner for the Common Workflow Language v1.0-v1.2.
 */
export * from './errors.js';
export type * from './model.js';
export { loadProcess } from './loader/load.js';
export { parseYaml, readYamlFile } from './loader/read-yaml.js';
export { Sandbox, DEFAULT_EVAL_TIMEOUT_MS } from './expr/sandbox.js';
export { evaluate, type ExprContext } from './expr/evaluate.js';
export { plainNumber } from './expr/format.js';
export { matches, describeType } from './types/check.js';
export { bindInputs } from './runtime/inputs.js';
export { runBound, runProcess } from './runtime/run-process.js';
export { Requirements, type Inherited } from './runtime/requirements.js';
export type { RunContext } from './runtime/context.js';
export { main } from './cli/main.js';
