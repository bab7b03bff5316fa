/**
 * One attached container run: spawn the engine's `run`, collect what the tool prints, enforce the timeout, and
 * turn the outcome into the tool's output or one of the container errors.
 */
import { spawn } from 'node:child_process';
import type { ContainerEngine, RunSpec } from './engine.js';
import { ContainerFailedError, ContainerTimeoutError } from './errors.js';
import { markRemoved } from './cleanup.js';
import { forget, trackLive } from './exit-cleanup.js';

/** What to return and how long to wait. */
export interface RunIo {
  /** Include the tool's stdout in the result. */
  stdout: boolean;
  /** Include the tool's stderr in the result (in arrival order with stdout). */
  stderr: boolean;
  /** Seconds before the container is killed; undefined waits for ever. */
  timeoutSeconds?: number;
  /** Where the tool's stderr is echoed as it comes (the job's log). */
  echoStderr?: (chunk: Buffer) => void;
}

/** How many lines of the tool's stderr a failure quotes. */
const STDERR_TAIL_LINES = 20;

/** Run `spec` on `engine`; resolves to the requested output, throws ContainerFailedError/ContainerTimeoutError. */
export function runContainer(engine: ContainerEngine, spec: RunSpec, io: RunIo): Promise<string> {
  return new Promise((resolve, reject) => {
    trackLive(engine, spec.name);
    const child = spawn(engine.ref.command, engine.runArgs(spec), { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      if (io.stdout) output.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors.push(chunk);
      if (io.stderr) output.push(chunk);
      io.echoStderr?.(chunk);
    });
    let timedOut = false;
    const timer =
      io.timeoutSeconds === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            // Removing the container ends the attached `run`, which then reports the kill below.
            void engine.remove(spec.name).catch(() => child.kill('SIGKILL'));
          }, io.timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      forget(spec.name);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      forget(spec.name);
      // `run --rm` removed it when it returned by itself; a killed client may have left it to the deferred call.
      if (signal === null) markRemoved(spec.name);
      if (timedOut) return reject(new ContainerTimeoutError(spec.image, io.timeoutSeconds ?? 0));
      if (code === 0) return resolve(Buffer.concat(output).toString('utf8'));
      const tail = Buffer.concat(errors).toString('utf8').trimEnd().split('\n').slice(-STDERR_TAIL_LINES).join('\n');
      const command = [...(spec.entrypoint ?? []), ...spec.command];
      reject(new ContainerFailedError(spec.image, command, code ?? -1, tail));
    });
  });
}
