/**
 * Keeps the latest status snapshot and tells subscribers when it changes. A job store has no change
 * notifications (a file store could be watched, a cloud one cannot), so the feed polls: once a second, or less
 * often when one look takes long (a big graph), so that watching never keeps the store busy more than half the time.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Shortest pause between two looks at the store. */
export const MIN_POLL_MS = 1000;

/** A changing JSON document, pushed to subscribers. */
export class SnapshotFeed {
  private latestJson: string | undefined;
  private readonly subscribers = new Set<(json: string) => void>();
  private readonly stopper = new AbortController();

  /**
   * @param read one look at the source; a failed look is reported through `onError` and the next one tried.
   */
  constructor(
    private readonly read: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
    private readonly minPollMs = MIN_POLL_MS,
  ) {}

  /** The latest snapshot as JSON (undefined before the first look). */
  get latest(): string | undefined {
    return this.latestJson;
  }

  /** Take the first look, then keep looking in the background until stop(). */
  async start(): Promise<void> {
    await this.look();
    void this.loop();
  }

  /** Call `send` with every new snapshot; returns the unsubscribe function. */
  subscribe(send: (json: string) => void): () => void {
    this.subscribers.add(send);
    return () => this.subscribers.delete(send);
  }

  stop(): void {
    this.stopper.abort();
    this.subscribers.clear();
  }

  private async loop(): Promise<void> {
    let took = 0;
    while (!this.stopper.signal.aborted) {
      try {
        await sleep(Math.max(this.minPollMs, took), undefined, { signal: this.stopper.signal });
      } catch {
        return;
      }
      const started = Date.now();
      await this.look();
      took = Date.now() - started;
    }
  }

  private async look(): Promise<void> {
    let json: string;
    try {
      json = JSON.stringify(await this.read());
    } catch (error) {
      this.onError(error);
      return;
    }
    if (json === this.latestJson || this.stopper.signal.aborted) return;
    this.latestJson = json;
    for (const send of this.subscribers) send(json);
  }
}
