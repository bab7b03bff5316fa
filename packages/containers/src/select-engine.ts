/**
 * Which engine a call uses: the one named (dockerCall's `engine`, else TOIL_CONTAINER_ENGINE), or the first of
 * podman and docker found on PATH.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DockerEngine } from './docker.js';
import { ENGINE_NAMES, type ContainerEngine, type EngineName, type EngineRef } from './engine.js';
import { ContainerEngineNotFoundError, UnknownContainerEngineError } from './errors.js';
import { PodmanEngine } from './podman.js';

/** The environment variable that picks the engine for every dockerCall of a process (and its workers). */
export const CONTAINER_ENGINE_ENV = 'TOIL_CONTAINER_ENGINE';

/**
 * The absolute path of an executable on PATH, or undefined. Hand-written rather than the `which` package: it is
 * a loop over PATH with one access check, and a dependency would add nothing to that.
 */
export function findOnPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** True for a supported engine name. */
export function isEngineName(value: string): value is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(value);
}

/** The engine object for a ref (also how a deferred cleanup in another process gets its engine back). */
export function engineFromRef(ref: EngineRef): ContainerEngine {
  return ref.name === 'podman' ? new PodmanEngine(ref.command) : new DockerEngine(ref.command);
}

/**
 * Pick the engine. Throws UnknownContainerEngineError for a name that is not podman or docker, and
 * ContainerEngineNotFoundError when the one asked for (or, with none asked for, every one) is not on PATH.
 * @param asked The engine named by the caller; TOIL_CONTAINER_ENGINE is used when undefined.
 */
export function selectEngine(asked?: string, env: NodeJS.ProcessEnv = process.env): ContainerEngine {
  const name = asked ?? (env[CONTAINER_ENGINE_ENV] || undefined);
  if (name !== undefined) {
    if (!isEngineName(name)) throw new UnknownContainerEngineError(name);
    const command = findOnPath(name, env.PATH);
    if (!command) throw new ContainerEngineNotFoundError(name);
    return engineFromRef({ name, command });
  }
  for (const candidate of ENGINE_NAMES) {
    const command = findOnPath(candidate, env.PATH);
    if (command) return engineFromRef({ name: candidate, command });
  }
  throw new ContainerEngineNotFoundError(undefined);
}
