/**
 * The file store inside jobs (global files by path and by stream, mutable and read-only copies, deletion, local
 * temp dirs), and the Toil object's importFile / exportFile for file: and http: URLs.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FileID, Toil } from '@toil/core';
import { cat, tour, upper } from '../fixtures/files.js';
import { apiOptions } from './helpers/api.js';
import { tempDir } from './helpers/temp.js';

describe('the file store inside jobs', () => {
  it('writes, reads, streams and deletes global files; temp dirs go away with their job', async () => {
    const result = await Toil.start(apiOptions(await tempDir(), 'files.ts'), tour);
    expect(result).toEqual({
      here: {
        writtenSize: 16,
        readOnlyText: 'hello file store',
        // The mutable copy is private: editing it leaves the global file as written.
        mutableText: 'hello file store (edited locally)',
        globalAfterEdit: 'hello file store',
        streamedSize: 14,
        streamedText: 'streamed bytes',
        scratchExisted: true,
      },
      later: {
        writtenText: 'hello file store',
        streamedText: 'streamed bytes',
        // deleteGlobalFile took effect once the deleting job had finished.
        deletedRead: 'NO_SUCH_FILE',
        scratchRemoved: true,
      },
    });
  });
});

describe('importing and exporting with a Toil object', () => {
  it('imports a file: URL, runs a job on it, exports the result to a file: URL, and cleans up on dispose', async () => {
    const dir = await tempDir();
    const input = join(dir, 'input.txt');
    const output = join(dir, 'output.txt');
    await writeFile(input, 'shout this');
    const options = apiOptions(dir, 'files.ts');
    {
      await using toil = await Toil.open(options);
      const imported = await toil.importFile(pathToFileURL(input).href);
      expect(FileID.is(imported)).toBe(true);
      expect(imported!.size).toBe(10);
      const result = await toil.start(upper, imported!);
      expect(FileID.is(result)).toBe(true);
      expect(result.size).toBe(10);
      await toil.exportFile(result, pathToFileURL(output).href);
      expect(existsSync(options.jobStore)).toBe(true);
    }
    expect(await readFile(output, 'utf8')).toBe('SHOUT THIS');
    // --clean defaults to onSuccess: disposing the Toil object deleted the job store.
    expect(existsSync(options.jobStore)).toBe(false);
  });

  it('imports an http: URL served by a local server', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/data.txt') res.end('served over http');
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data.txt`;

    await using toil = await Toil.open(apiOptions(await tempDir(), 'files.ts'));
    const imported = await toil.importFile(url);
    expect(imported!.size).toBe(16);
    expect(await toil.start(cat, imported!)).toBe('served over http');
  });
});
