/**
 * What Toil needs of a container engine. Podman and docker implement it through their (shared) command line;
 * Singularity/Apptainer can implement it later with their own arguments (`exec`, `instance`), which is why the
 * run is described as a RunSpec rather than as docker flags.
 */

/** The engines this package implements. */
export type EngineName = 'podman' | 'docker';

/** Every engine name, in the order the default choice tries them (the first found on PATH wins). */
export const ENGINE_NAMES: readonly EngineName[] = ['podman', 'docker'];

/**
 * Enough to find an engine again in another process (a deferred cleanup run by the next worker): plain data,
 * so it goes through the job codec.
 */
export interface EngineRef {
  /** Which engine. */
  name: EngineName;
  /** Absolute path of its command. */
  command: string;
}

/** A host directory bind-mounted into the container. */
export interface MountSpec {
  /** Absolute path on the host. */
  host: string;
  /** Absolute path in the container. */
  container: string;
  /** Read-write or read-only. */
  mode: 'rw' | 'ro';
}

/** One container to run, engine-neutral. */
export interface RunSpec {
  /** Unique container name: what cleanup finds it by. */
  name: string;
  /** Fully qualified image reference (see normaliseImageName). */
  image: string;
  /** Replaces the image's entrypoint when set; `[]` clears it. */
  entrypoint?: string[];
  /** Arguments after the entrypoint (the image's CMD when empty and no entrypoint is given). */
  command: string[];
  /** Working directory inside the container. */
  workingDir?: string;
  /** Environment variables set in the container. */
  env: Record<string, string>;
  /** Bind mounts. */
  mounts: MountSpec[];
  /** `uid:gid` (or a name) the process runs as; undefined keeps the image's user. */
  user?: string;
  /** Network mode: `none`, `host`, `bridge`, ... */
  network: string;
  /** CPU limit in cores (fractional), when limits are asked for. */
  cpus?: number;
  /** Memory limit in bytes, when limits are asked for. */
  memoryBytes?: number;
  /** Labels that identify the container as Toil's (workflow, job, caller's own). */
  labels: Record<string, string>;
}

/** A container as listed by the engine. */
export interface ContainerSummary {
  /** Engine's container ID. */
  id: string;
  /** Container name. */
  name: string;
  /** State as the engine words it (`running`, `exited`, `created`, ...). */
  state: string;
}

/** A container engine. */
export interface ContainerEngine {
  /** How to find this engine again from another process. */
  readonly ref: EngineRef;
  /** True when the image is in local storage (so no pull is needed). */
  imageExists(image: string): Promise<boolean>;
  /**
   * Make sure the image is present: nothing to do when it is local, otherwise a pull. Resolves to the fully
   * qualified name; throws ImageNotFoundError naming the image when the pull fails.
   */
  ensureImage(image: string): Promise<string>;
  /** The command line (after the engine's command) that runs `spec` attached, removing the container at its end. */
  runArgs(spec: RunSpec): string[];
  /** Kill and remove a container by name or ID (no grace period); false when the engine says there was none. */
  remove(nameOrId: string): Promise<boolean>;
  /**
   * The same as `remove`, synchronously and ignoring failures: for a process `exit` handler, where nothing
   * asynchronous runs any more.
   */
  removeSync(nameOrId: string): void;
  /** Containers, running or not, that carry every one of `labels`. */
  list(labels: Record<string, string>): Promise<ContainerSummary[]>;
  /**
   * The `user` to run as when the caller names none, chosen so that files the tool writes in bind mounts belong
   * to the user running the job; undefined keeps the image's own user.
   */
  defaultUser(): string | undefined;
}
