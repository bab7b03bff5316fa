/**
 * DockerRequirement through @toil/containers' engine layer (podman or docker): the tool's argv becomes the
 * engine's `run` command line. Host paths are mounted at the same paths in the container (the run's work folder
 * read-write, each input file or folder read-only), so paths in inputs, the command line and outputs need no
 * translation. The container has no network unless NetworkAccess allows it.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import type { ContainerEngine, MountSpec } from '@toil/containers';
import type { Requirement } from '../model.js';
import { isFileLike, isPlainObject } from '../types/check.js';
import { localPath } from '../types/file-objects.js';
import { imageFor } from './docker-image.js';
import { shellQuote } from './spawn.js';

/** What the container run needs besides the tool's argv. */
export interface ContainerRun {
  /** The DockerRequirement. */
  req: Requirement;
  /** The run's work folder (output, temp and staging folders are inside it). */
  workRoot: string;
  /** The bound inputs, whose files are mounted read-only. */
  inputs: Record<string, unknown>;
  /** The output directory, the container's working directory. */
  outdir: string;
  /** Environment set in the container. */
  env: Record<string, string>;
  /** A stdin file, redirected inside the container (the engine's run is not interactive). */
  stdin: string | undefined;
  /** NetworkAccess granted. */
  network: boolean;
  /** Host files mounted read-only at other paths in the container (InitialWorkDir absolute entrynames). */
  extraMounts?: { host: string; container: string }[];
  /**
   * dockerOutputDirectory: the output directory is mounted there too and is the working directory, so a tool that
   * writes to that fixed path writes into the output directory.
   */
  containerOutdir?: string;
}

let engine: ContainerEngine | undefined;

/** The engine's argv that runs `argv` in the DockerRequirement's image. */
export async function containerArgv(argv: string[], run: ContainerRun): Promise<string[]> {
  // Loaded on first use: most tools need no container, and the import costs start-up time.
  engine ??= (await import('@toil/containers')).selectEngine();
  const fullImage = await imageFor(run.req, engine);
  const mounts = new Map<string, MountSpec>();
  mounts.set(run.workRoot, { host: run.workRoot, container: run.workRoot, mode: 'rw' });
  collectMounts(run.inputs, run.workRoot, mounts);
  for (const extra of run.extraMounts ?? []) mounts.set(extra.container, { ...extra, mode: 'ro' });
  if (run.containerOutdir !== undefined)
    mounts.set(run.containerOutdir, { host: run.outdir, container: run.containerOutdir, mode: 'rw' });
  const command =
    run.stdin === undefined ? argv : ['/bin/sh', '-c', `exec "$@" < ${shellQuote(run.stdin)}`, 'sh', ...argv];
  return [
    engine.ref.command,
    ...engine.runArgs({
      name: `toil-cwl-${randomUUID()}`,
      image: fullImage,
      command,
      workingDir: run.containerOutdir ?? run.outdir,
      env: run.env,
      mounts: [...mounts.values()],
      user: engine.defaultUser(),
      network: run.network ? 'bridge' : 'none',
      labels: { 'toil.cwl': '1' },
    }),
  ];
}

function collectMounts(value: unknown, workRoot: string, mounts: Map<string, MountSpec>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectMounts(item, workRoot, mounts);
    return;
  }
  if (isFileLike(value)) {
    const path = localPath(value);
    if (path !== undefined && !path.startsWith(`${workRoot}/`) && existsSync(path)) {
      mounts.set(path, { host: path, container: path, mode: 'ro' });
      // A staged link points at the original file, which must be there too.
      const real = realpathSync(path);
      if (real !== path) mounts.set(real, { host: real, container: real, mode: 'ro' });
    }
    for (const key of ['secondaryFiles', 'listing']) collectMounts(value[key], workRoot, mounts);
    return;
  }
  if (isPlainObject(value)) for (const key of Object.keys(value)) collectMounts(value[key], workRoot, mounts);
}
