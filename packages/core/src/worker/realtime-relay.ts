import type { JobStore } from '../jobstore/jobstore.js';

/** A job's message as it travels in the stats-and-logging channel (what the leader's StatsDrain reads). */
export interface ChannelMessage {
  jobStoreID: string;
  name: string;
  level: number;
  text: string;
  time: number;
}

/** How long a realtime message may wait for others to share its job-store write. */
export const REALTIME_FLUSH_MS = 200;

/**
 * `--realTimeLogging` on the worker side: messages go to the job store's stats-and-logging channel within
 * REALTIME_FLUSH_MS of being logged, instead of when the worker ends; the leader drains the channel every few
 * hundred milliseconds in this mode. Toil sent them over UDP to a leader port, which fails wherever workers
 * cannot reach the leader's host (NAT, cluster nodes behind a firewall, Kubernetes); every worker can reach the
 * job store, so this works on every batch system, at the price of one small job-store write per batch.
 */
export class RealtimeRelay {
  private queue: ChannelMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: JobStore,
    private readonly delayMs = REALTIME_FLUSH_MS,
  ) {}

  /** Queue a message; it is written with the others of the next REALTIME_FLUSH_MS. */
  send(message: ChannelMessage): void {
    this.queue.push(message);
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
    this.timer.unref();
  }

  /** Write what is queued now; resolves when every write so far has finished. Never rejects. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      this.writing = this.writing
        .then(() => this.store.writeStatsAndLogging(JSON.stringify({ logs: batch })))
        // A lost log message must not fail the job that sent it; say so where the job's output goes.
        .catch(
          (error: unknown) =>
            void process.stderr.write(
              `Could not send ${batch.length} realtime log message(s) to the leader: ${String(error)}\n`,
            ),
        );
    }
    return this.writing;
  }
}
