/**
 * The image a DockerRequirement names, made present in the engine's local storage: `dockerPull`/`dockerImageId`
 * as they are (pulled when missing), `dockerLoad` loaded from an image archive, `dockerFile` built with the engine
 * (offline: the base image must be local, as the images tooling/build-images.sh makes are). A loaded or built image
 * is tagged `dockerImageId` when given, else a name derived from the archive's or the Dockerfile's digest, so a
 * second run finds it and skips the work.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ContainerEngine } from '@toil/containers';
import { CwlToolFailedError, CwlUnsupportedError } from '../errors.js';
import type { Requirement } from '../model.js';

const run = promisify(execFile);
/** Building an image runs the Dockerfile's commands; ten minutes is generous for a tool image built offline. */
const BUILD_TIMEOUT_MS = 600_000;

/** Resolves to the image (as the engine names it) to run the DockerRequirement `req` in. */
export async function imageFor(req: Requirement, engine: ContainerEngine): Promise<string> {
  const id = typeof req.dockerImageId === 'string' ? req.dockerImageId : undefined;
  if (typeof req.dockerPull === 'string') return engine.ensureImage(req.dockerPull);
  if (typeof req.dockerFile === 'string') return buildImage(req.dockerFile, id, engine);
  if (typeof req.dockerLoad === 'string') return loadImage(req.dockerLoad, id, engine);
  if (id !== undefined) return engine.ensureImage(id);
  throw new CwlUnsupportedError('a DockerRequirement needs dockerPull, dockerImageId, dockerLoad or dockerFile');
}

async function buildImage(dockerfile: string, id: string | undefined, engine: ContainerEngine): Promise<string> {
  const tag = id ?? `localhost/toil-cwl-built:${digest(dockerfile)}`;
  if (await engine.imageExists(tag)) return tag;
  // An empty private context folder: a CWL Dockerfile is given as text, with nothing beside it to COPY.
  const context = mkdtempSync(join(tmpdir(), 'toil-cwl-build-'));
  try {
    writeFileSync(join(context, 'Dockerfile'), dockerfile);
    await engineCommand(engine, ['build', '--tag', tag, '--file', join(context, 'Dockerfile'), context], 'dockerFile');
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return tag;
}

async function loadImage(location: string, id: string | undefined, engine: ContainerEngine): Promise<string> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !location.startsWith('file://')) {
    throw new CwlUnsupportedError(`dockerLoad from '${location}': only a local image archive (a path) can be loaded`);
  }
  const archive = location.startsWith('file://') ? fileURLToPath(location) : location;
  if (!existsSync(archive)) {
    throw new CwlToolFailedError(`dockerLoad: the image archive '${archive}' does not exist; give an existing path.`);
  }
  if (id !== undefined && (await engine.imageExists(id))) return id;
  const { stdout } = await engineCommand(engine, ['load', '--input', archive], 'dockerLoad');
  // podman prints "Loaded image: NAME" (docker "Loaded image: NAME" or "Loaded image ID: sha256:...").
  const loaded = /Loaded image(?:\(s\))?(?: ID)?: *(\S+)/.exec(stdout)?.[1];
  if (id === undefined) {
    if (loaded === undefined) throw new CwlToolFailedError(`dockerLoad: '${archive}' loaded no image.`);
    return loaded;
  }
  if (loaded !== undefined && loaded !== id) await engineCommand(engine, ['tag', loaded, id], 'dockerLoad');
  return id;
}

async function engineCommand(engine: ContainerEngine, args: string[], what: string) {
  try {
    return await run(engine.ref.command, args, { timeout: BUILD_TIMEOUT_MS, maxBuffer: 64 << 20 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    const last = stderr.split('\n').slice(-3).join(' | ');
    throw new CwlToolFailedError(`${what}: '${engine.ref.name} ${args[0]}' failed: ${last}`);
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
