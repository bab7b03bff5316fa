/**
 * `toil`: run workflows and operate job stores. One module per command; backends come from the plugin registry,
 * so `toil --help` lists the options of installed backends without loading them.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { exitWithError } from '@toil/core/internal';
import { installedBatchSystems, type InstalledBatchSystem } from './plugins.js';
import { runCommand } from './commands/run.js';
import { cleanCommand } from './commands/clean.js';
import { statusCommand } from './commands/status.js';
import { statsCommand } from './commands/stats.js';
import { killCommand } from './commands/kill.js';
import { debugFileCommand } from './commands/debug-file.js';
import { debugJobCommand } from './commands/debug-job.js';
import { launchClusterCommand } from './commands/launch-cluster.js';
import { destroyClusterCommand } from './commands/destroy-cluster.js';
import { sshClusterCommand } from './commands/ssh-cluster.js';
import { rsyncClusterCommand } from './commands/rsync-cluster.js';

process.setSourceMapsEnabled(true);

/**
 * Backends are listed only for `toil run` (its command line takes their options) and for help: the other
 * commands never import a plugin module, so a broken plugin cannot stop `toil clean` or `toil status`.
 */
function needsBackends(args: readonly string[]): boolean {
  return args.length === 0 || args[0] === 'run' || args.includes('--help') || args.includes('-h');
}

async function main(): Promise<void> {
  const args = hideBin(process.argv);
  const installed: InstalledBatchSystem[] = needsBackends(args) ? await installedBatchSystems() : [];
  await yargs(args)
    .scriptName('toil')
    .usage('$0 <command> [options]')
    .command(runCommand(installed))
    .command(cleanCommand)
    .command(statusCommand)
    .command(statsCommand)
    .command(killCommand)
    .command(debugFileCommand)
    .command(debugJobCommand)
    .command(launchClusterCommand)
    .command(destroyClusterCommand)
    .command(sshClusterCommand)
    .command(rsyncClusterCommand)
    .epilog(
      `Installed batch systems: ${installedBatchNames(installed.map((b) => b.name)).join(', ') || '(none)'}. More come from packages named toil-plugin-* or @<scope>/toil-plugin-*, or TOIL_PLUGINS=<module or path>,...`,
    )
    .demandCommand(1, 'Choose a command, e.g. toil run workflow.ts ./jobstore --job main')
    .strict()
    .help()
    .version(false)
    .fail((message, error) => {
      if (error) throw error;
      throw Object.assign(new Error(message), { usage: true });
    })
    .parseAsync();
}

main().catch((error: unknown) => {
  if (error instanceof Error && (error as { usage?: boolean }).usage) {
    process.stderr.write(`toil: ${error.message}\nRun 'toil --help' for usage.\n`);
    process.exit(2);
  }
  exitWithError(error);
});

/** Batch system names for the help: the default (single_machine) first, then the others by name. */
function installedBatchNames(names: string[]): string[] {
  const rest = names.filter((name) => name !== 'single_machine').sort();
  return names.includes('single_machine') ? ['single_machine', ...rest] : rest;
}
