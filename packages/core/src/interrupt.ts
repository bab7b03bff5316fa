/** How long a stopping leader may take to shut its batch system down before the process exits anyway. */
const STOP_GRACE_MS = 5000;

/** What `stopOnInterrupt` gives the command that runs the leader. */
export interface InterruptHandle {
  /** Aborted on the first SIGINT/SIGTERM; pass it to the leader (`OpenExtras.signal`). */
  signal: AbortSignal;
  /** Exit now with the signal's status if one arrived (call when the leader stopped with an error). */
  exitIfInterrupted(): void;
}

/**
 * Ctrl-C or SIGTERM (`toil kill` sends it) stops the leader cleanly: it shuts its batch system down, which kills the
 * jobs it issued (warm workers here, scheduler jobs on a cluster), within STOP_GRACE_MS; then the process exits
 * 130/143 saying how to resume. A second signal exits at once. The job store is consistent at every instant, so
 * `--restart` resumes either way. Used by `toil run` and by workflow scripts run through `Toil.main`.
 */
export function stopOnInterrupt(jobStore: string, beforeExit: () => void = () => {}): InterruptHandle {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const exit = (): never => {
    beforeExit();
    process.stderr.write(
      `toil: interrupted by ${received}. The job store ${jobStore} is kept; run the same command with --restart to resume.\n`,
    );
    process.exit(received === 'SIGINT' ? 130 : 143);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) exit();
    received = signal;
    controller.abort(signal);
    setTimeout(exit, STOP_GRACE_MS);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    exitIfInterrupted: () => {
      if (received) exit();
    },
  };
}
