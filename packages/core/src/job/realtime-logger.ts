import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';

/** Where RealtimeLogger messages of the job running in this async context go (set by the worker per job). */
export type RealtimeSink = (level: number, text: string) => void;

const current = new AsyncLocalStorage<RealtimeSink>();

/**
 * Run `fn` (a job's function) with RealtimeLogger calls inside it going to `sink`. AsyncLocalStorage rather
 * than a module variable, so jobs running concurrently in one process (tests, debug tools) keep their own.
 */
export function withRealtimeSink<T>(sink: RealtimeSink, fn: () => T): T {
  return current.run(sink, fn);
}

function send(level: number, message: unknown, args: unknown[]): void {
  const text = format(message, ...args);
  const sink = current.getStore();
  if (sink) sink(level, text);
  // Outside a job nothing listens; like Toil's RealtimeLogger without a server, keep only CRITICAL, locally.
  else if (level >= 50) process.stderr.write(`[${new Date().toISOString()}] CRITICAL RealtimeLogger: ${text}\n`);
}

/**
 * Toil's RealtimeLogger: messages from inside a job that reach the leader's log while the job runs, when the
 * workflow runs with `--realTimeLogging`. Without it, only CRITICAL messages are kept, in the job's own log
 * (its worker output). Arguments format like `console.log` (`RealtimeLogger.info('sorting %s', path)`).
 *
 * ```ts
 * export const sort = defineJob('sort', async (ctx, path: string) => {
 *   RealtimeLogger.info('Down job starting: %s', path);
 * });
 * ```
 */
export const RealtimeLogger = {
  debug: (message: unknown, ...args: unknown[]): void => send(10, message, args),
  info: (message: unknown, ...args: unknown[]): void => send(20, message, args),
  warning: (message: unknown, ...args: unknown[]): void => send(30, message, args),
  error: (message: unknown, ...args: unknown[]): void => send(40, message, args),
  critical: (message: unknown, ...args: unknown[]): void => send(50, message, args),
};
