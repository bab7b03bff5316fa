import { setTimeout as sleep } from 'node:timers/promises';
import type { Argv } from 'yargs';
import { ToilError } from '@toil/core';
import type { Logger } from '@toil/core/backend';
import { KILL_FLAG_POLL_MS, leaderProcessState, writeKillFlag } from '@toil/core/internal';
import { openExistingStore } from '../ops/existing-store.js';
import { describeState, workflowState } from '../ops/workflow-state.js';
import { utilityLogger, withLogOptions } from '../ops/log-options.js';

/** Signal a leader on this host and wait for it to exit; false when it could not be signalled (not ours). */
async function signalLeader(
  pid: number,
  host: string,
  signal: NodeJS.Signals,
  waitSeconds: number,
  log: Logger,
): Promise<boolean> {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return false;
    throw error;
  }
  log.info(`Sent ${signal} to the leader (pid ${pid}); waiting up to ${waitSeconds} s for it to shut its jobs down.`);
  const deadline = Date.now() + waitSeconds * 1000;
  while ((await leaderProcessState({ pid, host })) !== 'gone') {
    if (Date.now() > deadline) {
      throw new ToilError(
        'KILL_TIMEOUT',
        `The leader (pid ${pid}) got ${signal} but is still running after ${waitSeconds} s. Wait longer (--wait), or stop it at once with 'toil kill --force'.`,
      );
    }
    await sleep(100);
  }
  return true;
}

/**
 * `toil kill <jobStore>`: stop a workflow's running leader, which then shuts its batch system down (killing the
 * jobs it issued) and exits saying `--restart` resumes. A leader on this host gets SIGTERM (SIGKILL with
 * `--force`); one on another host, or one this user cannot signal, is asked through the job store's kill flag,
 * which running leaders poll. Nothing to kill (finished, stopped, never started) is an error, as in Toil.
 */
export const killCommand = {
  command: 'kill <jobStore>',
  describe: "Stop a workflow's running leader and its jobs (resume later with --restart)",
  builder: (y: Argv) =>
    withLogOptions(
      y
        .positional('jobStore', { type: 'string', demandOption: true, describe: 'Job store of the running workflow' })
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'Send SIGKILL instead of SIGTERM to a leader on this host (it cannot stop its batch jobs)',
        })
        .option('wait', { type: 'number', default: 30, describe: 'Seconds to wait for a leader on this host to exit' }),
    ),
  handler: async (argv: Record<string, unknown>) => {
    const log = utilityLogger(argv, 'toil kill');
    const { store, locator } = await openExistingStore(String(argv.jobStore), 'kill');
    const state = await workflowState(store);
    if (state.kind !== 'running' && state.kind !== 'starting') {
      throw new ToilError('NOT_RUNNING', `Nothing to kill: ${describeState(state, locator)}`);
    }
    if (state.leader === 'alive') {
      const signal: NodeJS.Signals = argv.force ? 'SIGKILL' : 'SIGTERM';
      if (await signalLeader(state.pid, state.host, signal, Number(argv.wait), log)) {
        process.stdout.write(
          `Toil process ${state.pid} successfully terminated. The job store ${locator} is kept; run the workflow again with --restart to resume.\n`,
        );
        return;
      }
      log.info(
        `Cannot signal the leader (pid ${state.pid}): it belongs to another user or container; using the kill flag.`,
      );
    }
    await writeKillFlag(store);
    process.stdout.write(
      `Asked the leader (pid ${state.pid} on ${state.host}) to terminate: the kill flag is in the job store ${locator}, and a running leader checks it every ${KILL_FLAG_POLL_MS / 1000} s.\n`,
    );
  },
};
