/**
 * Containers still running when their worker process exits on its own terms (process.exit, e.g. a worker whose
 * leader died and closed its IPC channel, or a fatal exception) are removed on the way out. SIGKILL runs nothing,
 * which is what the deferred removal (cleanup.ts) is for; this covers the exits that would otherwise leave a
 * container until some later worker on the node, if any, reaps it.
 */
import type { ContainerEngine } from './engine.js';

const live = new Map<string, ContainerEngine>();
let hooked = false;

/** Note that `name` runs on `engine` until `forget(name)`. */
export function trackLive(engine: ContainerEngine, name: string): void {
  live.set(name, engine);
  if (!hooked) {
    hooked = true;
    process.on('exit', removeLive);
  }
}

/** `name` has ended (or is being removed by other means). */
export function forget(name: string): void {
  live.delete(name);
}

/** The `exit` handler: only synchronous work can run here. */
function removeLive(): void {
  for (const [name, engine] of live) engine.removeSync(name);
  live.clear();
}
