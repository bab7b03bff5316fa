/** Waits between retries of a scheduler that is down: doubling from `initialMs` up to `maxMs`. */
export class Backoff {
  private failures = 0;
  /** When the current run of failures started (ms since the epoch), or undefined while things work. */
  failingSince: number | undefined;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  /** Record a failure; returns how long to wait before the next try. */
  fail(now = Date.now()): number {
    this.failingSince ??= now;
    return Math.min(this.maxMs, this.initialMs * 2 ** this.failures++);
  }

  /** Record a success. */
  succeed(): void {
    this.failures = 0;
    this.failingSince = undefined;
  }

  /** How long the current run of failures has lasted, in ms (0 while things work). */
  outageMs(now = Date.now()): number {
    return this.failingSince === undefined ? 0 : now - this.failingSince;
  }
}
