import { open, type FileHandle } from 'node:fs/promises';
import type { SchedulerJobStatus } from '@toil/batch-grid';
import { parseResults } from './parasol-parse.js';

/** Where reading one results file has got to. */
interface FileState {
  /** Bytes of the file already read. */
  offset: number;
  /** The bytes after the last newline read: a line the hub is still writing, parsed once it is complete. */
  pending: Buffer;
}

/** Read at most this much per call to `read`, so a large backlog (a restarted leader) is not held in memory twice. */
const CHUNK_BYTES = 1 << 20;

/**
 * The ended jobs of Parasol's results files, which the hub appends one line to per finished job. Each poll reads
 * only what was appended since the last one (an offset per file), so a workflow of N jobs costs O(N) reading in
 * all rather than O(N²) from rereading whole files. A line without its newline yet is kept until it is complete,
 * so a half-written line is never misread (a cut end time would give a wrong wall time).
 */
export class ResultsLog {
  private readonly files = new Map<string, FileState>();
  /** Ended jobs read but not yet taken, by Parasol job ID. */
  private readonly ended = new Map<string, SchedulerJobStatus>();
  /** Reads run one after another: the poll and a kill's wait may ask at once, and share each file's offset. */
  private reading: Promise<unknown> = Promise.resolve();

  /** Read what was appended to `files` since the last call. A missing file has nothing yet; other errors reject. */
  update(files: Iterable<string>): Promise<void> {
    const list = [...files];
    const next = this.reading.then(async () => {
      for (const file of list) await this.readNew(file);
    });
    this.reading = next.catch(() => undefined);
    return next;
  }

  /**
   * The end of job `id` if a results line for it has been read, forgetting it: the base class reports a job's end
   * once, so it is never asked for again.
   */
  take(id: string): SchedulerJobStatus | undefined {
    const status = this.ended.get(id);
    this.ended.delete(id);
    return status;
  }

  private async readNew(file: string): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // no job of this batch has ended yet
      throw error;
    }
    try {
      let state = this.files.get(file);
      const { size } = await handle.stat();
      // Smaller than what was read: the file was replaced or truncated by hand; read the new one from its start.
      if (!state || size < state.offset) this.files.set(file, (state = { offset: 0, pending: Buffer.alloc(0) }));
      while (state.offset < size) {
        const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, size - state.offset));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, state.offset);
        if (bytesRead === 0) break;
        state.offset += bytesRead;
        this.consume(state, chunk.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }

  /** Parse the complete lines of `pending + chunk`, keeping the incomplete rest (cut at a byte, not a character). */
  private consume(state: FileState, chunk: Buffer): void {
    const data = state.pending.length ? Buffer.concat([state.pending, chunk]) : chunk;
    const end = data.lastIndexOf(0x0a);
    // A copy, so the kept bytes do not pin the whole chunk in memory.
    state.pending = Buffer.from(data.subarray(end + 1));
    if (end < 0) return;
    for (const [id, status] of parseResults(data.subarray(0, end + 1).toString('utf8'))) this.ended.set(id, status);
  }
}
