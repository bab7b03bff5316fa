/**
 * `dockerCall`: Toil's `apiDockerCall` for TypeScript jobs. Runs a tool in a container with Toil's defaults: the
 * job's temp dir mounted at /data and used as the working directory, files written there owned by the user
 * running the job, the tool's stdout returned, no network, and the container removed when the call ends or
 * killed and removed when the job fails or its worker is killed (see cleanup.ts).
 */
import { randomBytes } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { InvalidValueError, type JobContext } from '@toil/core';
import { JOB_LABEL, removeContainer, WORKFLOW_LABEL } from './cleanup.js';
import type { MountSpec, RunSpec } from './engine.js';
import { runContainer } from './run-container.js';
import { selectEngine } from './select-engine.js';

/** A bind mount in docker-py's shape, as Toil's `volumes={hostPath: {'bind': '/data', 'mode': 'rw'}}`. */
export interface VolumeSpec {
  /** Absolute path inside the container. */
  bind: string;
  /** `rw` (default) or `ro`. */
  mode?: 'rw' | 'ro';
}

/** Options of dockerCall; only `image` is required. */
export interface DockerCallOptions {
  /**
   * Image reference, e.g. `debian:stable-slim` (= docker.io/library/debian:stable-slim). Used when present locally,
   * pulled otherwise.
   */
  image: string;
  /**
   * The command: a list of arguments, or a list of such lists, which runs as a pipeline under
   * `/bin/bash -c 'set -eo pipefail && a | b'` (as in Toil). Empty runs the image's default command.
   */
  parameters?: string[] | string[][];
  /** Host paths to mount, keyed by absolute host path. Default: `workingDir` at /data, read-write. */
  volumes?: Record<string, VolumeSpec>;
  /** Host directory mounted at /data when `volumes` is not given. Default: the job's temp dir (`ctx.tempDir`). */
  workingDir?: string;
  /** Working directory inside the container. Default: /data. */
  containerWorkingDir?: string;
  /** Environment variables of the tool. */
  environment?: Record<string, string>;
  /** Replaces the image's entrypoint: a word or a list (`['/bin/bash', '-c']`); `[]` clears it. */
  entrypoint?: string | string[];
  /**
   * `uid:gid` (or a name) to run as. Default: whatever makes files written in mounts belong to the user running
   * the job (the invoking uid:gid for docker and rootful podman, container root for rootless podman).
   */
  user?: string;
  /** Return the tool's stdout (default true). */
  stdout?: boolean;
  /** Also return the tool's stderr, in arrival order with stdout (default false). Failures quote it either way. */
  stderr?: boolean;
  /** Seconds before the container is killed and the call fails with ContainerTimeoutError. Default: no limit. */
  timeout?: number;
  /** Network mode (`none`, `host`, `bridge`, ...). Default `none`: a tool gets a network only when asked. */
  network?: string;
  /** CPU limit: `true` for the job's `cores` requirement, or a number of cores. Default: no limit. */
  cores?: boolean | number;
  /** Memory limit: `true` for the job's `memory` requirement, or a number of bytes. Default: no limit. */
  memory?: boolean | number;
  /** Labels added to the container, next to Toil's own (workflow and job IDs). */
  labels?: Record<string, string>;
  /** `podman` or `docker`. Default: TOIL_CONTAINER_ENGINE, else the first of them found on PATH. */
  engine?: string;
}

/**
 * Run a tool in a container for a job and resolve with its output (stdout, plus stderr if asked). Throws
 * ImageNotFoundError, ContainerFailedError (a non-zero exit, quoting the tool's stderr), ContainerTimeoutError,
 * or ContainerEngineNotFoundError/ContainerEngineUnavailableError.
 * ```ts
 * export const count = defineJob('count', async (ctx) => {
 *   await writeFile(join(ctx.tempDir, 'in.txt'), 'a\nb\n');
 *   const out = await dockerCall(ctx, { image: 'debian:stable-slim', parameters: ['wc', '-l', 'in.txt'] });
 *   return Number(out.split(' ')[0]);
 * });
 * ```
 */
export async function dockerCall(ctx: JobContext, options: DockerCallOptions): Promise<string> {
  const engine = selectEngine(options.engine);
  const image = await engine.ensureImage(options.image);
  const { entrypoint, command } = commandOf(options);
  const name = `toil-${randomBytes(8).toString('hex')}`;
  const spec: RunSpec = {
    name,
    image,
    entrypoint,
    command,
    workingDir: options.containerWorkingDir ?? '/data',
    env: { ...options.environment },
    mounts: mountsOf(options, ctx),
    user: options.user ?? engine.defaultUser(),
    network: options.network ?? 'none',
    cpus: limit(options.cores, ctx.requirements.cores, 'cores'),
    memoryBytes: limit(options.memory, ctx.requirements.memory, 'memory'),
    labels: { ...options.labels, [WORKFLOW_LABEL]: ctx.workflowId, [JOB_LABEL]: ctx.jobId },
  };
  // Registered before the container exists: a worker killed at any later instant leaves this call on disk.
  ctx.defer(removeContainer, engine.ref, name);
  return runContainer(engine, spec, {
    stdout: options.stdout ?? true,
    stderr: options.stderr ?? false,
    timeoutSeconds: options.timeout,
    echoStderr: (chunk) => process.stderr.write(chunk),
  });
}

/** Entrypoint and arguments, with Toil's pipeline form for a list of lists. */
function commandOf(options: DockerCallOptions): { entrypoint?: string[]; command: string[] } {
  const entrypoint = typeof options.entrypoint === 'string' ? [options.entrypoint] : options.entrypoint;
  const parameters = options.parameters ?? [];
  if (!parameters.some((p) => Array.isArray(p))) return { entrypoint, command: parameters as string[] };
  if (!parameters.every((p) => Array.isArray(p)))
    throw new InvalidValueError(
      'dockerCall parameters',
      parameters,
      'give a list of strings or a list of lists of strings, not a mix',
    );
  const pipeline = (parameters as string[][]).map((argv) => argv.map(shellQuote).join(' ')).join(' | ');
  return { entrypoint: entrypoint ?? ['/bin/bash', '-c'], command: [`set -eo pipefail && ${pipeline}`] };
}

/**
 * POSIX single-quoting of one word. Hand-written: inside single quotes nothing is special, so replacing each `'`
 * with `'\''` is the whole algorithm.
 */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** The bind mounts: the caller's volumes, or the host working dir at /data. */
function mountsOf(options: DockerCallOptions, ctx: JobContext): MountSpec[] {
  if (!options.volumes) return [{ host: options.workingDir ?? ctx.tempDir, container: '/data', mode: 'rw' }];
  return Object.entries(options.volumes).map(([host, volume]) => {
    if (!isAbsolute(host) || !isAbsolute(volume.bind))
      throw new InvalidValueError(
        'dockerCall volume',
        { [host]: volume },
        'use absolute paths on both sides, e.g. {"/tmp/x": {"bind": "/data"}}',
      );
    return { host, container: volume.bind, mode: volume.mode ?? 'rw' };
  });
}

/** A resource limit: none, the job's own requirement (`true`), or the figure given. */
function limit(asked: boolean | number | undefined, own: number, what: string): number | undefined {
  if (asked === undefined || asked === false) return undefined;
  const value = asked === true ? own : asked;
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidValueError(`dockerCall ${what}`, asked, "give true (the job's requirement) or a positive figure");
  return value;
}
