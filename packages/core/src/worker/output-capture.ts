import { truncateLog } from '../log/truncate.js';

/**
 * What a worker process writes to its stdout and stderr (the job's `console.log`, the echo of its `ctx.log`
 * messages), kept per job so a successful job's log can go to the leader for `--writeLogs`. Toil gets this by
 * redirecting the worker's file descriptors to a log file; here the output still flows to the real streams (the
 * batch system captures them for failed jobs) and a copy is kept. Only process entry points install it: a
 * worker run inside another process (tests) must not capture that process's output.
 */
export class OutputCapture {
  private chunks: string[] = [];
  private bytes = 0;

  /** @param keepBytes how much of the most recent output to keep (`--maxLogFileSize`); 0 keeps everything. */
  constructor(private keepBytes = 0) {}

  /** Change how much is kept (the config is known only once the first job's job store is open). */
  setLimit(keepBytes: number): void {
    this.keepBytes = keepBytes;
  }

  /** Record a chunk written to stdout or stderr. */
  add(chunk: string | Uint8Array): void {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.chunks.push(text);
    this.bytes += Buffer.byteLength(text);
    // Compact only past twice the limit, so a chatty job does not re-join its buffer on every write.
    if (this.keepBytes > 0 && this.bytes > 2 * this.keepBytes) {
      const kept = truncateLog(this.chunks.join(''), this.keepBytes);
      this.chunks = [kept];
      this.bytes = Buffer.byteLength(kept);
    }
  }

  /** The output since the last call (or since installation), and start afresh: called at each job boundary. */
  take(): string {
    const text = this.chunks.join('');
    this.chunks = [];
    this.bytes = 0;
    return text;
  }
}

let installed: OutputCapture | undefined;

/**
 * Tee this process's stdout and stderr into an OutputCapture (once per process; later calls return the same one).
 * The streams' `write` is wrapped because a worker's output is written by the job's own code, in this process.
 */
export function captureProcessOutput(): OutputCapture {
  if (installed) return installed;
  const capture = new OutputCapture();
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      capture.add(chunk);
      return original(chunk, ...rest);
    }) as typeof stream.write;
  }
  installed = capture;
  return capture;
}
