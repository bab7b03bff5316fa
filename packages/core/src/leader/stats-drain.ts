import type { JobStore } from '../jobstore/jobstore.js';
import type { Logger } from '../log/logger.js';

const DRAIN_MS = 1000;

/** A job's message as workers store it in the stats/logging channel. */
interface LoggedMessage {
  jobStoreID: string;
  name: string;
  level: number;
  text: string;
  time: number;
}

/**
 * Toil's stats-and-logging monitor: reads what workers append to the job store's stats/logging channel and
 * prints the messages jobs sent with `ctx.log`. Stats blobs stay in the store for `toil stats`.
 */
export class StatsDrain {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: JobStore,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.drain()).catch(() => undefined);
    }, DRAIN_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.drain().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    await this.store.readStatsAndLogging((blob) => {
      const parsed = JSON.parse(blob) as { logs?: LoggedMessage[] };
      for (const m of parsed.logs ?? []) {
        const line = `Got message from job '${m.name}' ${m.jobStoreID} at ${new Date(m.time).toISOString()}: ${m.text}`;
        if (m.level >= 40) this.log.error(line);
        else if (m.level >= 30) this.log.warn(line);
        else if (m.level >= 20) this.log.info(line);
        else this.log.debug(line);
      }
    });
  }
}
