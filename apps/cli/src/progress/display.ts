/**
 * The live progress line of `toil run` on a terminal: jobs done / running / queued / failed, elapsed time and
 * rate, redrawn in place by cli-progress. Shown only when standard error is a TTY and `--disableProgress` is off;
 * log lines go through {@link ProgressDisplay.wrapLogger}, which lifts the line out of their way.
 */
import cliProgress from 'cli-progress';
import type { LeaderProgress, LogLevel } from '@toil/core';
import type { Logger } from '@toil/core/backend';
import { knownJobs, progressFormatter, progressText } from './format.js';

/** Where the line is drawn: standard error, or a stand-in terminal in tests. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Redraws per second: enough for a live count, cheap next to the leader's work. */
const FPS = 5;

/** The progress line of one run. Starts drawing at the first count, so the start-up log stays above it. */
export class ProgressDisplay {
  private readonly startedAt = Date.now();
  private readonly bar: cliProgress.SingleBar;
  private latest: LeaderProgress = { completed: 0, issued: 0, running: 0, queued: 0, failed: 0 };
  private drawing = false;
  private finished = false;

  /** A display on `stream`, or undefined when the stream is not a terminal or progress is disabled. */
  static create(
    options: { disableProgress: boolean },
    stream: ProgressStream = process.stderr,
  ): ProgressDisplay | undefined {
    return options.disableProgress || !stream.isTTY ? undefined : new ProgressDisplay(stream);
  }

  private constructor(private readonly stream: ProgressStream) {
    this.bar = new cliProgress.SingleBar({
      stream,
      format: progressFormatter(this.startedAt),
      fps: FPS,
      barsize: 10,
      // Cleared on every stop: a log line takes its row, and stop() writes the final line itself.
      clearOnComplete: true,
      // Leave the terminal's cursor and line wrapping alone: a killed process could not restore them.
      hideCursor: false,
      linewrap: true,
      gracefulExit: false,
    });
  }

  /** The leader's counts changed (the `onProgress` callback of the run). */
  readonly update = (progress: LeaderProgress): void => {
    if (this.finished) return;
    this.latest = progress;
    if (!this.drawing) return this.start();
    this.bar.setTotal(Math.max(1, knownJobs(progress)));
    this.bar.update(progress.completed, progress);
  };

  /** A logger whose lines print above the progress line instead of through it. */
  wrapLogger(inner: Logger): Logger {
    const around =
      (level: LogLevel, write: (message: string, fields?: Record<string, unknown>) => void) =>
      (message: string, fields?: Record<string, unknown>): void => {
        // Lines below the log level print nothing: the bar stays (the leader logs every issue at DEBUG).
        const lift = this.drawing && inner.enabled(level);
        if (lift) this.pause();
        write(message, fields);
        if (lift) this.start();
      };
    return {
      debug: around('DEBUG', inner.debug.bind(inner)),
      info: around('INFO', inner.info.bind(inner)),
      warn: around('WARNING', inner.warn.bind(inner)),
      error: around('ERROR', inner.error.bind(inner)),
      enabled: (level) => inner.enabled(level),
    };
  }

  /** Stop drawing and leave the last counts on their own line. Safe to call more than once. */
  stop(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.drawing) return;
    this.pause();
    this.stream.write(`Toil: ${progressText(this.latest, Date.now() - this.startedAt)}\n`);
  }

  private start(): void {
    this.drawing = true;
    this.bar.start(Math.max(1, knownJobs(this.latest)), this.latest.completed, this.latest);
  }

  /** Clear the line (the bar's stop with clearOnComplete), so that whatever is written next takes its row. */
  private pause(): void {
    this.drawing = false;
    this.bar.stop();
  }
}
