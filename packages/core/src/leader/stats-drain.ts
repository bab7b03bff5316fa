import { MalformedStatsBlobError } from '../errors.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { Logger } from '../log/logger.js';
import type { JobLogRecord } from '../worker/job-logs.js';
import type { ChannelMessage } from '../worker/realtime-relay.js';
import type { JobLogFiles } from './job-log-files.js';
import { parseLogBlob } from './log-blob.js';

/** How often the channel is read: once a second, or often enough for --realTimeLogging to feel live. */
const DRAIN_MS = 1000;
const REALTIME_DRAIN_MS = 250;

/** What the drain needs besides the store and the logger. */
export interface StatsDrainOptions {
  /** Read the channel every REALTIME_DRAIN_MS instead of every second (`--realTimeLogging`). */
  realtime?: boolean;
  /** Where received job logs go as files (`--writeLogs`/`--writeLogsGzip`). */
  logFiles?: JobLogFiles;
}

/**
 * Toil's stats-and-logging monitor: reads what workers append to the job store's stats/logging channel, prints
 * the messages jobs sent with `ctx.log` and RealtimeLogger, and writes received job logs to `--writeLogs` files
 * (printing them at DEBUG, as Toil does). Stats blobs stay in the store for `toil stats`.
 *
 * A blob that cannot be parsed is reported once and set aside by the store, so it never stops the messages after
 * it. A failed read of the channel (I/O) is logged and retried at the next turn: its blobs stay in the store.
 */
export class StatsDrain {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  /** The last read failure logged at WARNING: the same failure every 250 ms would drown the log. */
  private lastFailure: string | undefined;

  constructor(
    private readonly store: JobStore,
    private readonly log: Logger,
    private readonly options: StatsDrainOptions = {},
  ) {}

  start(): void {
    this.timer = setInterval(
      () => {
        this.running = this.running.then(() => this.drain());
      },
      this.options.realtime ? REALTIME_DRAIN_MS : DRAIN_MS,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.drain();
  }

  /** Read the channel once. Never rejects: a failure is logged, and the next turn reads again. */
  private async drain(): Promise<void> {
    try {
      await this.store.readStatsAndLogging(async (blob) => {
        let parsed;
        try {
          parsed = parseLogBlob(blob);
        } catch (error) {
          // Rethrown so that the store sets the blob aside and passes the ones after it.
          if (MalformedStatsBlobError.is(error))
            this.log.warn(
              `${error.message} Set it aside in the job store ${this.store.locator}; the messages in it are lost.`,
            );
          throw error;
        }
        for (const m of parsed.logs) this.relay(m);
        for (const jobLog of parsed.jobLogs) await this.received(jobLog);
      });
      this.lastFailure = undefined;
    } catch (error) {
      const message = `Could not read the jobs' log messages from the job store ${this.store.locator}: ${error instanceof Error ? error.message : String(error)}. Trying again; they stay in the store.`;
      if (message === this.lastFailure) this.log.debug(message);
      else this.log.warn(message);
      this.lastFailure = message;
    }
  }

  private relay(m: ChannelMessage): void {
    const line = `Got message from job '${m.name}' ${m.jobStoreID} at ${new Date(m.time).toISOString()}: ${m.text}`;
    const fields = { jobId: m.jobStoreID, jobName: m.name };
    if (m.level >= 40) this.log.error(line, fields);
    else if (m.level >= 30) this.log.warn(line, fields);
    else if (m.level >= 20) this.log.info(line, fields);
    else this.log.debug(line, fields);
  }

  private async received(jobLog: JobLogRecord): Promise<void> {
    const fields = { jobId: jobLog.jobStoreID, jobName: jobLog.name };
    if (this.log.enabled('DEBUG')) {
      const lines = jobLog.text
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => `${jobLog.jobStoreID}    ${l}`);
      this.log.debug(
        ['Received Toil worker log. Disable debug level logging to hide this output', ...lines].join('\n'),
        fields,
      );
    }
    if (!this.options.logFiles) return;
    // A log file that cannot be written costs that file, not the workflow.
    await this.options.logFiles
      .write({ id: jobLog.jobStoreID, name: jobLog.name }, jobLog.text, false)
      .catch((error: unknown) => {
        this.log.warn(
          `Could not write the log of job '${jobLog.name}' ${jobLog.jobStoreID} to ${this.options.logFiles!.dir}: ${String(error)}`,
          fields,
        );
      });
  }
}
