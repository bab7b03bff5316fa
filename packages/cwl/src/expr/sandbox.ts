/**
 * The client side of the expression sandbox: one worker per process, started on the first JavaScript
 * expression, kept unreferenced while idle so it never holds the process open.
 */
import { Worker } from 'node:worker_threads';
import { SANDBOX_WORKER_SOURCE, type EvalReply, type EvalRequest } from './sandbox-worker.js';

/** Default time limit of one expression (cwltool's default is 20 s as well). */
export const DEFAULT_EVAL_TIMEOUT_MS = 20_000;

/** A JavaScript evaluator in a separate isolate with a time limit. */
export class Sandbox {
  #worker: Worker | undefined;
  #next = 1;
  readonly #pending = new Map<number, { resolve: (r: EvalReply) => void; reject: (e: Error) => void }>();

  constructor(readonly timeoutMs = DEFAULT_EVAL_TIMEOUT_MS) {}

  /** Evaluates `code` with `vars` (`inputs`, `self`, `runtime`) after `lib`; resolves to the JSON value. */
  async evaluate(code: string, kind: 'paren' | 'brace', lib: string[], vars: object): Promise<EvalReply> {
    const worker = this.#start();
    const id = this.#next++;
    const request: EvalRequest = { id, lib, code, kind, vars: JSON.stringify(vars), timeoutMs: this.timeoutMs };
    const reply = new Promise<EvalReply>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    if (this.#pending.size === 1) worker.ref();
    worker.postMessage(request);
    return reply;
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  #start(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = new Worker(SANDBOX_WORKER_SOURCE, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      stdout: true,
      stderr: true,
    });
    worker.on('message', (reply: EvalReply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      pending?.resolve(reply);
    });
    worker.on('error', (error) => this.#failAll(error));
    worker.on('exit', () => {
      this.#worker = undefined;
      this.#failAll(new Error('the expression sandbox stopped (out of memory?)'));
    });
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
