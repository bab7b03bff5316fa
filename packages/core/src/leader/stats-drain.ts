import type { JobStore } from '../jobstore/jobstore.js';
import type { Logger } from '../log/logger.js';
import type { JobLogFiles } from './job-log-files.js';

/** How often the channel is read: once a second, or often enough for --realTimeLogging to feel live. */
const DRAIN_MS = 1000;
const REALTIME_DRAIN_MS = 250;

/** A job's message as workers store it in the stats/logging channel. */
interface LoggedMessage {
  jobStoreID: string;
  name: string;
  level: number;
  text: string;
  time: number;
}

/** A successful job's whole log, sent when the leader wants them (--writeLogsFromAllJobs or DEBUG). */
interface JobLog {
  jobStoreID: string;
  name: string;
  text: string;
}

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
 */
export class StatsDrain {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: JobStore,
    private readonly log: Logger,
    private readonly options: StatsDrainOptions = {},
  ) {}

  start(): void {
    this.timer = setInterval(
      () => {
        this.running = this.running.then(() => this.drain()).catch(() => undefined);
      },
      this.options.realtime ? REALTIME_DRAIN_MS : DRAIN_MS,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.drain().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    await this.store.readStatsAndLogging(async (blob) => {
      const parsed = JSON.parse(blob) as { logs?: LoggedMessage[]; jobLogs?: JobLog[] };
      for (const m of parsed.logs ?? []) this.relay(m);
      for (const jobLog of parsed.jobLogs ?? []) await this.received(jobLog);
    });
  }

  private relay(m: LoggedMessage): void {
    const line = `Got message from job '${m.name}' ${m.jobStoreID} at ${new Date(m.time).toISOString()}: ${m.text}`;
    const fields = { jobId: m.jobStoreID, jobName: m.name };
    if (m.level >= 40) this.log.error(line, fields);
    else if (m.level >= 30) this.log.warn(line, fields);
    else if (m.level >= 20) this.log.info(line, fields);
    else this.log.debug(line, fields);
  }

  private async received(jobLog: JobLog): Promise<void> {
    const fields = { jobId: jobLog.jobStoreID, jobName: jobLog.name };
    if (this.log.enabled('DEBUG')) {
      const lines = jobLog.text.replace(/\n$/, '').split('\n').map((l) => `${jobLog.jobStoreID}    ${l}`);
      this.log.debug(['Received Toil worker log. Disable debug level logging to hide this output', ...lines].join('\n'), fields);
    }
    if (!this.options.logFiles) return;
    // A log file that cannot be written costs that file, not the workflow.
    await this.options.logFiles.write({ id: jobLog.jobStoreID, name: jobLog.name }, jobLog.text, false).catch((error: unknown) => {
      this.log.warn(`Could not write the log of job '${jobLog.name}' ${jobLog.jobStoreID} to ${this.options.logFiles!.dir}: ${String(error)}`, fields);
    });
  }
}
