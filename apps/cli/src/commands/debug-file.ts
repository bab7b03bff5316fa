import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { InvalidValueError, ToilUsageError } from '@toil/core';
import { parseLocator } from '@toil/core/internal';
import { openExistingStore } from '../ops/existing-store.js';
import { utilityLogger, withLogOptions } from '../ops/log-options.js';
import { listRemoteStoreFiles, listStoreFiles, type StoreFile } from '../debug/store-files.js';

/** Where `--listFilesInJobStore` writes its list (Toil's name, in the current directory). */
const LIST_FILE = 'jobstore_files.txt';

/**
 * `toil debug-file <jobStore>`: look inside a job store (seed L2353–2401): a `file:` store's folder, or the objects
 * of an `aws:` or `google:` store. `--listFilesInJobStore` prints
 * every stored file and writes the list to `jobstore_files.txt`; `--fetch <glob...> --localFilePath <dir>` copies
 * the files that match (by original name or path in the store); `--fetchEntireJobStore` copies all of them, keeping
 * their layout. Reads only.
 */
export const debugFileCommand = {
  command: 'debug-file <jobStore>',
  describe: 'List the files of a job store, or copy some of them out',
  builder: (y: Argv) =>
    withLogOptions(
      y
        .positional('jobStore', { type: 'string', demandOption: true, describe: 'A job store' })
        .option('listFilesInJobStore', {
          type: 'boolean',
          default: false,
          describe: `Print every file in the job store and write the list to ./${LIST_FILE}`,
        })
        .option('fetch', {
          type: 'string',
          array: true,
          describe: "Glob patterns of files to copy, e.g. 'overview.txt' '*.bam' (quote them from the shell)",
        })
        .option('localFilePath', {
          type: 'string',
          describe: 'Directory to copy fetched files into (created if missing)',
        })
        .option('fetchEntireJobStore', {
          type: 'boolean',
          default: false,
          describe: 'Copy every file of the job store, keeping its layout',
        })
        .option('useSymlinks', {
          type: 'boolean',
          default: false,
          describe: 'Make symlinks to the stored files instead of copies (file: job stores only)',
        }),
    ),
  handler: async (argv: Record<string, unknown>) => {
    const log = utilityLogger(argv, 'toil debug-file');
    const input = String(argv.jobStore);
    const patterns = (argv.fetch as string[] | undefined) ?? [];
    const fetching = patterns.length > 0 || Boolean(argv.fetchEntireJobStore);
    if (!fetching && !argv.listFilesInJobStore)
      throw new ToilUsageError(
        'Nothing to do: give --listFilesInJobStore, --fetch <patterns...> or --fetchEntireJobStore.',
      );
    if (fetching && !argv.localFilePath)
      throw new ToilUsageError(
        'Fetching needs --localFilePath, the directory to copy the files into, e.g. --localFilePath ./fetched.',
      );
    const parsed = parseLocator(input);
    if (parsed.scheme !== 'file' && argv.useSymlinks)
      throw new ToilUsageError(
        `--useSymlinks links to the files of a local job store; ${parsed.locator} is remote, so drop --useSymlinks to copy its files.`,
      );
    const { store } = await openExistingStore(input, 'inspect');
    let files: StoreFile[];
    if (parsed.scheme === 'file') files = await listStoreFiles(parsed.rest);
    else if (store.listObjects) files = await listRemoteStoreFiles(store.listObjects());
    else
      throw new InvalidValueError(
        'job store',
        input,
        "its kind of store cannot list its objects for debug-file; use a 'file:', 'aws:' or 'google:' job store",
      );
    if (fetching) {
      // picomatch loads only when files are fetched.
      const { fetchFiles, matchFiles } = await import('../debug/fetch.js');
      const chosen = argv.fetchEntireJobStore ? files : matchFiles(files, patterns);
      const dest = resolve(String(argv.localFilePath));
      const written = await fetchFiles(chosen, dest, {
        keepTree: Boolean(argv.fetchEntireJobStore),
        symlink: Boolean(argv.useSymlinks),
      });
      for (const path of written) log.debug(`Fetched ${path}`);
      if (!written.length)
        log.warn(
          `No file in ${parsed.locator} matches ${patterns.map((p) => `'${p}'`).join(', ')}; '--listFilesInJobStore' lists them.`,
        );
      process.stderr.write(`${argv.useSymlinks ? 'Linked' : 'Copied'} ${written.length} file(s) into ${dest}\n`);
    }
    if (argv.listFilesInJobStore) {
      const text = files.map((f) => `${f.relPath}\n`).join('');
      await writeFile(LIST_FILE, text);
      process.stdout.write(text);
      process.stderr.write(`Listed ${files.length} file(s) of ${parsed.locator} in ./${LIST_FILE}\n`);
    }
  },
};
