/**
 * One look at a job store for `toil status --serve`: the workflow state, the job graph left (as `toil status`
 * walks it), the stored logs of failed attempts and the end of the leader's `--logFile`. Reads only.
 */
import { open } from 'node:fs/promises';
import type { WorkflowConfig } from '@toil/core';
import type { JobStore } from '@toil/core/backend';
import { classify, traverseJobGraph } from '../collect.js';
import { describeState, workflowState } from '../../ops/workflow-state.js';
import { countStates, jobsToShow, mergeJobs, type JobView, type StatusSnapshot } from './snapshot.js';

/** The end of a log kept for the page: enough to see why a job failed, small enough to resend on every update. */
const LOG_TAIL_BYTES = 16 * 1024;

/** The last `bytes` of a text, cut at a line start, with a note when something was cut. */
export function tail(text: string, bytes = LOG_TAIL_BYTES): string {
  if (text.length <= bytes) return text;
  const cut = text.slice(text.length - bytes);
  return `[... earlier lines cut ...]\n${cut.slice(cut.indexOf('\n') + 1)}`;
}

/** The end of a local file, or undefined when it cannot be read here (on another host, or not written yet). */
async function fileTail(path: string): Promise<string | undefined> {
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      const length = Math.min(size, LOG_TAIL_BYTES * 2);
      const { buffer } = await file.read(Buffer.alloc(length), 0, length, size - length);
      return tail(buffer.toString('utf8'));
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
}

/** Reads a job store again and again, remembering the jobs it saw so that vanished ones show as finished. */
export class StatusReader {
  private seen = new Map<string, JobView>();
  /** Stored logs by log file ID: a log file never changes, so each is read once. */
  private readonly logCache = new Map<string, string>();

  constructor(
    private readonly store: JobStore,
    private readonly locator: string,
    private readonly config: WorkflowConfig,
  ) {}

  /** Look at the store now. */
  async read(): Promise<StatusSnapshot> {
    if (!(await this.store.exists())) return this.deleted();
    const state = await workflowState(this.store);
    const rootId = await this.store.loadRootJobId();
    const descriptions =
      rootId !== undefined && state.kind !== 'completed' ? await traverseJobGraph(this.store, rootId) : [];
    const stored = new Set(descriptions.map((d) => d.id));
    const reports = descriptions.map((d) => classify(d, (id) => stored.has(id)));
    const logs = new Map<string, string>();
    for (const { desc } of reports) {
      if (desc.logFileId === undefined) continue;
      const log = await this.log(desc.logFileId);
      if (log !== undefined) logs.set(desc.id, log);
    }
    this.seen = mergeJobs(reports, this.seen, logs);
    const leaderLog = this.config.logFile ? await fileTail(this.config.logFile) : undefined;
    return this.snapshot({ state: state.kind, description: describeState(state, this.locator) }, leaderLog);
  }

  private async log(fileId: string): Promise<string | undefined> {
    const cached = this.logCache.get(fileId);
    if (cached !== undefined) return cached;
    // Gone when the job was retried or finished meanwhile: the next look will not ask again.
    const text = await this.store.readFileBytes(fileId).then(
      (b) => tail(b.toString('utf8')),
      () => undefined,
    );
    if (text !== undefined) this.logCache.set(fileId, text);
    return text;
  }

  /** The store was deleted (`--clean` after the run, or `toil clean`): every job seen has finished. */
  private deleted(): StatusSnapshot {
    this.seen = mergeJobs([], this.seen, new Map());
    return this.snapshot({
      state: 'deleted',
      description: `The job store ${this.locator} has been deleted: the workflow ended and its store was cleaned up.`,
    });
  }

  private snapshot(workflow: StatusSnapshot['workflow'], leaderLog?: string): StatusSnapshot {
    const all = [...this.seen.values()];
    return {
      locator: this.locator,
      workflow,
      counts: countStates(all),
      jobs: jobsToShow(all),
      totalJobs: all.length,
      ...(leaderLog === undefined ? {} : { leaderLog }),
    };
  }
}
