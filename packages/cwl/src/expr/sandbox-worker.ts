/**
 * The code of the expression worker, as JavaScript text. It runs in a worker_thread (its own V8 isolate and heap,
 * bounded by resourceLimits), where each expressionLib gets one node:vm context, kept for later evaluations. Values
 * go in and come out as JSON text parsed inside the context, whose global has no prototype, so no object of the
 * worker's realm (whose constructors lead back to `process`) is reachable from an expression. `eval` and
 * `Function` work (expressionLib templating libraries need them) and create code in the context itself, which
 * holds nothing of the host; WebAssembly is off. It is text rather than a module so that bundling cannot
 * rewrite it (esbuild replaces `require`) and the same code runs from the bundle and from the sources under vitest.
 */

/** A request to the worker. */
export interface EvalRequest {
  /** Matches the reply to the request. */
  id: number;
  /** The expressionLib entries, evaluated once per distinct list. */
  lib: string[];
  /** The JavaScript: an expression for `$(...)`, a function body for `${...}`. */
  code: string;
  /** 'paren' for `$(...)`, 'brace' for `${...}`. */
  kind: 'paren' | 'brace';
  /** `{inputs, self, runtime}` as JSON text. */
  vars: string;
  /** Milliseconds the evaluation may take. */
  timeoutMs: number;
}

/** The worker's reply: the result as JSON text (`undefined` when the expression gave undefined), or an error. */
export type EvalReply = { id: number; json?: string; error?: string };

/** The worker's source (CommonJS, as `new Worker(source, { eval: true })` runs it). */
export const SANDBOX_WORKER_SOURCE = String.raw`
const vm = require('node:vm');
const { parentPort } = require('node:worker_threads');
const contexts = new Map();
function contextFor(lib, timeout) {
  const key = lib.join('\u0000');
  let context = contexts.get(key);
  if (context === undefined) {
    context = vm.createContext(Object.create(null), { codeGeneration: { strings: true, wasm: false } });
    for (const source of lib) vm.runInContext(source, context, { timeout });
    contexts.set(key, context);
  }
  return context;
}
parentPort.on('message', (request) => {
  try {
    const context = contextFor(request.lib, request.timeoutMs);
    context.__vars = request.vars;
    const body = request.kind === 'paren' ? 'return (' + request.code + '\n);' : request.code;
    const program =
      '(function(){ var __v = JSON.parse(__vars); inputs = __v.inputs; self = __v.self; runtime = __v.runtime;' +
      ' var __r = (function(){ ' + body + '\n })(); return __r === undefined ? undefined : JSON.stringify(__r); })()';
    const json = vm.runInContext(program, context, { timeout: request.timeoutMs });
    parentPort.postMessage({ id: request.id, json });
  } catch (error) {
    const message = error !== null && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
    parentPort.postMessage({ id: request.id, error: message });
  }
});
`;
