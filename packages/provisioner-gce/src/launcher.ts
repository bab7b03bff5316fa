import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * The launcher's `toil` script (`.../cli.js`) when this process is it, or `TOIL_CLUSTER_TOIL_CLI` (a program that
 * launches clusters without being the CLI); nodes that share the launcher's files run it (the rig's hosts do).
 */
export function launcherCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TOIL_CLUSTER_TOIL_CLI) return env.TOIL_CLUSTER_TOIL_CLI;
  const script = process.argv[1];
  return script && basename(script) === 'cli.js' ? script : undefined;
}

/** This package's version, which nodes install `@toil/cli` at when they cannot run the launcher's. */
export function toilVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
