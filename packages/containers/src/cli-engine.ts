/**
 * The command-line engine shared by podman and docker: both take the same `run`, `rm`, `ps` and `pull` flags,
 * so one class builds them and the subclasses keep only what differs (how an image's presence is asked, how
 * `rm` is told not to wait, the default user).
 */
import { spawnSync } from 'node:child_process';
import type { ContainerEngine, ContainerSummary, EngineRef, RunSpec } from './engine.js';
import { ContainerEngineUnavailableError, ImageNotFoundError } from './errors.js';
import { execCommand, errorLine, type ExecResult } from './exec.js';
import { normaliseImageName } from './image-name.js';

/**
 * Images this process has seen present, per engine command: a job that makes many calls asks the engine once
 * per image (about 60 ms each with podman). An image removed meanwhile makes the run fail (it never pulls), with
 * the engine's own message.
 */
const knownPresent = new Set<string>();

/** Base of the docker-CLI-compatible engines. */
export abstract class CliEngine implements ContainerEngine {
  constructor(readonly ref: EngineRef) {}

  /** Run one engine command. */
  protected exec(args: string[], timeoutMs?: number): Promise<ExecResult> {
    return execCommand(this.ref.command, args, timeoutMs);
  }

  abstract imageExists(image: string): Promise<boolean>;
  abstract defaultUser(): string | undefined;
  /** The `rm` arguments that kill a running container at once (no stop grace period) and remove it. */
  protected abstract forceRemoveArgs(nameOrId: string): string[];

  async ensureImage(image: string): Promise<string> {
    const full = normaliseImageName(image);
    const key = `${this.ref.command}\0${full}`;
    if (knownPresent.has(key)) return full;
    if (await this.imageExists(full)) {
      knownPresent.add(key);
      return full;
    }
    // Not local: only now is a registry asked, and a failure is one line naming the image.
    const pulled = await this.exec(['pull', full], 600_000);
    if (pulled.code !== 0) throw new ImageNotFoundError(image, full, errorLine(pulled.stderr));
    knownPresent.add(key);
    return full;
  }

  runArgs(spec: RunSpec): string[] {
    // --pull=never: ensureImage already decided; the run must not try a registry on its own.
    const args = ['run', '--rm', '--name', spec.name, '--pull=never', `--network=${spec.network}`];
    for (const [key, value] of Object.entries(spec.labels)) args.push('--label', `${key}=${value}`);
    for (const m of spec.mounts) args.push('--volume', `${m.host}:${m.container}:${m.mode}`);
    for (const [key, value] of Object.entries(spec.env)) args.push('--env', `${key}=${value}`);
    if (spec.workingDir) args.push('--workdir', spec.workingDir);
    if (spec.user) args.push('--user', spec.user);
    if (spec.cpus !== undefined) args.push(`--cpus=${spec.cpus}`);
    if (spec.memoryBytes !== undefined) args.push(`--memory=${Math.floor(spec.memoryBytes)}b`);
    const command = [...spec.command];
    if (spec.entrypoint) {
      // docker's --entrypoint takes one word: the rest of an entrypoint list goes in front of the command.
      args.push(`--entrypoint=${spec.entrypoint[0] ?? ''}`);
      command.unshift(...spec.entrypoint.slice(1));
    }
    args.push(spec.image, ...command);
    return args;
  }

  async remove(nameOrId: string): Promise<boolean> {
    const result = await this.exec(this.forceRemoveArgs(nameOrId));
    if (result.code === 0) return true;
    if (/no such container|no container with name or id/i.test(result.stderr)) return false;
    throw new ContainerEngineUnavailableError(this.ref.name, `'rm ${nameOrId}' failed: ${errorLine(result.stderr)}`);
  }

  removeSync(nameOrId: string): void {
    spawnSync(this.ref.command, this.forceRemoveArgs(nameOrId), { stdio: 'ignore', timeout: 30_000 });
  }

  async list(labels: Record<string, string>): Promise<ContainerSummary[]> {
    const filters = Object.entries(labels).flatMap(([key, value]) => ['--filter', `label=${key}=${value}`]);
    const result = await this.exec([
      'ps',
      '--all',
      '--no-trunc',
      ...filters,
      '--format',
      '{{.ID}}\t{{.Names}}\t{{.State}}',
    ]);
    if (result.code !== 0) throw new ContainerEngineUnavailableError(this.ref.name, errorLine(result.stderr));
    return result.stdout
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => {
        const [id, name, state] = line.split('\t');
        return { id, name, state: (state ?? '').toLowerCase() };
      });
  }
}
