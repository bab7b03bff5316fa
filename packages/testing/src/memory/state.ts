/** One stored file of the memory store. */
export interface MemoryFile {
  data: Buffer;
  executable: boolean;
  /** Job that owns the file (deleted with it). */
  owner?: string;
}

/** Everything one memory job store holds. */
export interface MemoryState {
  /** Shared files by name (the config is `config.json`, as in the file store). */
  shared: Map<string, Buffer>;
  /** Job descriptions as JSON text, so loads return fresh copies with JSON's semantics, like a real store. */
  jobs: Map<string, string>;
  files: Map<string, MemoryFile>;
  /** File IDs by owning job. */
  owned: Map<string, Set<string>>;
  /**
   * The stats-and-logging channel in write order; `bad` blobs were rejected as malformed and are never passed again.
   */
  stats: { blob: string; read: boolean; bad?: boolean }[];
}

/**
 * Stores by name, shared by every instance in this process: opening `memory:x` twice reaches the same data, as
 * reopening a real store would.
 */
export const memoryStores = new Map<string, MemoryState>();

/** An empty state. */
export function emptyState(): MemoryState {
  return { shared: new Map(), jobs: new Map(), files: new Map(), owned: new Map(), stats: [] };
}
