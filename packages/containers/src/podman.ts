/** Podman, rootful or rootless, through its command line. */
import { CliEngine } from './cli-engine.js';
import type { ContainerSummary } from './engine.js';
import { ContainerEngineUnavailableError } from './errors.js';
import { errorLine } from './exec.js';

/** The podman engine. */
export class PodmanEngine extends CliEngine {
  constructor(command: string) {
    super({ name: 'podman', command });
  }

  async imageExists(image: string): Promise<boolean> {
    // `image exists` normalises the name the way podman stores it, so `debian:stable-slim` is found as
    // docker.io/library/debian:stable-slim; status 1 means absent, anything else is a broken engine.
    const result = await this.exec(['image', 'exists', image]);
    if (result.code === 0) return true;
    if (result.code === 1) return false;
    throw new ContainerEngineUnavailableError('podman', errorLine(result.stderr));
  }

  async list(labels: Record<string, string>): Promise<ContainerSummary[]> {
    // JSON rather than the docker-style template: podman 4's {{.State}} is the human status ("Up 2 seconds").
    const filters = Object.entries(labels).flatMap(([key, value]) => ['--filter', `label=${key}=${value}`]);
    const result = await this.exec(['ps', '--all', ...filters, '--format', 'json']);
    if (result.code !== 0) throw new ContainerEngineUnavailableError('podman', errorLine(result.stderr));
    const rows = JSON.parse(result.stdout || '[]') as { Id: string; Names?: string[]; State?: string }[];
    return rows.map((row) => ({ id: row.Id, name: row.Names?.[0] ?? row.Id, state: (row.State ?? '').toLowerCase() }));
  }

  protected forceRemoveArgs(nameOrId: string): string[] {
    // -t 0: `rm -f` would otherwise send SIGTERM and wait 10 s, and a tool running as PID 1 ignores SIGTERM.
    return ['rm', '--force', '--time', '0', nameOrId];
  }

  defaultUser(): string | undefined {
    const uid = process.getuid?.();
    if (uid === undefined) return undefined;
    // Rootless podman maps the invoking user to root inside the container, so root there writes files the
    // invoking user owns. Rootful podman maps nothing: run as the invoking uid:gid itself. --userns=keep-id
    // would be the rootless alternative, but podman refuses it when run as root.
    return uid === 0 ? `0:${process.getgid?.() ?? 0}` : '0:0';
  }
}
