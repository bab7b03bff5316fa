/**
 * toil-wdl-runner's files beyond one shared disk: workflow-level reads and `write_*` files going through the job
 * store when the local copies are gone, and a document, its imports and its File inputs read from a real HTTP
 * server on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runNode } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const RUNNER = resolve(import.meta.dirname, '../../packages/wdl/dist/cli.js');

// What the HTTP server serves: a workflow importing a task file by a relative path, and a data file.
const SITE: Record<string, string> = {
  '/wf/main.wdl': [
    'version 1.1',
    'import "lib/tasks.wdl" as lib',
    'workflow remote {',
    '  input {',
    '    File words',
    '  }',
    '  Array[String] lines = read_lines(words)',
    '  call lib.shout { input: f = words }',
    '  output {',
    '    Array[String] read_here = lines',
    '    String shouted = shout.out',
    '  }',
    '}',
  ].join('\n'),
  '/wf/lib/tasks.wdl': [
    'version 1.1',
    'task shout {',
    '  input {',
    '    File f',
    '  }',
    "  command <<< tr a-z A-Z < '~{f}' | paste -sd, >>>",
    '  output {',
    '    String out = read_string(stdout())',
    '  }',
    '}',
  ].join('\n'),
  '/data/words.txt': 'red\ngreen\n',
};

let server: Server;
let base: string;
const requested: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    const body = SITE[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200);
    res.end(body ?? 'not here');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((done) => server.close(done)));

describe('toil-wdl-runner files through the job store', { timeout: 240_000 }, () => {
  it('reads workflow-level Files and write_* files from the job store once their local copies are gone', async () => {
    const dir = await tempDir();
    writeFileSync(join(dir, 'words.txt'), 'alpha\nbeta\n');
    // Worker processes (not the runner's own), so every value crosses the job store between jobs.
    const r = await runNode(
      [
        RUNNER,
        fixture('wdl/no-shared-disk.wdl'),
        '-i',
        JSON.stringify({ 'no_shared_disk.words': join(dir, 'words.txt') }),
        '--outputDirectory',
        join(dir, 'out'),
        '--no-inProcessJobs',
      ],
      { cwd: dir, timeoutMs: 200_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    // The task `vanish` deleted the input and the workflow's write_lines file before anything below read them.
    expect(existsSync(join(dir, 'words.txt'))).toBe(false);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out['no_shared_disk.read_back']).toEqual(['alpha', 'beta']);
    expect(out['no_shared_disk.bytes']).toBe(11);
    // The task `count` got the deleted write_lines file from the job store.
    expect(out['no_shared_disk.listed_lines']).toBe(3);
    // A file the outputs section wrote, stored and exported into the output directory.
    const again = String(out['no_shared_disk.again']);
    expect(again.startsWith(join(dir, 'out'))).toBe(true);
    expect(readFileSync(again, 'utf8')).toBe('alpha\nbeta\n');
  });

  it('runs a document given by URL, with its relative import and a File input given by URL', async () => {
    const dir = await tempDir();
    writeFileSync(join(dir, 'inputs.json'), JSON.stringify({ 'remote.words': `${base}/data/words.txt` }));
    requested.length = 0;
    const r = await runNode([RUNNER, `${base}/wf/main.wdl`, 'inputs.json'], { cwd: dir, timeoutMs: 200_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ 'remote.read_here': ['red', 'green'], 'remote.shouted': 'RED,GREEN' });
    // The import was resolved against the document's URL, and the data file downloaded once (Toil.importFile):
    // the workflow-level read and the task both used the job-store copy.
    expect(requested.filter((u) => u === '/wf/lib/tasks.wdl')).toHaveLength(1);
    expect(requested.filter((u) => u === '/data/words.txt')).toHaveLength(1);
  });

  it('a document URL that answers 404 is one line quoting the URL and the status, exit 1', async () => {
    const dir = await tempDir();
    const r = await runNode([RUNNER, `${base}/wf/absent.wdl`], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${base}/wf/absent.wdl`);
    expect(lines[0]).toMatch(/404/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
