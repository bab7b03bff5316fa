import type { JobDescription } from '../jobstore/description.js';
import type { JobLogMessage } from '../job/context.js';
import { truncateLog } from '../log/truncate.js';
import { RealtimeRelay, type ChannelMessage } from './realtime-relay.js';
import { formatJobMessage, type WorkerRuntime } from './runtime.js';

/** A job's message with the job that logged it. */
export interface LoggedJobMessage {
  jobId: string;
  name: string;
  message: JobLogMessage;
}

/** A successful job's whole log, sent to the leader for `--writeLogs` (Toil's worker log). */
export interface JobLogRecord {
  jobStoreID: string;
  name: string;
  text: string;
}

/** The lowest level of `ctx.log` messages that `--realTimeLogging` sends at once; DEBUG ones wait for the end. */
const REALTIME_LEVEL = 20;

/**
 * The logs of one worker run (a job and the jobs it chains): the jobs' `ctx.log` messages, sent to the leader
 * when the run ends (or at once with `--realTimeLogging`), and, when the leader wants them (`--writeLogsFromAllJobs`
 * or DEBUG level, as in Toil), each successful job's whole log: its captured output, cut to `--maxLogFileSize`.
 * A failed job's log is not sent here: the worker stores it on the job (see recordFailure).
 */
export class WorkerLogs {
  /** Every message logged in this run so far, in order (a failed job's go into its stored log). */
  readonly messages: LoggedJobMessage[] = [];
  /** The runtime to run jobs with: its echo and realtime hooks feed this collection. */
  readonly runtime: WorkerRuntime;
  private readonly relay: RealtimeRelay | undefined;
  private readonly jobLogs: JobLogRecord[] = [];
  private readonly wantJobLogs: boolean;

  constructor(private readonly rt: WorkerRuntime) {
    const { config } = rt;
    this.relay = config.realTimeLogging ? new RealtimeRelay(rt.store) : undefined;
    this.wantJobLogs = config.writeLogsFromAllJobs || config.logLevel === 'DEBUG';
    this.runtime = {
      ...rt,
      echo: (jobId, name, message) => {
        rt.echo(jobId, name, message);
        this.messages.push({ jobId, name, message });
        if (this.relay && message.level >= REALTIME_LEVEL) this.relay.send(channelMessage({ jobId, name, message }));
      },
      realtime: this.relay
        ? (jobId, name, message) => {
            rt.echo(jobId, name, message);
            this.relay!.send(channelMessage({ jobId, name, message }));
          }
        : undefined,
    };
  }

  /** A job starts: output written before it (the previous job's commit, the worker's start) is not its log. */
  jobStarted(): void {
    this.rt.output?.take();
  }

  /** A job finished: keep its log if the leader wants successful jobs' logs. */
  jobSucceeded(job: JobDescription): void {
    const captured = this.rt.output?.take();
    if (!this.wantJobLogs) return;
    // Without a captured output (a worker run inside another process), the job's messages are its log.
    const text =
      captured ??
      this.messages
        .filter((m) => m.jobId === job.id)
        .map((m) => formatJobMessage(m.jobId, m.name, m.message))
        .join('');
    this.jobLogs.push({
      jobStoreID: job.id,
      name: job.displayName,
      text: truncateLog(text, this.rt.config.maxLogFileSize),
    });
  }

  /** Wait for realtime messages still being written. */
  async close(): Promise<void> {
    await this.relay?.flush();
  }

  /**
   * What the end-of-run blob carries: messages of the jobs that succeeded (`ran`), less those already sent in
   * realtime, and the successful jobs' logs.
   */
  forLeader(ran: readonly string[]): { logs: ChannelMessage[]; jobLogs: JobLogRecord[] } {
    const succeeded = new Set(ran);
    const logs = this.messages
      .filter((m) => succeeded.has(m.jobId) && !(this.relay && m.message.level >= REALTIME_LEVEL))
      .map(channelMessage);
    return { logs, jobLogs: this.jobLogs };
  }
}

function channelMessage({ jobId, name, message }: LoggedJobMessage): ChannelMessage {
  return { jobStoreID: jobId, name, level: message.level, text: message.text, time: message.time };
}
