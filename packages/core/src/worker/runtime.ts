import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { JobStore } from '../jobstore/jobstore.js';
import type { WorkflowConfig } from '../options/config.js';
import type { JobLogMessage } from '../job/context.js';
import type { OutputCapture } from './output-capture.js';
import type { FileStoreProvider } from '../filestore/provider.js';

/** What a worker process keeps between jobs of one workflow. */
export interface WorkerRuntime {
  store: JobStore;
  config: WorkflowConfig;
  /** This node's directory for the workflow: job temp dirs and the bundle cache live here. */
  localWorkflowDir: string;
  /** Shows a job's log message on this worker's stderr. */
  echo(jobId: string, jobName: string, message: JobLogMessage): void;
  /**
   * Sends a RealtimeLogger message to the leader while the job runs (set by runWorker with --realTimeLogging);
   * without it RealtimeLogger keeps only CRITICAL messages, echoed locally.
   */
  realtime?(jobId: string, jobName: string, message: JobLogMessage): void;
  /** This process's captured stdout/stderr (worker entry points only): a successful job's log for --writeLogs. */
  output?: OutputCapture;
  /** Makes each job's file store when the workflow uses another than the plain one (the caching file store). */
  fileStores?: FileStoreProvider;
}

/** Toil's work dir rule: TOIL_WORKDIR_OVERRIDE, then --workDir, then TOIL_WORKDIR, then the system temp dir. */
export function toilWorkDir(configWorkDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return env.TOIL_WORKDIR_OVERRIDE || configWorkDir || env.TOIL_WORKDIR || tmpdir();
}

/** `<workDir>/toil-<workflowId>`: per node and workflow. */
export function localWorkflowDir(config: WorkflowConfig): string {
  return join(toilWorkDir(config.workDir), `toil-${config.workflowId}`);
}

const LEVEL_NAMES: Record<number, string> = { 10: 'DEBUG', 20: 'INFO', 30: 'WARNING', 40: 'ERROR', 50: 'CRITICAL' };

/** A job's log message as one line, tagged with the job: `[<time>] <LEVEL> <job name> <job ID>: <text>`. */
export function formatJobMessage(jobId: string, jobName: string, message: JobLogMessage): string {
  const level = LEVEL_NAMES[message.level] ?? String(message.level);
  return `[${new Date(message.time).toISOString()}] ${level} ${jobName} ${jobId}: ${message.text}\n`;
}

/** Default echo: one line on stderr, tagged with the job. */
export function stderrEcho(jobId: string, jobName: string, message: JobLogMessage): void {
  process.stderr.write(formatJobMessage(jobId, jobName, message));
}
