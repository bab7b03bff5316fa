/** Docker (a dockerd the user can reach) through its command line. */
import { CliEngine } from './cli-engine.js';
import { ContainerEngineUnavailableError } from './errors.js';
import { errorLine } from './exec.js';

/** The docker engine. */
export class DockerEngine extends CliEngine {
  constructor(command: string) {
    super({ name: 'docker', command });
  }

  async imageExists(image: string): Promise<boolean> {
    const result = await this.exec(['image', 'inspect', '--format', '{{.Id}}', image]);
    if (result.code === 0) return true;
    if (/no such image/i.test(result.stderr)) return false;
    // Typically "Cannot connect to the Docker daemon": the CLI is there but no daemon answers.
    throw new ContainerEngineUnavailableError('docker', errorLine(result.stderr));
  }

  protected forceRemoveArgs(nameOrId: string): string[] {
    // docker's `rm -f` kills with SIGKILL right away.
    return ['rm', '--force', nameOrId];
  }

  defaultUser(): string | undefined {
    // The daemon runs as root and maps no users: run as the invoking uid:gid so files in /data are theirs.
    const uid = process.getuid?.();
    return uid === undefined ? undefined : `${uid}:${process.getgid?.() ?? uid}`;
  }
}
